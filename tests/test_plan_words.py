"""The plan's own words where they matter (issue #31): every delmål's INDIKATORER/UPPFÖLJNING
text word for word on Strategi, on Uppföljning and in its download; the service's indicators
labelled as its choice, each with its real source; the numbering labelled as the service's;
the plan's framing sentences unchanged."""

from __future__ import annotations

import html
import json
import re

import pytest

from dashboard.data.loader import get_dataset
from dashboard.domain import hierarchy, progress

# The plan's column INDIKATORER/UPPFÖLJNING, one cell per delmål in the plan's order, copied
# from the plan's text with only the hyphenation at line breaks undone.
PLAN_FOLLOWUP = {
    "1.1": "Länsstyrelsens årsuppföljning (extern), Länsstyrelsens årsrapportering (intern).",
    "1.2": "Länsstyrelsens årsuppföljning (extern).",
    "1.3": "Länsstyrelsens årsuppföljning (extern), Länsstyrelsens årsrapportering (intern).",
    "1.4": "Länsstyrelsens årsuppföljning (extern), Länsstyrelsens årsrapportering (intern).",
    "2.1": "Länsstyrelsens årsuppföljning (extern), Socialstyrelsens öppna jämförelser av våld i "
    "nära relationer, Länsstyrelsens årsrapportering (intern).",
    "2.2": "Länsstyrelsens årsrapportering (intern).",
    "2.3": "Länsstyrelsens årsuppföljning (extern), Socialstyrelsens öppna jämförelser av våld i "
    "nära relationer, Länsstyrelsens årsrapportering (intern).",
    "2.4": "Länsstyrelsens matris för årsredovisning till regeringen.",
    "2.5": "Länsstyrelsens årsuppföljning (extern), Socialstyrelsens öppna jämförelser av våld i "
    "nära relationer, Länsstyrelsens årsrapportering (intern).",
    "2.6": "Länsstyrelsens årsuppföljning (extern), Socialstyrelsens öppna jämförelser av våld i "
    "nära relationer, Länsstyrelsens årsrapportering (intern).",
    "3.1": "Länsstyrelsens årsuppföljning (externt), Länsstyrelsens årsrapportering (internt).",
    "3.2": "Länsstyrelsens årsuppföljning, (externt), Länsstyrelsens årsrapportering (internt).",
    "3.3": "Länsstyrelsens årsuppföljning (externt), statistikuppföljning för länet från "
    "nationella aktörer, Länsstyrelsens återrapportering med indikatorsammanställning.",
    "4.1": "Kartläggning av arbetet mot mäns våld mot kvinnor (ID 2021), Socialstyrelsens öppna "
    "jämförelser av våld i nära relationer.",
    "4.2": "Länsstyrelsens årsuppföljning (externt), statistikuppföljning för länet från "
    "nationella aktörer, Länsstyrelsens återrapportering (internt).",
    "4.3": "Länsstyrelsens årsuppföljning (externt).",
}
# Agreements with kvinnojour, primärvård and polis, and schooling of children in skyddat
# boende: indicators of Socialstyrelsen's Öppna jämförelser, not of the Länsstyrelse's survey.
OPEN_COMPARISONS = ("krit_2_3", "krit_2_4", "krit_2_5", "krit_3_1")
OLD_WORDING = "Ingen indikator i planen"


@pytest.fixture(scope="module")
def ds():
    return get_dataset()


def text_of(component) -> str:
    """The text a reader sees in a layout: its first-paint HTML (frozen blocks included)
    without the tags."""
    from plotly.io.json import to_json_plotly

    from dashboard.ui import static_html

    markup = static_html.render(json.loads(to_json_plotly(component)), keep_ids=True)
    return html.unescape(re.sub(r"<[^>]+>", " ", markup))


def squash(text: str) -> str:
    return " ".join(text.split())


def test_every_delmal_has_the_plans_follow_up(ds):
    ids = list(ds.plan.subgoals["id"])
    assert ids == list(PLAN_FOLLOWUP)
    for subgoal_id in ids:
        assert hierarchy.followups_of(ds.plan, subgoal_id), subgoal_id
        assert hierarchy.followup_text(ds.plan, subgoal_id) == PLAN_FOLLOWUP[subgoal_id]


def test_the_service_numbering_and_the_plans_sources_are_said(ds):
    note = hierarchy.numbering_note(ds.plan)
    assert "1.1–4.3" in note and "tjänstens" in note and "numrerar inte" in note
    assert hierarchy.followed_up_through(ds.plan, "2.4") == (
        "Följs upp genom Länsstyrelsens matris för årsredovisning till regeringen."
    )


def test_open_comparisons_indicators_name_socialstyrelsen(ds):
    sources = dict(zip(ds.indicators["id"], ds.indicators["source"], strict=True))
    for indicator_id in OPEN_COMPARISONS:
        assert sources[indicator_id].startswith("Socialstyrelsen, Öppna jämförelser"), indicator_id
        assert "Länsstyrelsen" not in sources[indicator_id]


def test_uppfoljning_page_carries_the_plans_words(ds, app):
    from dashboard.pages import uppfoljning

    text = squash(text_of(uppfoljning.layout()))
    assert OLD_WORDING not in text
    for subgoal_id, followup in PLAN_FOLLOWUP.items():
        assert squash(followup) in text, subgoal_id
    assert "är tjänstens val, inte planens" in text and "Tjänstens indikatorer, källa:" in text
    assert "planen numrerar inte sina delmål" in text
    # a delmål without the service's indicators points to the plan and the activities
    bare = [i for i in progress.all_progress(ds) if not i.indicators]
    assert bare, "the example data has delmål without indicators"
    assert "Ingen indikator i tjänsten." in text and uppfoljning.NO_INDICATOR_SHORT in text
    # each indicator's source beside it
    assert "källa: Socialstyrelsen, Öppna jämförelser – våld i nära relationer" in text


def test_uppfoljning_download_has_the_plans_follow_up_per_delmal(ds, app):
    from dashboard.pages import uppfoljning

    table = uppfoljning.build_export({})
    frame = table.frame
    assert uppfoljning.PLAN_FOLLOWUP_COLUMN in frame.columns
    for subgoal_id, followup in PLAN_FOLLOWUP.items():
        rows = frame[frame["Delmål"] == subgoal_id]
        assert not rows.empty, subgoal_id
        assert set(rows[uppfoljning.PLAN_FOLLOWUP_COLUMN]) == {followup}, subgoal_id
    cells = " ".join(str(v) for v in frame.to_numpy().ravel())
    assert OLD_WORDING not in cells
    sources = frame.set_index("Tjänstens indikator (tjänstens val)")["Indikatorns källa"]
    assert sources["Överenskommelse kvinnojour"].startswith("Socialstyrelsen")
    assert any("tjänstens val" in s for s in table.sources)


def test_strategi_download_has_the_plans_follow_up_as_one_text(ds):
    frame = hierarchy.hierarchy_frame(ds)
    follow = frame[frame["Typ"] == hierarchy.TYPE_FOLLOWUP].set_index("Delmål")
    assert dict(follow["Text"]) == PLAN_FOLLOWUP
    assert set(follow["Ur planen eller tjänsten"]) == {hierarchy.FROM_PLAN}
    indicators = frame[frame["Typ"] == hierarchy.TYPE_INDICATOR]
    assert set(indicators["Ur planen eller tjänsten"]) == {hierarchy.FROM_SERVICE}


@pytest.mark.parametrize("subgoal_id", list(PLAN_FOLLOWUP))
def test_delmal_page_quotes_the_plan_and_labels_the_service(ds, app, subgoal_id):
    """Every one of the sixteen delmål pages, not a sample: a page that lost the plan's
    words for one delmål would pass a test of three."""
    from dashboard.pages import strategi_delmal

    goal_id = ds.plan.subgoals.set_index("id").loc[subgoal_id, "goal_id"]
    text = squash(text_of(strategi_delmal.layout(mal=goal_id, delmal=subgoal_id)))
    assert f"Delmål {subgoal_id}" in text  # the page asked for, not a fallback
    assert squash(PLAN_FOLLOWUP[subgoal_id]) in text, subgoal_id
    assert "planen numrerar inte sina delmål" in text
    assert OLD_WORDING not in text
    assert hierarchy.SERVICE_INDICATORS in text
    if hierarchy.indicators_for_subgoal(ds, subgoal_id).empty:
        assert squash(hierarchy.followed_up_through(ds.plan, subgoal_id)) in text


def test_a_delmal_without_indicator_says_how_it_is_followed_up(ds, app):
    from dashboard.pages import strategi_delmal

    text = squash(text_of(strategi_delmal.layout(mal="2", delmal="2.4")))
    assert "Följs upp genom Länsstyrelsens matris för årsredovisning till regeringen." in text


def test_context_page_keeps_the_plans_framing_sentences(ds, app):
    from dashboard.pages import strategi_sammanhang

    text = squash(text_of(strategi_sammanhang.layout()))
    assert (
        "Vid genomförandet av den nationella strategin bör berörda aktörer genomgående beakta"
        in text
    )
    assert "ska genomföras" not in text
    assert "Utöver den nationella strategin finns en rad andra överenskommelser" in text
    assert "Texterna är tagna direkt ur de 17 globala målen för hållbar utveckling" in text


def test_goal_names_and_delmal_texts_are_the_plans(ds):
    names = list(ds.plan.goals["name"])
    assert names == [
        "Ett utökat och ett verkningsfullt förebyggande arbete.",
        "Förbättrad upptäckt av våld samt starkare skydd och stöd för våldsutsatta kvinnor och barn.",
        "Effektivare brottsbekämpning.",
        "Förbättrad kunskap och metodutveckling.",
    ]
