from datetime import date

from django.core.management.base import BaseCommand, CommandError

from compliance.notifications import daily_digest
from institution.middleware import activate_instansi_zone


class Command(BaseCommand):
    help = "Daily (cron, e.g. 06:00 in the Instansi's zone): one digest per cooperative head of letters expiring within 30 days and participants in arrears."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="as of this date (YYYY-MM-DD), default today in the Instansi's zone")

    def handle(self, *args, date=None, **options):
        activate_instansi_zone()
        try:
            as_of = _parse(date) if date else None
        except ValueError:
            raise CommandError("--date must be YYYY-MM-DD") from None
        count = daily_digest(today=as_of)
        self.stdout.write(f"{count} digest(s) queued")


def _parse(value: str):
    return date.fromisoformat(value)
