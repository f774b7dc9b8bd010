"""The apps depend on each other in one direction only (README, "Dependencies point one way").

Every import between the project's apps, at module level or inside a function, must point from a
higher layer to a lower one. A module named ``importers.py`` is a plug-in of the ``imports`` app
(it registers itself there), so it sits at the ``imports`` layer whichever app holds it. No upward
import means no import cycle between apps. Inside an app, modules import each other without a
cycle at module level, no cycle (counting imports inside functions) runs through a selectors
module, and no selector imports a tasks module or queues work.
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


# --- inside an app ------------------------------------------------------------------------------
# Reads do not start work: a selector that enqueued a task made selectors -> tasks -> services ->
# selectors a cycle. Module-level imports form no cycle at all; imports inside functions (a task
# calling its service, a service queueing its task after the commit) may, but never through a
# selectors module.


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


def app_modules(app: str) -> dict[str, Path]:
    return {module_name(p): p for p in sorted((ROOT / app).rglob("*.py")) if "migrations" not in p.parts}


def imported_modules(path: Path, modules, *, inside_functions: bool) -> set[str]:
    """The modules of ``modules`` that ``path`` imports (``from pkg import mod`` counts as ``pkg.mod``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = set()
    for node in ast.walk(tree) if inside_functions else tree.body:
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
        else:
            continue
        found.update(name for name in names if name in modules)
    return found - {module_name(path)}


def import_cycles(app: str, *, inside_functions: bool) -> list[list[str]]:
    """Each group of ``app``'s modules that import each other in a circle (strongly connected)."""
    modules = app_modules(app)
    graph = {name: imported_modules(path, modules, inside_functions=inside_functions) for name, path in modules.items()}

    def reachable(start: str) -> set[str]:
        seen, todo = set(), [start]
        while todo:
            for target in graph[todo.pop()] - seen:
                seen.add(target)
                todo.append(target)
        return seen

    reach = {name: reachable(name) for name in graph}
    groups = {frozenset({name} | {other for other in reach[name] if name in reach[other]}) for name in graph if name in reach[name]}
    return sorted(sorted(group) for group in groups)


def test_no_import_cycle_between_modules_of_an_app():
    assert {app: cycles for app in LAYERS if (cycles := import_cycles(app, inside_functions=False))} == {}


def test_no_import_cycle_runs_through_a_selector():
    found = {
        app: [group for group in import_cycles(app, inside_functions=True) if any(m.endswith("selectors") for m in group)] for app in LAYERS
    }
    assert {app: groups for app, groups in found.items() if groups} == {}


def enqueueing_selectors() -> list[str]:
    found = []
    for path in sorted(ROOT.glob("*/selectors.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
            elif isinstance(node, ast.Attribute) and node.attr in {"enqueue", "aenqueue", "delay"}:
                found.append(f"{path.relative_to(ROOT)} calls .{node.attr}")
                continue
            else:
                continue
            for name in names:
                if name.split(".")[-1] == "tasks" or name.split(".")[0] in {"django_tasks", "django_rq", "rq"}:
                    found.append(f"{path.relative_to(ROOT)} imports {name}")
    return found


def test_selectors_never_enqueue():
    assert enqueueing_selectors() == []


def test_the_cycle_guards_see_a_cycle(tmp_path, monkeypatch):
    """The checks themselves: selectors -> tasks -> services -> selectors is found, at module level
    and through a function-level import, and the enqueueing selector is named."""
    app = tmp_path / "dashboard"
    app.mkdir()
    (app / "__init__.py").write_text("", encoding="utf-8")
    (app / "selectors.py").write_text("from dashboard import tasks\n\n\ndef f():\n    tasks.run.enqueue()\n", encoding="utf-8")
    (app / "tasks.py").write_text("def run():\n    from dashboard.services import g\n", encoding="utf-8")
    (app / "services.py").write_text("from dashboard.selectors import f\n", encoding="utf-8")
    (app / "views.py").write_text("from dashboard import selectors, services\n", encoding="utf-8")
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    assert import_cycles("dashboard", inside_functions=False) == []
    cycle = ["dashboard.selectors", "dashboard.services", "dashboard.tasks"]
    assert import_cycles("dashboard", inside_functions=True) == [cycle]
    (app / "tasks.py").write_text("from dashboard.services import g\n", encoding="utf-8")
    assert import_cycles("dashboard", inside_functions=False) == [cycle]
    assert enqueueing_selectors() == ["dashboard/selectors.py imports dashboard.tasks", "dashboard/selectors.py calls .enqueue"]
