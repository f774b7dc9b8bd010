from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from cooperatives.models import Cooperative, last_book_year
from cooperatives.selectors import cooperative_get, cooperative_queryset_for
from cooperatives.services import annual_meeting_record, cooperative_access_revoke, position_add, position_add_by_nik
from enrollment.models import Person
from tests.factories import AnnualMeetingFactory, CooperativeFactory, ParticipationFactory, PersonFactory, PositionFactory

pytestmark = pytest.mark.django_db

AS_OF = date(2026, 11, 25)


def test_last_book_year_allows_the_first_quarter():
    assert last_book_year(date(2026, 11, 25)) == 2025
    assert last_book_year(date(2026, 3, 31)) == 2024
    assert last_book_year(date(2026, 4, 1)) == 2025


def test_active_means_rat_for_the_last_book_year_and_not_dissolved():
    active = CooperativeFactory()
    AnnualMeetingFactory(cooperative=active, book_year=2025, held_on=date(2026, 3, 10))
    stale = CooperativeFactory()
    AnnualMeetingFactory(cooperative=stale, book_year=2023, held_on=date(2024, 3, 10))
    dissolved = CooperativeFactory(status="bubar")
    AnnualMeetingFactory(cooperative=dissolved, book_year=2025, held_on=date(2026, 3, 10))
    assert list(Cooperative.objects.active(AS_OF)) == [active]


def test_covered_needs_every_current_position_holder_active():
    coop = CooperativeFactory()
    ketua = PositionFactory(cooperative=coop, role="ketua")
    karyawan = PositionFactory(cooperative=coop, role="karyawan")
    ParticipationFactory(person=ketua.person, last_paid_month=date(2026, 11, 1))
    assert not Cooperative.objects.covered(AS_OF).exists()
    ParticipationFactory(person=karyawan.person, segment="PU", jht=True, jp=True, last_paid_month=date(2026, 10, 1))
    assert list(Cooperative.objects.covered(AS_OF)) == [coop]
    # a former employee no longer counts
    former = PositionFactory(cooperative=coop, role="karyawan", ended_on=date(2026, 6, 30))
    assert former.person.participations.count() == 0
    assert list(Cooperative.objects.covered(AS_OF)) == [coop]


def test_a_cooperative_without_positions_is_not_covered():
    CooperativeFactory()
    assert not Cooperative.objects.covered(AS_OF).exists()


def test_cooperative_head_is_bound_to_his_cooperative(koperasi_user, cooperative, other_cooperative):
    assert list(cooperative_queryset_for(koperasi_user)) == [cooperative]
    assert cooperative_get(user=koperasi_user, pk=cooperative.pk) == cooperative
    with pytest.raises(Http404):
        cooperative_get(user=koperasi_user, pk=other_cooperative.pk)


def test_withdrawn_binding_gives_no_access(koperasi_user, cooperative):
    access = koperasi_user.cooperative_access.get()
    cooperative_access_revoke(access=access)
    koperasi_user._cooperative_ids = None
    del koperasi_user._cooperative_ids
    assert not cooperative_queryset_for(koperasi_user).exists()


def test_bank_and_anonymous_see_no_cooperative(bank_user, cooperative):
    from django.contrib.auth.models import AnonymousUser

    assert not cooperative_queryset_for(bank_user).exists()
    assert not cooperative_queryset_for(AnonymousUser()).exists()


def test_a_position_by_nik_registers_a_new_person_in_the_cooperatives_desa():
    coop = CooperativeFactory()
    position = position_add_by_nik(cooperative=coop, nik="7401011705850001", name="Rahmat", role="bendahara", started_on=date(2024, 1, 1))
    assert (position.person.nik, position.person.desa, position.role) == ("7401011705850001", coop.desa, "bendahara")


def test_a_position_by_nik_keeps_a_known_person():
    coop = CooperativeFactory()
    known = PersonFactory(nik="7401011705850001", name="Rahmat Lapulu")
    position = position_add_by_nik(cooperative=coop, nik="7401011705850001", name="Lain", role="pengawas", started_on=date(2024, 1, 1))
    assert position.person == known
    assert Person.objects.get().name == "Rahmat Lapulu"


def test_a_refused_position_leaves_no_new_person_behind():
    coop = CooperativeFactory()
    position_add(cooperative=coop, person=PersonFactory(), role="ketua", started_on=date(2024, 1, 1))
    with pytest.raises(ValidationError):
        position_add_by_nik(cooperative=coop, nik="7401011705850001", name="Rahmat", role="ketua", started_on=date(2024, 1, 1))
    assert not Person.objects.filter(nik="7401011705850001").exists()


def test_one_open_officer_per_role():
    coop = CooperativeFactory()
    position_add(cooperative=coop, person=PersonFactory(), role="ketua", started_on=date(2024, 1, 1))
    with pytest.raises(ValidationError):
        position_add(cooperative=coop, person=PersonFactory(), role="ketua", started_on=date(2024, 1, 1))


def test_rat_must_follow_its_book_year():
    coop = CooperativeFactory()
    with pytest.raises(ValidationError):
        annual_meeting_record(cooperative=coop, book_year=2025, held_on=date(2025, 12, 1))
    assert annual_meeting_record(cooperative=coop, book_year=2025, held_on=date(2026, 2, 1)).pk
