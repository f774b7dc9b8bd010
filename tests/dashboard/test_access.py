import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

CLIENT_FIXTURES = {
    "dinas": "dinas_client",
    "bpjs": "bpjs_client",
    "kepala_cabang": "kepala_client",
    "admin": "admin_client_kj",
    "koperasi": "koperasi_client",
    "bank": "bank_client",
}


def client_for(request, role):
    if role == "anonymous":
        from django.test import Client

        return Client()
    return request.getfixturevalue(CLIENT_FIXTURES[role])


DASHBOARD_URLS = [
    "dashboard:index",
    "dashboard:worklists",
    "dashboard:umkm_list",
    "dashboard:coop_list",
    "dashboard:participant_list",
    "dashboard:attendee_list",
    "dashboard:report_pdf",
    "outreach:list",
]


@pytest.mark.parametrize("name", DASHBOARD_URLS)
@pytest.mark.parametrize("role", ["koperasi", "bank"])
def test_cooperative_head_and_bank_are_refused(request, role, name):
    assert client_for(request, role).get(reverse(name)).status_code == 403


@pytest.mark.parametrize("name", DASHBOARD_URLS)
def test_anonymous_goes_to_login(request, name):
    response = client_for(request, "anonymous").get(reverse(name))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("role", ["dinas", "bpjs", "kepala_cabang", "admin"])
def test_staff_roles_read_the_dashboard(request, role, world):
    response = client_for(request, role).get(reverse("dashboard:index"))
    assert response.status_code == 200
    assert "Koperasi aktif yang terlindungi" in response.content.decode()


def test_dashboard_is_the_dinas_home(dinas_client):
    response = dinas_client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard:index")


def test_other_staff_home_links_the_dashboard(bpjs_client):
    response = bpjs_client.get(reverse("home"))
    assert response.status_code == 200
    assert reverse("dashboard:index") in response.content.decode()


@pytest.mark.parametrize("role", ["bpjs", "kepala_cabang", "admin"])
def test_outreach_is_read_only_for_other_staff(request, role):
    response = client_for(request, role).post(reverse("outreach:list"), {"title": "X"})
    assert response.status_code == 403
