from imports.management.base import ImportCommand


class Command(ImportCommand):
    help = "Import the cooperative register (.xlsx or .csv); --dry-run previews without writing."
    importer_key = "koperasi"
