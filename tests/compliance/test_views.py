"""Every compliance page refuses the roles that must be refused; the journey works through the views."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import AccessEvent
from compliance import services
from compliance.models import GateDecision, Letter, Purpose, RequestState
from tests.compliance.conftest import build_cooperative

pytestmark = pytest.mark.django_db

ALL = ["admin", "dinas", "bpjs", "kepala_cabang", "koperasi", "bank"]


def refused(response):
    return response.status_code in (403, 404)


@pytest.fixture
def own_request(cooperative, koperasi_user):
    return services.recommendation_request(user=koperasi_user, cooperative=cooperative, purpose=Purpose.IZIN_BARU)


@pytest.fixture
def letter(issue_letter, cooperative):
    build_cooperative(cooperative=cooperative)
    return issue_letter(cooperative)


# ----------------------------------------------------------- role matrix for GET pages


@pytest.mark.parametrize(
    ("url_name", "allowed"),
    [
        ("compliance:request_list", {"admin", "dinas", "bpjs", "kepala_cabang", "koperasi"}),
        ("compliance:request_create", {"dinas", "koperasi"}),
        ("compliance:letter_list", {"admin", "dinas", "bpjs", "kepala_cabang", "koperasi"}),
        ("compliance:gate_list", {"admin", "dinas", "bpjs", "kepala_cabang"}),
        ("compliance:gate_create", {"dinas"}),
    ],
)
def test_list_pages_by_role(clients, url_name, allowed):
    url = reverse(url_name)
    for role in ALL:
        response = clients[role].get(url)
        if role in allowed:
            assert response.status_code == 200, (role, url)
        else:
            assert response.status_code == 403, (role, url)
    anonymous = clients["anonymous"].get(url)
    assert anonymous.status_code == 302
    assert reverse("accounts:login") in anonymous["Location"]


def test_request_detail_by_role(clients, own_request, other_koperasi_user):
    from django.test import Client

    url = reverse("compliance:request_detail", args=[own_request.pk])
    for role in ["admin", "dinas", "bpjs", "kepala_cabang", "koperasi"]:
        assert clients[role].get(url).status_code == 200, role
    assert clients["bank"].get(url).status_code == 403
    other = Client()
    other.force_login(other_koperasi_user)
    assert other.get(url).status_code == 404
    assert clients["anonymous"].get(url).status_code == 302


def test_letter_pages_by_role(clients, letter, other_koperasi_user):
    from django.test import Client

    other = Client()
    other.force_login(other_koperasi_user)
    for name in ("compliance:letter_detail", "compliance:letter_download"):
        url = reverse(name, args=[letter.pk])
        for role in ["admin", "dinas", "bpjs", "kepala_cabang", "koperasi"]:
            assert clients[role].get(url).status_code == 200, (role, name)
        assert clients["bank"].get(url).status_code == 403
        assert other.get(url).status_code == 404
        assert clients["anonymous"].get(url).status_code == 302


def test_other_heads_list_shows_none_of_ours(own_request, other_koperasi_user):
    from django.test import Client

    other = Client()
    other.force_login(other_koperasi_user)
    response = other.get(reverse("compliance:request_list"))
    assert own_request.cooperative.name not in response.content.decode()


def test_other_head_cannot_request_for_our_cooperative(cooperative, other_koperasi_user):
    from django.test import Client

    other = Client()
    other.force_login(other_koperasi_user)
    response = other.post(reverse("compliance:request_create"), {"cooperative": cooperative.pk, "purpose": "izin_baru"})
    assert response.status_code == 404
    assert not cooperative.recommendation_requests.exists()


# ----------------------------------------------------------- POST actions refuse wrong roles


@pytest.mark.parametrize(
    ("url_name", "allowed"),
    [
        ("compliance:request_verify", {"bpjs"}),
        ("compliance:request_return", {"bpjs"}),
        ("compliance:request_refuse", {"bpjs", "kepala_cabang"}),
        ("compliance:request_sign", {"kepala_cabang"}),
        ("compliance:request_resubmit", {"dinas", "koperasi"}),
    ],
)
def test_request_actions_refuse_other_roles(clients, own_request, url_name, allowed):
    url = reverse(url_name, args=[own_request.pk])
    for role in set(ALL) - allowed:
        assert clients[role].post(url, {"reason": "x"}).status_code == 403, (role, url_name)
    own_request.refresh_from_db()
    assert own_request.state == RequestState.DIAJUKAN
    assert clients["bpjs"].get(reverse("compliance:request_verify", args=[own_request.pk])).status_code == 405


def test_revoke_only_by_kepala(clients, letter):
    url = reverse("compliance:letter_revoke", args=[letter.pk])
    for role in ["admin", "dinas", "bpjs", "koperasi", "bank"]:
        assert clients[role].post(url, {"reason": "x"}).status_code == 403, role
    letter.refresh_from_db()
    assert letter.revoked_at is None


def test_gate_post_only_by_dinas(clients, letter):
    url = reverse("compliance:gate_create")
    data = {"cooperative": letter.cooperative_id, "purpose": "izin_baru", "outcome": "disetujui", "decided_on": "2026-11-25"}
    for role in ["admin", "bpjs", "kepala_cabang", "koperasi", "bank"]:
        assert clients[role].post(url, data).status_code == 403, role
    assert not GateDecision.objects.exists()


# ----------------------------------------------------------- the journey through the views


def test_journey_through_views(clients, cooperative, django_capture_on_commit_callbacks):
    build_cooperative(cooperative=cooperative)
    with django_capture_on_commit_callbacks(execute=True):
        response = clients["koperasi"].post(reverse("compliance:request_create"), {"cooperative": cooperative.pk, "purpose": "izin_baru"})
    req = cooperative.recommendation_requests.get()
    assert response.status_code == 302
    assert response["Location"] == req.get_absolute_url()
    page = clients["bpjs"].get(req.get_absolute_url()).content.decode()
    assert "Bendahara Wa Ode S., NIK" in page
    assert "Verifikasi" in page
    with django_capture_on_commit_callbacks(execute=True):
        clients["bpjs"].post(reverse("compliance:request_verify", args=[req.pk]), {"note": "Data cocok."})
        response = clients["kepala_cabang"].post(reverse("compliance:request_sign", args=[req.pk]))
    letter = Letter.objects.get()
    assert response["Location"] == letter.get_absolute_url()
    download = clients["koperasi"].get(reverse("compliance:letter_download", args=[letter.pk]))
    assert download["Content-Type"] == "application/pdf"
    assert download.content.startswith(b"%PDF")
    assert AccessEvent.objects.filter(action="download", target=f"letter:{letter.pk}").exists()
    public = clients["anonymous"].get(reverse("compliance:verify", args=[letter.token])).content.decode()
    assert "VALID" in public
    assert letter.number in public
    clients["kepala_cabang"].post(reverse("compliance:letter_revoke", args=[letter.pk]), {"reason": "Data tidak benar."})
    public = clients["anonymous"].get(reverse("compliance:verify", args=[letter.token])).content.decode()
    assert "REVOKED" in public


def test_return_without_reason_shows_message_and_changes_nothing(clients, own_request):
    response = clients["bpjs"].post(reverse("compliance:request_return", args=[own_request.pk]), {"reason": ""}, follow=True)
    assert response.status_code == 200
    assert "Tuliskan apa yang kurang" in response.content.decode()
    own_request.refresh_from_db()
    assert own_request.state == RequestState.DIAJUKAN


def test_gate_view_refuses_without_valid_letter(clients, cooperative):
    data = {"cooperative": cooperative.pk, "purpose": "izin_baru", "outcome": "disetujui", "decided_on": "2026-11-25"}
    response = clients["dinas"].post(reverse("compliance:gate_create"), data)
    assert response.status_code == 200
    assert "Tidak ada surat rekomendasi" in response.content.decode()
    assert not GateDecision.objects.exists()


def test_gate_view_records_with_valid_letter(clients, letter):
    data = {
        "cooperative": letter.cooperative_id,
        "purpose": "izin_baru",
        "outcome": "disetujui",
        "decided_on": letter.issued_on.isoformat(),
    }
    response = clients["dinas"].post(reverse("compliance:gate_create"), data)
    assert response.status_code == 302
    assert GateDecision.objects.get().letter == letter


# ----------------------------------------------------------- query counts constant in data size


def test_request_list_query_count_constant(clients, dinas_user, django_assert_max_num_queries):
    for index in range(3):
        services.recommendation_request(user=dinas_user, cooperative=build_cooperative(name=f"Kop A{index}"), purpose="izin_baru")
    client = clients["dinas"]
    client.get(reverse("compliance:request_list"))
    with django_assert_max_num_queries(12) as small:
        client.get(reverse("compliance:request_list") + "?state=")
    for index in range(6):
        services.recommendation_request(user=dinas_user, cooperative=build_cooperative(name=f"Kop B{index}"), purpose="izin_baru")
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("compliance:request_list") + "?state=")


def test_letter_list_query_count_constant(clients, issue_letter, django_assert_max_num_queries):
    issue_letter(build_cooperative(name="Kop L0"), render=False)
    client = clients["kepala_cabang"]
    client.get(reverse("compliance:letter_list"))
    with django_assert_max_num_queries(12) as small:
        client.get(reverse("compliance:letter_list"))
    for index in range(1, 5):
        issue_letter(build_cooperative(name=f"Kop L{index}"), render=False)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("compliance:letter_list"))


def test_home_pages_show_work_counts(clients, own_request):
    page = clients["bpjs"].get(reverse("home")).content.decode()
    assert "Permohonan menunggu verifikasi" in page
    assert "Permohonan menunggu tanda tangan" in clients["kepala_cabang"].get(reverse("home")).content.decode()
