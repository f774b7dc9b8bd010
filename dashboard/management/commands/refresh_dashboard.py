from django.core.management.base import BaseCommand

from dashboard.services import snapshots_refresh_all


class Command(BaseCommand):
    help = "Rebuild the dashboard's summary snapshots (run nightly, e.g. from cron or a systemd timer, and after imports)."

    def handle(self, *args, **options):
        for snapshot in snapshots_refresh_all():
            self.stdout.write(f"{snapshot.key}: {snapshot.duration_ms} ms")
