"""A county folder scaffolded from another county's plan says so on every view (the shell)."""

from __future__ import annotations

import json

from dashboard.data import loader
from dashboard.data.new_county import scaffold
from dashboard.ui import components


def _shell_text(monkeypatch, ds) -> str:
    monkeypatch.setattr(components, "get_dataset", lambda: ds)
    return json.dumps(components.json_ready(components.shell("sidan", "/")), ensure_ascii=False)


def test_a_scaffolded_county_says_its_plan_is_a_starting_point(tmp_path, monkeypatch):
    made = scaffold("12", tmp_path / "skane")
    ds = loader.load_dataset(made.folder, made.folder / "geo")
    text = _shell_text(monkeypatch, ds)
    assert "Utgångspunkt, inte länets egen plan." in text
    assert "Exempeldata." in text  # its values are example data too


def test_the_countys_own_plan_has_no_such_notice(monkeypatch):
    ds = loader.get_dataset()
    assert "utgangspunkt" not in ds.plan.document
    assert "Utgångspunkt, inte länets egen plan." not in _shell_text(monkeypatch, ds)
