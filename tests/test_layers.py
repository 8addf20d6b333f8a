"""Imports follow the layers: core <- loaders, analysis <- ui <- app_pages, dashboard.py.

Every module's imports (top level and inside functions) are read with ``ast``:

* ``core/`` imports nothing of ours;
* ``loaders/`` and ``analysis/`` import only ``core`` (and their own package);
* ``ui/`` imports ``core``, ``loaders``, ``analysis`` and ``ui``;
* ``app_pages/`` and ``dashboard.py`` sit on top and may import all of these;
* Streamlit (and streamlit-folium, which imports it) only in ``ui/``,
  ``app_pages/`` and ``dashboard.py``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.paths import ROOT

OURS = {"core", "loaders", "analysis", "ui", "app_pages", "dashboard"}
MAY_IMPORT = {
    "core": {"core"},
    "loaders": {"core", "loaders"},
    "analysis": {"core", "analysis"},
    "ui": {"core", "loaders", "analysis", "ui"},
    "app_pages": {"core", "loaders", "analysis", "ui"},
    "dashboard": {"core", "loaders", "analysis", "ui"},
}
STREAMLIT = {"streamlit", "streamlit_folium"}
STREAMLIT_LAYERS = {"ui", "app_pages", "dashboard"}

# Imports against the order that are known and owned by someone, as
# (module path, imported package): remove an entry when its import is gone.
# Empty: the one known exception (loaders/upload.py importing analysis.remoteness
# to enrich uploads) went with issue 10 (analysis/enrich.py).
ALLOWED: set[tuple[str, str]] = set()


def layer_of(path: Path) -> str:
    """'core', 'loaders', ..., or 'dashboard' for the entry script."""
    relative = path.relative_to(ROOT)
    return relative.parts[0] if len(relative.parts) > 1 else relative.stem


def imported_packages(source: str, layer: str) -> set[str]:
    """Top-level packages imported anywhere in ``source`` (relative imports stay in ``layer``)."""
    out = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            out |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            out.add(layer if node.level else (node.module or "").split(".")[0])
    return out


def violations(relative: str, source: str) -> list[str]:
    """What in ``source`` (the module at ``relative``) imports against the layer order."""
    layer = layer_of(ROOT / relative)
    problems = []
    for package in sorted(imported_packages(source, layer)):
        if (relative, package) in ALLOWED:
            continue
        if package in OURS and package not in MAY_IMPORT[layer]:
            problems.append(f"{relative} ({layer}) imports {package}")
        if package in STREAMLIT and layer not in STREAMLIT_LAYERS:
            problems.append(f"{relative} ({layer}) imports {package}: Streamlit belongs to ui/ and the pages")
    return problems


MODULES = sorted(
    [p for layer in MAY_IMPORT if (ROOT / layer).is_dir() for p in (ROOT / layer).rglob("*.py")]
    + [ROOT / "dashboard.py"]
)


def test_every_layer_has_modules():
    assert {layer_of(p) for p in MODULES} == set(MAY_IMPORT)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_module_imports_follow_the_layers(path: Path):
    relative = str(path.relative_to(ROOT))
    assert violations(relative, path.read_text(encoding="utf-8")) == []


def test_allowed_exceptions_are_still_needed():
    for relative, package in ALLOWED:
        source = (ROOT / relative).read_text(encoding="utf-8")
        assert package in imported_packages(source, layer_of(ROOT / relative)), (relative, package)


@pytest.mark.parametrize(
    ("relative", "source", "expected"),
    [
        ("core/x.py", "from loaders import geodata", "core/x.py (core) imports loaders"),
        ("analysis/x.py", "def f():\n    from ui import cache", "analysis/x.py (analysis) imports ui"),
        ("loaders/x.py", "import analysis.remoteness", "loaders/x.py (loaders) imports analysis"),
        ("ui/x.py", "import app_pages.compare", "ui/x.py (ui) imports app_pages"),
        ("analysis/x.py", "import streamlit as st", "analysis/x.py (analysis) imports streamlit"),
        (
            "loaders/x.py",
            "from streamlit_folium import st_folium",
            "loaders/x.py (loaders) imports streamlit",
        ),
    ],
)
def test_the_check_catches_an_import_against_the_order(relative, source, expected):
    found = violations(relative, source)
    assert len(found) == 1 and found[0].startswith(expected)


def test_the_check_lets_the_order_pass():
    assert violations("ui/x.py", "from analysis import dispersal\nimport streamlit") == []
    assert violations("analysis/sub/x.py", "from . import y\nfrom core.schema import WGS84") == []
