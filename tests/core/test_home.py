import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_anonymous_home_is_public_landing(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "Masuk" in response.content.decode()


@pytest.mark.parametrize("role", ["admin", "bpjs", "kepala_cabang", "bank"])
def test_each_role_lands_on_its_home(clients, role):
    response = clients[role].get(reverse("home"))
    assert response.status_code == 200
    assert f"home/{role}.html" in [t.name for t in response.templates]


def test_dinas_lands_on_the_dashboard(clients):
    response = clients["dinas"].get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard:index")
    assert clients["dinas"].get(response["Location"]).status_code == 200


def test_cooperative_head_lands_on_his_cooperative(clients, cooperative):
    response = clients["koperasi"].get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:cooperative", args=[cooperative.pk])
    assert clients["koperasi"].get(response["Location"]).status_code == 200


def test_user_without_role_is_told_so(user_factory, client):
    client.force_login(user_factory(username="norole"))
    response = client.get(reverse("home"))
    assert response.status_code == 403
    assert "belum memiliki peran" in response.content.decode()
