"""The yearly activity plan (issue #33): the new optional columns of
data/lansstyrelsens_aktiviteter.csv (each checked with a Swedish error naming file, row and
column), an old file without them still loading, data/samverkansparter.csv, and the domain's
counts (planned against done, reach, partners) on made-up rows whose answers are known."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from dashboard.config import REPO_ROOT
from dashboard.data import activity_columns
from dashboard.data.loader import DataError, get_dataset, load_dataset
from dashboard.domain import activity_plan

pytestmark = pytest.mark.unit

GEO = REPO_ROOT / "geo"
FILE = "data/lansstyrelsens_aktiviteter.csv"
OLD_HEADER = "id;ar;delmal;titel;typ;ansvarig;status;datum;deltagare;anmarkning;exempeldata"
HEADER = ("id;ar;delmal;titel;typ;ansvarig;status;datum;deltagare;planering;planens_aktivitet;"
          "malgrupp;sektorer;parter;nadda;orsak;resultat;utvardering;anmarkning;exempeldata")  # fmt: skip
GOOD = ("A2025-01;2025;1.1;MVP-utbildning;utbildning;;genomford;2025-03-14;50;planerad;1.1:1;"
        "Skolpersonal;skola, forskola;region, barnahus;0780:25, 0764:10, region:12;;Bra;"
        "Enkät;;nej")  # fmt: skip


def write(data_dir: Path, *rows: str, header: str = HEADER) -> None:
    text = "\ufeff" + "\n".join([header, *rows]) + "\n"
    (data_dir / "lansstyrelsens_aktiviteter.csv").write_text(text, encoding="utf-8")


def cells(**changes: str) -> str:
    """GOOD with some columns changed."""
    values = dict(zip(HEADER.split(";"), GOOD.split(";"), strict=True))
    values.update(changes)
    return ";".join(values.values())


def refused(data_dir: Path) -> DataError:
    with pytest.raises(DataError) as caught:
        load_dataset(data_dir, GEO)
    return caught.value


# --- the file -----------------------------------------------------------------------------------


def test_a_full_row_loads_with_every_new_column(data_dir):
    write(data_dir, GOOD)
    row = load_dataset(data_dir, GEO).activities.iloc[0]
    assert row["planning"] == "planerad"
    assert row["plan_activities"] == ("1.1:1",)
    assert row["target_group"] == "Skolpersonal"
    assert row["sectors"] == ("skola", "forskola")
    assert row["partners"] == ("region", "barnahus")
    assert row["reach"] == (("0780", 25), ("0764", 10), ("region", 12))
    assert row["reach_total"] == 47 and row["participants"] == 50
    assert (row["result"], row["evaluation"]) == ("Bra", "Enkät")


def test_an_old_file_without_the_new_columns_still_loads(data_dir):
    """An older file (or another county's): a cancelled row without orsak is fine there."""
    write(data_dir, "A2019-01;2019;1.1;Utbildning;utbildning;;installd;;;;ja",
          "A2019-02;2019;2.3;Träff;natverkstraff;;genomford;2019-05-02;12;;ja",
          header=OLD_HEADER)  # fmt: skip
    frame = load_dataset(data_dir, GEO).activities
    assert list(frame["id"]) == ["A2019-01", "A2019-02"]
    assert list(frame["planning"]) == ["", ""] and list(frame["reach"]) == [(), ()]
    assert frame["participants"].tolist() == [pd.NA, 12]


def test_empty_deltagare_takes_the_sum_of_nadda(data_dir):
    write(data_dir, cells(deltagare=""), cells(id="A2025-02"), cells(id="A2025-03", nadda="",
                                                                     deltagare=""))  # fmt: skip
    frame = load_dataset(data_dir, GEO).activities
    assert pd.isna(frame.iloc[0]["participants"]) and frame.iloc[0]["reach_total"] == 47
    assert [activity_plan.participants(r) for r in frame.to_dict("records")] == [
        (47, True), (50, False), (None, False)]  # fmt: skip


@pytest.mark.parametrize(
    ("changes", "column", "words"),
    [
        ({"planering": "kanske"}, "planering", "planerad eller tillagd"),
        ({"planens_aktivitet": "1.1:99"}, "planens_aktivitet", "ingen av exempelaktiviteterna i planen för 2025"),
        ({"planens_aktivitet": "2.3:1"}, "planens_aktivitet", "hör till delmål 2.3, som inte står"),
        ({"sektorer": "skola, rymden"}, "sektorer", "okänt"),
        ({"parter": "region, okandpart"}, "parter", "okandpart"),
        ({"nadda": "0780:25, 9999:3"}, "nadda", "okänd kommun eller aktör ”9999”"),
        ({"nadda": "0780=25"}, "nadda", "kolon och ett heltal"),
        ({"nadda": "0780:-3"}, "nadda", "kolon och ett heltal"),
        ({"nadda": "0780:99999999999999999"}, "nadda", "kolon och ett heltal"),
        ({"nadda": "0780:2, 0780:3"}, "nadda", "står två gånger"),
        ({"deltagare": "40"}, "deltagare", "färre än summan av kolumnen nadda (47)"),
        ({"status": "installd", "orsak": ""}, "orsak", "skriv varför"),
        ({"malgrupp": "x" * 301}, "malgrupp", "högst 300 tecken"),
        ({"resultat": "x" * 2001}, "resultat", "högst 2000 tecken"),
        ({"utvardering": "x" * 2001}, "utvardering", "högst 2000 tecken"),
    ],
)  # fmt: skip
def test_each_new_column_is_checked_with_file_row_and_column(data_dir, changes, column, words):
    write(data_dir, GOOD.replace("A2025-01", "A2025-02"), cells(**changes))
    error = refused(data_dir)
    assert (error.file, error.row, error.column) == (FILE, 3, column), str(error)
    assert words in error.message, error.message
    assert f"{FILE}, rad 3, kolumn ”{column}”" in str(error)


def test_a_cancelled_activity_with_a_reason_loads(data_dir):
    write(data_dir, cells(status="installd", orsak="För få anmälda", nadda="", deltagare=""))
    row = load_dataset(data_dir, GEO).activities.iloc[0]
    assert (row["status"], row["reason"]) == ("installd", "För få anmälda")


# --- samverkansparter.csv -----------------------------------------------------------------------


def partners_file(data_dir: Path, *rows: str) -> None:
    text = "\ufeff" + "\n".join(["id;namn;exempeldata", *rows]) + "\n"
    (data_dir / activity_columns.PARTNERS_FILE).write_text(text, encoding="utf-8")


def test_a_partner_from_samverkansparter_may_be_named(data_dir):
    partners_file(data_dir, "brottsofferjouren;Brottsofferjouren Kronoberg;nej")
    write(data_dir, cells(parter="region, brottsofferjouren", nadda="brottsofferjouren:5"))
    ds = load_dataset(data_dir, GEO)
    assert ds.partners["name"].tolist() == ["Brottsofferjouren Kronoberg"]
    assert ds.activities.iloc[0]["partners"] == ("region", "brottsofferjouren")
    assert activity_plan.partner_names(ds)["brottsofferjouren"] == "Brottsofferjouren Kronoberg"


@pytest.mark.parametrize(
    ("row", "column", "words"),
    [
        ("region;Region Kronoberg;nej", "id", "finns redan i plan/aktorer.csv"),
        ("0780;Växjö;nej", "id", "finns redan"),
        ("Brotts Offer;Brottsofferjouren;nej", "id", "små bokstäver"),
        ("bo;;nej", "namn", "värde saknas"),
        ("bo;Brottsofferjouren;kanske", "exempeldata", "ja eller nej"),
    ],
)
def test_samverkansparter_is_checked(data_dir, row, column, words):
    partners_file(data_dir, "annan;En annan part;nej", row)
    error = refused(data_dir)
    assert (error.file, error.row, error.column) == ("data/samverkansparter.csv", 3, column)
    assert words in error.message


def test_without_samverkansparter_only_the_plans_actors_are_partners(data_dir):
    assert not (data_dir / activity_columns.PARTNERS_FILE).exists()
    assert load_dataset(data_dir, GEO).partners.empty


# --- the domain ---------------------------------------------------------------------------------

ROWS = [  # id, year, delmål, status, planering, partners, reach
    ("P1", 2025, ("1.1",), "genomford", "planerad", ("region",), (("0780", 20), ("region", 5))),
    ("P2", 2025, ("1.1", "2.3"), "pagar", "planerad", ("region", "barnahus"), (("0780", 4),)),
    ("P3", 2025, ("2.3",), "installd", "planerad", (), ()),
    ("P4", 2025, ("2.3",), "planerad", "planerad", (), ()),
    ("T1", 2025, ("1.1",), "genomford", "tillagd", ("barnahus",), (("0764", 7),)),
    ("U1", 2025, ("4.1",), "genomford", "", (), ()),
    ("O1", 2024, ("1.1",), "genomford", "planerad", ("marta",), (("0780", 100),)),
]  # fmt: skip


@pytest.fixture(scope="module")
def made_up():
    """The fixture county with ROWS as its activities (counts known by hand)."""
    ds = get_dataset()
    frame = pd.DataFrame([{
        "id": i, "year": y, "subgoal_ids": s, "title": f"Aktivitet {i}", "kind": "utbildning",
        "responsible": "", "status": st, "date": pd.NaT, "participants": pd.NA, "note": "",
        "is_example": i != "T1", "planning": pl, "plan_activities": (), "target_group": "",
        "sectors": (), "partners": pa, "reach": r, "reach_total": pd.NA,
        "reason": "För få anmälda" if st == "installd" else "", "result": "", "evaluation": "",
    } for i, y, s, st, pl, pa, r in ROWS])  # fmt: skip
    return replace(ds, activities=frame)


def test_planned_against_done_counts_each_activity_once(made_up):
    counts = activity_plan.planned_vs_done(made_up, 2025)
    assert counts.planned == 4 and counts.added == 1 and counts.unstated == 1
    assert [counts.count("planerad", s) for s in activity_plan.STATUS_ORDER] == [1, 1, 1, 1]
    assert counts.count("tillagd", "genomford") == 1 and counts.count("", "genomford") == 1


def test_per_delmal_an_activity_of_two_delmal_counts_under_each(made_up):
    frame = activity_plan.planned_vs_done_by_subgoal(made_up, 2025).set_index("subgoal_id")
    assert list(frame.index) == ["1.1", "2.3", "4.1"]  # the plan's order, only those with any
    assert frame.loc["1.1", ["planned", "planned_genomford", "planned_pagar", "added",
                             "added_genomford"]].tolist() == [2, 1, 1, 1, 1]  # fmt: skip
    assert frame.loc["2.3", ["planned", "planned_pagar", "planned_installd",
                             "planned_planerad", "added"]].tolist() == [3, 1, 1, 1, 0]  # fmt: skip
    assert frame.loc["4.1", ["planned", "added", "unstated", "total"]].tolist() == [0, 0, 1, 1]


def test_planned_against_done_per_year(made_up):
    frame = activity_plan.planned_vs_done_by_year(made_up).set_index("year")
    assert frame.loc[2024, ["planned", "planned_genomford", "total"]].tolist() == [1, 1, 1]
    assert frame.loc[2025, ["planned", "added", "unstated", "total"]].tolist() == [4, 1, 1, 6]


def test_cancelled_activities_carry_their_reason(made_up):
    frame = activity_plan.cancelled(made_up, 2025)
    assert frame[["id", "reason"]].values.tolist() == [["P3", "För få anmälda"]]


def test_reach_per_municipality_and_actor(made_up):
    frame = activity_plan.reach(made_up, 2025).set_index("key")
    assert frame.loc["0780", ["kind", "name", "reached", "activities"]].tolist() == [
        "kommun", "Växjö", 24, 2]  # fmt: skip
    assert frame.loc["region", ["kind", "name", "reached"]].tolist() == [
        "aktor", "Region Kronoberg", 5]  # fmt: skip
    assert not frame.loc["0764", "is_example"]  # T1 is a real row
    towns = activity_plan.municipal_reach(made_up, 2025).set_index("code")["reached"]
    assert len(towns) == len(made_up.municipalities)
    assert (towns["0780"], towns["0764"], towns["0760"]) == (24, 7, 0)
    assert activity_plan.municipal_reach(made_up, 2024).set_index("code")["reached"]["0780"] == 100


def test_partners_of_a_year_with_their_activities_and_delmal(made_up):
    frame = activity_plan.partners(made_up, 2025).set_index("id")
    assert frame.loc["region", ["name", "activities", "subgoal_ids", "in_plan"]].tolist() == [
        "Region Kronoberg", 2, ("1.1", "2.3"), True]  # fmt: skip
    assert frame.loc["barnahus", "activities"] == 2
    assert "marta" not in frame.index  # 2024 only


def test_the_year_in_the_address(made_up):
    assert activity_plan.years(made_up) == [2024, 2025]
    assert activity_plan.resolve_year(made_up, "2024") == 2024
    assert activity_plan.resolve_year(made_up, None) == 2025
    for bad in ("1999", "abc", "20245", "-2024", "2023"):
        assert activity_plan.canonical_query(made_up, {"ar": bad}) == {"ar": "okant"}, bad
    assert activity_plan.canonical_query(made_up, {"ar": " 2024 "}) == {"ar": "2024"}
    assert activity_plan.canonical_query(made_up, {}) == {"ar": "2025"}
    empty = replace(made_up, activities=made_up.activities.iloc[0:0])
    assert activity_plan.canonical_query(empty, {"ar": "2025"}) == {"ar": ""}


def test_the_plans_words_for_an_example_activity(made_up):
    plan = made_up.plan.activities
    first = plan.iloc[0]
    ref = f"{first['subgoal_id']}:{first['number']}"
    assert activity_plan.plan_activity_text(made_up, ref) == first["text"]
    assert activity_plan.plan_activity_text(made_up, "9.9:9") == ""


def test_the_example_rows_use_the_new_columns():
    """example_data's rows (the fixture county's): planned and added, a cancelled one with a
    reason, reach and partners."""
    frame = get_dataset().activities
    assert {"planerad", "tillagd"} <= set(frame["planning"])
    cancelled = frame[frame["status"] == "installd"]
    assert len(cancelled) >= 1 and cancelled["reason"].ne("").all()
    assert frame["reach"].map(bool).any() and frame["partners"].map(bool).any()
    assert frame["plan_activities"].map(bool).all() and frame["is_example"].all()


# --- with a successor plan (data/planer/<id>/) --------------------------------------------------


def test_an_activity_names_an_example_activity_of_the_plan_in_force_in_its_year(data_dir):
    from tests.test_plans import add_successor

    add_successor(data_dir)
    write(data_dir, cells(),
          cells(id="A2027-01", ar="2027", datum="2027-03-14", parter="exempelaktor"))  # fmt: skip
    ds = load_dataset(data_dir, GEO)
    rows = {r["id"]: r for r in ds.activities.to_dict("records")}
    assert activity_plan.plan_activity_quotes(ds, ("1.1:1",), 2025) == [
        ("1.1:1", "Utbildning i Mentorer i Våldsprevention (MVP)")]  # fmt: skip
    assert activity_plan.plan_activity_quotes(ds, rows["A2027-01"]["plan_activities"], 2027) == [
        ("1.1:1", "Exempelaktivitet (testdata): nätverksträffar för samordnarna")]  # fmt: skip
    assert activity_plan.partner_names(ds)["exempelaktor"] == "Exempelaktör (testdata)"
    # 2.1:3 is an example activity of the 2018–2026 plan only
    write(data_dir, cells(delmal="2.1", planens_aktivitet="2.1:3"),
          cells(id="A2027-01", ar="2027", datum="", delmal="2.1", planens_aktivitet="2.1:3"))  # fmt: skip
    error = refused(data_dir)
    assert (error.row, error.column) == (3, "planens_aktivitet")
    assert "ingen av exempelaktiviteterna i planen för 2027" in error.message
