#!/usr/bin/env bash
# Back up the PostgreSQL database (custom format, compressed) and the uploaded files.
#
#   DATABASE_URL=postgres://user@host:5432/kolaka_jamsostek BACKUP_DIR=/var/backups/kolaka-jamsostek scripts/backup.sh
#
# Writes <BACKUP_DIR>/db-<UTC timestamp>.dump (+ media-<timestamp>.tar.gz when MEDIA_ROOT exists),
# checks the dump can be read back (pg_restore --list), and removes backups older than
# BACKUP_KEEP_DAYS (default 35). Scheduled by the systemd timer in docs/deployment.md.
set -euo pipefail
: "${DATABASE_URL:?DATABASE_URL must point at the PostgreSQL database}"
BACKUP_DIR="${BACKUP_DIR:-/var/backups/kolaka-jamsostek}"
KEEP_DAYS="${BACKUP_KEEP_DAYS:-35}"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
umask 077
mkdir -p "$BACKUP_DIR"

DUMP="$BACKUP_DIR/db-$STAMP.dump"
pg_dump --format=custom --compress=6 --no-owner --no-privileges --file="$DUMP.partial" "$DATABASE_URL"
pg_restore --list "$DUMP.partial" >/dev/null   # the archive is complete and readable
mv "$DUMP.partial" "$DUMP"
echo "database: $DUMP ($(du -h "$DUMP" | cut -f1))"

if [ -n "${MEDIA_ROOT:-}" ] && [ -d "$MEDIA_ROOT" ]; then
  MEDIA="$BACKUP_DIR/media-$STAMP.tar.gz"
  tar -C "$MEDIA_ROOT" -czf "$MEDIA" .
  echo "media:    $MEDIA"
fi

find "$BACKUP_DIR" -maxdepth 1 -type f \( -name 'db-*.dump' -o -name 'media-*.tar.gz' \) -mtime +"$KEEP_DAYS" -print -delete
