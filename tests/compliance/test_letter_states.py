"""The letter states as one set of QuerySet filters (``Letter.objects.valid/expiring/expired``),
at their boundary dates, and in step with ``Letter.status_on``."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from compliance import services
from compliance.models import EXPIRING_DAYS, Letter, LetterStatus, Purpose

pytestmark = pytest.mark.django_db


def states(as_of: date) -> dict[str, bool]:
    return {
        "valid": Letter.objects.valid(as_of).exists(),
        "expiring": Letter.objects.expiring(as_of).exists(),
        "expired": Letter.objects.expired(as_of).exists(),
    }


def test_a_letter_is_valid_from_its_issue_day_through_valid_until_and_expiring_in_its_last_days(issue_letter, eligible):
    letter = issue_letter(eligible, issued_on=timezone.localdate() - timedelta(days=3), render=False)
    first, last = letter.issued_on, letter.valid_until
    assert states(first - timedelta(days=1)) == {"valid": False, "expiring": False, "expired": False}
    assert states(first) == {"valid": True, "expiring": False, "expired": False}
    assert states(last - timedelta(days=EXPIRING_DAYS + 1)) == {"valid": True, "expiring": False, "expired": False}
    assert states(last - timedelta(days=EXPIRING_DAYS)) == {"valid": True, "expiring": True, "expired": False}
    assert states(last) == {"valid": True, "expiring": True, "expired": False}
    assert states(last + timedelta(days=1)) == {"valid": False, "expiring": False, "expired": True}
    for day in (first, last):
        assert letter.status_on(day) == LetterStatus.VALID
    assert letter.status_on(last + timedelta(days=1)) == LetterStatus.EXPIRED
    assert services.letter_valid_for(cooperative=eligible, purpose=Purpose.IZIN_BARU, as_of=last) == letter
    assert services.letter_valid_for(cooperative=eligible, purpose=Purpose.IZIN_BARU, as_of=last + timedelta(days=1)) is None


def test_a_revoked_or_superseded_letter_is_neither_valid_nor_expired(issue_letter, eligible, kepala_user):
    first = issue_letter(eligible, render=False)
    second = issue_letter(eligible, render=False)
    today = timezone.localdate()
    assert list(Letter.objects.valid(today)) == [second]
    assert list(Letter.objects.superseded()) == [first]
    services.letter_revoke(user=kepala_user, letter=second, reason="Data kepesertaan tidak benar.")
    assert not Letter.objects.valid(today).exists()
    assert not Letter.objects.expired(second.valid_until + timedelta(days=1)).exists()
    assert list(Letter.objects.revoked()) == [second]
    assert list(Letter.objects.superseded()) == [first]
