import time

from django.core.management.base import BaseCommand, CommandError

from regions.services import regions_load


class Command(BaseCommand):
    help = "Load Kemendagri regions: by default every province and kabupaten/kota plus the served regency in full."

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--kabupaten", help="also load this kabupaten/kota in full, e.g. 74.02")
        group.add_argument("--all", action="store_true", help="load all of Indonesia (91,599 regions)")

    def handle(self, *args, **options):
        scope = "all" if options["all"] else f"kabupaten:{options['kabupaten']}" if options["kabupaten"] else "default"
        started = time.perf_counter()
        try:
            count = regions_load(scope=scope)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{count} wilayah dimuat dalam {time.perf_counter() - started:.1f} detik.")
