from django.core.management.base import BaseCommand

from demo.seed import counts


class Command(BaseCommand):
    help = "Print the funnel counts of the register (UMKM, cooperatives, active, covered)."

    def handle(self, *args, **options):
        for key, value in counts().items():
            self.stdout.write(f"{key:<30} {value}")
