from imports.management.base import ImportCommand


class Command(ImportCommand):
    help = "Import UMKM field-survey workbook (.xlsx or .csv); --dry-run previews without writing."
    importer_key = "umkm"
