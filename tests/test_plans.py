"""More than one plan (issue #33, item 5): the 2018–2026 plan in data/plan/ and a successor in
data/planer/<id>/, each with its own delmål, period and indicator links. The successor used
here is the example plan in tests/data/efterfoljande_plan/ (test data, never in data/)."""

from __future__ import annotations

import re
import shutil
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from dashboard.config import get_settings
from dashboard.data.loader import DataError, get_dataset, load_dataset
from dashboard.domain import hierarchy, progress

EXAMPLE_PLAN = Path(__file__).parent / "data" / "efterfoljande_plan"
SUCCESSOR = "2027-2030"
OLD = "2018-2026"
EXAMPLE_TITLE = "Exempel på efterföljande handlingsplan (testdata)"
MADE = "2026-12-07"  # Uppföljning's date, fixed so two renderings compare


def add_successor(data_dir: Path, name: str = SUCCESSOR) -> Path:
    """The example successor plan copied into a data folder as data/planer/<name>/."""
    target = data_dir / "planer" / name
    shutil.copytree(EXAMPLE_PLAN, target)
    return target


def load(data_dir: Path):
    return load_dataset(data_dir, get_settings().geo_dir)


def rewrite(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8-sig")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8-sig")


@pytest.fixture
def two_plans(data_dir):
    """A copy of the fixture county with the example successor plan beside data/plan/."""
    add_successor(data_dir)
    return data_dir


@pytest.fixture
def ds2(two_plans):
    return load(two_plans)


# --- loading ---------------------------------------------------------------------------------


def test_the_shipped_county_has_one_plan_named_by_its_period():
    ds = get_dataset()
    assert [p.id for p in ds.plans] == [OLD]
    assert ds.plan is ds.plans[0] and ds.plan.period == ds.plan_period == (2018, 2026)
    assert ds.plan.folder == "plan"
    # data/plan/'s indicator links are indikatorer.csv's delmal column
    expected = {(i, s) for i, ids in zip(ds.indicators["id"], ds.indicators["subgoal_ids"],
                                         strict=True) for s in ids}  # fmt: skip
    links = ds.plan.indicator_links
    assert set(zip(links["indicator_id"], links["subgoal_id"], strict=True)) == expected


def test_a_successor_is_loaded_beside_the_plan_and_is_the_newest(ds2):
    assert [p.id for p in ds2.plans] == [OLD, SUCCESSOR]
    old, new = ds2.plans
    assert ds2.plan is new and ds2.plan_period == new.period == (2027, 2030)
    assert old.period == (2018, 2026) and new.folder == "planer/2027-2030"
    assert new.document["titel"] == EXAMPLE_TITLE
    assert list(new.goals["id"]) == ["1", "2"] and len(new.subgoals) == 4
    # the same delmål id, another delmål
    assert hierarchy.subgoal(old, "1.1")["text"] != hierarchy.subgoal(new, "1.1")["text"]
    assert set(zip(new.indicator_links["indicator_id"], new.indicator_links["subgoal_id"],
                   strict=True)) == {("samordnare", "1.1"), ("suv_status", "2.1")}  # fmt: skip
    assert len(old.indicator_links) == len(get_dataset().plan.indicator_links)


def test_the_fingerprint_changes_with_a_successor(data_dir):
    one = load(data_dir)
    add_successor(data_dir)
    assert load(data_dir).fingerprint != one.fingerprint


def test_a_plan_folder_without_the_links_file_has_no_indicators(two_plans):
    (two_plans / "planer" / SUCCESSOR / "indikatorkoppling.csv").unlink()
    ds = load(two_plans)
    assert ds.plan.indicator_links.empty
    assert hierarchy.indicators_for_subgoal(ds, "1.1").empty


def error_of(data_dir: Path) -> DataError:
    with pytest.raises(DataError) as caught:
        load(data_dir)
    return caught.value


def test_overlapping_periods_are_refused_naming_both_files(two_plans):
    rewrite(two_plans / "planer" / SUCCESSOR / "dokument.csv", "planperiod_start;2027",
            "planperiod_start;2026")  # fmt: skip
    error = error_of(two_plans)
    assert error.file == f"data/planer/{SUCCESSOR}/dokument.csv"
    assert "data/plan/dokument.csv" in error.message and "överlappar" in error.message
    assert "2026–2030" in error.message and "2018–2026" in error.message


def test_a_plan_period_is_required_in_a_later_plan(two_plans):
    rewrite(two_plans / "planer" / SUCCESSOR / "dokument.csv", "planperiod_slut;2030\n", "")
    error = error_of(two_plans)
    assert error.file == f"data/planer/{SUCCESSOR}/dokument.csv"
    assert "planperiod_start" in error.message or "planperiod_slut" in error.message


@pytest.mark.parametrize(
    ("old", "new", "row", "column", "words"),
    [
        ("samordnare;1.1", "finns_inte;1.1", 2, "indikator", "”finns_inte”"),
        ("suv_status;2.1", "suv_status;2.6", 3, "delmal", "”2.6”"),  # a delmål of the old plan
        ("suv_status;2.1", "samordnare;2.1", 3, None, "indikator = samordnare"),  # twice
    ],
)
def test_the_indicator_links_are_checked(two_plans, old, new, row, column, words):
    rewrite(two_plans / "planer" / SUCCESSOR / "indikatorkoppling.csv", old, new)
    error = error_of(two_plans)
    assert error.file == f"planer/{SUCCESSOR}/indikatorkoppling.csv"
    assert (error.row, error.column) == (row, column)
    assert words in str(error)


def test_a_later_plans_files_are_checked_as_data_plans(two_plans):
    rewrite(two_plans / "planer" / SUCCESSOR / "delmal.csv", "2.2;2;", "3.1;2;")
    error = error_of(two_plans)
    assert error.file == f"planer/{SUCCESSOR}/delmal.csv" and error.column == "id"
    assert error.row == 5 and "ska börja med sitt mål-id" in error.message


def test_a_missing_file_is_named_with_its_folder(two_plans):
    (two_plans / "planer" / SUCCESSOR / "perspektiv.csv").unlink()
    error = error_of(two_plans)
    assert error.file == f"planer/{SUCCESSOR}/perspektiv.csv" and "saknas" in error.message


def test_plan_ids_are_unique_and_usable_in_addresses(data_dir):
    add_successor(data_dir, OLD)  # the folder takes the first plan's id
    error = error_of(data_dir)
    assert error.file == f"data/planer/{OLD}" and "samma id" in error.message
    shutil.rmtree(data_dir / "planer" / OLD)
    add_successor(data_dir, "Nästa plan")
    error = error_of(data_dir)
    assert error.file == "data/planer/Nästa plan" and "a–z" in error.message


# --- which plan ------------------------------------------------------------------------------


def test_plan_in_force_is_the_plan_whose_period_holds_the_year(ds2):
    old, new = ds2.plans
    assert hierarchy.plan_in_force(ds2, 2017) is None
    assert hierarchy.plan_in_force(ds2, 2018) is old
    assert hierarchy.plan_in_force(ds2, 2026) is old
    assert hierarchy.plan_in_force(ds2, 2027) is new
    assert hierarchy.plan_in_force(ds2, 2030) is new
    assert hierarchy.plan_in_force(ds2, 2031) is None
    one = get_dataset()
    assert hierarchy.plan_in_force(one, 2022) is one.plan
    assert hierarchy.plan_in_force(one, 2027) is None


def with_year(ds, year: int):
    """The dataset with the latest year's values repeated for `year` (a new Dataset)."""
    latest = ds.values[ds.values["year"] == ds.years[-1]]
    return replace(ds, values=pd.concat([ds.values, latest.assign(year=year)],
                                        ignore_index=True))  # fmt: skip


def test_uppfoljning_follows_the_plan_in_force_in_the_latest_year_with_values(ds2):
    old, new = ds2.plans
    assert max(ds2.years) <= 2026
    assert hierarchy.followed_plan(ds2) is old  # no year of the successor has values yet
    assert hierarchy.followed_up_plan(ds2, {}) is old
    assert hierarchy.followed_up_plan(ds2, {"plan": SUCCESSOR}) is new
    assert hierarchy.followed_up_plan(ds2, {"plan": ["nej"]}) is old  # junk: the default
    later = with_year(ds2, 2027)
    assert hierarchy.followed_plan(later) is later.plans[1]
    # past every plan: the last that began; before every plan: the first
    one = get_dataset()
    assert hierarchy.followed_plan(with_year(one, 2028)) is one.plan
    assert hierarchy.followed_plan(replace(one, values=one.values.assign(year=2010))) is one.plan


def test_strategi_defaults_to_the_newest_plan(ds2):
    assert hierarchy.resolve_plan(ds2, {}) is ds2.plan
    assert hierarchy.resolve_plan(ds2, {"plan": OLD}) is ds2.plans[0]
    assert hierarchy.resolve_plan(ds2, {"plan": "2099-2100"}) is ds2.plan
    assert hierarchy.plan_label(ds2.plans[0]) == "Handlingsplanen 2018–2026"
    assert hierarchy.plan_label(ds2.plan) == "Handlingsplanen 2027–2030"


# --- the follow-up per plan ------------------------------------------------------------------


def test_progress_follows_the_chosen_plan(ds2):
    old, new = ds2.plans
    ours = progress.all_progress(ds2, new)
    assert [i.subgoal_id for i in ours] == list(new.subgoals["id"])
    assert {i.plan_id for i in ours} == {SUCCESSOR}
    assert [ind.indicator_id for ind in ours[0].indicators] == ["samordnare"]
    assert progress.indicators_of(ds2, "2.1", new) == ["suv_status"]
    assert progress.indicators_of(ds2, "2.1", old) == progress.indicators_of(get_dataset(), "2.1")
    assert progress.compared_years(ds2, new) is None  # no values 2027–2030 yet
    assert progress.compared_years(ds2, old) == progress.compared_years(get_dataset())
    # with one plan nothing changed: the default is that plan
    one = get_dataset()
    assert progress.all_progress(one) == progress.all_progress(one, one.plan)


def test_an_indicator_that_continues_keeps_its_whole_series(ds2):
    old, new = ds2.plans
    assert hierarchy.also_in(ds2, new, "samordnare") == [(old, ("2.3", "1.4"))]
    assert hierarchy.also_in(ds2, old, "samordnare") == [(new, ("1.1",))]
    assert hierarchy.also_in(ds2, old, "krit_1_1") == []  # the successor does not follow it
    # the values belong to the indicator: every year, whichever plan asks
    series = ds2.values[ds2.values["indicator_id"] == "samordnare"]
    assert sorted(series["year"].unique()) == ds2.years
    later = with_year(ds2, 2028)
    item = progress.indicator_progress(later, "samordnare", period=later.plans[1].period)
    assert item.first_year == 2028  # the successor compares its own period


# --- the pages -------------------------------------------------------------------------------


def text_of(component) -> str:
    from tests.test_plan_words import squash
    from tests.test_plan_words import text_of as plain

    # a word in a span of its own leaves a space before the comma that follows it
    return re.sub(r" ([,.)])", r"\1", squash(plain(component)))


def markup_of(component) -> str:
    import json

    from plotly.io.json import to_json_plotly

    from dashboard.ui import static_html

    return static_html.render(json.loads(to_json_plotly(component)), keep_ids=True)


def uppfoljning_view(plan: str | None = None) -> tuple[str, str, pd.DataFrame]:
    """Uppföljning's visible text without the plan chooser, the chooser's text, and its
    download table, for the data folder the environment names."""
    from dashboard.pages import uppfoljning

    ds = get_dataset()
    chosen = hierarchy.followed_up_plan(ds, {"plan": plan})
    page = text_of(uppfoljning.layout(plan=plan, datum=MADE))
    choice = uppfoljning.plan_choice(ds, chosen)
    chooser = text_of(choice) if choice is not None else ""
    table = uppfoljning.build_export({"plan": plan} if plan else {})
    shown = " ".join(page.replace(chooser, "").split()) if chooser else page
    return shown, chooser, table.frame


def test_a_successor_leaves_the_old_plans_follow_up_unchanged(data_dir, monkeypatch, app):
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(data_dir))
    before, chooser, table = uppfoljning_view()
    assert chooser == "" and "Handlingsplan Handlingsplanen" not in before  # one plan: none
    assert "planperioden 2018–2026" in before and len(table) > 16
    later = data_dir.parent / "with-successor"
    shutil.copytree(data_dir, later)
    add_successor(later)
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(later))
    assert [p.id for p in get_dataset().plans] == [OLD, SUCCESSOR]
    for asked in (OLD, None):  # asked for, and by default (no year of the successor yet)
        after, chooser, table_after = uppfoljning_view(asked)
        assert after == before
        pd.testing.assert_frame_equal(table_after, table)
        assert "Visar uppföljningen av Handlingsplanen 2018–2026" in chooser
    # the successor's own follow-up is one choice away, and says so
    new, chooser, new_table = uppfoljning_view(SUCCESSOR)
    assert "Visar uppföljningen av Handlingsplanen 2027–2030" in chooser
    assert "planperioden 2027–2030" in new and "Av planens 4 delmål" in new
    assert set(new_table["Delmål"]) == {"1.1", "1.2", "2.1", "2.2"}


def test_uppfoljning_links_and_forms_carry_a_chosen_plan(two_plans, monkeypatch, app):
    from dashboard.pages import uppfoljning

    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(two_plans))
    ds = get_dataset()
    default = markup_of(uppfoljning.layout(datum=MADE))
    assert 'href="/strategi/1/1.1?plan=2018-2026"' in default  # the old plan's delmål
    assert 'name="plan"' in default and 'value="2027-2030"' in default
    chosen = markup_of(uppfoljning.layout(plan=SUCCESSOR, datum=MADE))
    assert 'href="/strategi/1/1.1"' in chosen  # the newest plan needs no ?plan=
    assert "/nedladdning/uppfoljning.csv?plan=2027-2030" in chosen
    # 'Sedan förra mötet' keeps the plan when other years are chosen
    assert re.search(r'<select hidden name="plan"[^>]*><option selected value="2027-2030"', chosen)
    import dash

    page = next(p for p in dash.page_registry.values() if p["path"] == "/uppfoljning")
    assert page["canonical_query"](ds, {})["plan"] == OLD
    assert page["canonical_query"](ds, {"plan": SUCCESSOR})["plan"] == SUCCESSOR
    assert page["canonical_query"](ds, {"plan": "x"})["plan"] == OLD


def test_strategi_shows_the_newest_plan_and_the_old_one_on_request(two_plans, monkeypatch, app):
    from dashboard.pages import strategi, strategi_delmal, strategi_mal, strategi_sammanhang

    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(two_plans))
    ds = get_dataset()
    newest = text_of(strategi.layout())
    assert f"Handlingsplan: {EXAMPLE_TITLE}, planperioden 2027–2030." in newest
    assert "Planen har 2 mål." in newest and "numrerade efter det mål" in newest
    assert "Andra planer: Handlingsplanen 2018–2026." in newest
    assert "Mål 4" not in newest
    markup = markup_of(strategi.layout())
    assert 'href="/strategi?plan=2018-2026"' in markup
    old = text_of(strategi.layout(plan=OLD))
    assert "planperioden 2018–2026" in old and "Handlingsplanen 2027–2030 (den senaste)" in old
    assert "Mål 4" in old and "Den nationella strategins fyra målsättningar" in old
    assert 'href="/strategi/4/4.3?plan=2018-2026"' in markup_of(strategi.layout(plan=OLD))
    # a delmål id of both plans: each plan's own delmål
    sub_new = text_of(strategi_delmal.layout(mal="1", delmal="1.1"))
    sub_old = text_of(strategi_delmal.layout(mal="1", delmal="1.1", plan=OLD))
    assert "Exempeldelmål (testdata): länets kommuner har en samordnare" in sub_new
    assert hierarchy.subgoal(ds.plans[0], "1.1")["text"] in sub_old
    assert "Följs upp även i en annan plan" in sub_new and "delmål 2.3, 1.4" in sub_new
    # from a delmål of the old plan, the newest plan opens at its start (its 2.3 is no 2.3)
    old_markup = markup_of(strategi_delmal.layout(mal="2", delmal="2.3", plan=OLD))
    assert re.search(r'<a [^>]*href="/strategi"[^>]*>Handlingsplanen 2027–2030 \(den senaste\)',
                     old_markup)  # fmt: skip
    # the old plan's goal 4 is found (the status), shown with ?plan=, in-page 404 without
    assert strategi_mal.goal_exists(ds, {"mal": "4"})
    assert "Mål 4:" in text_of(strategi_mal.layout(mal="4", plan=OLD))
    assert "Målet finns inte" in text_of(strategi_mal.layout(mal="4"))
    assert not strategi_mal.goal_exists(ds, {"mal": "9"})
    assert strategi_delmal.subgoal_exists(ds, {"mal": "4", "delmal": "4.3"})
    assert strategi_delmal.canonical_query(ds, {"mal": "4", "delmal": "4.3"}) == {
        "mal": "", "delmal": "", "plan": SUCCESSOR}  # fmt: skip
    assert strategi_delmal.canonical_query(ds, {"mal": "4", "delmal": "4.3", "plan": OLD}) == {
        "mal": "4", "delmal": "4.3", "plan": OLD}  # fmt: skip
    context = text_of(strategi_sammanhang.layout(plan=OLD))
    assert "planperioden 2018–2026" in context
    assert "Exempeltext (testdata)" in text_of(strategi_sammanhang.layout())
    table = strategi.export_hierarchy({"plan": OLD}).frame
    assert set(table["Delmål"]) == set(ds.plans[0].subgoals["id"])
    assert set(strategi.export_hierarchy({}).frame["Delmål"]) == {"1.1", "1.2", "2.1", "2.2"}


def test_the_page_contract_holds_with_two_plans(two_plans, monkeypatch, app):
    import dash

    from dashboard.web import page_contract

    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(two_plans))
    ds = get_dataset()
    paths = {"/strategi", "/strategi/sammanhang", "/strategi/1", "/strategi/1/1.1", "/uppfoljning"}
    pages = [p for p in dash.page_registry.values() if p["path"] in paths]
    assert len(pages) == len(paths)
    for page in pages:
        page_contract.check_declarations(page, ds)


def test_the_one_plans_strategi_says_which_plan_it_shows(app):
    from dashboard.pages import strategi

    text = text_of(strategi.layout())
    assert "planperioden 2018–2026" in text and "Andra planer" not in text


def test_with_several_plans_an_activity_counts_for_the_plan_in_force_in_its_year(ds2):
    old, new = ds2.plans
    done = ds2.activities[ds2.activities["status"] == "genomford"].head(1)
    added = done.assign(id="test-2027", year=2027, subgoal_ids=[("1.1",)])
    ds = replace(ds2, activities=pd.concat([ds2.activities, added], ignore_index=True))
    assert progress.subgoal_progress(ds, "1.1", new).activities_done == {2027: 1}
    assert 2027 not in progress.subgoal_progress(ds, "1.1", old).activities_done
    assert progress.subgoal_progress(ds, "1.1", old) == progress.subgoal_progress(ds2, "1.1", old)


def test_om_data_lists_the_plans(two_plans, monkeypatch, app):
    from dashboard.pages import om

    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(two_plans))
    text = text_of(om.layout())
    assert (
        "Planer i tjänsten: Handlingsplanen 2018–2026 (data/plan/), Handlingsplanen 2027–2030 "
        "(data/planer/2027-2030/)." in text
    )


def test_the_sosfs_goal_areas_stay_the_catalogues_with_a_successor(data_dir):
    """Översikt's key figures, Jämför's goal areas and Om data name the catalogue's goals
    (data/plan/, which the sosfs_mal<id> indicators follow), not the newest plan's."""
    from dashboard import domain
    from dashboard.domain import comparison

    ds = load(data_dir)
    add_successor(data_dir)
    ds2 = load(data_dir)
    assert list(ds2.plan.goals["id"]) != list(ds2.catalogue_plan.goals["id"])
    assert comparison.goal_areas(ds2).equals(comparison.goal_areas(ds))
    year = ds.years[-1]
    titles = [f.title for f in domain.key_figures(ds, year)]
    assert [f.title for f in domain.key_figures(ds2, year)] == titles


def test_the_kommunrapport_names_the_plan_in_force_in_its_year(two_plans, monkeypatch, app):
    """A report for 2025 is about the 2018–2026 plan, also once a successor is loaded."""
    import datetime as dt

    from dashboard.charts import report_charts
    from dashboard.pages import kommunrapport
    from dashboard.ui import municipality_report

    ds2 = load(two_plans)
    monkeypatch.setattr(kommunrapport, "get_dataset", lambda: ds2)
    page = text_of(kommunrapport.layout(kod="0780", ar="2025"))
    assert "mäns våld mot kvinnor 2018–2026" in page and "2027–2030" not in page
    document = municipality_report.build(ds2, {"kod": "0780", "ar": "2025"}, report_charts,
                                         dt.date(2026, 3, 9))  # fmt: skip
    texts = " ".join(str(getattr(b, "text", "")) for b in document.blocks)
    assert "2027–2030" not in texts + document.title + document.subtitle


def test_a_local_plan_links_to_the_delmal_of_the_county_plan_in_force_when_it_began(two_plans):
    """Växjö's plan of 2021 names 2018–2026's delmål; one of 2028 names the successor's, whose
    1.1 is another delmål with the same id."""
    from dashboard.domain import local_plans

    ds2 = load(two_plans)
    old, new = ds2.plans
    row = pd.Series({"actor": "0780", "exists": True, "adopted": pd.Timestamp("2021-03-01"),
                     "valid_from": pd.NA, "valid_through": 2026, "subgoal_ids": ("1.1",)})  # fmt: skip
    text_in = {plan.id: plan.subgoals.set_index("id").loc["1.1", "text"] for plan in (old, new)}
    assert text_in[old.id] != text_in[new.id]
    assert local_plans.linked_subgoals(ds2, row)["text"].tolist() == [text_in[old.id]]
    later = row.copy()
    later["adopted"], later["valid_through"] = pd.Timestamp("2028-02-01"), 2030
    assert local_plans.linked_subgoals(ds2, later)["text"].tolist() == [text_in[new.id]]


def test_the_deck_shows_the_goals_of_the_plan_in_force_in_its_year(two_plans):
    from dashboard.domain import presenter

    ds2 = load(two_plans)
    old, new = ds2.plans
    assert presenter.deck_plan(ds2, 2025) is old and presenter.deck_plan(ds2, 2028) is new
    lines = presenter.subgoal_lines(ds2, "1", 2025)
    assert [line.subgoal_id for line in lines] == list(
        old.subgoals.loc[old.subgoals["goal_id"] == "1", "id"]
    )


def test_with_a_successor_the_importer_accepts_the_old_plans_delmal_as_the_loader_does(two_plans,
                                                                                     tmp_path):  # fmt: skip
    """The final assessment of 2018–2026 is written after the successor is loaded: its delmål
    4.3 (none in the successor) is accepted by the importer, as the loader accepts it."""
    import openpyxl

    from dashboard.data.practice_import import ASSESSMENTS, run_import

    ds2 = load(two_plans)
    assert "4.3" not in set(ds2.plan.subgoals["id"])
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Bedömningar"
    sheet.append(["ar", "delmal", "status", "bedomning"])
    sheet.append([2026, "4.3", "pa_vag", "Slutbedömning av planen 2018–2026."])
    book.save(tmp_path / "b.xlsx")
    result = run_import(ASSESSMENTS, tmp_path / "b.xlsx", data_dir=two_plans,
                        geo_dir=get_settings().geo_dir)  # fmt: skip
    assert result.written
    assert set(load(two_plans).assessments["subgoal_id"]) == {"4.3"}


def test_a_delmal_page_lists_only_the_activities_of_its_plans_years(two_plans, monkeypatch, app):
    """Delmål 1.1 of 2018–2026 and 1.1 of the successor are two delmål: an activity of 2028
    for 1.1 belongs to the successor's page only."""
    from dataclasses import replace

    from dashboard.pages import strategi_delmal

    ds2 = load(two_plans)
    old, new = ds2.plans
    extra = ds2.activities.iloc[:1].assign(id="A2028-01", year=2028, subgoal_ids=[("1.1",)],
                                           title="Aktivitet i efterföljande plan")  # fmt: skip
    ds3 = replace(ds2, activities=pd.concat([ds2.activities, extra], ignore_index=True))
    monkeypatch.setattr(strategi_delmal, "get_dataset", lambda: ds3)
    on_old = text_of(strategi_delmal.layout(mal="1", delmal="1.1", plan=old.id))
    on_new = text_of(strategi_delmal.layout(mal="1", delmal="1.1", plan=new.id))
    assert "Aktivitet i efterföljande plan" in on_new
    assert "Aktivitet i efterföljande plan" not in on_old
