"""Shared UI components: text helpers."""

from __future__ import annotations

from dashboard.ui.components import soft_hyphens


def test_soft_hyphens_mark_the_compound_joints():
    assert soft_hyphens("Kvinnofridssamordnare") == "Kvinnofrids\u00adsamordnare"
    assert soft_hyphens("har kvinnofridssamordnare 2025") == "har kvinnofrids\u00adsamordnare 2025"
    assert soft_hyphens("Ja") == "Ja"
