"""The plan in practice (issue #20): the Länsstyrelse's yearly activities and the local action
plans, read from two files an official edits, and the plan period.

- ``data/lansstyrelsens_aktiviteter.csv``: one row per activity of the yearly verksamhetsplan
  (id, ar, delmal, titel, typ, ansvarig, status, datum, deltagare, anmarkning, exempeldata).
- ``data/lokala_handlingsplaner.csv``: one row per actor with or without a local plan
  (aktor = a municipality code or an actor id from plan/aktorer.csv, finns, antagen,
  antagen_av, galler_till, delmal, anmarkning, exempeldata).

Both are optional: a data directory without them (an older one, another county's) loads,
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
LOCAL_PLAN_COLUMNS = ["actor", "exists", "adopted", "adopted_by", "valid_through",
                      "subgoal_ids", "note", "is_example"]  # fmt: skip


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
                                             has_reason_column="orsak" in frame)  # fmt: skip
    return pd.DataFrame({
        "id": frame["id"], "year": years.astype(int), "subgoal_ids": lists,
        "title": frame["titel"], "kind": frame["typ"],
        "responsible": frame.get("ansvarig", ""), "status": frame["status"],
        "date": dates, "participants": participants,
        "note": frame.get("anmarkning", ""), "is_example": frame["exempeldata"].eq("ja"),
        **{c: planned[c] for c in activity_columns.COLUMNS},
    }).reset_index(drop=True)  # fmt: skip


def load_local_plans(data_dir: Path, actors: set[str], subgoal_ids: set[str],
                     path: Path | None = None, name: str | None = None) -> pd.DataFrame:  # fmt: skip
    """The local action plans, checked; empty when the file is absent. `actors`: the county's
    municipality codes and plan/aktorer.csv's ids. path, name: as load_activities."""
    path = path or data_dir / LOCAL_PLANS_FILE
    if not path.exists():
        return pd.DataFrame(columns=LOCAL_PLAN_COLUMNS)
    name = name or f"data/{LOCAL_PLANS_FILE}"
    frame = read_table(path, ["aktor", "finns", "antagen", "galler_till", "delmal", "exempeldata"])
    require_values(frame, ["aktor", "finns", "exempeldata"], name)
    require_known(frame, "aktor", actors, name,
                  "en kommunkod i länet eller ett id ur plan/aktorer.csv")  # fmt: skip
    require_unique(frame, ["aktor"], name)
    require_known(frame, "finns", {"ja", "nej"}, name, "ja eller nej")
    require_known(frame, "exempeldata", {"ja", "nej"}, name, "ja eller nej")
    adopted = _date_column(frame, "antagen", name)
    valid = _year_column(frame, "galler_till", name, allow_empty=True)
    lists = _subgoal_lists(frame, "delmal", subgoal_ids, name, allow_empty=True)
    exists = frame["finns"].eq("ja")
    _first_bad(frame, ~exists & (frame["antagen"].ne("") | frame["delmal"].ne("")), "finns",
               name, "”nej” men raden har antagen eller delmål: skriv ”ja” eller töm dem.")  # fmt: skip
    _first_bad(frame, valid.notna() & adopted.notna() & (valid < adopted.dt.year),
               "galler_till", name, "planen gäller till ”{value}”, före året den antogs.")  # fmt: skip
    return pd.DataFrame({
        "actor": frame["aktor"], "exists": exists, "adopted": adopted,
        "adopted_by": frame.get("antagen_av", ""), "valid_through": valid,
        "subgoal_ids": lists, "note": frame.get("anmarkning", ""),
        "is_example": frame["exempeldata"].eq("ja"),
    }).reset_index(drop=True)  # fmt: skip


def plan_period(document: dict[str, str], years: list[int] | None = None) -> tuple[int, int]:
    """(first year, last year) of the plan from plan/dokument.csv's planperiod_start and
    planperiod_slut; the county's configuration, not code. A data directory without both
    rows (an older one, another county's) gets the years its values cover."""
    name = "data/plan/dokument.csv"
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
