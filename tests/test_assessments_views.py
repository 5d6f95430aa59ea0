"""Länsstyrelsens bedömning on the pages (issue #33), without a browser: the delmål page's
section when none is recorded, the plan's years, the evidence's links, and Uppföljning's
download with the assessment in columns of its own beside the computed verdict."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from dashboard.data.loader import get_dataset
from dashboard.domain import assessments, progress
from dashboard.ui import assessment

pytestmark = pytest.mark.unit


def text_of(component) -> str:
    """Every string in a Dash component tree (frozen blocks are rendered HTML: their text)."""
    if component is None:
        return ""
    if isinstance(component, str | int | float):
        return str(component)
    if isinstance(component, list | tuple):
        return " ".join(text_of(c) for c in component)
    html_text = getattr(component, "html", None)
    if isinstance(html_text, str):
        return html_text
    return text_of(getattr(component, "children", None))


def hrefs_of(component) -> list[str]:
    found = []
    if isinstance(component, list | tuple):
        for c in component:
            found += hrefs_of(c)
        return found
    if component is None or isinstance(component, str | int | float):
        return found
    if getattr(component, "href", None):
        found.append(component.href)
    return found + hrefs_of(getattr(component, "children", None))


@pytest.fixture(scope="module")
def ds():
    return get_dataset()


def test_a_delmal_without_indicator_or_assessment_says_it_has_no_judgement(ds):
    without = replace(ds, assessments=ds.assessments.iloc[0:0])
    subgoal = next(s for s in ds.plan.subgoals["id"] if not progress.indicators_of(ds, s))
    text = text_of(assessment.subgoal_section(without, subgoal))
    assert "Ingen bedömning är registrerad för delmålet." in text
    assert "ingen bedömning av hur långt delmålet har kommit" in text
    assert "den enda bedömningen" in text
    with_indicator = next(s for s in ds.plan.subgoals["id"] if progress.indicators_of(ds, s))
    assert "den enda bedömningen" not in text_of(assessment.subgoal_section(without,
                                                                            with_indicator))  # fmt: skip


def test_the_section_shows_only_the_years_of_the_plan_shown(ds):
    subgoal = ds.assessments.groupby("subgoal_id").size().idxmax()  # the one with history
    years = sorted(assessments.for_subgoal(ds, subgoal)["year"])
    assert len(years) > 1
    text = text_of(assessment.subgoal_section(ds, subgoal, (years[-1], years[-1])))
    assert f'data-year="{years[-1]}"' in text and f'data-year="{years[0]}"' not in text
    assert f'data-year="{years[0]}"' in text_of(assessment.subgoal_section(ds, subgoal))


def test_evidence_links_where_it_has_a_page(ds):
    municipality = ds.municipalities.iloc[0]["code"]
    activity = ds.activities.iloc[0]
    item = assessments.Assessment(2025, "2.3", "pa_vag", "På väg", "T", ("samordnare",),
                                  (activity["id"],), (municipality, ds.plan.actors.iloc[0]["id"]),
                                  ("Ett dokument",), False)  # fmt: skip
    links = hrefs_of(assessment.evidence_list(ds, item, "2.3"))
    goal, sub = ds.plan.subgoals.set_index("id").loc[activity["subgoal_ids"][0], "goal_id"], \
        activity["subgoal_ids"][0]  # fmt: skip
    assert links[0] == "#strategi-stapel-samordnare"  # on this page: an anchor
    expected = ("#delmal-aktiviteter" if sub == "2.3"
                else f"/strategi/{goal}/{sub}#delmal-aktiviteter")  # fmt: skip
    assert links[1] == expected
    assert links[2] == f"/kommun/{municipality}"
    assert len(links) == 3  # the other actor and the document are names, not links


def test_the_download_has_the_assessment_beside_the_computed_verdict(ds, app):
    from dashboard.ui import export  # the app fixture imports the pages: their builders

    frame = export._builders["uppfoljning"]({}).frame
    columns = list(frame.columns)
    verdict = columns.index("Beräknad utveckling av delmålet")
    assert columns[verdict + 1: verdict + 4] == [
        "Länsstyrelsens bedömning, år", "Länsstyrelsens bedömning, status",
        "Länsstyrelsens bedömning (skriven av Länsstyrelsen, inte beräknad)"]  # fmt: skip
    assert "Bedömning" not in columns and "Bedömning av delmålet" not in columns
    first, last = progress.compared_years(ds)
    by_subgoal = frame.drop_duplicates("Delmål").set_index("Delmål")
    for subgoal in ds.plan.subgoals["id"]:
        item = assessments.latest(ds, subgoal, up_to_year=last, from_year=first)
        row = by_subgoal.loc[subgoal]
        if item is None:
            assert row["Länsstyrelsens bedömning, status"] == "Ingen bedömning registrerad"
            assert row["Länsstyrelsens bedömning, år"] == ""
        else:
            assert row["Länsstyrelsens bedömning, år"] == item.year
            assert row["Länsstyrelsens bedömning, status"] == item.status_label
            assert row["Länsstyrelsens bedömning (skriven av Länsstyrelsen, inte beräknad)"] == (
                item.text)  # fmt: skip
    assert not pd.isna(by_subgoal["Beräknad utveckling av delmålet"]).any()
