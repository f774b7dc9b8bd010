"""Register search: one box that takes a name, a NIK, a KPJ, a NIB, a Nomor Induk Koperasi or a phone.

``parse_search`` reads what an officer typed (a NIK with spaces or dots, ``+62`` phones, a name in
any case) and says what it may be: every identifier it could be (a 13-digit number starting with 0
is a NIB or a phone) and the words of a name. The registers' selectors turn the candidates into
exact lookups on their indexes and the words into ``icontains`` filters (served on PostgreSQL by
the trigram indexes of ``core/migrations/0001_search_indexes.py``, a plain scan on SQLite).

NIK, KPJ and phone are personal identifiers: a query that may be one of them is *sensitive*, is
accepted only from a POST body (never from the query string, so it cannot reach a URL, a log or
the browser history) and is searched only for roles that may see people (``PERSON_SEARCH_ROLES``).

The header's global search asks every register that registered a provider here (in its
``AppConfig.ready``), the way the home page asks its providers: ``core`` stays ignorant of the
apps above it.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest
from django.utils.translation import gettext as _

from core import identifiers
from core.roles import Role, UserLike, has_role

MAX_QUERY_LENGTH = 100
MAX_WORDS = 5
SENSITIVE_KINDS = frozenset({"nik", "kpj", "phone"})
PERSON_SEARCH_ROLES = (Role.ADMIN, Role.DINAS, Role.BPJS)

_NUMBERISH = re.compile(r"^\+?[0-9][0-9\s.\-/]*$")
_WORD = re.compile(r"[^\W_]+(?:['’.][^\W_]+)*", re.UNICODE)


@dataclass(frozen=True)
class Search:
    """What a search box holds: identifier candidates (kind → canonical value) and name words."""

    text: str = ""
    candidates: dict[str, str] = field(default_factory=dict)
    words: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.candidates and not self.words

    @property
    def sensitive(self) -> bool:
        return any(kind in SENSITIVE_KINDS for kind in self.candidates)

    def get(self, kind: str) -> str | None:
        return self.candidates.get(kind)

    def without_personal_identifiers(self) -> Search:
        """The same search with NIK, KPJ and phone dropped (for roles that may not see them)."""
        kept = {kind: value for kind, value in self.candidates.items() if kind not in SENSITIVE_KINDS}
        return Search(text=self.text, candidates=kept, words=self.words)


# A search that finds nothing (a sensitive query that came by GET): no selector knows this kind.
REFUSED = Search(candidates={"refused": ""})


def parse_search(text: object) -> Search:
    """Classify a search text; never raises. Digits-only input gives identifier candidates only."""
    text = ("" if text is None else str(text)).strip()[:MAX_QUERY_LENGTH]
    if not text:
        return Search()
    candidates: dict[str, str] = {}
    if _NUMBERISH.match(text):
        digits = identifiers.clean_digits(text).lstrip("+")
        if len(digits) == 16:
            candidates["nik"] = digits
        elif len(digits) == 11:
            candidates["kpj"] = digits
        elif len(digits) == 13:
            candidates["nib"] = digits
        with contextlib.suppress(ValidationError):
            candidates["phone"] = identifiers.normalize_phone(text)
        if len(digits) <= 20:
            candidates["nomor_induk"] = digits
        return Search(text=text, candidates=candidates)
    if any(ch.isdigit() for ch in text):
        with contextlib.suppress(ValidationError):
            candidates["nomor_induk"] = identifiers.normalize_nomor_induk_koperasi(text)
    words = tuple(dict.fromkeys(w for w in _WORD.findall(text) if len(w) >= 2))[:MAX_WORDS]
    return Search(text=text, candidates=candidates, words=words)


def words_q(words: Iterable[str], *fields: str) -> Q:
    """Every word in at least one of ``fields`` (case-insensitive substring): "ahmad asy" finds
    "Ahmad Asyhari" and "ASYHARI, Ahmad"."""
    condition = Q()
    for word in words:
        any_field = Q()
        for name in fields:
            any_field |= Q(**{f"{name}__icontains": word})
        condition &= any_field
    return condition


GLOBAL_SEARCH_ROLES = (Role.ADMIN, Role.DINAS, Role.BPJS, Role.KEPALA_CABANG)


def may_search_globally(user: UserLike) -> bool:
    """The header's search box is for staff roles."""
    return bool(getattr(user, "is_authenticated", False)) and has_role(user, *GLOBAL_SEARCH_ROLES)


def may_search_people(user: UserLike) -> bool:
    return has_role(user, *PERSON_SEARCH_ROLES)


def search_for(user: UserLike, search: Search) -> Search:
    """The search as this user may run it: personal identifiers only for roles that see people."""
    return search if may_search_people(user) else search.without_personal_identifiers()


@dataclass(frozen=True)
class SearchRequest:
    """A list page's search box read from a request: the search, the filters and what to say."""

    search: Search
    filters: dict
    error: str = ""
    redirect_url: str = ""  # a POSTed non-sensitive search goes back to a plain GET address


def read_search_request(request: HttpRequest, filter_keys: Iterable[str], *, base_url: str) -> SearchRequest:
    """Read ``q`` and the filters of a register list page.

    GET carries the filters and a non-sensitive ``q`` (bookmarkable, paginated). The page's form
    is a POST: a sensitive query (a possible NIK, KPJ or phone) is answered in place from the body;
    any other query is redirected to its GET address. A sensitive ``q`` that arrives in a query
    string anyway is not searched.
    """
    source = request.POST if request.method == "POST" else request.GET
    filters = {key: source.get(key, "").strip()[:MAX_QUERY_LENGTH] for key in filter_keys}
    typed = parse_search(source.get("q", ""))
    search = search_for(request.user, typed)
    if request.method == "POST":
        if typed.sensitive:
            return SearchRequest(search=search, filters=filters)
        params = {key: value for key, value in filters.items() if value and key != "q"}
        if search.text:
            params = {"q": search.text, **params}
        return SearchRequest(search=search, filters=filters, redirect_url=base_url + ("?" + urlencode(params) if params else ""))
    if typed.sensitive:
        message = _("NIK, KPJ dan nomor telepon tidak dicari lewat alamat halaman. Ketik di kotak pencarian.")
        return SearchRequest(search=REFUSED, filters={**filters, "q": ""}, error=message)
    return SearchRequest(search=search, filters=filters)


# ---------------------------------------------------------------- the header's global search

SearchProvider = Callable[..., dict | None]
SEARCH_PROVIDERS: list[SearchProvider] = []


def register_search(provider: SearchProvider) -> None:
    """``provider(user=, search=, limit=)`` returns ``{"title", "url", "rows": [{"url", "label",
    "detail"}], "count"}`` or ``None`` when the user may not search that register."""
    if provider not in SEARCH_PROVIDERS:
        SEARCH_PROVIDERS.append(provider)


def global_search(*, user: UserLike, search: Search, limit: int = 5) -> list[dict]:
    if search.empty:
        return []
    groups = []
    for provider in SEARCH_PROVIDERS:
        group = provider(user=user, search=search, limit=limit)
        if group is not None:
            groups.append(group)
    return groups
