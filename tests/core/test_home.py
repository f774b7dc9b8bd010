import pytest
from django.urls import reverse
from django.utils.html import escape

from core.roles import Role

pytestmark = pytest.mark.django_db


def test_anonymous_home_is_public_landing(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "Masuk" in response.content.decode()


@pytest.mark.parametrize("role", ["admin", "bpjs", "kepala_cabang", "bank"])
def test_each_role_lands_on_its_home(clients, role):
    """One template for every role; what differs is the summary and links its providers give."""
    response = clients[role].get(reverse("home"))
    assert response.status_code == 200
    assert response.templates[0].name == "home/index.html"
    page = response.content.decode()
    assert f'<p class="muted">{escape(Role(role).label)}</p>' in page
    assert response.context["home_links"]
    for link in response.context["home_links"]:
        assert f'<a href="{link["url"]}">{escape(link["title"])}</a>' in page
    for item in response.context.get("summary", []):
        assert f'<div class="label">{escape(item["label"])}</div>' in page


def test_the_roles_homes_differ_by_their_links(clients):
    links = {role: {link["url"] for link in clients[role].get(reverse("home")).context["home_links"]} for role in ("bank", "kepala_cabang")}
    assert reverse("banking:lookup") in links["bank"]
    assert reverse("banking:lookup") not in links["kepala_cabang"]


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
