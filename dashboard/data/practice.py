"""The plan in practice (issue #20): the Länsstyrelse's yearly activities and the local action
plans, read from two files an official edits, and the plan period.

- ``data/lansstyrelsens_aktiviteter.csv``: one row per activity of the yearly verksamhetsplan
  (id, ar, delmal, titel, typ, ansvarig, status, datum, deltagare, anmarkning, exempeldata).
- ``data/lokala_handlingsplaner.csv``: one row per local plan, several per actor over time
  (aktor = a municipality code or an actor id from plan/aktorer.csv, finns, antagen,
  antagen_av, galler_fran, galler_till, delmal, anmarkning, exempeldata); a row with
  finns = nej says the actor is known to have had no plan.
- ``data/processtod.csv``: the Länsstyrelse's process support to actors writing local plans
  (aktor, ar, beskrivning, exempeldata), several rows per actor and year.

All are optional: a data directory without them (an older one, another county's) loads,
and the pages say that no activities or local plans are recorded. A file that is there is
checked like the others: the first problem raises DataError naming file, row and column.
Checks are column-wise (pandas), not row by row.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from dashboard.data import activity_columns
from dashboard.data.tables import (
    DataError,
    bounded_integers,
    read_table,
    require_known,
    require_unique,
    require_values,
    split_ids,
)

ACTIVITIES_FILE = "lansstyrelsens_aktiviteter.csv"
LOCAL_PLANS_FILE = "lokala_handlingsplaner.csv"
MAX_PARTICIPANTS = 10_000_000  # more than any county's population

# code -> what users read; the codes are what the files hold (no å, ä, ö to mistype)
ACTIVITY_KINDS = {
    "utbildning": "Utbildning",
    "natverkstraff": "Nätverksträff",
    "kampanj": "Kampanj",
    "kartlaggning": "Kartläggning",
    "processtod": "Processtöd",
    "konferens": "Konferens",
    "annat": "Annat",
}
ACTIVITY_STATUSES = {
    "planerad": "Planerad",
    "pagar": "Pågår",
    "genomford": "Genomförd",
    "installd": "Inställd",
}
ACTIVITY_COLUMNS = ["id", "year", "subgoal_ids", "title", "kind", "responsible", "status",
                    "date", "participants", "note", "is_example",
                    *activity_columns.COLUMNS]  # fmt: skip
LOCAL_PLAN_COLUMNS = ["actor", "exists", "adopted", "adopted_by", "valid_from", "valid_through",
                      "subgoal_ids", "note", "is_example"]  # fmt: skip
PROCESS_SUPPORT_FILE = "processtod.csv"
PROCESS_SUPPORT_COLUMNS = ["actor", "year", "description", "is_example"]


def _first_bad(frame: pd.DataFrame, bad: pd.Series, column: str, name: str, message: str) -> None:
    """Raise DataError for the first row where `bad` holds; the message may name {value}."""
    if bad.any():
        row = frame[bad].iloc[0]
        raise DataError(message.format(value=row[column]), file=name, row=int(row["_row"]),
                        column=column)  # fmt: skip


def _year_column(frame: pd.DataFrame, column: str, name: str, *, allow_empty: bool = False
                 ) -> pd.Series:  # fmt: skip
    return bounded_integers(frame, column, name, 1990, 2100, "ett årtal som 2025",
                            allow_empty=allow_empty)  # fmt: skip


def _date_column(frame: pd.DataFrame, column: str, name: str) -> pd.Series:
    """ISO dates (2025-03-14); empty allowed."""
    text = frame[column].astype(str)
    dates = pd.to_datetime(text.where(text.ne("")), format="%Y-%m-%d", errors="coerce")
    _first_bad(frame, text.ne("") & dates.isna(), column, name,
               "”{value}” ska vara ett datum skrivet som 2025-03-14.")  # fmt: skip
    return dates


def _subgoal_lists(frame: pd.DataFrame, column: str, known: set[str], name: str, *,
                   allow_empty: bool) -> pd.Series:  # fmt: skip
    lists = frame[column].map(split_ids)
    if not allow_empty:
        _first_bad(frame, lists.map(len).eq(0), column, name,
                   "ange minst ett delmål (till exempel 1.4 eller 2.3, 4.2).")  # fmt: skip
    unknown = lists.map(lambda ids: next((i for i in ids if i not in known), ""))
    if unknown.ne("").any():
        row = frame[unknown.ne("")].iloc[0]
        raise DataError(
            f"okänt delmål ”{unknown[unknown.ne('')].iloc[0]}”: förväntade ett delmåls-id ur "
            "plan/delmal.csv, flera åtskilda med komma.",
            file=name, row=int(row["_row"]), column=column,
        )  # fmt: skip
    return lists


def load_activities(data_dir: Path, subgoal_ids: set[str], path: Path | None = None,
                    name: str | None = None, *,
                    references: activity_columns.References | None = None) -> pd.DataFrame:  # fmt: skip
    """The yearly activities, checked; empty (with the columns) when the file is absent.
    path, name: another file to check by the same rules (an import), and how errors name it.
    references: what the activity plan's columns may name (activity_columns.References; the
    loader passes the plan's); without them a file using those columns is refused.
    participants is deltagare as written; where it is empty, the views count the sum of
    nadda instead (reach_total; domain/activity_plan.participants)."""
    path = path or data_dir / ACTIVITIES_FILE
    if not path.exists():
        return pd.DataFrame(columns=ACTIVITY_COLUMNS)
    name = name or f"data/{ACTIVITIES_FILE}"
    frame = read_table(path, ["id", "ar", "delmal", "titel", "typ", "status", "exempeldata"])
    # ar first: an import fills an empty id from the year, so an empty year is the problem
    require_values(frame, ["ar", "id", "titel", "typ", "status", "exempeldata"], name)
    require_unique(frame, ["id"], name)
    years = _year_column(frame, "ar", name)
    lists = _subgoal_lists(frame, "delmal", subgoal_ids, name, allow_empty=False)
    require_known(frame, "typ", set(ACTIVITY_KINDS), name, ", ".join(ACTIVITY_KINDS))
    require_known(frame, "status", set(ACTIVITY_STATUSES), name, ", ".join(ACTIVITY_STATUSES))
    require_known(frame, "exempeldata", {"ja", "nej"}, name, "ja eller nej")
    dates = _date_column(frame.assign(datum=frame.get("datum", "")), "datum", name)
    _first_bad(frame, dates.notna() & (dates.dt.year != years), "datum", name,
               "datumet ”{value}” ligger inte i året i kolumnen ”ar”.")  # fmt: skip
    # A count of people reached: bounded (a campaign may reach a whole county, not 10^20).
    participants = bounded_integers(frame.assign(deltagare=frame.get("deltagare", "")),
                                    "deltagare", name, 0, MAX_PARTICIPANTS,
                                    "antalet deltagare eller nådda", allow_empty=True)  # fmt: skip
    # The yearly activity plan's columns (#33), each optional: absent means not stated.
    plan_frame = frame.assign(**{c: frame.get(c, "") for c in activity_columns.FILE_COLUMNS})
    planned = activity_columns.check_columns(plan_frame, lists, participants,
                                             references or activity_columns.References(), name,
                                             has_reason_column="orsak" in frame,
                                             years=years)  # fmt: skip
    return pd.DataFrame({
        "id": frame["id"], "year": years.astype(int), "subgoal_ids": lists,
        "title": frame["titel"], "kind": frame["typ"],
        "responsible": frame.get("ansvarig", ""), "status": frame["status"],
        "date": dates, "participants": participants,
        "note": frame.get("anmarkning", ""), "is_example": frame["exempeldata"].eq("ja"),
        **{c: planned[c] for c in activity_columns.COLUMNS},
    }).reset_index(drop=True)  # fmt: skip


def _with_optional(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Optional columns an older file lacks, as empty text (an old file loads unchanged)."""
    return frame.assign(**{c: frame.get(c, "") for c in columns})


def _one_row_per_plan(frame: pd.DataFrame, name: str) -> None:
    """One row per (aktor, antagen): a second row for the same plan (or a second 'finns: nej'
    row, or a second plan without a date) is named with the row it repeats."""
    twice = frame[frame.duplicated(["aktor", "antagen"], keep="first")]
    if twice.empty:
        return
    row = twice.iloc[0]
    same = frame[(frame["aktor"] == row["aktor"]) & (frame["antagen"] == row["antagen"])]
    first = int(same["_row"].iloc[0])
    what = (f"en plan antagen {row['antagen']}" if row["antagen"]
            else "en rad utan antagningsdatum")  # fmt: skip
    raise DataError(f"aktören ”{row['aktor']}” har redan {what} (rad {first}); varje plan "
                    "står på en egen rad med sitt eget antagningsdatum.", file=name,
                    row=int(row["_row"]), column="antagen")  # fmt: skip


def _validity(frame: pd.DataFrame, adopted: pd.Series, name: str) -> tuple[pd.Series, pd.Series]:
    """galler_fran and galler_till as years (<NA> when empty), checked against each other and
    the adoption: a plan cannot start before the year it was adopted nor end before it."""
    start = _year_column(frame, "galler_fran", name, allow_empty=True)
    end = _year_column(frame, "galler_till", name, allow_empty=True)
    adopted_year = adopted.dt.year.astype("Int64")
    _first_bad(frame, (start.notna() & adopted.notna() & (start < adopted_year)).fillna(False),
               "galler_fran", name,
               "planen gäller från ”{value}”, före året den antogs (se kolumnen antagen).")  # fmt: skip
    _first_bad(frame, (end.notna() & adopted.notna() & (end < adopted_year)).fillna(False),
               "galler_till", name, "planen gäller till ”{value}”, före året den antogs.")  # fmt: skip
    _first_bad(frame, (start.notna() & end.notna() & (start > end)).fillna(False),
               "galler_fran", name,
               "planen gäller från ”{value}”, efter sista året i kolumnen galler_till.")  # fmt: skip
    return start, end


def load_local_plans(data_dir: Path, actors: set[str], subgoal_ids: set[str],
                     path: Path | None = None, name: str | None = None) -> pd.DataFrame:  # fmt: skip
    """The local action plans, checked; empty when the file is absent. `actors`: the county's
    municipality codes and plan/aktorer.csv's ids. path, name: as load_activities.

    Several rows per actor: one per plan (unique per aktor and antagen) and at most one
    'finns: nej'. galler_fran is optional (an older file has no such column): empty means
    the plan applies from the year it was adopted (valid_from stays <NA>; the domain's
    local_plans.validity applies the default)."""
    path = path or data_dir / LOCAL_PLANS_FILE
    if not path.exists():
        return pd.DataFrame(columns=LOCAL_PLAN_COLUMNS)
    name = name or f"data/{LOCAL_PLANS_FILE}"
    frame = read_table(path, ["aktor", "finns", "antagen", "galler_till", "delmal", "exempeldata"])
    frame = _with_optional(frame, ["antagen_av", "galler_fran", "anmarkning"])
    require_values(frame, ["aktor", "finns", "exempeldata"], name)
    require_known(frame, "aktor", actors, name,
                  "en kommunkod i länet eller ett id ur plan/aktorer.csv")  # fmt: skip
    require_known(frame, "finns", {"ja", "nej"}, name, "ja eller nej")
    require_known(frame, "exempeldata", {"ja", "nej"}, name, "ja eller nej")
    adopted = _date_column(frame, "antagen", name)
    _one_row_per_plan(frame, name)
    exists = frame["finns"].eq("ja")
    _first_bad(frame, ~exists & (frame["antagen"].ne("") | frame["delmal"].ne("")
                                 | frame["galler_fran"].ne("")), "finns", name,
               "”nej” men raden har antagen, gäller från eller delmål: skriv ”ja” eller töm "
               "dem.")  # fmt: skip
    start, end = _validity(frame, adopted, name)
    lists = _subgoal_lists(frame, "delmal", subgoal_ids, name, allow_empty=True)
    return pd.DataFrame({
        "actor": frame["aktor"], "exists": exists, "adopted": adopted,
        "adopted_by": frame["antagen_av"], "valid_from": start, "valid_through": end,
        "subgoal_ids": lists, "note": frame["anmarkning"],
        "is_example": frame["exempeldata"].eq("ja"),
    }).reset_index(drop=True)  # fmt: skip


def load_process_support(data_dir: Path, actors: set[str], path: Path | None = None,
                         name: str | None = None) -> pd.DataFrame:  # fmt: skip
    """The Länsstyrelse's process support to actors writing local plans, checked; empty
    (with the columns) when the file is absent. Several rows per actor and year; the same
    actor, year and description twice is refused as a row entered twice. path, name: as
    load_activities."""
    path = path or data_dir / PROCESS_SUPPORT_FILE
    if not path.exists():
        return pd.DataFrame(columns=PROCESS_SUPPORT_COLUMNS)
    name = name or f"data/{PROCESS_SUPPORT_FILE}"
    frame = read_table(path, ["aktor", "ar", "beskrivning", "exempeldata"])
    require_values(frame, ["aktor", "ar", "beskrivning", "exempeldata"], name)
    require_known(frame, "aktor", actors, name,
                  "en kommunkod i länet eller ett id ur plan/aktorer.csv")  # fmt: skip
    years = _year_column(frame, "ar", name)
    require_known(frame, "exempeldata", {"ja", "nej"}, name, "ja eller nej")
    twice = frame[frame.duplicated(["aktor", "ar", "beskrivning"], keep="first")]
    if not twice.empty:
        row = twice.iloc[0]
        first = frame[(frame["aktor"] == row["aktor"]) & (frame["ar"] == row["ar"])
                      & (frame["beskrivning"] == row["beskrivning"])]["_row"].iloc[0]  # fmt: skip
        raise DataError(f"samma aktör, år och beskrivning står redan på rad {int(first)}; "
                        "skriv varje tillfälle en gång (skilj två tillfällen åt i "
                        "beskrivningen).", file=name, row=int(row["_row"]),
                        column="beskrivning")  # fmt: skip
    return pd.DataFrame({
        "actor": frame["aktor"], "year": years.astype(int), "description": frame["beskrivning"],
        "is_example": frame["exempeldata"].eq("ja"),
    }).reset_index(drop=True)  # fmt: skip


def plan_period(document: dict[str, str], years: list[int] | None = None, *,
                name: str = "data/plan/dokument.csv") -> tuple[int, int]:  # fmt: skip
    """(first year, last year) of the plan from plan/dokument.csv's planperiod_start and
    planperiod_slut; the county's configuration, not code. A data directory without both
    rows (an older one, another county's) gets the years its values cover; a plan in
    data/planer/<id>/ (name: its dokument.csv) is given no years and must state its own."""
    texts = [document.get("planperiod_start", ""), document.get("planperiod_slut", "")]
    if texts == ["", ""] and years:
        return min(years), max(years)
    for key, text in zip(("planperiod_start", "planperiod_slut"), texts, strict=True):
        if not text.isdigit() or not 1990 <= int(text) <= 2100:
            raise DataError(f"raden ”{key}” ska ha ett årtal som 2026 (fanns ”{text}”).",
                            file=name, column="text")  # fmt: skip
    start, end = (int(t) for t in texts)
    if start > end:
        raise DataError(f"planperioden börjar {start}, efter att den slutar {end}.", file=name)
    return start, end
