"""The rules docs/architecture.md states for the code's layout, checked on the code itself.

- Data flows one way: a layer imports only the layers before it (data → domain → charts,
  ui → pages → web); nothing but the entry points imports web.
- Dash's internals are used in dash_seam.py only (and assets/02_dash_seam.js in the browser).
- A page takes its colours from charts/ (charts/colours.py), never a palette of its own.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from dashboard.config import REPO_ROOT

PACKAGE = REPO_ROOT / "dashboard"
SHARED = {"config", "cache"}  # beside the layers, used by all
ALLOWED = {
    "config": set(),
    "cache": {"config"},
    "dash_seam": set(),
    "data": {"config"},
    "domain": {"config", "data"},
    "charts": {"config", "data", "domain"},
    "ui": SHARED | {"data", "domain", "dash_seam"},
    "pages": SHARED | {"data", "domain", "charts", "ui"},
    "web": SHARED | {"data", "domain", "charts", "ui", "pages", "dash_seam"},
}


def _layer(path: Path) -> str:
    parts = path.relative_to(PACKAGE).parts
    return parts[0] if len(parts) > 1 else path.stem


def _imported_layers(path: Path) -> set[str]:
    layers = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "dashboard" and len(parts) > 1 and parts[1] in ALLOWED:
                layers.add(parts[1])
    return layers


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if _layer(p) in ALLOWED)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(REPO_ROOT)))
def test_a_module_imports_only_the_layers_before_its_own(path):
    layer = _layer(path)
    wrong = _imported_layers(path) - ALLOWED[layer] - {layer}
    assert not wrong, f"{path.relative_to(REPO_ROOT)} ({layer}) imports {sorted(wrong)}"


def test_the_rule_sees_a_wrong_import(tmp_path):
    page = tmp_path / "dashboard" / "pages" / "x.py"
    page.parent.mkdir(parents=True)
    page.write_text("from dashboard.web import app\nfrom dashboard.dash_seam import page_at\n")
    assert _imported_layers(page) == {"web", "dash_seam"}


PRIVATE_DASH = re.compile(r"\bdash(?:\.\w+)*\._\w+|\b_dash\w+\b")


def test_dash_internals_only_in_the_seam():
    uses = []
    for path in sorted(PACKAGE.rglob("*.py")) + sorted((REPO_ROOT / "assets").glob("*.js")):
        if path.name in {"dash_seam.py", "02_dash_seam.js"} or path.name.startswith("00_"):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#")[0] if path.suffix == ".py" else line.split("//")[0]
            if PRIVATE_DASH.search(code):
                uses.append(f"{path.relative_to(REPO_ROOT)}:{number}: {line.strip()}")
    assert not uses, "Dash internals outside dash_seam:\n" + "\n".join(uses)


COLOUR = re.compile(r"""["']#[0-9a-fA-F]{3,8}["']|\brgba?\(""")


def test_pages_and_ui_take_their_colours_from_charts():
    found = [
        f"{path.relative_to(REPO_ROOT)}:{number}"
        for folder in ("pages", "ui")
        for path in sorted((PACKAGE / folder).glob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if COLOUR.search(line)
    ]
    assert not found, f"colours of their own (use dashboard/charts/colours.py): {found}"


def test_the_rules_see_what_they_forbid():
    for code in ("from dash._pages import _path_to_page", "dash._callback.GLOBAL_CALLBACK_LIST",
                 "window._dashPlotlyJSURL = u", "new CustomEvent('_dashprivate_pushstate')"):  # fmt: skip
        assert PRIVATE_DASH.search(code), code
    assert not PRIVATE_DASH.search("f'{prefix}_dash-layout'")
    assert COLOUR.search('style={"color": "#d55e00"}')


MAX_FUNCTION_LINES = 60  # issue #32: no function a reader must hold in mind at once


def _long_functions(path: Path) -> list[str]:
    """'line name (N lines)' for each function or method in the file over the limit."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        f"{node.lineno} {node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno is not None
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    ]


def test_every_function_fits_in_sixty_lines():
    # The generated component class (scripts/) is not written by hand. ruff's mccabe check
    # (pyproject.toml) keeps each function's cyclomatic complexity at 15 or less.
    long = [
        f"{path.relative_to(REPO_ROOT)}:{entry}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.name != "html_block_component.py"
        for entry in _long_functions(path)
    ]
    assert not long, (
        f"functions over {MAX_FUNCTION_LINES} lines (split them into named parts):\n"
        + "\n".join(long)
    )


def test_the_length_rule_sees_a_long_function(tmp_path):
    long, short = tmp_path / "long.py", tmp_path / "short.py"
    long.write_text("def f():\n" + "    x = 1\n" * MAX_FUNCTION_LINES)
    short.write_text("def f():\n" + "    x = 1\n" * (MAX_FUNCTION_LINES - 1))
    assert _long_functions(long) == ["1 f (61 lines)"]
    assert _long_functions(short) == []
