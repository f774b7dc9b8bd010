"""Every portal URL: a head sees only his own cooperative; another cooperative's object is a 404;
other roles are refused; anonymous visitors go to the login page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cooperatives.models import CooperativeAccess
from tests.factories import CooperativeAccessFactory, UserFactory

pytestmark = pytest.mark.django_db


def portal_urls(cooperative, staff, access):
    """(method, url) for every portal URL bound to ``cooperative``."""
    pk = cooperative.pk
    position = staff["bendahara"].pk
    return [
        ("get", reverse("portal:cooperative", args=[pk])),
        ("get", reverse("portal:members", args=[pk])),
        ("post", reverse("portal:members", args=[pk])),
        ("get", reverse("portal:member_correct", args=[pk, position])),
        ("post", reverse("portal:member_correct", args=[pk, position])),
        ("get", reverse("portal:member_end", args=[pk, position])),
        ("post", reverse("portal:member_end", args=[pk, position])),
        ("get", reverse("portal:estimate", args=[pk])),
        ("get", reverse("portal:delegates", args=[pk])),
        ("post", reverse("portal:delegates", args=[pk])),
        ("post", reverse("portal:delegate_withdraw", args=[pk, access.pk])),
        ("post", reverse("portal:recommendation_request", args=[pk])),
    ]


@pytest.fixture
def delegate_b(other_cooperative, head_b):
    return CooperativeAccessFactory(
        cooperative=other_cooperative,
        user=UserFactory(username="sekretaris_b", role="koperasi"),
        role=CooperativeAccess.AccessRole.SEKRETARIS,
        invited_by=head_b,
    )


def test_head_gets_404_for_every_url_of_another_cooperative(client_a, other_cooperative, staff_a, staff_b, delegate_b):
    for method, url in portal_urls(other_cooperative, staff_b, delegate_b):
        response = getattr(client_a, method)(url, {"name": "X", "ended_on": "2024-01-01", "purpose": "izin_baru"})
        assert response.status_code == 404, (method, url)
        assert "Bravo" not in response.content.decode()
    delegate_b.refresh_from_db()
    assert delegate_b.is_active
    staff_b["bendahara"].refresh_from_db()
    assert staff_b["bendahara"].ended_on is None
    assert staff_b["bendahara"].person.name == "Bravo Bendahara Belum"


def test_head_b_gets_404_for_every_url_of_cooperative_a(client_b, cooperative, staff_a, staff_b, head_a):
    access_a = CooperativeAccess.objects.get(user=head_a, cooperative=cooperative)
    for method, url in portal_urls(cooperative, staff_a, access_a):
        response = getattr(client_b, method)(url)
        assert response.status_code == 404, (method, url)


def test_another_cooperatives_object_under_own_cooperative_is_404(client_a, cooperative, staff_a, staff_b, delegate_b):
    """Mixing his own cooperative's pk with another cooperative's position or access is a 404."""
    pk = cooperative.pk
    foreign_position = staff_b["karyawan"].pk
    for method, url in [
        ("get", reverse("portal:member_correct", args=[pk, foreign_position])),
        ("post", reverse("portal:member_correct", args=[pk, foreign_position])),
        ("get", reverse("portal:member_end", args=[pk, foreign_position])),
        ("post", reverse("portal:member_end", args=[pk, foreign_position])),
        ("post", reverse("portal:delegate_withdraw", args=[pk, delegate_b.pk])),
    ]:
        response = getattr(client_a, method)(url, {"name": "Diubah", "ended_on": "2024-01-01"})
        assert response.status_code == 404, (method, url)
    staff_b["karyawan"].refresh_from_db()
    assert staff_b["karyawan"].ended_on is None
    assert staff_b["karyawan"].person.name == "Bravo Karyawan Belum"
    delegate_b.refresh_from_db()
    assert delegate_b.is_active


def test_own_pages_answer_200_and_show_only_own_people(client_a, cooperative, staff_a, staff_b):
    for name in ("portal:cooperative", "portal:members", "portal:estimate", "portal:delegates"):
        response = client_a.get(reverse(name, args=[cooperative.pk]))
        assert response.status_code == 200, name
        body = response.content.decode()
        assert "Bravo" not in body
    body = client_a.get(reverse("portal:cooperative", args=[cooperative.pk])).content.decode()
    assert "Alfa Bendahara Belum" in body


def test_missing_cooperative_is_404(client_a):
    assert client_a.get(reverse("portal:cooperative", args=[999999])).status_code == 404


@pytest.mark.parametrize("role", ["admin", "dinas", "bpjs", "kepala_cabang", "bank"])
def test_other_roles_are_refused(clients, role, cooperative, staff_a, koperasi_user):
    access = CooperativeAccess.objects.get(user=koperasi_user, cooperative=cooperative)
    client = clients[role]
    assert client.get(reverse("portal:index")).status_code == 403
    for method, url in portal_urls(cooperative, staff_a, access):
        assert getattr(client, method)(url).status_code == 403, (role, method, url)


def test_anonymous_goes_to_login(client, cooperative, staff_a, koperasi_user):
    access = CooperativeAccess.objects.get(user=koperasi_user, cooperative=cooperative)
    login = reverse("accounts:login")
    assert client.get(reverse("portal:index")).url.startswith(login)
    for method, url in portal_urls(cooperative, staff_a, access):
        response = getattr(client, method)(url)
        if method == "post" and response.status_code == 403:
            continue  # CSRF is not enforced by the test client, but a refusal is fine too
        assert response.status_code == 302, (method, url)
        assert response.url.startswith(login), (method, url)


def test_withdrawn_head_loses_scope(client_a, head_a, cooperative):
    CooperativeAccess.objects.filter(user=head_a).update(is_active=False)
    assert client_a.get(reverse("portal:cooperative", args=[cooperative.pk])).status_code == 404


def test_portal_index_redirects_each_head_to_his_own(client_a, client_b, cooperative, other_cooperative):
    assert client_a.get(reverse("portal:index")).url == reverse("portal:cooperative", args=[cooperative.pk])
    assert client_b.get(reverse("portal:index")).url == reverse("portal:cooperative", args=[other_cooperative.pk])


def test_head_of_two_cooperatives_picks_one(client_a, head_a, cooperative):
    from tests.factories import CooperativeFactory

    second = CooperativeFactory(name="Koperasi Kedua Alfa")
    CooperativeAccessFactory(user=head_a, cooperative=second)
    response = client_a.get(reverse("portal:index"))
    assert response.status_code == 200
    body = response.content.decode()
    assert cooperative.name in body
    assert second.name in body
    assert "Koperasi Lain Uji" not in body
    home = client_a.get(reverse("home"))
    assert home.status_code == 200
    assert reverse("portal:cooperative", args=[second.pk]) in home.content.decode()


def test_home_redirects_head_to_his_cooperative(client_a, client_b, cooperative, other_cooperative):
    assert client_a.get(reverse("home")).url == reverse("portal:cooperative", args=[cooperative.pk])
    assert client_b.get(reverse("home")).url == reverse("portal:cooperative", args=[other_cooperative.pk])
