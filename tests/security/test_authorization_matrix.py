"""Every URL pattern (web and API) × every role and anonymous, against ``authz_expectations``.

The URL list comes from the URL configuration itself, so a new URL without an entry in the
table fails ``test_every_url_has_an_expectation`` (and its own matrix case, which prints what
it observed so the entry is quick to write).
"""

from __future__ import annotations

import re
from functools import cached_property

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.factories import (
    BusinessFactory,
    ParticipationFactory,
    PersonFactory,
    PositionFactory,
)
from tests.security.authz_expectations import ALL, ANONYMOUS, EXCLUDED_PREFIXES, EXPECTATIONS, MISSING, Entry, S

PARAM = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>")


def _walk(resolver, prefix="", namespaces=()):
    for item in resolver.url_patterns:
        if isinstance(item, URLResolver):
            ns = (*namespaces, item.namespace) if item.namespace else namespaces
            yield from _walk(item, prefix + str(item.pattern), ns)
        elif isinstance(item, URLPattern):
            route = prefix + str(item.pattern)
            name = ":".join((*namespaces, item.name)) if item.name else f"route:{route}"
            yield name, route


def url_patterns() -> dict[str, str]:
    """``{url name: route}`` for every pattern not excluded by rule (the first route of a name wins)."""
    found: dict[str, str] = {}
    for name, route in _walk(get_resolver()):
        plain = route.lstrip("^")
        if plain.startswith(EXCLUDED_PREFIXES):
            continue
        found.setdefault(name, route)
    return found


def route_params(route: str) -> set[str]:
    return {a or b for a, b in PARAM.findall(route)} - {"format"}


URLS = url_patterns()


class Samples:
    """Objects the URLs point at, created on first use. ``cooperative`` is headed by the koperasi user."""

    def __init__(self, role_users, cooperative, other_cooperative):
        self.users = role_users
        self.cooperative = cooperative
        self.other_cooperative = other_cooperative

    @cached_property
    def person(self):
        return PersonFactory()

    @cached_property
    def participation(self):
        """A participation of a board member of ``cooperative`` (so its head may see it)."""
        return ParticipationFactory(person=self.position.person)

    @cached_property
    def position(self):
        return PositionFactory(cooperative=self.cooperative, person=self.person)

    @cached_property
    def business(self):
        return BusinessFactory(owner=self.person, cooperative=self.cooperative)

    def resolve(self, value):
        if isinstance(value, S):
            return getattr(getattr(self, value.name), value.attr)
        return value


@pytest.fixture
def samples(role_users, cooperative, other_cooperative):
    return Samples(role_users, cooperative, other_cooperative)


def outcome(response) -> str:
    status = response.status_code
    if 200 <= status < 300:
        return "ok"
    if status in (301, 302, 303, 307, 308):
        location = response.headers.get("Location", "")
        login = resolve_url(settings.LOGIN_URL)
        return "login" if location.startswith(login) else "redirect"
    return str(status)


def _request(client: Client, entry: Entry, url: str):
    client.raise_request_exception = True
    if entry.method == "post":
        return client.post(url, {})
    return getattr(client, entry.method)(url)


def observe(clients, samples, name: str, entry: Entry) -> dict[str, str]:
    kwargs = {key: samples.resolve(value) for key, value in entry.kwargs.items()}
    url = reverse(name, kwargs=kwargs or None) if not name.startswith("route:") else "/" + name[6:].lstrip("^").rstrip("$")
    if entry.query:
        url += "?" + entry.query
    return {who: outcome(_request(clients[who], entry, url)) for who in ALL}


def _guess_kwargs(route: str) -> dict:
    return dict.fromkeys(sorted(route_params(route)), "MISSING")


def test_every_url_has_an_expectation():
    missing = sorted(set(URLS) - set(EXPECTATIONS))
    assert not missing, (
        "These URL patterns have no entry in tests/security/authz_expectations.py (add one per URL; "
        "the matrix case of each prints what it observed):\n  " + "\n  ".join(f"{name}  ({URLS[name]})" for name in missing)
    )


def test_no_stale_expectations():
    stale = sorted(set(EXPECTATIONS) - set(URLS))
    assert not stale, f"Entries for URLs that no longer exist: {stale}"


def test_every_entry_names_all_roles_and_url_arguments():
    problems = []
    for name, entry in EXPECTATIONS.items():
        if set(entry.expect) != set(ALL):
            problems.append(f"{name}: expectation must cover {sorted(ALL)}, has {sorted(entry.expect)}")
        if name in URLS and route_params(URLS[name]) != set(entry.kwargs):
            problems.append(f"{name}: kwargs {sorted(entry.kwargs)} but the route takes {sorted(route_params(URLS[name]))}")
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(URLS))
def test_url_authorization(name, clients, samples):
    client_map = {**clients}
    assert ANONYMOUS in client_map
    entry = EXPECTATIONS.get(name)
    if entry is None:
        params = _guess_kwargs(URLS[name])
        guess = Entry(expect={}, kwargs=dict.fromkeys(params, MISSING))
        try:
            seen = observe(client_map, samples, name, guess)
        except Exception as exc:  # the suggestion is best effort
            seen = f"(could not observe: {exc!r})"
        pytest.fail(f"No expectation for {name!r} ({URLS[name]}). Observed with kwargs {params}: {seen}")
    seen = observe(client_map, samples, name, entry)
    wrong = {who: f"expected {entry.expect[who]}, got {seen[who]}" for who in ALL if seen[who] != entry.expect[who]}
    assert not wrong, f"{name} ({URLS[name]}): " + "; ".join(f"{who}: {text}" for who, text in wrong.items())


@pytest.mark.django_db
def test_django_admin_is_for_admin_only(clients):
    login = reverse("admin:login")
    assert clients["admin"].get(reverse("admin:index")).status_code == 200
    for who in ALL:
        if who == "admin":
            continue
        response = clients[who].get(reverse("admin:index"))
        assert response.status_code == 302, who
        assert response.headers["Location"].startswith(login), who


# A cooperative head asking for another cooperative's object gets 404 (not 403: its existence is not revealed).
OTHER_COOPERATIVE_URLS = [
    "cooperatives:detail",
    "portal:cooperative",
    "portal:members",
    "portal:estimate",
    "portal:delegates",
    "api:cooperative-detail",
]


@pytest.mark.django_db
@pytest.mark.parametrize("name", OTHER_COOPERATIVE_URLS)
def test_cooperative_head_gets_404_for_another_cooperative(name, koperasi_client, cooperative, other_cooperative):
    assert name in URLS, f"{name} is no longer a URL; update OTHER_COOPERATIVE_URLS"
    own = koperasi_client.get(reverse(name, kwargs={"pk": cooperative.pk}))
    # The register's cooperative page sends his own cooperative's head to the portal (issue 12).
    assert own.status_code == (302 if name == "cooperatives:detail" else 200)
    assert koperasi_client.get(reverse(name, kwargs={"pk": other_cooperative.pk})).status_code == 404
