"""The ketua invites a sekretaris or bendahara with his own scope and withdraws the invitation."""

from __future__ import annotations

import re

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User
from cooperatives.models import CooperativeAccess
from tests.portal.conftest import login

pytestmark = pytest.mark.django_db


def invite(client, cooperative, django_capture_on_commit_callbacks, **data):
    payload = {"role": "sekretaris", "full_name": "Sitti Aminah", "email": "Sitti@Contoh.id"}
    payload.update(data)
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("portal:delegates", args=[cooperative.pk]), payload)


def test_ketua_invites_a_delegate_who_sets_a_password_and_gets_the_same_scope(
    client_a, head_a, cooperative, other_cooperative, staff_a, django_capture_on_commit_callbacks
):
    response = invite(client_a, cooperative, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    delegate = User.objects.get(username="sitti@contoh.id")
    assert not delegate.has_usable_password()
    access = CooperativeAccess.objects.get(user=delegate)
    assert access.cooperative == cooperative
    assert access.role == "sekretaris"
    assert access.invited_by == head_a
    assert LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(CooperativeAccess), object_pk=str(access.pk), actor=head_a
    ).exists()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["sitti@contoh.id"]
    link = re.search(r"http\S+/portal/undangan/\S+/", mail.outbox[0].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]

    anonymous = Client()
    form_page = anonymous.get("/" + path, follow=True)
    assert form_page.status_code == 200
    assert "Buat kata sandi" in form_page.content.decode()
    done = anonymous.post(form_page.redirect_chain[-1][0], {"new_password1": "Mekongga#2026x", "new_password2": "Mekongga#2026x"})
    assert done.status_code == 302
    delegate.refresh_from_db()
    assert delegate.check_password("Mekongga#2026x")
    # The link is one-time.
    assert "Tautan tidak berlaku" in anonymous.get("/" + path, follow=True).content.decode()

    delegate_client = login(delegate)
    assert delegate_client.get(reverse("home")).url == reverse("portal:cooperative", args=[cooperative.pk])
    assert delegate_client.get(reverse("portal:cooperative", args=[cooperative.pk])).status_code == 200
    assert delegate_client.get(reverse("portal:members", args=[cooperative.pk])).status_code == 200
    assert delegate_client.get(reverse("portal:cooperative", args=[other_cooperative.pk])).status_code == 404
    # Same scope, but no power to invite or withdraw.
    page = delegate_client.get(reverse("portal:delegates", args=[cooperative.pk]))
    assert page.status_code == 200
    assert "Hanya ketua koperasi" in page.content.decode()
    assert (
        delegate_client.post(
            reverse("portal:delegates", args=[cooperative.pk]), {"role": "bendahara", "full_name": "X", "email": "x@contoh.id"}
        ).status_code
        == 403
    )
    assert delegate_client.post(reverse("portal:delegate_withdraw", args=[cooperative.pk, access.pk])).status_code == 403
    ketua_access = CooperativeAccess.objects.get(user=head_a)
    assert delegate_client.post(reverse("portal:delegate_withdraw", args=[cooperative.pk, ketua_access.pk])).status_code == 403
    assert not User.objects.filter(username="x@contoh.id").exists()


def test_withdraw_removes_the_scope(client_a, head_a, cooperative, django_capture_on_commit_callbacks):
    invite(client_a, cooperative, django_capture_on_commit_callbacks, role="bendahara")
    access = CooperativeAccess.objects.get(role="bendahara", cooperative=cooperative)
    delegate_client = login(access.user)
    assert delegate_client.get(reverse("portal:cooperative", args=[cooperative.pk])).status_code == 200
    response = client_a.post(reverse("portal:delegate_withdraw", args=[cooperative.pk, access.pk]))
    assert response.status_code == 302
    access.refresh_from_db()
    assert not access.is_active
    assert access.revoked_at is not None
    delegate_client = login(access.user)
    assert delegate_client.get(reverse("portal:cooperative", args=[cooperative.pk])).status_code == 404
    # Withdrawing twice is a message, not an error page.
    again = client_a.post(reverse("portal:delegate_withdraw", args=[cooperative.pk, access.pk]), follow=True)
    assert "sudah dicabut" in again.content.decode()
    # The ketua cannot withdraw himself from the portal.
    own = CooperativeAccess.objects.get(user=head_a)
    client_a.post(reverse("portal:delegate_withdraw", args=[cooperative.pk, own.pk]))
    own.refresh_from_db()
    assert own.is_active


def test_invitation_refusals(client_a, head_a, cooperative, django_capture_on_commit_callbacks, dinas_user):
    # Email of an account in another role.
    dinas_user.email = "dinas@contoh.id"
    dinas_user.save()
    response = invite(client_a, cooperative, django_capture_on_commit_callbacks, email="dinas@contoh.id")
    assert response.status_code == 400
    assert "sudah dipakai akun lain" in response.content.decode()
    # Not an email, no name, a role outside sekretaris/bendahara.
    assert invite(client_a, cooperative, django_capture_on_commit_callbacks, email="bukan-email").status_code == 400
    assert invite(client_a, cooperative, django_capture_on_commit_callbacks, full_name="").status_code == 400
    assert invite(client_a, cooperative, django_capture_on_commit_callbacks, role="ketua").status_code == 400
    # One active delegate per role.
    assert invite(client_a, cooperative, django_capture_on_commit_callbacks).status_code == 302
    response = invite(client_a, cooperative, django_capture_on_commit_callbacks, email="lain@contoh.id")
    assert response.status_code == 400
    assert "Sudah ada delegasi aktif" in response.content.decode()
    assert CooperativeAccess.objects.filter(cooperative=cooperative).count() == 2
    assert len(mail.outbox) == 1


def test_bad_invitation_link(client):
    response = client.get(reverse("portal:invitation_accept", args=["MTIz", "salah-token"]))
    assert response.status_code == 200
    assert "Tautan tidak berlaku" in response.content.decode()


def test_withdrawn_invitation_link_stops_working(client_a, cooperative, django_capture_on_commit_callbacks):
    invite(client_a, cooperative, django_capture_on_commit_callbacks)
    path = "/" + re.search(r"http\S+/portal/undangan/\S+/", mail.outbox[0].body).group(0).split("://", 1)[1].split("/", 1)[1]
    access = CooperativeAccess.objects.get(role="sekretaris", cooperative=cooperative)
    client_a.post(reverse("portal:delegate_withdraw", args=[cooperative.pk, access.pk]))
    assert "Tautan tidak berlaku" in Client().get(path, follow=True).content.decode()


def test_invitation_link_is_not_a_password_reset_for_staff(dinas_user):
    from portal.services import invitation_link

    path = "/" + invitation_link(dinas_user).split("://", 1)[1].split("/", 1)[1]
    assert "Tautan tidak berlaku" in Client().get(path, follow=True).content.decode()
