"""The apps depend on each other in one direction only (README, "Dependencies point one way").

Every import between the project's apps, at module level or inside a function, must point from a
higher layer to a lower one. A module named ``importers.py`` is a plug-in of the ``imports`` app
(it registers itself there), so it sits at the ``imports`` layer whichever app holds it. No upward
import means no import cycle between apps.
"""

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)

# Lowest first. Keep in step with the README's dependency sentence.
LAYERS = [
    "core",
    "accounts",
    "regions",
    "institution",
    "notifications",
    "enrollment",
    "umkm",
    "cooperatives",
    "imports",
    "compliance",
    "banking",
    "portal",
    "api",
    "outreach",
    "dashboard",
    "privacy",
    "demo",
]
NOT_APPS = {"kolaka_jamsostek", "tests", "bench", "scripts", "docs"}


def project_packages() -> set[str]:
    return {p.parent.name for p in ROOT.glob("*/__init__.py") if p.parent.name not in NOT_APPS and not p.parent.name.startswith(".")}


def imported_apps(path: Path, apps: set[str]) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found.update(name.split(".")[0] for name in names if name.split(".")[0] in apps)
    return found


def layer_of(app: str, path: Path) -> int:
    return LAYERS.index("imports" if path.name == "importers.py" else app)


def upward_imports() -> list[str]:
    apps = set(LAYERS)
    found = []
    for app in LAYERS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            for target in imported_apps(path, apps):
                if target != app and LAYERS.index(target) > layer_of(app, path):
                    found.append(f"{path.relative_to(ROOT)} imports {target}")
    return found


def test_every_app_has_a_layer():
    assert project_packages() == set(LAYERS)


def test_no_app_imports_a_higher_one():
    assert upward_imports() == []


def test_the_guard_sees_an_upward_import(tmp_path, monkeypatch):
    """The check itself: a lower app importing a higher one is reported, a downward import is not."""
    (tmp_path / "core").mkdir()
    (tmp_path / "core" / "bad.py").write_text("def f():\n    from dashboard.models import Fact\n", encoding="utf-8")
    (tmp_path / "dashboard").mkdir()
    (tmp_path / "dashboard" / "good.py").write_text("from core.money import parse_rupiah\n", encoding="utf-8")
    for app in set(LAYERS) - {"core", "dashboard"}:
        (tmp_path / app).mkdir()
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    assert upward_imports() == ["core/bad.py imports dashboard"]


def test_the_readme_states_the_same_order():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    sentence = readme[readme.index("Dependencies point one way") :].split(". ")[0]
    positions = [sentence.index(f"`{app}`") for app in LAYERS]
    assert positions == sorted(positions)
