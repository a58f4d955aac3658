"""Dependencies point one way: sessions_live -> plans -> learning -> courses -> audit -> cms."""

import ast
import re
from pathlib import Path

import pytest

from tests.servers import BASE_DIR

LAYERS = ["cms", "audit", "courses", "learning", "plans", "sessions_live"]


def imported_apps(app: str) -> set[tuple[str, str]]:
    """(file, app) for every project app that files in ``app`` import."""
    found = set()
    for path in Path(BASE_DIR, app).rglob("*.py"):
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top in LAYERS:
                    found.add((str(path.relative_to(BASE_DIR)), top))
    return found


@pytest.mark.parametrize("app", LAYERS)
def test_an_app_imports_only_itself_and_the_apps_below_it(app):
    allowed = set(LAYERS[: LAYERS.index(app) + 1])
    wrong = sorted(f"{path} imports {target}" for path, target in imported_apps(app))
    wrong = [line for line in wrong if line.rsplit(" ", 1)[1] not in allowed]
    assert wrong == []


def test_the_scan_sees_real_imports():
    # courses builds on cms, so the scanner must find that import.
    assert any(target == "cms" for _, target in imported_apps("courses"))


INCLUDE = re.compile(r"""{%\s*(?:include|extends)\s+["']([a-z_]+)/""")


def included_apps(app: str) -> set[tuple[str, str]]:
    """(file, app) for every project app whose templates ``app``'s templates include."""
    found = set()
    for path in Path(BASE_DIR, app).rglob("templates/**/*.html"):
        for top in INCLUDE.findall(path.read_text()):
            if top in LAYERS:
                found.add((str(path.relative_to(BASE_DIR)), top))
    return found


@pytest.mark.parametrize("app", LAYERS)
def test_an_app_includes_only_its_own_templates_and_those_below_it(app):
    allowed = set(LAYERS[: LAYERS.index(app) + 1])
    wrong = sorted(f"{path} includes {target}/" for path, target in included_apps(app))
    assert [line for line in wrong if line.rsplit(" ", 1)[1].rstrip("/") not in allowed] == []


def test_the_template_scan_sees_real_includes():
    # Learning's forms use the shared form partials in cms.
    assert any(target == "cms" for _, target in included_apps("learning"))
