"""Översikt's questions (#34, item 7): the few questions leadership asks, each one choice that
sets the map's indicator, answered in words beside the map; offered only where the data can
answer them."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from dashboard.data.loader import get_dataset
from dashboard.domain import overview

pytestmark = pytest.mark.unit

TEXTS = [
    "Vilka kommuner har kvinnofridssamordnare?",
    "Hur långt har kommunerna kommit med SUV?",
    "Hur väl följer kommunerna SOSFS 2014:4 – totalt och per mål?",
    "Vilka kommuner har en lokal handlingsplan?",
]


@pytest.fixture(scope="module")
def ds():
    return get_dataset()


def state(ds, indicator_id: str, year: int) -> overview.OverviewState:
    return overview.resolve_state(ds, {"indikator": indicator_id, "ar": str(year)})


def with_values(ds, indicator_id: str, year: int, raws: dict[str, str]):
    """The dataset with these municipalities' raw values of the indicator in the year."""
    values = ds.values.copy()
    for code, raw in raws.items():
        hit = ((values["indicator_id"] == indicator_id) & (values["year"] == year)
               & (values["municipality_code"] == code))  # fmt: skip
        assert hit.sum() == 1
        values.loc[hit, "raw"] = raw
    return replace(ds, values=values)


def test_the_four_questions_are_offered_in_order_with_what_they_open(ds):
    offered = overview.offered_questions(ds)
    assert [q.question.text for q in offered] == TEXTS
    assert [q.indicator_id for q in offered] == [
        "samordnare", "suv_status", "sosfs_alla", overview.LOCAL_PLAN_LAYER]  # fmt: skip
    # compliance per goal: the whole and each of the catalogue's goals, in their order
    sosfs = offered[2]
    assert sosfs.parts == (("sosfs_alla", "Alla mål"), ("sosfs_mal1", "Mål 1"),
                           ("sosfs_mal2", "Mål 2"), ("sosfs_mal3", "Mål 3"),
                           ("sosfs_mal4", "Mål 4"))  # fmt: skip
    assert overview.current_question(ds, state(ds, "sosfs_mal3", 2025)) == sosfs
    assert overview.current_question(ds, state(ds, "krit_1_1", 2025)) is None


def test_a_question_the_data_cannot_answer_is_not_offered(ds):
    """The county's catalogue decides: without the indicator (or without local plans) the
    question is not offered, and the others stay."""
    indicators = ds.indicators[~ds.indicators["id"].isin(["samordnare", "suv_status"])]
    fewer = replace(ds, indicators=indicators, local_plans=ds.local_plans.iloc[0:0])
    texts = [q.question.text for q in overview.offered_questions(fewer)]
    assert texts == [TEXTS[2]]


def test_who_lacks_a_coordinator_is_said_by_name(ds):
    changed = with_values(ds, "samordnare", 2025, {"0764": "nej", "0761": "nej"})
    lines = [line.text for line in overview.answer(changed, state(changed, "samordnare", 2025))]
    assert lines[0] == "Saknar samordnare: Alvesta, Lessebo"
    assert lines[1].startswith("Har samordnare: Ljungby, Markaryd")
    assert "Alvesta" not in lines[1]


def test_when_none_lacks_one_the_answer_says_so(ds):
    everyone = with_values(ds, "samordnare", 2025, {c: "ja" for c in ds.municipalities["code"]})
    lines = [line.text for line in overview.answer(everyone, state(everyone, "samordnare", 2025))]
    assert lines == ["Saknar samordnare: ingen kommun", "Har samordnare: alla 8 kommunerna"]


def test_suv_is_answered_furthest_first_on_the_scales_words(ds):
    lines = overview.answer(ds, state(ds, "suv_status", 2025))
    assert [line.label for line in lines] == ["I bruk", "Införande", "Planering", "Ej påbörjat"]
    names = [n for line in lines for n in line.names]
    assert sorted(names) == sorted(ds.municipalities["name"])  # each municipality once


def test_a_share_is_answered_highest_first_with_its_values(ds):
    (line,) = overview.answer(ds, state(ds, "sosfs_alla", 2025))
    assert line.label == "Högst först"
    values = [float(n.split(" ")[-1].split("\xa0")[0]) for n in line.names]
    assert values == sorted(values, reverse=True) and len(values) == 8
    assert line.names[0].startswith("Alvesta ") and line.names[0].endswith("\xa0%")


def test_local_plans_are_answered_per_standing(ds):
    lines = overview.answer(ds, state(ds, overview.LOCAL_PLAN_LAYER, 2025))
    assert [line.label for line in lines] == [
        "Gällande lokal plan", "Planen har gått ut", "Ingen lokal plan"]  # fmt: skip
    assert lines[0].text == "Gällande lokal plan: Lessebo, Växjö"


def test_a_missing_value_is_listed_last_and_a_long_list_is_cut():
    line = overview.AnswerLine("Ja", tuple(f"K{i}" for i in range(12)), more=37)
    assert line.text.endswith("K11 och 37 till")
    frame = pd.DataFrame({"shown": [f"K{i}" for i in range(30)], "score": range(30),
                          "label": [f"{i} %" for i in range(30)]})  # fmt: skip
    high, low = overview._ranked_lines(frame)
    assert high.names[0] == "K29 29 %" and low.names[-1] == "K0 0 %"
    assert len(high.names) == len(low.names) == overview.ANSWER_NAMES // 2


def test_a_year_without_a_value_says_uppgift_saknas_last(ds):
    values = ds.values[~((ds.values["indicator_id"] == "samordnare") & (ds.values["year"] == 2025)
                         & (ds.values["municipality_code"] == "0780"))]  # fmt: skip
    fewer = replace(ds, values=values)
    lines = overview.answer(fewer, state(fewer, "samordnare", 2025))
    assert lines[-1].text == "Uppgift saknas: Växjö"
    assert all("Växjö" not in line.text for line in lines[:-1])


def test_the_page_marks_the_question_answered_and_links_each_to_its_map(ds, app):
    from dashboard.pages import oversikt

    html = oversikt.view(ds, state(ds, "sosfs_mal2", 2024))["questions"]["props"]["html"]
    assert html.count('aria-current="true"') == 1
    current = html.split('aria-current="true"')[0].rsplit("<a", 1)[1]
    assert "indikator=sosfs_alla" in current and "ar=2024" in current
    for indicator_id in ("samordnare", "suv_status", "lokal_handlingsplan"):
        assert (
            f"/?indikator={indicator_id}&amp;ar=2024&amp;sortera=kommun#oversikt-karttitel" in html
        )
    answer = oversikt.view(ds, state(ds, "sosfs_mal2", 2024))["answer"]["props"]["html"]
    assert "Högst först:" in answer and "Mål 4" in answer  # the parts, to choose among
    assert 'title="Efterlevnad av SOSFS 2014:4, mål 4' in answer  # which goal, on hover
