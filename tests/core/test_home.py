import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_anonymous_home_is_public_landing(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "Masuk" in response.content.decode()


@pytest.mark.parametrize("role", ["admin", "dinas", "bpjs", "kepala_cabang", "koperasi", "bank"])
def test_each_role_lands_on_its_home(clients, role):
    response = clients[role].get(reverse("home"))
    assert response.status_code == 200
    assert f"home/{role}.html" in [t.name for t in response.templates]
