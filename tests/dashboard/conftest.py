"""A small, varied world for the dashboard: every state a number depends on, in two kecamatan."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from django.utils import timezone

from cooperatives.models import last_book_year
from enrollment.status import add_months, latest_due_month
from regions.models import Region
from tests.factories import (
    WUNDULAKO_VILLAGE,
    AnnualMeetingFactory,
    BusinessFactory,
    CooperativeFactory,
    ParticipationFactory,
    PersonFactory,
    PositionFactory,
)


def today() -> date:
    return timezone.localdate()


def active_bpu(person, **kwargs):
    """A BPU participation paid up to the latest due month: active today."""
    due = latest_due_month("BPU", today())
    return ParticipationFactory(
        person=person, segment="BPU", started_on=kwargs.pop("started_on", date(2023, 1, 1)), last_paid_month=due, **kwargs
    )


def lapsed_bpu(person, **kwargs):
    due = latest_due_month("BPU", today())
    return ParticipationFactory(person=person, segment="BPU", started_on=date(2022, 1, 1), last_paid_month=add_months(due, -8), **kwargs)


def active_coop(**kwargs):
    coop = CooperativeFactory(**kwargs)
    AnnualMeetingFactory(cooperative=coop, book_year=last_book_year(today()))
    return coop


@dataclass
class World:
    wundulako: Region
    other_kecamatan: Region
    other_village: Region
    coop_covered: object
    coop_uncovered: object
    coop_empty: object
    coop_inactive: object
    coop_dissolved: object
    missing_person: object


@pytest.fixture
def other_village(db):
    return Region.objects.villages().filter(code__startswith="74.01.").exclude(parent_id="74.01.01").order_by("code").first()


@pytest.fixture
def world(db, other_village):
    wundulako_village = Region.objects.get(code=WUNDULAKO_VILLAGE)
    # Cooperatives
    covered = active_coop(name="Koperasi Terlindungi", jenis="simpan_pinjam")
    for role in ("ketua", "bendahara"):
        active_bpu(PositionFactory(cooperative=covered, role=role).person)
    uncovered = active_coop(name="Koperasi Kurang Satu", jenis="produsen")
    active_bpu(PositionFactory(cooperative=uncovered, role="ketua").person)
    missing = PositionFactory(cooperative=uncovered, role="bendahara", person=PersonFactory(name="Wa Ode Sitti")).person
    empty = active_coop(name="Koperasi Tanpa Pengurus", jenis="jasa")
    inactive = CooperativeFactory(name="Koperasi Tanpa RAT", jenis="konsumen", desa=other_village)
    active_bpu(PositionFactory(cooperative=inactive, role="ketua", person=PersonFactory(desa=other_village)).person)
    dissolved = CooperativeFactory(name="Koperasi Bubar", status="bubar", desa=other_village)
    AnnualMeetingFactory(cooperative=dissolved, book_year=last_book_year(today()))
    # Businesses
    b1 = BusinessFactory(name="Warung Aktif", in_official_db=True, kbli="56103", scale="mikro", nib="9120000000001")
    active_bpu(b1.owner)
    b2 = BusinessFactory(name="Kios Menunggak", in_official_db=True, kbli="47111", scale="kecil")
    lapsed_bpu(b2.owner)
    b3 = BusinessFactory(
        name="Toko Belum Resmi", in_official_db=False, kbli="47111", desa=other_village, owner=PersonFactory(desa=other_village)
    )
    active_bpu(b3.owner)
    BusinessFactory(name="Usaha Belum Peserta", in_official_db=True, kbli="10792", scale="mikro", desa=wundulako_village)
    # A wage earner with every programme
    ParticipationFactory(
        person=PersonFactory(),
        segment="PU",
        jht=True,
        jp=True,
        jkp=True,
        npp="12345678",
        started_on=date(2023, 1, 1),
        last_paid_month=latest_due_month("PU", today()),
    )
    return World(
        wundulako=Region.objects.get(code="74.01.01"),
        other_kecamatan=other_village.parent,
        other_village=other_village,
        coop_covered=covered,
        coop_uncovered=uncovered,
        coop_empty=empty,
        coop_inactive=inactive,
        coop_dissolved=dissolved,
        missing_person=missing,
    )


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Users are created in most tests here; a cheap hasher keeps the suite quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class Exported:
    """What the user gets from a background export: the job and the downloaded file."""

    job: object
    response: object  # the download
    content: bytes


@pytest.fixture
def export_via_task(django_capture_on_commit_callbacks):
    """GET an export URL the way a browser does: the request queues the task and redirects to the
    job's page (the immediate task backend runs it on commit); then download the file."""
    from django.urls import reverse

    from dashboard.models import ExportJob

    def run(client, url, params=None):
        with django_capture_on_commit_callbacks(execute=True):
            started = client.get(url, params or {})
        assert started.status_code == 302, started.status_code
        job = ExportJob.objects.latest("pk")
        assert started["Location"] == reverse("dashboard:export_detail", args=[job.pk])
        job.refresh_from_db()
        page = client.get(started["Location"])
        assert page.status_code == 200
        assert reverse("dashboard:export_download", args=[job.pk]) in page.content.decode()
        download = client.get(reverse("dashboard:export_download", args=[job.pk]))
        assert download.status_code == 200
        return Exported(job=job, response=download, content=b"".join(download.streaming_content))

    return run
