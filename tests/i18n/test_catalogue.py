"""The English catalogue covers the whole UI: every entry translated, placeholders intact, and the switch works."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

PO_PATH = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%(?:\([^)]+\))?[-#0+]*\d*(?:\.\d+)?[sdifr]")


def placeholders(text: str) -> list[str]:
    """The %-placeholders of a message, sorted; a literal "%%" is not one."""
    return sorted(PLACEHOLDER.findall(text.replace("%%", "")))


HTML_TAG = re.compile(r"<[^>]+>")


def _unquote(line: str) -> str:
    """One quoted PO string ("...") to its text, with the C escapes PO files use."""
    return ast.literal_eval(line)


def parse_po(path: Path) -> list[dict]:
    """Plain parser for the subset of the PO format that makemessages writes."""
    entries: list[dict] = []
    current: dict = {}
    field = None

    def flush():
        nonlocal current
        if "msgid" in current:
            entries.append(current)
        current = {}

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            flush()
            field = None
            continue
        if line.startswith("#~"):
            current["obsolete"] = True
            continue
        if line.startswith("#,"):
            current.setdefault("flags", set()).update(f.strip() for f in line[2:].split(","))
            continue
        if line.startswith("#:"):
            current.setdefault("refs", []).extend(line[2:].split())
            continue
        if line.startswith("#"):
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            current[field] += _unquote(line)
            continue
        if keyword.startswith("msgstr["):
            field = keyword
            current.setdefault("plurals", []).append(field)
        else:
            field = keyword
        if "msgid" in current and keyword == "msgid" and "msgstr" in current:
            flush()
        current[field] = _unquote(rest)
    flush()
    return entries


@pytest.fixture(scope="module")
def catalogue() -> list[dict]:
    entries = [e for e in parse_po(PO_PATH) if not e.get("obsolete")]
    header = [e for e in entries if e["msgid"] == ""]
    assert len(header) == 1, "the catalogue has one header entry"
    return [e for e in entries if e["msgid"] != ""]


def _where(entry: dict) -> str:
    return f"{entry['msgid']!r} ({', '.join(entry.get('refs', [])[:2])})"


def _translations(entry: dict) -> list[str]:
    if "msgid_plural" in entry:
        return [entry[k] for k in entry.get("plurals", [])]
    return [entry.get("msgstr", "")]


def test_catalogue_is_not_empty(catalogue):
    assert len(catalogue) > 500


def test_every_entry_translated_and_not_fuzzy(catalogue):
    untranslated = [_where(e) for e in catalogue if not all(t.strip() for t in _translations(e))]
    fuzzy = [_where(e) for e in catalogue if "fuzzy" in e.get("flags", set())]
    plural_short = [_where(e) for e in catalogue if "msgid_plural" in e and len(e.get("plurals", [])) < 2]
    assert not untranslated, f"{len(untranslated)} untranslated: {untranslated[:20]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy: {fuzzy[:20]}"
    assert not plural_short, f"plural entries without both forms: {plural_short[:20]}"


def test_header_is_english_and_not_fuzzy():
    text = PO_PATH.read_text(encoding="utf-8")
    head = text.split("\n\n", 1)[0]
    assert "#, fuzzy" not in head
    assert '"Language: en\\n"' in head


def test_placeholders_match(catalogue):
    wrong = []
    for entry in catalogue:
        sources = [entry["msgid"]] + ([entry["msgid_plural"]] if "msgid_plural" in entry else [])
        expected = placeholders(sources[-1])
        for text in _translations(entry):
            if placeholders(text) != expected:
                wrong.append(f"{_where(entry)} -> {text!r}")
            if text.count("%%") != sources[-1].count("%%"):
                wrong.append(f"{_where(entry)} -> {text!r} (%% count)")
    assert not wrong, "\n".join(wrong[:30])


def test_html_tags_kept(catalogue):
    wrong = [
        _where(e) for e in catalogue if any(sorted(HTML_TAG.findall(t)) != sorted(HTML_TAG.findall(e["msgid"])) for t in _translations(e))
    ]
    assert not wrong, wrong[:20]


def test_leading_and_trailing_newlines_kept(catalogue):
    wrong = [
        _where(e)
        for e in catalogue
        if any(t.startswith("\n") != e["msgid"].startswith("\n") or t.endswith("\n") != e["msgid"].endswith("\n") for t in _translations(e))
    ]
    assert not wrong, wrong[:20]


@pytest.mark.django_db
def test_login_page_follows_language_cookie(client):
    url = reverse("accounts:login")
    indonesian = client.get(url).content.decode()
    assert "Kata sandi" in indonesian

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(url).content.decode()
    assert "Password" in english or "Log in" in english
    assert "Kata sandi" not in english


def test_login_url_is_the_public_one():
    assert reverse("accounts:login") == "/akun/masuk/"
