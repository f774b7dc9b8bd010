import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from demo import seed as demo_seed


class Command(BaseCommand):
    help = "Create the deterministic Kolaka demo dataset and one demo user per role (DEBUG only)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="shrink or grow the dataset (1.0 = Kolaka's figures)")
        parser.add_argument("--seed", type=int, default=2026, help="random seed")
        parser.add_argument("--reset", action="store_true", help="remove existing register data first")
        parser.add_argument("--allow-production", action="store_true", help=""" never use this on real data""")

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["allow_production"]:
            raise CommandError("seed_demo menolak berjalan ketika DEBUG mati: data demo tidak boleh masuk ke basis data produksi.")
        if demo_seed.is_seeded() and not options["reset"]:
            self.stdout.write("Data demo sudah ada; tidak ada yang diubah (pakai --reset untuk membuat ulang).")
        else:
            started = time.perf_counter()
            if options["reset"]:
                demo_seed.reset()
            # The workflow's notification e-mails are part of the story, not something to print here.
            with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
                ctx = demo_seed.seed(scale=options["scale"], random_seed=options["seed"])
            self.stdout.write(f"Data demo dibuat dalam {time.perf_counter() - started:.1f} detik (skala {ctx.scale}).")
            if options["verbosity"] > 1:
                for part, seconds in ctx.timings.items():
                    self.stdout.write(f"  {part:<14} {seconds:6.1f} s")
        self.print_counts()
        self.print_logins()

    def print_counts(self):
        labels = {
            "umkm": "Pelaku UMKM dikenal",
            "umkm_official": "  di basis data resmi",
            "umkm_owners_active": "  pemilik peserta aktif",
            "cooperatives": "Koperasi",
            "cooperatives_active": "  aktif (RAT tahun buku terakhir)",
            "cooperatives_active_covered": "  aktif dan terlindungi",
            "people": "Orang",
            "participations": "Kepesertaan (KPJ)",
        }
        for key, value in demo_seed.counts().items():
            self.stdout.write(f"{labels[key]:<36} {value:>8,}".replace(",", "."))

    def print_logins(self):
        self.stdout.write("")
        self.stdout.write(f"Login demo (kata sandi untuk semua: {demo_seed.DEMO_PASSWORD})")
        for username, role, full_name, _title in demo_seed.DEMO_USERS:
            self.stdout.write(f"  {username:<10} {role.label} — {full_name}")
        for line in getattr(demo_seed, "EXTRA_LOGIN_LINES", []):
            self.stdout.write(line)
        # Seeders may print lines of their own (e.g. a demo API key), on every run, seeded or not.
        from demo.seeders import SEEDERS

        for module in SEEDERS:
            for line in getattr(module, "login_lines", list)():
                self.stdout.write(line)
