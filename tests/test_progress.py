"""The plan in practice (issue #20): the verdict rule, the activities and local-plan files'
validation (Swedish errors naming file, row and column), the plan period and the example
data that ships for them."""

from __future__ import annotations

import math
import shutil
from dataclasses import replace

import pytest
from conftest import COUNTY_DATA

from dashboard.data import example_data, practice
from dashboard.data.loader import DataError, get_dataset
from dashboard.domain import progress
from dashboard.domain.progress import BETTER, UNCHANGED, UNKNOWN, WORSE

pytestmark = pytest.mark.unit

SUBGOALS = {f"{g}.{n}" for g, k in ((1, 4), (2, 6), (3, 3), (4, 3)) for n in range(1, k + 1)}


@pytest.fixture(scope="module")
def ds():
    return get_dataset()


# --- the verdict rule ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "last", "kind", "higher", "expected"),
    [
        (40.0, 50.0, "share", True, BETTER),  # exactly 10 points
        (40.0, 49.9, "share", True, UNCHANGED),
        (50.0, 40.0, "share", True, WORSE),
        (50.0, 40.0, "share", False, BETTER),  # lower is better
        (1.0, 2.0, "step", True, BETTER),  # one step of a status
        (2.0, 2.0, "step", True, UNCHANGED),
        (3.0, 1.0, "step", True, WORSE),
        (10.0, 11.0, "number", True, BETTER),  # exactly 10 %
        (10.0, 10.9, "number", True, UNCHANGED),
        (10.0, 8.0, "number", True, WORSE),
        (0.0, 0.5, "number", True, UNCHANGED),  # from zero: less than one whole unit
        (0.0, 1.0, "number", True, BETTER),  # from zero: one whole unit
        (0.0, 0.0, "number", True, UNCHANGED),
        (10.0, 20.0, "share", None, UNKNOWN),  # no direction
        (math.nan, 20.0, "share", True, UNKNOWN),
        (10.0, math.nan, "number", True, UNKNOWN),
    ],
)
def test_verdict_rule(first, last, kind, higher, expected):
    assert progress.verdict(first, last, kind, higher) == expected


@pytest.mark.parametrize(
    ("verdicts", "expected"),
    [
        ([BETTER, BETTER, WORSE], progress.MIXED),  # no vote: the worsening is not outvoted
        ([BETTER, WORSE], progress.MIXED),
        ([BETTER, UNCHANGED, UNKNOWN], BETTER),
        ([progress.MIXED, UNCHANGED], progress.MIXED),
        ([WORSE, UNCHANGED, UNKNOWN], WORSE),
        ([UNCHANGED, UNKNOWN], UNCHANGED),
        ([UNKNOWN, UNKNOWN], UNKNOWN),
        ([], UNKNOWN),  # a delmål without indicators
    ],
)
def test_a_delmal_verdict_combines_its_indicators(verdicts, expected):
    assert progress.combined_verdict(verdicts) == expected


def _without_years(ds, indicator_id, years):
    values = ds.values
    drop = (values["indicator_id"] == indicator_id) & values["year"].isin(years)
    return replace(ds, values=values[~drop].reset_index(drop=True))


def test_the_county_is_compared_between_the_first_and_last_year_with_values(ds):
    item = progress.indicator_progress(ds, "samordnare")
    assert (item.first_year, item.last_year) == (2018, 2025)
    # the county's share of municipalities with a coordinator, as text '4 av 8: Ja'
    assert item.first_text.startswith("Ja i ") and item.last_text.endswith(" kommuner")
    missing_ends = _without_years(ds, "samordnare", [2018, 2019, 2025])
    item = progress.indicator_progress(missing_ends, "samordnare")
    assert (item.first_year, item.last_year) == (2020, 2024)


def test_fewer_than_two_years_cannot_be_judged(ds):
    one_year = _without_years(ds, "samordnare", [y for y in ds.years if y != 2022])
    item = progress.indicator_progress(one_year, "samordnare")
    assert item.verdict == UNKNOWN and "färre än två år" in item.reason
    assert item.first_year == 2022 and item.last_year is None


def test_a_changed_definition_compares_only_the_years_after_the_change(ds):
    indicators = ds.indicators.copy()
    row = indicators.index[indicators["id"] == "krit_2_1"][0]
    indicators.at[row, "definition_changes"] = (2023,)
    changed = replace(ds, indicators=indicators)
    item = progress.indicator_progress(changed, "krit_2_1")
    assert (item.first_year, item.last_year) == (2023, 2025)
    # the shipped catalogue: krit_2_1 came with HSLF-FS 2022:39 (compared from 2023),
    # krit_2_2 has one definition throughout
    assert progress.indicator_progress(ds, "krit_2_1").first_year == 2023
    before = progress.indicator_progress(ds, "krit_2_2")
    assert before.first_year == 2018
    # a change after the period's end or before its start changes nothing
    indicators.at[row, "definition_changes"] = (2017,)
    assert progress.indicator_progress(replace(ds, indicators=indicators),
                                       "krit_2_1").first_year == 2018  # fmt: skip


def test_an_indicator_without_direction_or_with_hidden_values_is_not_judged(ds):
    indicators = ds.indicators.copy()
    indicators.loc[indicators["id"] == "samordnare", "higher_is_better"] = None
    item = progress.indicator_progress(replace(ds, indicators=indicators), "samordnare")
    assert item.verdict == UNKNOWN and item.reason == "indikatorn saknar riktning"
    # hidden counts: compared by the county's means the rule shows (issue #31); this one has
    # no direction, so it is still not judged, for that reason
    hidden = progress.indicator_progress(ds, "skyddat_boende_placeringar")
    assert hidden.verdict == UNKNOWN and hidden.reason == (
        "ingen riktning: fler placeringar är varken bättre eller sämre i sig"
    )
    assert "röjandeskydd" in hidden.basis and hidden.last_text.endswith(
        "i snitt per kommun (8 kommuner)"
    )


def test_a_municipality_moves_by_steps(ds):
    item = progress.indicator_progress(ds, "suv_status", code="0780")
    assert item.verdict in {BETTER, UNCHANGED, WORSE}
    assert item.first_year == 2018


def test_every_delmal_has_a_verdict_activities_and_local_plans(ds):
    items = progress.all_progress(ds)
    assert [i.subgoal_id for i in items] == list(ds.plan.subgoals["id"])
    assert len(items) == 16
    without = [i for i in items if not i.indicators]
    assert all(i.verdict == UNKNOWN for i in without)
    by_id = {i.subgoal_id: i for i in items}
    # activities carried out per year, counted from the file
    done = ds.activities[ds.activities["status"] == "genomford"]
    for subgoal_id, item in by_id.items():
        expected = done[done["subgoal_ids"].map(lambda ids, s=subgoal_id: s in ids)]
        assert sum(item.activities_done.values()) == len(expected)
    # only municipalities' plans in force in the follow-up's last year count: adopted by
    # then (or applying from then) and not run out; other actors' plans are named apart
    latest = progress.practice_years(ds)[1]
    start = ds.local_plans["valid_from"].fillna(ds.local_plans["adopted"].dt.year)
    plans = ds.local_plans[ds.local_plans["exists"] & (start <= latest)
                           & (ds.local_plans["valid_through"].fillna(9999) >= latest)]  # fmt: skip
    municipal = plans[plans["actor"].isin(set(ds.municipalities["code"]))]
    assert all(i.local_plans_of == len(municipal) for i in items)
    for item in items:
        takes_up = plans[plans["subgoal_ids"].map(lambda ids, s=item.subgoal_id: s in ids)]
        ours = takes_up["actor"].isin(set(ds.municipalities["code"]))
        assert len(item.local_plans) == int(ours.sum())
        assert len(item.other_local_plans) == int((~ours).sum())


# --- the files --------------------------------------------------------------------------------


ACTIVITY_HEADER = "id;ar;delmal;titel;typ;ansvarig;status;datum;deltagare;anmarkning;exempeldata"
GOOD_ACTIVITY = (
    "A1;2024;1.4, 2.3;Nätverksträff;natverkstraff;Länsstyrelsen;genomford;2024-03-14;40;;ja"
)


@pytest.mark.parametrize(
    ("row", "column", "words"),
    [
        ("A2;24;1.4;T;utbildning;;genomford;;;;ja", "ar", "årtal"),
        ("A2;2024;9.9;T;utbildning;;genomford;;;;ja", "delmal", "okänt delmål ”9.9”"),
        ("A2;2024;;T;utbildning;;genomford;;;;ja", "delmal", "minst ett delmål"),
        ("A2;2024;1.4;T;fest;;genomford;;;;ja", "typ", "okänt värde ”fest”"),
        ("A2;2024;1.4;T;utbildning;;klar;;;;ja", "status", "okänt värde ”klar”"),
        ("A2;2024;1.4;T;utbildning;;genomford;14/3 2024;;;ja", "datum", "2025-03-14"),
        ("A2;2024;1.4;T;utbildning;;genomford;2023-03-14;;;ja", "datum", "inte i året"),
        ("A2;2024;1.4;T;utbildning;;genomford;;-3;;ja", "deltagare", "heltal"),
        ("A2;2024;1.4;T;utbildning;;genomford;;12,5;;ja", "deltagare", "heltal"),
        ("A2;2024;1.4;;utbildning;;genomford;;;;ja", "titel", "värde saknas"),
        ("A2;2024;1.4;T;utbildning;;genomford;;;;kanske", "exempeldata", "ja eller nej"),
    ],
)
def test_a_bad_activity_row_names_file_row_and_column(tmp_path, row, column, words):
    (tmp_path / practice.ACTIVITIES_FILE).write_text(
        f"{ACTIVITY_HEADER}\n{GOOD_ACTIVITY}\n{row}\n", encoding="utf-8")  # fmt: skip
    with pytest.raises(DataError) as error:
        practice.load_activities(tmp_path, SUBGOALS)
    assert error.value.file == f"data/{practice.ACTIVITIES_FILE}"
    assert error.value.row == 3 and error.value.column == column
    assert words in str(error.value)


def test_a_repeated_activity_id_is_refused(tmp_path):
    (tmp_path / practice.ACTIVITIES_FILE).write_text(
        f"{ACTIVITY_HEADER}\n{GOOD_ACTIVITY}\n{GOOD_ACTIVITY}\n", encoding="utf-8")  # fmt: skip
    with pytest.raises(DataError, match="finns redan") as error:
        practice.load_activities(tmp_path, SUBGOALS)
    assert error.value.row == 3


def test_good_activities_load_and_an_absent_file_is_empty(tmp_path):
    assert practice.load_activities(tmp_path, SUBGOALS).empty
    (tmp_path / practice.ACTIVITIES_FILE).write_text(
        f"{ACTIVITY_HEADER}\n{GOOD_ACTIVITY}\n", encoding="utf-8")  # fmt: skip
    frame = practice.load_activities(tmp_path, SUBGOALS)
    row = frame.iloc[0]
    assert row["subgoal_ids"] == ("1.4", "2.3") and row["year"] == 2024
    assert row["participants"] == 40 and bool(row["is_example"])


PLAN_HEADER = "aktor;finns;antagen;antagen_av;galler_till;delmal;anmarkning;exempeldata"


@pytest.mark.parametrize(
    ("row", "column", "words"),
    [
        ("9999;ja;2022-01-01;KF;2025;1.1;;ja", "aktor", "okänt värde ”9999”"),
        ("0780;kanske;;;;;;ja", "finns", "ja eller nej"),
        ("0780;nej;2022-01-01;;;;;ja", "finns", "”nej” men"),
        ("0780;ja;2022-13-01;KF;2025;1.1;;ja", "antagen", "datum"),
        ("0780;ja;2022-01-01;KF;2020;1.1;;ja", "galler_till", "före året den antogs"),
        ("0780;ja;2022-01-01;KF;2025;1.1, 5.5;;ja", "delmal", "okänt delmål ”5.5”"),
    ],
)
def test_a_bad_local_plan_row_names_file_row_and_column(tmp_path, row, column, words):
    (tmp_path / practice.LOCAL_PLANS_FILE).write_text(
        f"{PLAN_HEADER}\n0760;nej;;;;;;ja\n{row}\n", encoding="utf-8")  # fmt: skip
    with pytest.raises(DataError) as error:
        practice.load_local_plans(tmp_path, {"0760", "0780", "region"}, SUBGOALS)
    assert error.value.file == f"data/{practice.LOCAL_PLANS_FILE}"
    assert (error.value.row, error.value.column) == (3, column)
    assert words in str(error.value)


@pytest.mark.parametrize(
    ("document", "words"),
    [
        ({"planperiod_start": "2018"}, "planperiod_slut"),
        ({"planperiod_start": "tjugo", "planperiod_slut": "2026"}, "planperiod_start"),
        ({"planperiod_start": "2027", "planperiod_slut": "2026"}, "efter att den slutar"),
    ],
)
def test_the_plan_period_is_checked(document, words):
    with pytest.raises(DataError, match=words):
        practice.plan_period(document)
    assert practice.plan_period({"planperiod_start": "2018", "planperiod_slut": "2026"}) == (
        2018, 2026)  # fmt: skip


def test_a_data_directory_without_a_plan_period_gets_its_values_years():
    assert practice.plan_period({}, [2019, 2020, 2024]) == (2019, 2024)
    with pytest.raises(DataError):
        practice.plan_period({}, [])  # nothing to go by


def test_the_example_files_are_flagged_and_regenerate_the_same(ds, tmp_path):
    """On the fixture county, which example_data wrote (the shipped files are compared with
    what it writes in tests/test_data.py)."""
    assert ds.plan_period == (2018, 2026)
    assert len(ds.activities) > 16 and ds.activities["is_example"].all()
    # every municipality, and actors of the plan beside them (#33: Region Kronoberg's plan)
    actors = set(ds.local_plans["actor"])
    assert actors >= set(ds.municipalities["code"]) and actors <= (
        set(ds.municipalities["code"]) | set(ds.plan.actors["id"]))  # fmt: skip
    assert ds.local_plans["is_example"].all()
    assert ds.has_example_data
    data = tmp_path / "data"
    shutil.copytree(COUNTY_DATA, data)
    example_data.main(["--data-dir", str(data)])
    for name in (practice.ACTIVITIES_FILE, practice.LOCAL_PLANS_FILE,
                 practice.PROCESS_SUPPORT_FILE):  # fmt: skip
        assert (data / name).read_bytes() == (COUNTY_DATA / name).read_bytes(), name


def test_real_activities_are_never_overwritten_by_example_data(tmp_path, capsys):
    data = tmp_path / "data"
    shutil.copytree(COUNTY_DATA, data)
    real = f"{ACTIVITY_HEADER}\n{GOOD_ACTIVITY[:-2]}nej\n"
    (data / practice.ACTIVITIES_FILE).write_text(real, encoding="utf-8")
    example_data.main(["--data-dir", str(data)])
    assert (data / practice.ACTIVITIES_FILE).read_text(encoding="utf-8") == real
    assert "skrivs inte över" in capsys.readouterr().out


def test_per_municipality_progress_has_the_county_first_and_every_municipality(ds):
    frame = progress.municipality_progress(ds, "2.3")
    indicators = progress.indicators_of(ds, "2.3")
    assert len(frame) == len(indicators) * (len(ds.municipalities) + 1)
    for indicator_id, group in frame.groupby("indicator_id", sort=False):
        assert list(group["name"])[0] == "Länet" and list(group["code"])[0] == ""
        assert list(group["code"])[1:] == list(ds.municipalities["code"])
        for code, item in zip(group["code"], group["progress"], strict=True):
            assert item == progress.indicator_progress(ds, indicator_id, code or None)
    without = next(s for s in ds.plan.subgoals["id"] if not progress.indicators_of(ds, s))
    assert progress.municipality_progress(ds, without).empty
