"""The module table (docs/architecture.md, *Layers*) names every module of the package, and
every path it names exists."""

from __future__ import annotations

import re

from dashboard.config import REPO_ROOT

TABLE_FILE = REPO_ROOT / "docs" / "architecture.md"


def _layout_table() -> str:
    text = TABLE_FILE.read_text(encoding="utf-8")
    start = text.index("| path | what |")
    return text[start : text.index("\n\n", start)]


def test_every_module_is_in_the_table():
    table = _layout_table()
    named = set(re.findall(r"`([\w./-]+)`", table))  # a row may name siblings by file name
    packages = {p.rstrip("/").split("/")[-1] for p in named if p.startswith("dashboard/")}
    missing = []
    for path in sorted((REPO_ROOT / "dashboard").rglob("*.py")):
        relative = path.relative_to(REPO_ROOT / "dashboard").as_posix()
        package_row = path.name == "__init__.py" and path.parent.name in packages | {"dashboard"}
        if not ({relative, f"dashboard/{relative}", path.name} & named or package_row):
            missing.append(relative)
    assert not missing, f"docs/architecture.md's module table does not name: {missing}"


def test_every_path_in_the_table_exists():
    roots = (REPO_ROOT, REPO_ROOT / "dashboard")
    for cell in re.findall(r"^\| ([^|]+) \|", _layout_table(), re.MULTILINE)[1:]:
        for path in re.findall(r"`([\w./-]+/?)`", cell):
            name = path.split("/")[-1] or path
            assert any((root / path).exists() for root in roots) or any(
                (REPO_ROOT / "dashboard").rglob(name)
            ), f"docs/architecture.md names {path}, which does not exist"
