#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into a PostgreSQL database.
#
#   RESTORE_DATABASE_URL=postgres://user@host:5432/kolaka_restore scripts/restore.sh /var/backups/kolaka-jamsostek/db-<stamp>.dump
#
# The target database must exist (createdb). Existing objects in it are dropped and recreated.
# Restoring over the live database: stop gunicorn and the task worker first, and set
# RESTORE_DATABASE_URL to the live URL explicitly (there is no default on purpose).
# Afterwards the script prints row counts of the main tables as a quick sanity check.
set -euo pipefail
DUMP="${1:?usage: restore.sh <db-dump-file> [media-tar.gz]}"
MEDIA="${2:-}"
: "${RESTORE_DATABASE_URL:?RESTORE_DATABASE_URL must name the target database}"
[ -r "$DUMP" ] || { echo "cannot read $DUMP" >&2; exit 1; }

pg_restore --list "$DUMP" >/dev/null
pg_restore --clean --if-exists --no-owner --no-privileges --exit-on-error --single-transaction \
  --dbname="$RESTORE_DATABASE_URL" "$DUMP"

if [ -n "$MEDIA" ]; then
  : "${MEDIA_ROOT:?MEDIA_ROOT must be set to restore media}"
  mkdir -p "$MEDIA_ROOT"
  tar -C "$MEDIA_ROOT" -xzf "$MEDIA"
fi

psql "$RESTORE_DATABASE_URL" -v ON_ERROR_STOP=1 -At -c "
  SELECT 'people=' || count(*) FROM enrollment_person
  UNION ALL SELECT 'participations=' || count(*) FROM enrollment_participation
  UNION ALL SELECT 'cooperatives=' || count(*) FROM cooperatives_cooperative
  UNION ALL SELECT 'users=' || count(*) FROM accounts_user
  UNION ALL SELECT 'migrations=' || count(*) FROM django_migrations"
echo "restore finished: $DUMP"
