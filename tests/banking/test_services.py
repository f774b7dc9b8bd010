import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import AccessEvent
from banking.models import BankVerification, Disbursement
from banking.selectors import disbursement_summary, verification_queryset_for, verifications_for_cooperative
from banking.services import DisbursementConflict, disbursement_report, kur_rule, nik_hash, verification_create
from tests.banking.factories import active_person, lapsed_person
from tests.factories import BankFactory, BusinessFactory, PositionFactory, make_nik

pytestmark = pytest.mark.django_db


@pytest.fixture
def today():
    return timezone.localdate()


def test_active_person_verified_and_logged_without_nik(bank, today):
    person = active_person(today)
    v = verification_create(bank=bank, nik=person.nik, purpose="KUR", scheme="kur_kecil", loan_amount=150_000_000)
    assert v.is_active_participant is True
    assert v.programmes == ["JKK", "JKM", "JHT"]
    assert v.segment == "BPU"
    assert v.kur_rule_applies
    assert v.kur_rule_met
    assert v.person_id == person.pk
    assert v.nik_hash == nik_hash(person.nik)
    assert person.nik not in v.nik_hash
    stored = BankVerification.objects.filter(pk=v.pk).values().get()
    assert person.nik not in str(stored)
    event = AccessEvent.objects.get(action="bank_lookup")
    assert v.receipt_id in event.target
    assert person.nik not in str(event.details) + event.target


def test_lapsed_person_fails_kur_rule_above_threshold(bank, today):
    person = lapsed_person(today)
    v = verification_create(bank=bank, nik=person.nik, purpose="KUR", scheme="kur_khusus", loan_amount=100_000_001)
    assert not v.is_active_participant
    assert v.programmes == []
    assert v.segment == ""
    assert v.last_paid_month is None
    assert v.kur_rule_applies
    assert not v.kur_rule_met


@pytest.mark.parametrize(
    ("purpose", "scheme", "amount", "expected"),
    [
        ("KUR", "kur_kecil", 100_000_000, (False, True)),
        ("KUR", "kur_kecil", 100_000_001, (True, False)),
        ("KUR", "", 250_000_000, (True, False)),
        ("KUR", "kur_mikro", 250_000_000, (False, True)),
        ("BPUM", "", 250_000_000, (False, True)),
        ("KUR", "kur_khusus", None, (False, True)),
    ],
)
def test_kur_rule_for_a_non_participant(purpose, scheme, amount, expected):
    assert kur_rule(purpose=purpose, scheme=scheme, loan_amount=amount, is_active=False) == expected


def test_unknown_nik_is_not_an_active_participant(bank):
    v = verification_create(bank=bank, nik=make_nik(serial=9876), purpose="BPUM")
    assert not v.is_active_participant
    assert v.person_id is None
    assert v.kur_rule_met


def test_nib_checks_the_business_owner(bank, today):
    owner = active_person(today)
    BusinessFactory(owner=owner, nib="9120000000001")
    v = verification_create(bank=bank, nib="9120000000001", purpose="KUR", scheme="kur_mikro", loan_amount=50_000_000)
    assert v.is_active_participant
    assert v.person_id == owner.pk
    assert v.nib == "9120000000001"
    assert v.nik_hash == ""


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"nik": "123", "purpose": "KUR"}, "nik"),
        ({"nib": "12ab", "purpose": "KUR"}, "nib"),
        ({"purpose": "KUR"}, "non_field_errors"),
        ({"nik": make_nik(serial=1), "nib": "9120000000001", "purpose": "KUR"}, "non_field_errors"),
        ({"nik": make_nik(serial=2), "purpose": "kredit"}, "purpose"),
    ],
)
def test_bad_input_changes_nothing(bank, kwargs, field):
    with pytest.raises(ValidationError) as exc:
        verification_create(bank=bank, **kwargs)
    assert field in exc.value.message_dict
    assert not BankVerification.objects.exists()
    assert not AccessEvent.objects.exists()


def test_disbursement_report_is_idempotent_and_conflicts_change_nothing(bank, today):
    person = active_person(today)
    v = verification_create(bank=bank, nik=person.nik, purpose="KUR", scheme="kur_kecil", loan_amount=150_000_000)
    args = {
        "bank": bank,
        "bank_reference": "BRI-0001",
        "nik": person.nik,
        "scheme": "kur_kecil",
        "amount": 150_000_000,
        "disbursed_on": today,
        "receipt_id": v.receipt_id,
    }
    first, created = disbursement_report(**args)
    again, created_again = disbursement_report(**args)
    assert created
    assert not created_again
    assert first.pk == again.pk
    with pytest.raises(DisbursementConflict):
        disbursement_report(**{**args, "amount": 160_000_000})
    assert Disbursement.objects.get().amount == 150_000_000
    # Another bank may use the same reference for its own loan.
    other = BankFactory(code="bni", name="Bank Negara Indonesia")
    _, created_other = disbursement_report(**{**args, "bank": other, "receipt_id": None})
    assert created_other
    assert Disbursement.objects.count() == 2


def test_disbursement_refuses_another_banks_receipt_or_another_borrower(bank, today):
    person = active_person(today)
    other_person = active_person(today)
    other = BankFactory(code="bni", name="Bank Negara Indonesia")
    foreign = verification_create(bank=other, nik=person.nik, purpose="KUR")
    own = verification_create(bank=bank, nik=other_person.nik, purpose="KUR")
    base = {"bank": bank, "bank_reference": "X1", "nik": person.nik, "scheme": "kur_mikro", "amount": 10_000_000, "disbursed_on": today}
    for receipt in (foreign.receipt_id, own.receipt_id, "KJV-00000000-0000000000"):
        with pytest.raises(ValidationError) as exc:
            disbursement_report(**base, receipt_id=receipt)
        assert "verification_receipt" in exc.value.message_dict
    assert not Disbursement.objects.exists()


def test_verification_visibility(bank, today, dinas_user, bank_user, koperasi_user, other_koperasi_user, cooperative, bpjs_user):
    member = active_person(today)
    PositionFactory(cooperative=cooperative, person=member, role="bendahara")
    outsider = active_person(today)
    other = BankFactory(code="bni", name="Bank Negara Indonesia")
    mine = verification_create(bank=bank, nik=member.nik, purpose="KUR")
    theirs = verification_create(bank=other, nik=outsider.nik, purpose="KUR")
    assert set(verification_queryset_for(dinas_user)) == {mine, theirs}
    assert list(verification_queryset_for(bank_user)) == [mine]
    assert list(verification_queryset_for(koperasi_user)) == [mine]
    assert list(verification_queryset_for(other_koperasi_user)) == []
    assert list(verification_queryset_for(bpjs_user)) == []
    assert list(verifications_for_cooperative(cooperative)) == [mine]


def test_disbursement_summary_counts_enrolled_share(bank, today, django_assert_max_num_queries):
    active = active_person(today)
    lapsed = lapsed_person(today)
    v1 = verification_create(bank=bank, nik=active.nik, purpose="KUR")
    v2 = verification_create(bank=bank, nik=lapsed.nik, purpose="KUR")
    disbursement_report(
        bank=bank, bank_reference="A", nik=active.nik, scheme="kur_kecil", amount=120_000_000, disbursed_on=today, receipt_id=v1.receipt_id
    )
    disbursement_report(
        bank=bank, bank_reference="B", nik=lapsed.nik, scheme="kur_mikro", amount=30_000_000, disbursed_on=today, receipt_id=v2.receipt_id
    )
    with django_assert_max_num_queries(3):
        summary = disbursement_summary({"date_from": today})
    assert summary["count"] == 2
    assert summary["amount"] == 150_000_000
    assert summary["enrolled_at_verification"] == 1
    assert summary["enrolled_share"] == 0.5
    assert {row["scheme"] for row in summary["by_scheme"]} == {"kur_kecil", "kur_mikro"}
    assert summary["by_bank"][0]["count"] == 2
    assert disbursement_summary({"bank": "none"})["enrolled_share"] is None


def test_several_participations_combine_active_ones_only(bank, today):
    from datetime import date

    from enrollment.status import latest_due_month
    from tests.factories import ParticipationFactory, PersonFactory

    person = PersonFactory()
    ParticipationFactory(
        person=person,
        segment="PU",
        jht=True,
        jp=True,
        npp="60001234",
        started_on=date(2024, 5, 1),
        last_paid_month=latest_due_month("PU", today),
    )
    ParticipationFactory(person=person, segment="BPU", started_on=date(2019, 1, 1), last_paid_month=date(2020, 1, 1))
    v = verification_create(bank=bank, nik=person.nik, purpose="KUR")
    assert v.is_active_participant
    assert v.segment == "PU"
    assert v.programmes == ["JKK", "JKM", "JHT", "JP"]
    assert v.participant_since == date(2024, 5, 1)


def test_registered_person_without_participation(bank):
    from tests.factories import PersonFactory

    person = PersonFactory()
    v = verification_create(bank=bank, nik=person.nik, purpose="KUR", scheme="kur_kecil", loan_amount=200_000_000)
    assert v.person_id == person.pk
    assert not v.is_active_participant
    assert not v.kur_rule_met
