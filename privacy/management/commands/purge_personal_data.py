from django.core.management.base import BaseCommand, CommandError

from privacy.services import purge_personal_data


class Command(BaseCommand):
    help = (
        "Remove or anonymise people with no business, participation or position within the retention "
        "period, prune access events and audit-log entries beyond theirs, and delete uploaded import files "
        "after theirs (docs/data-protection.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--older-than-years", type=int, default=None, help="Retention period in years (default: setting).")
        parser.add_argument("--dry-run", action="store_true", help="Only report what would be removed.")

    def handle(self, *args, older_than_years, dry_run, **options):
        try:
            report = purge_personal_data(older_than_years=older_than_years, dry_run=dry_run)
        except ValueError as exc:
            raise CommandError(str(exc))
        prefix = "[dry run] would remove" if dry_run else "removed"
        self.stdout.write(f"Retention cutoff: {report.cutoff.isoformat()}")
        self.stdout.write(
            f"{prefix}: people {report.people_deleted}, anonymised {report.people_anonymised}, "
            f"participations {report.participations_deleted}, positions {report.positions_deleted}, "
            f"access events {report.access_events_deleted}, audit entries {report.audit_entries_deleted}, "
            f"import files {report.import_files_deleted}"
        )
