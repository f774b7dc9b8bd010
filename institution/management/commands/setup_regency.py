from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from institution.services import instansi_setup


class Command(BaseCommand):
    help = "Prepare this deployment for a kabupaten/kota: load its kecamatan and desa and write the Instansi record."

    def add_arguments(self, parser):
        parser.add_argument("code", help="Kemendagri code of the kabupaten/kota, e.g. 74.03")
        parser.add_argument("--letter-code", dest="letter_code", help="classification code in letter numbers, e.g. REK-KNW")
        parser.add_argument("--site-url", dest="site_url", help="public address (QR codes, messages)")
        parser.add_argument("--place", dest="place_name", help="place name on letters (the regency's capital)")
        parser.add_argument("--branch-office", dest="branch_office", help="e.g. 'Kantor Cabang Kendari'")

    def handle(self, *args, code, **options):
        overrides = {k: options[k] for k in ("letter_code", "site_url", "place_name", "branch_office") if options.get(k)}
        try:
            instansi = instansi_setup(region_code=code, **overrides)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"{instansi.region_name} ({instansi.region_code}), {instansi.province_name}: zone {instansi.time_zone}, "
                f"letter code {instansi.letter_code}, signatory {instansi.signatory_title}. Edit the rest in /admin/."
            )
        )
