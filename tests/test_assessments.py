"""Länsstyrelsens bedömning (issue #33): the checks on data/bedomningar.csv (each rule, a
Swedish error naming file, row and column), the file being optional, and the domain's
functions (the newest assessment, the counts, the evidence with names)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from dashboard.config import REPO_ROOT
from dashboard.data import assessments as data_assessments
from dashboard.data.loader import DataError, get_dataset, load_dataset
from dashboard.domain import assessments

pytestmark = pytest.mark.unit

GEO = REPO_ROOT / "geo"
HEADER = "ar;delmal;status;bedomning;indikatorer;aktiviteter;lokala_planer;dokument;exempeldata"
GOOD = "2026;2.4;pa_vag;Arbetet har kommit igång.;samordnare;A1;0780, 0764;Öppna jämförelser – våld 2020 | Kartläggning 2020/2021;nej"
SUBGOALS = {"1.1", "2.4", "4.3"}
INDICATORS = {"samordnare", "suv_status"}
ACTORS = {"0780", "0764", "barnahus"}
ACTIVITIES = pd.DataFrame({"id": ["A1", "A2"], "year": [2024, 2026]})


def load(tmp_path: Path, *lines: str, activities: pd.DataFrame | None = ACTIVITIES,
         header: str = HEADER) -> pd.DataFrame:  # fmt: skip
    path = tmp_path / data_assessments.FILE
    path.write_text("\ufeff" + "\n".join([header, *lines]) + "\n", encoding="utf-8")
    return data_assessments.load_assessments(tmp_path, SUBGOALS, INDICATORS, ACTORS, activities)


def test_a_good_file_is_read_with_its_evidence(tmp_path):
    frame = load(tmp_path, GOOD, "2024;2.4;inte_paborjat;Inte börjat.;;;;;ja")
    first = frame.iloc[0]
    assert (first["year"], first["subgoal_id"], first["status"]) == (2026, "2.4", "pa_vag")
    assert first["indicator_ids"] == ("samordnare",) and first["activity_ids"] == ("A1",)
    assert first["actor_ids"] == ("0780", "0764")
    assert first["documents"] == ("Öppna jämförelser – våld 2020", "Kartläggning 2020/2021")
    assert not first["is_example"] and frame.iloc[1]["is_example"]
    assert frame.iloc[1]["documents"] == ()


def test_the_file_is_optional_and_the_evidence_columns_may_be_left_out(tmp_path):
    assert list(data_assessments.load_assessments(tmp_path, SUBGOALS, INDICATORS, ACTORS,
                                                  None).columns) == data_assessments.COLUMNS  # fmt: skip
    frame = load(tmp_path, "2025;1.1;uppnatt;Klart.;ja",
                 header="ar;delmal;status;bedomning;exempeldata")  # fmt: skip
    assert frame.iloc[0]["indicator_ids"] == () and frame.iloc[0]["documents"] == ()


LONG = "x" * (data_assessments.MAX_TEXT + 1)


@pytest.mark.parametrize(
    ("line", "column", "words"),
    [
        ("2025;2.4;pa_vag;;;;;;nej", "bedomning", "värde saknas"),
        (";2.4;pa_vag;Text;;;;;nej", "ar", "värde saknas"),
        ("tjugo;2.4;pa_vag;Text;;;;;nej", "ar", "årtal"),
        ("2025;9.9;pa_vag;Text;;;;;nej", "delmal", "okänt värde ”9.9”"),
        ("2025;2.4, 1.1;pa_vag;Text;;;;;nej", "delmal", "en rad per delmål"),
        ("2025;2.4;klart;Text;;;;;nej", "status", "uppnatt, pa_vag"),
        ("2025;2.4;pa_vag;Text;;;;;kanske", "exempeldata", "ja eller nej"),
        (f"2025;2.4;pa_vag;{LONG};;;;;nej", "bedomning", "högst 2000 tecken"),
        ("2025;2.4;pa_vag;Text;okand;;;;nej", "indikatorer", "okänt värde ”okand”"),
        ("2025;2.4;pa_vag;Text;;A9;;;nej", "aktiviteter", "okänt värde ”A9”"),
        ("2025;2.4;pa_vag;Text;;A1, A2;;;nej", "aktiviteter", "”A2” är från 2026, efter"),
        ("2025;2.4;pa_vag;Text;;;0999;;nej", "lokala_planer", "okänt värde ”0999”"),
        (f"2025;2.4;pa_vag;Text;;;;{'d' * 301};nej", "dokument", "300 tecken"),
    ],
)  # fmt: skip
def test_each_rule_gives_a_swedish_error_naming_file_row_and_column(tmp_path, line, column,
                                                                    words):  # fmt: skip
    with pytest.raises(DataError) as error:
        load(tmp_path, GOOD, line)
    assert (error.value.file, error.value.row, error.value.column) == (
        "data/bedomningar.csv", 3, column)  # fmt: skip
    assert words in str(error.value)


def test_a_delmal_is_assessed_once_a_year(tmp_path):
    with pytest.raises(DataError) as error:
        load(tmp_path, GOOD, GOOD.replace("pa_vag", "uppnatt"))
    assert error.value.row == 3 and "ar = 2026, delmal = 2.4" in str(error.value)


def test_activity_ids_are_not_checked_without_an_activity_list(tmp_path):
    frame = load(tmp_path, "2025;2.4;pa_vag;Text;;A77;;;nej", activities=None)
    assert frame.iloc[0]["activity_ids"] == ("A77",)


def test_a_data_folder_without_the_file_loads_and_has_no_assessments(data_dir):
    (data_dir / data_assessments.FILE).unlink()
    ds = load_dataset(data_dir, GEO)
    assert ds.assessments.empty
    assert assessments.latest(ds, "2.4") is None
    assert assessments.status_counts(ds)[assessments.NO_ASSESSMENT] == len(ds.plan.subgoals)


def test_a_broken_file_stops_the_load_with_its_place(data_dir):
    path = data_dir / data_assessments.FILE
    path.write_text(path.read_text(encoding="utf-8-sig").replace(";pa_vag;", ";halvvägs;", 1),
                    encoding="utf-8")  # fmt: skip
    with pytest.raises(DataError, match="bedomningar.csv, rad .*, kolumn ”status”"):
        load_dataset(data_dir, GEO)


# --- the domain ---------------------------------------------------------------------------


def _row(year: int, subgoal: str, status: str, **more) -> dict:
    return {"year": year, "subgoal_id": subgoal, "status": status, "text": f"T {year}",
            "indicator_ids": (), "activity_ids": (), "actor_ids": (), "documents": (),
            "is_example": False} | more  # fmt: skip


@pytest.fixture(scope="module")
def ds():
    base = get_dataset()
    frame = pd.DataFrame([
        _row(2021, "2.4", "inte_paborjat"), _row(2025, "2.4", "pa_vag"),
        _row(2023, "2.4", "pa_vag"), _row(2024, "1.1", "uppnatt", is_example=True),
        _row(2026, "4.3", "kan_inte_bedomas"),
    ])  # fmt: skip
    return replace(base, assessments=frame)


def test_for_subgoal_lists_every_year_newest_first(ds):
    frame = assessments.for_subgoal(ds, "2.4")
    assert list(frame["year"]) == [2025, 2023, 2021]
    assert list(frame["status_label"]) == ["På väg", "På väg", "Inte påbörjat"]
    assert assessments.for_subgoal(ds, "3.1").empty


def test_latest_within_the_years_asked_for(ds):
    assert assessments.latest(ds, "2.4").year == 2025
    assert assessments.latest(ds, "2.4", up_to_year=2024).year == 2023
    assert assessments.latest(ds, "2.4", up_to_year=2020) is None
    assert assessments.latest(ds, "2.4", up_to_year=2022, from_year=2022) is None
    item = assessments.latest(ds, "1.1")
    assert (item.status, item.status_label, item.is_example) == ("uppnatt", "Uppnått", True)
    assert not item.has_evidence


def test_status_counts_take_each_delmal_once_and_add_up_to_all_delmal(ds):
    counts = assessments.status_counts(ds, up_to_year=2025, from_year=2018)
    assert counts == {"uppnatt": 1, "pa_vag": 1, "inte_paborjat": 0, "kan_inte_bedomas": 0,
                      assessments.NO_ASSESSMENT: len(ds.plan.subgoals) - 2}  # fmt: skip
    later = assessments.status_counts(ds, up_to_year=2026)
    assert later["kan_inte_bedomas"] == 1  # 4.3's 2026 assessment counts only from 2026
    assert sum(later.values()) == len(ds.plan.subgoals)
    assert assessments.status_label(assessments.NO_ASSESSMENT) == "Ingen bedömning registrerad"


def test_evidence_gets_names_and_the_delmal_page_it_is_shown_on(ds):
    code, name = ds.municipalities.iloc[0][["code", "name"]]
    activity = ds.activities.iloc[0]
    actor = ds.plan.actors.iloc[0]
    item = replace(assessments.latest(ds, "2.4"), indicator_ids=("samordnare",),
                   activity_ids=(activity["id"],), actor_ids=(code, actor["id"]),
                   documents=("Öppna jämförelser – våld 2020",))  # fmt: skip
    found = assessments.evidence(ds, item, on_subgoal="1.4")
    kinds = [e.kind for e in found]
    assert kinds == ["indikator", "aktivitet", "lokal_plan", "lokal_plan", "dokument"]
    indicator = found[0]
    assert indicator.name == "Kvinnofridssamordnare"
    assert (indicator.goal_id, indicator.subgoal_id) == ("1", "1.4")  # the page asked for
    assert assessments.evidence(ds, item)[0].subgoal_id == "2.3"  # else its first delmål
    assert found[1].name == f"{activity['title']} ({activity['year']})"
    assert found[1].subgoal_id == activity["subgoal_ids"][0]
    assert (found[2].name, found[2].is_municipality) == (name, True)
    assert (found[3].name, found[3].is_municipality) == (actor["name"], False)
    assert found[4].name == "Öppna jämförelser – våld 2020" and found[4].key == ""
    text = assessments.evidence_text(ds, item)
    assert text.startswith("Indikatorer: Kvinnofridssamordnare; Länsstyrelsens aktiviteter: ")
    assert text.endswith("Dokument: Öppna jämförelser – våld 2020")


def test_short_text_cuts_at_a_word():
    assert assessments.short_text("kort text") == "kort text"
    cut = assessments.short_text("ord " * 100, limit=20)
    assert cut.endswith(" …") and len(cut) <= 22 and "or …" not in cut


def test_the_fixture_countys_example_assessments_say_they_are_examples():
    ds = get_dataset()
    frame = ds.assessments
    assert not frame.empty and frame["is_example"].all()
    assert frame["text"].str.startswith(assessments.EXAMPLE_PREFIX).all()
    without_indicator = {s for s in ds.plan.subgoals["id"]
                         if not ds.indicators["subgoal_ids"].map(lambda i, s=s: s in i).any()}  # fmt: skip
    assert without_indicator == {"1.1", "1.2", "2.2", "2.4", "3.2", "4.3"}
    latest_year = int(frame["year"].max())
    assert without_indicator <= set(frame.loc[frame["year"] == latest_year, "subgoal_id"])
    assert frame["subgoal_id"].duplicated().any()  # one delmål has an earlier year: history
    assert ds.has_example_data


def test_an_example_row_drops_activities_an_imported_list_no_longer_has(tmp_path):
    frame = load(tmp_path, "2025;2.4;pa_vag;Exempeltext: x;;A1, A7;;;ja",
                 "2024;2.4;pa_vag;Verklig;;A1;;;nej")  # fmt: skip
    assert list(frame["activity_ids"]) == [("A1",), ("A1",)]
    with pytest.raises(DataError, match="okänt värde ”A7”"):  # a real row must name real ones
        load(tmp_path, "2025;2.4;pa_vag;Verklig;;A1, A7;;;nej")


def test_no_status_reads_like_a_computed_verdict():
    from dashboard.domain import progress

    labels = {label.lower() for label in data_assessments.STATUSES.values()}
    assert not labels & set(progress.VERDICTS)
    assert data_assessments.status_code("Kan inte bedömas") == "kan_inte_bedomas"  # as written
    assert data_assessments.status_code(" på VÄG ") == "pa_vag"
    assert data_assessments.status_code("halvvägs") == "halvvägs"  # the check names it


def test_status_counts_for_another_plans_delmal(ds):
    counts = assessments.status_counts(ds, up_to_year=2026, subgoal_ids=["2.4", "4.3", "9.1"])
    assert counts == {"uppnatt": 0, "pa_vag": 1, "inte_paborjat": 0, "kan_inte_bedomas": 1,
                      assessments.NO_ASSESSMENT: 1}  # fmt: skip
