from imports.management.base import ImportCommand


class Command(ImportCommand):
    help = "Import the BPJS participant extract (.xlsx or .csv); --dry-run previews without writing."
    importer_key = "peserta"
