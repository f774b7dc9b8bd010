"""scripts/backup.sh and scripts/restore.sh round-trip the PostgreSQL database."""

import os
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests.factories import CooperativeFactory, ParticipationFactory, PersonFactory

SCRIPTS = Path(settings.BASE_DIR) / "scripts"


def _url(dbname: str) -> str:
    db = settings.DATABASES["default"]
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{dbname}"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_into_a_fresh_database(tmp_path):
    person = PersonFactory(name="Orang Cadangan")
    ParticipationFactory(person=person)
    CooperativeFactory(name="Koperasi Cadangan")
    source = connection.settings_dict["NAME"]
    target = f"{source}_restore"
    env = {**os.environ, "DATABASE_URL": _url(source), "BACKUP_DIR": str(tmp_path), "RESTORE_DATABASE_URL": _url(target)}
    env.pop("MEDIA_ROOT", None)

    backup = subprocess.run(["bash", str(SCRIPTS / "backup.sh")], env=env, capture_output=True, text=True, timeout=300)
    assert backup.returncode == 0, backup.stderr
    dumps = list(tmp_path.glob("db-*.dump"))
    assert len(dumps) == 1
    assert dumps[0].stat().st_size > 0
    assert oct(dumps[0].stat().st_mode & 0o777) == "0o600"

    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{target}"')
        cursor.execute(f'CREATE DATABASE "{target}"')
    try:
        restore = subprocess.run(["bash", str(SCRIPTS / "restore.sh"), str(dumps[0])], env=env, capture_output=True, text=True, timeout=300)
        assert restore.returncode == 0, restore.stderr
        assert "people=1" in restore.stdout
        assert "cooperatives=" in restore.stdout
        check = subprocess.run(
            ["psql", _url(target), "-At", "-c", "SELECT name, nik FROM enrollment_person"], capture_output=True, text=True, timeout=60
        )
        assert check.stdout.strip() == f"Orang Cadangan|{person.nik}"
        # Restoring again over the same database works (objects are dropped first).
        again = subprocess.run(["bash", str(SCRIPTS / "restore.sh"), str(dumps[0])], env=env, capture_output=True, text=True, timeout=300)
        assert again.returncode == 0, again.stderr
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{target}"')


def test_restore_refuses_without_a_target(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "RESTORE_DATABASE_URL"}
    result = subprocess.run(["bash", str(SCRIPTS / "restore.sh"), str(tmp_path / "x.dump")], env=env, capture_output=True, text=True)
    assert result.returncode != 0
    assert "RESTORE_DATABASE_URL" in result.stderr
