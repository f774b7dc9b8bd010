"""The daily digest (issue 17 item 4): each cooperative head gets one message listing his letters
that expire within 30 days and his members in arrears; once a day; the Dinas sees it."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from compliance.models import Letter
from core.formatting import tanggal
from notifications.models import Kind, Message, Status
from tests.compliance.conftest import build_cooperative, enrol, issue_letter  # noqa: F401, F811 - fixture
from tests.factories import PersonFactory, PositionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_one_digest_per_head_and_day_listing_expiring_letters_and_arrears(
    issue_letter,  # noqa: F811 - the fixture imported above
    koperasi_user,
    dinas_client,
    django_capture_on_commit_callbacks,
):
    from cooperatives.services import cooperative_access_grant

    coop = build_cooperative(name="Koperasi Digest")
    koperasi_user.email = "ketua.digest@example.test"
    koperasi_user.save()
    cooperative_access_grant(user=koperasi_user, cooperative=coop)
    letter = issue_letter(coop, render=False)
    today = timezone.localdate()
    Letter.objects.filter(pk=letter.pk).update(valid_until=today + timedelta(days=20))
    late = PersonFactory(name="Wa Ode Menunggak")
    PositionFactory(cooperative=coop, person=late, role="pengurus")
    enrol(late, months_behind=2)
    other = build_cooperative(name="Koperasi Tanpa Ketua Terikat")  # no head bound: nobody to tell
    issue_letter(other, render=False)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_digest")
    digests = Message.objects.filter(kind=Kind.DIGEST)
    assert [m.recipient_id for m in digests] == [koperasi_user.pk]
    digest = digests.get()
    assert digest.status == Status.SENT
    assert letter.number in digest.body
    assert "20 hari lagi" in digest.body
    assert "Wa Ode Menunggak" in digest.body
    assert tanggal(today) in digest.body
    assert tanggal(today + timedelta(days=20)) in digest.body
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ketua.digest@example.test"]
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_digest")  # the same day again: nothing more
    assert Message.objects.filter(kind=Kind.DIGEST).count() == 1
    page = dinas_client.get(reverse("notifications:outbox"), {"kind": Kind.DIGEST}).content.decode()
    assert "Ringkasan harian" in page
    assert koperasi_user.display_name in page
    assert f"{tanggal(digest.created_at)} " in page
    assert not re.search(r"\b\d{2}-\d{2}-\d{4}\b", page)


def test_nothing_to_report_sends_nothing(koperasi_user, django_capture_on_commit_callbacks):
    from cooperatives.services import cooperative_access_grant

    cooperative_access_grant(user=koperasi_user, cooperative=build_cooperative(name="Koperasi Tertib"))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_digest")
    assert not Message.objects.filter(kind=Kind.DIGEST).exists()
