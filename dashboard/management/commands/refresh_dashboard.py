import time

from django.core.management.base import BaseCommand

from dashboard.services import facts_rebuild


class Command(BaseCommand):
    help = (
        "Rebuild the dashboard's fact table from the register (run nightly, e.g. from cron or a systemd "
        "timer: it also moves the monthly rows forward to the last completed month)."
    )

    def handle(self, *args, **options):
        started = time.perf_counter()
        result = facts_rebuild()
        self.stdout.write(
            f"{result['entities']} entities, {result['rows']} fact rows, months through {result['through']:%Y-%m}, "
            f"{time.perf_counter() - started:.1f} s"
        )
