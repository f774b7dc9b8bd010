import time

from django.core.management.base import BaseCommand

from institution.middleware import activate_instansi_zone
from notifications.services import outbox_flush


class Command(BaseCommand):
    help = "Send due outbox messages (retries, abandoned claims). --loop keeps running every --every seconds."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true")
        parser.add_argument("--every", type=int, default=60)

    def handle(self, *args, loop=False, every=60, **options):
        activate_instansi_zone()
        while True:
            count = outbox_flush()
            self.stdout.write(f"{count} message(s) attempted")
            if not loop:
                return
            time.sleep(max(every, 5))
