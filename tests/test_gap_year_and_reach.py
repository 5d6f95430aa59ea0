"""A review's findings on the local plans, the activity plan's reach and two small things
(#33), each on data whose answer is known: a year no local plan is in force says so first
(page, report page, report documents); participants beyond the sum of nådda are explained;
the reach map gives 0 a step of its own and keeps its steps from year to year; the
assessment's documents are not parted by the file's " | "; the print button is a primary
outline button; a scrolling table's caption wraps within a phone's width."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pandas as pd
import plotly
import pytest

from dashboard.charts.colours import NONE_COLOR, count_scale
from dashboard.data.loader import get_dataset
from dashboard.domain import activity_plan, assessments, local_plans
from dashboard.ui import assessment, municipality_report
from dashboard.ui import report_content as rc

pytestmark = pytest.mark.unit

GAP = ("Ingen lokal plan gällde 2022. Den förra gällde till 2021; en ny antogs 2022-11-21 och "
       "gäller från 2023.")  # fmt: skip


def _text(component) -> str:
    return json.dumps(component, cls=plotly.utils.PlotlyJSONEncoder, ensure_ascii=False)


@pytest.fixture(scope="module")
def ds():
    """The example data with Växjö's two plans as the review saw them: 2018–2021, then one
    adopted 2022-11-21 that applies 2023–2026; 2022 has none in force."""
    base = get_dataset()
    row = {"exists": True, "adopted_by": "Kommunfullmäktige", "note": "", "is_example": False,
           "actor": "0780"}  # fmt: skip
    frame = pd.DataFrame([
        row | {"adopted": pd.Timestamp("2018-05-14"), "valid_from": pd.NA, "valid_through": 2021,
               "subgoal_ids": ("1.3", "2.4")},
        row | {"adopted": pd.Timestamp("2022-11-21"), "valid_from": 2023, "valid_through": 2026,
               "subgoal_ids": ("1.3", "2.1", "2.2")},
    ])  # fmt: skip
    for column in ("valid_from", "valid_through"):
        frame[column] = frame[column].astype("Int64")
    return replace(base, local_plans=frame)


# --- 1. the gap year --------------------------------------------------------------------------


def test_a_year_without_a_plan_in_force_says_so_first(ds):
    assert local_plans.year_text(ds, "0780", 2022) == GAP
    assert local_plans.year_text(ds, "0780", 2027) == ("Ingen lokal plan gällde 2027. Den "
                                                       "förra gällde till 2026.")  # fmt: skip
    assert local_plans.year_text(ds, "0780", 2017) == (
        "Ingen lokal plan gällde 2017. Den första planen antogs 2018-05-14 och gäller från 2018."
    )
    # a year with a plan in force reads as before
    assert local_plans.year_text(ds, "0780", 2024).startswith("Antagen 2022-11-21")


def test_the_kommun_page_opens_the_gap_year_with_it_and_the_old_delmal_in_past_tense(ds, app):
    from dashboard.pages import kommun

    section = kommun.local_plan_section(ds, "0780", 2022)
    first = next(c for c in section.children if getattr(c, "id", "") == "kommun-lokal-plan-lage")
    assert first.children == GAP
    text = _text(section)
    assert "Den förra planen, som gällde till 2021" in text and "Den tog upp 2 av" in text
    assert "Planen tar upp" not in text and "Planen som gäller 2022" not in text
    assert "Planen som gäller 2024 tar upp 3 av" in _text(kommun.local_plan_section(ds, "0780",
                                                                                    2024))  # fmt: skip


def test_the_report_page_and_documents_open_the_gap_year_with_it(ds, app):
    from dashboard.pages import kommunrapport

    lines = municipality_report.local_plan_lines(ds, "0780", 2022)
    assert lines[0] == GAP
    assert lines[1].startswith("Den förra planen, som gällde till 2021, tog upp 2 av")
    part = kommunrapport.local_plan_part(ds, "0780", "Växjö", 2022)
    assert _text(part).index(GAP) < _text(part).index("Den förra planen")
    blocks = municipality_report.local_plan_blocks(ds, "0780", "Växjö", 2022)
    paragraphs = [b.text for b in blocks if isinstance(b, rc.Paragraph)]
    assert paragraphs[0] == GAP


# --- 2. participants and reach ----------------------------------------------------------------


def _activity(**values) -> dict:
    row = {"planning": "planerad", "target_group": "", "sectors": (), "partners": (),
           "reach": (("0760", 5), ("0763", 44), ("0767", 11)), "participants": 61,
           "result": "", "evaluation": "", "reason": "", "status": "genomford"}  # fmt: skip
    return row | values


def test_participants_beyond_the_reach_are_explained(ds):
    facts = dict(activity_plan.activity_facts(ds, _activity()))
    assert facts["Nådda"] == ("Uppvidinge 5, Tingsryd 44, Markaryd 11 – 60 av 61 deltagare; "
                              "1 utan angiven kommun eller aktör")  # fmt: skip
    same = dict(activity_plan.activity_facts(ds, _activity(participants=60)))
    assert same["Nådda"].endswith("– alla 60 deltagare")
    unknown = dict(activity_plan.activity_facts(ds, _activity(participants=pd.NA)))
    assert unknown["Nådda"].endswith("(summa 60)")


def test_the_pages_activity_lists_show_the_explanation(app):
    from dashboard.pages import strategi_delmal, verksamhetsplan

    data = get_dataset()
    frame = data.activities
    mismatched = frame[frame["participants"].notna() & (frame["reach"].map(len) > 0)]
    mismatched = mismatched[mismatched["participants"] > mismatched["reach_total"]]
    assert not mismatched.empty  # the example data has such an activity
    row = mismatched.iloc[0]
    given, total = int(row["participants"]), int(row["reach_total"])
    said = f"{total} av {given} deltagare; {given - total} utan angiven kommun eller aktör"
    assert said in _text(verksamhetsplan.activities_section(data, int(row["year"])))
    subgoal = row["subgoal_ids"][0]
    assert said in _text(strategi_delmal.activity_log(data, subgoal))


# --- 3. the reach map's steps ----------------------------------------------------------------


def test_zero_has_a_step_of_its_own():
    scale = count_scale(186, zero_label="Ingen nådd")
    assert [s.label for s in scale.steps] == ["Ingen nådd", "1–4", "5–9", "10–49",
                                              "50 eller fler"]  # fmt: skip
    assert scale.color(0, 0.0) == NONE_COLOR
    assert scale.color(5, 5.0) != NONE_COLOR and scale.color(1, 1.0) != NONE_COLOR
    assert len({s.color for s in scale.steps}) == len(scale.steps)
    assert count_scale(0, zero_label="Ingen nådd").steps[0].label == "Ingen nådd"


def test_the_reach_map_keeps_its_steps_from_year_to_year(app):
    from dashboard.pages import verksamhetsplan

    data = get_dataset()
    legends = {}
    for year in activity_plan.years(data)[-2:]:
        towns = activity_plan.municipal_reach(data, year)
        assert (towns["reached"] == 0).any() and (towns["reached"] > 0).any()
        painted = verksamhetsplan.reach_map(data, year, towns, example=True)
        legends[year] = re.search(r'<ul class="map-legend".*?</ul>', painted, re.S).group(0)
        assert "Ingen nådd" in legends[year] and NONE_COLOR in legends[year]
    first, second = legends.values()
    assert first == second


# --- 4.–6. small things -------------------------------------------------------------------


def test_the_assessments_documents_are_not_parted_by_a_bar(ds):
    item = assessments.Assessment(2025, "1.1", "pa_vag", "På väg", "T", (), (), (),
                                  ("Länsstyrelsens årsrapportering (intern)",
                                   "Öppna jämförelser – våld 2020"), False)  # fmt: skip
    text = _text(assessment.evidence_list(ds, item, "1.1"))
    assert "|" not in text
    assert 'Länsstyrelsens årsrapportering (intern)", "; ", "Öppna jämförelser' in text


def test_the_print_button_is_a_primary_outline_button(app):
    from dashboard.pages import kommunrapport

    text = _text(kommunrapport.layout(kod="0780")).replace('\\"', '"')  # rendered HTML
    button = re.search(r'<button [^>]*id="rapport-skriv-ut"[^>]*>', text).group(0)
    assert 'class="btn btn-outline-primary"' in button


def test_a_scrolling_tables_caption_wraps_within_a_phones_width():
    css = (Path(__file__).resolve().parents[1] / "assets" / "02_app.css").read_text("utf-8")
    phone = re.search(r"@media \(max-width: 767\.98px\) \{(.*?)\n\}", css, re.S)
    assert phone, "no phone rule for the scrolling tables"
    rules = phone.group(1)
    assert re.search(r"\.table-responsive \{[^}]*container-type: inline-size", rules)
    caption = re.search(r"\.table-responsive > table > caption \{([^}]*)\}", rules).group(1)
    assert "position: sticky" in caption and "max-width: 100cqi" in caption
