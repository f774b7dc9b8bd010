"""The fast paths on library internals were checked with the versions in ``core.compat.CHECKED``;
on any other version this fails and names what to rerun (``core/compat.py`` says how)."""

import ast
import re
from importlib.metadata import version
from pathlib import Path

import django
import pytest
from django.conf import settings

from core.compat import CHECKED, INTERNALS, rerun_list

ROOT = Path(settings.BASE_DIR)


def installed(library: str) -> str:
    if library == "django":
        return "{}.{}".format(*django.VERSION[:2])
    return ".".join(version(library).split(".")[:2])


@pytest.mark.parametrize("library", sorted(CHECKED))
def test_the_installed_version_was_checked(library):
    assert installed(library) in CHECKED[library], (
        f"{library} {installed(library)} has not been checked (checked: {', '.join(CHECKED[library])}). "
        f"These modules rely on its internals; rerun their tests and benchmarks, then add the version "
        f"to core/compat.py CHECKED:\n{rerun_list(library)}"
    )


def test_every_listed_module_test_and_bench_exists():
    missing = [path for i in INTERNALS for path in (i.module, *i.tests, i.bench) if path and not (ROOT / path).exists()]
    assert missing == []
    assert {i.library for i in INTERNALS} <= set(CHECKED)


# Uses of Django's undocumented query and model internals; a module using one belongs in INTERNALS.
MARKERS = re.compile(r"get_compiler\(|sql_with_params\(|set_cached_value\(|\._state\.|django\.db\.models\.sql|\.query\.where|ops\.adapt_")


def test_every_module_using_internals_is_listed():
    packages = [p.parent for p in ROOT.glob("*/__init__.py") if p.parent.name not in {"tests", "bench"}]
    using = {
        str(path.relative_to(ROOT))
        for package in packages
        for path in package.rglob("*.py")
        if "migrations" not in path.parts and MARKERS.search(path.read_text(encoding="utf-8"))
    }
    assert using - {i.module for i in INTERNALS} - {"core/compat.py"} == set()


def test_the_failure_names_the_modules_tests_and_benches():
    lines = rerun_list("django").splitlines()
    assert len(lines) == sum(1 for i in INTERNALS if i.library == "django")
    assert any(
        "banking/selectors.py" in line and "tests/banking/test_api_key_lookup.py" in line and "bench/api/run.py" in line for line in lines
    )


# core/db.py and imports/sqlfast.py are listed above but are not held to the header wording here:
# both describe their own fast paths in their docstrings.
@pytest.mark.parametrize("internal", [i for i in INTERNALS if i.module not in {"core/db.py", "imports/sqlfast.py"}], ids=lambda i: i.module)
def test_the_module_says_so_at_the_top(internal):
    """Its docstring names the tests and the benchmark to rerun on an upgrade."""
    docstring = ast.get_docstring(ast.parse((ROOT / internal.module).read_text(encoding="utf-8"))) or ""
    assert "core/compat.py" in docstring
    for path in (*internal.tests, internal.bench):
        assert path in docstring
