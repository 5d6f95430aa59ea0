"""The plan's place and basis (issue #33, item 6): the three levels as a figure and what the
revision rests on, on Om data and on Strategi's Sammanhang page, in the plan's words."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.data.loader import get_dataset
from tests.test_plan_words import squash, text_of

PLAN_TEXT = Path(__file__).resolve().parents[2] / "shared" / "plan" / "handlingsplan_kronoberg.txt"
LEVELS = ("Nationell strategi", "Länsstyrelsens handlingsplan för Kronobergs län",
          "Lokala handlingsplaner i Kronobergs län")  # fmt: skip
# The documents the plan names as the revision's basis, as the plan writes them.
BASIS = (
    "”Öppna jämförelser – våld 2020”",
    "”Kartläggning av kvinnofridsarbetet i åtta kommuner och inom hälso- och sjukvården i "
    "Kronobergs län 2018/2019”",
    "”Kartläggning av arbetet mot mäns våld mot kvinnor – Prioritet, insatser och infriande av "
    "lagen; Kronobergs län 2020/2021”",
)


@pytest.fixture(scope="module")
def ds():
    return get_dataset()


def _unhyphenated(text: str) -> str:
    """The plan's text as data/plan/ keeps it: words hyphenated at line ends joined."""
    return squash(text.replace("-\n", "").replace("- \n", ""))


@pytest.mark.parametrize("page", ["om", "strategi_sammanhang"])
def test_both_pages_draw_the_three_levels_in_order_and_the_basis(ds, app, page):
    import importlib

    module = importlib.import_module(f"dashboard.pages.{page}")
    text = squash(text_of(module.layout()))
    positions = [text.find(level) for level in LEVELS]
    assert -1 not in positions and positions == sorted(positions), positions
    assert f"{len(ds.plan.subgoals)} delmål" in text
    for document in BASIS:
        assert squash(document) in text
    assert "Under 2017 tog Länsstyrelsen i Kronobergs län fram handlingsplanen" in text


def test_the_texts_are_the_plans_own_words(ds):
    if not PLAN_TEXT.exists():  # ../shared is beside the clone in CI and here
        pytest.fail(f"the plan's text is missing: {PLAN_TEXT}")
    plan = _unhyphenated(PLAN_TEXT.read_text(encoding="utf-8"))
    for key in ("framtagande", "underlag_revidering"):
        assert squash(ds.plan.document[key]) in plan, key
    for level in LEVELS:  # the plan's figure, its lines joined
        assert level in plan, level


def test_a_plan_without_the_figure_shows_neither_part(ds):
    from types import SimpleNamespace

    from dashboard.ui import plan_context

    other = SimpleNamespace(plan=SimpleNamespace(document={"titel": "En annan plan"}))
    assert plan_context.levels_figure(other) is None
    assert plan_context.revision_basis(other) is None
