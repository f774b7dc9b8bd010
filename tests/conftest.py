"""Shared fixtures: the Kolaka regions, one logged-in client per role, and the database engine."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client

from core.roles import Role
from regions.services import regions_load
from tests.factories import BankFactory, CooperativeAccessFactory, CooperativeFactory, UserFactory

ROLES = [r.value for r in Role]


def pytest_collection_modifyitems(config, items):
    """PostgreSQL-only tests (``@pytest.mark.postgres``) are deselected on SQLite; CI runs both engines."""
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return
    kept, deselected = [], []
    for item in items:
        (deselected if item.get_closest_marker("postgres") else kept).append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = kept


def ensure_kolaka_instansi() -> None:
    """The test deployment is the demo's: Kabupaten Kolaka through the Instansi record."""
    from demo.seed import KOLAKA_CODE, KOLAKA_IDENTITY
    from institution.models import Instansi
    from institution.services import instansi_setup

    if not Instansi.objects.filter(pk=1, region_code=KOLAKA_CODE).exists():
        instansi_setup(region_code=KOLAKA_CODE, load_regions=False, **KOLAKA_IDENTITY)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load Kolaka's regions and its Instansi record once per test database."""
    with django_db_blocker.unblock():
        regions_load(scope="kabupaten:74.01")
        ensure_kolaka_instansi()


# Reference data that data migrations load (module, function); idempotent upserts.
REFERENCE_DATA = [
    ("enrollment.migrations.0002_seed_rates", "seed"),
    ("umkm.migrations.0002_seed_scale_criteria", "seed"),
    ("compliance.migrations.0002_default_rule_set_and_settings", "create_defaults"),
    ("enrollment.migrations.0005_seed_legal_history", "seed"),
    ("compliance.migrations.0004_rule_set_2026_2_staged_by_scale", "publish"),
    ("enrollment.migrations.0006_payment_rule", "seed"),
]


def ensure_reference_data() -> None:
    """Regions, rate tables, scale criteria and the default rule set, as after ``migrate``.

    A transactional test ends by flushing every table; the next transactional test would otherwise
    start without the data the migrations and the session set-up loaded.
    """
    import importlib

    from django.apps import apps

    from regions.models import Region

    if Region.objects.filter(code__startswith="74.01.").count() < 147:
        regions_load(scope="kabupaten:74.01")
    ensure_kolaka_instansi()
    for module, function in REFERENCE_DATA:
        getattr(importlib.import_module(module), function)(apps, None)


@pytest.fixture(autouse=True)
def _forget_process_caches():
    """The per-process caches of the Instansi record and the payment rules outlive a test's rolled
    back transaction (no signal fires on rollback): forget them after every test."""
    yield
    from enrollment.status import forget_terms
    from institution.selectors import forget_instansi

    forget_instansi()
    forget_terms()


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in Bahasa Indonesia, whatever an earlier test activated."""
    from django.utils import translation

    translation.activate("id")
    yield
    translation.activate("id")


@pytest.fixture(autouse=True)
def _transactional_reference_data(request):
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(marker and marker.kwargs.get("transaction")) or {"transactional_db", "live_server"} & set(request.fixturenames)
    if transactional:
        request.getfixturevalue("transactional_db")
        ensure_reference_data()


@pytest.fixture
def is_postgres():
    return connection.vendor == "postgresql"


@pytest.fixture
def bank(db):
    return BankFactory(code="bri", name="Bank Rakyat Indonesia")


@pytest.fixture
def user_factory(db):
    return UserFactory


def _client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def admin_user(db):
    return UserFactory(username="admin_t", role=Role.ADMIN)


@pytest.fixture
def dinas_user(db):
    return UserFactory(username="dinas_t", role=Role.DINAS)


@pytest.fixture
def bpjs_user(db):
    return UserFactory(username="bpjs_t", role=Role.BPJS)


@pytest.fixture
def kepala_user(db):
    return UserFactory(username="kepala_t", role=Role.KEPALA_CABANG)


@pytest.fixture
def bank_user(db, bank):
    return UserFactory(username="bank_t", role=Role.BANK, bank=bank)


@pytest.fixture
def cooperative(db):
    return CooperativeFactory(name="Koperasi Sejahtera Uji")


@pytest.fixture
def other_cooperative(db):
    return CooperativeFactory(name="Koperasi Lain Uji")


@pytest.fixture
def koperasi_user(db, cooperative):
    """A cooperative head bound to ``cooperative``."""
    access = CooperativeAccessFactory(cooperative=cooperative, user=UserFactory(username="ketua_t", role=Role.KOPERASI))
    return access.user


@pytest.fixture
def other_koperasi_user(db, other_cooperative):
    access = CooperativeAccessFactory(cooperative=other_cooperative, user=UserFactory(username="ketua_lain_t", role=Role.KOPERASI))
    return access.user


@pytest.fixture
def role_users(admin_user, dinas_user, bpjs_user, kepala_user, koperasi_user, bank_user):
    return {
        Role.ADMIN: admin_user,
        Role.DINAS: dinas_user,
        Role.BPJS: bpjs_user,
        Role.KEPALA_CABANG: kepala_user,
        Role.KOPERASI: koperasi_user,
        Role.BANK: bank_user,
    }


@pytest.fixture
def clients(role_users):
    """A logged-in client per role, plus ``anonymous``."""
    result = {role.value: _client_for(user) for role, user in role_users.items()}
    result["anonymous"] = Client()
    return result


@pytest.fixture
def admin_client_kj(admin_user):
    return _client_for(admin_user)


@pytest.fixture
def dinas_client(dinas_user):
    return _client_for(dinas_user)


@pytest.fixture
def bpjs_client(bpjs_user):
    return _client_for(bpjs_user)


@pytest.fixture
def kepala_client(kepala_user):
    return _client_for(kepala_user)


@pytest.fixture
def koperasi_client(koperasi_user):
    return _client_for(koperasi_user)


@pytest.fixture
def bank_client(bank_user):
    return _client_for(bank_user)
