"""The yearly activity plan's columns of data/lansstyrelsens_aktiviteter.csv (issue #33), and
the optional list of partners the plan does not name (data/samverkansparter.csv).

The plan says the Länsstyrelse "tar fram en årlig verksamhetsplan av aktiviteter utifrån
länets behov". Beside the columns of issue #20 (practice.load_activities) an activity row may
say whether it was in the year's plan or added during the year, which of the plan's example
activities it carries out, its target group and sectors, its partners, whom it reached per
municipality and actor, why it was cancelled, and its result and evaluation. Every one of
these columns is optional: a file without them (an older one, another county's) loads, and
an empty cell means "not stated".

Checked column-wise like practice.py: the first problem raises DataError naming file, row
and column. No Dash, no other layer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from dashboard.data.tables import (
    DataError,
    read_table,
    require_known,
    require_unique,
    require_values,
    split_ids,
)

PARTNERS_FILE = "samverkansparter.csv"
# code -> what users read; the codes are what the file holds. The importer takes the label too.
PLANNING = {"planerad": "I årets verksamhetsplan", "tillagd": "Tillagd under året"}
SECTORS = {
    "socialtjanst": "Socialtjänst",
    "halso_sjukvard": "Hälso- och sjukvård",
    "skola": "Skola",
    "forskola": "Förskola",
    "polis": "Polis",
    "rattsvasende": "Rättsväsende",
    "civilsamhalle": "Civilsamhälle",
    "trossamfund": "Trossamfund",
    "naringsliv": "Näringsliv",
    "annat": "Annat",
}
# The new columns in the file's order (after deltagare), as the importer writes them.
FILE_COLUMNS = ("planering", "planens_aktivitet", "malgrupp", "sektorer", "parter", "nadda",
                "orsak", "resultat", "utvardering")  # fmt: skip
# Bounds: a sentence for a target group or reason, a few paragraphs for a result.
MAX_SHORT_TEXT = 300
MAX_TEXT = 2000
MAX_REACH = 10_000_000  # people reached by one activity in one place: more than any county
MAX_REACH_ITEMS = 400  # every municipality of Sweden and then some
# Columns of the loaded frame that these add (practice.ACTIVITY_COLUMNS holds them too).
COLUMNS = ["planning", "plan_activities", "target_group", "sectors", "partners", "reach",
           "reach_total", "reason", "result", "evaluation"]  # fmt: skip
PARTNER_COLUMNS = ["id", "name", "is_example"]
_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")
_REACH_ITEM = re.compile(r"([^:\s][^:]*?)\s*:\s*([0-9][0-9\s\u00a0\u202f]*)")


@dataclass(frozen=True)
class References:
    """What the new columns may name: the plan's example activities ('1.1:1', from
    plan/aktiviteter.csv), the partners (plan/aktorer.csv's ids and samverkansparter.csv's)
    and the county's municipality codes. periods: (first year, last year, example
    activities) of each plan, when there are several (data/planer/): an activity names an
    example activity of the plan in force in its year; a year no plan holds, or a single
    plan, uses plan_activities (data/plan/'s)."""

    plan_activities: frozenset[str] = field(default_factory=frozenset)
    partners: frozenset[str] = field(default_factory=frozenset)
    municipalities: frozenset[str] = field(default_factory=frozenset)
    periods: tuple[tuple[int, int, frozenset[str]], ...] = ()

    def plan_activities_in(self, year: int) -> frozenset[str]:
        """The example activities an activity of `year` may name."""
        return next((keys for start, end, keys in self.periods if start <= year <= end),
                    self.plan_activities)  # fmt: skip


def _keys(plan_activities: pd.DataFrame) -> frozenset[str]:
    return frozenset(f"{s}:{int(n)}" for s, n in zip(plan_activities["subgoal_id"],
                                                     plan_activities["number"], strict=True))  # fmt: skip


def references(plan_activities: pd.DataFrame, actor_ids: set[str], partner_ids: set[str],
               municipality_codes: set[str], plans: Iterable[Any] = ()) -> References:  # fmt: skip
    """References from the loaded plan (activities: subgoal_id, number), the plan's actor
    ids, samverkansparter.csv's ids and the county's municipality codes. plans: every plan
    (loader.Plan: period, activities, actors) when there are several; their actors are
    partners too, and each one's example activities hold for its years."""
    plans = list(plans)
    actors = set(actor_ids).union(*(set(p.actors["id"]) for p in plans))
    periods = tuple((p.period[0], p.period[1], _keys(p.activities)) for p in plans
                    if len(plans) > 1)  # fmt: skip
    return References(_keys(plan_activities), frozenset(actors | partner_ids),
                      frozenset(municipality_codes), periods)  # fmt: skip


def _first_bad(frame: pd.DataFrame, bad: pd.Series, column: str, name: str, message: str) -> None:
    """DataError for the first row where `bad` holds; the message may name {value}."""
    if bad.any():
        row = frame[bad].iloc[0]
        raise DataError(message.format(value=row[column]), file=name, row=int(row["_row"]),
                        column=column)  # fmt: skip


def _texts(frame: pd.DataFrame, name: str) -> None:
    """Free text within bounds: the views and the follow-up report print it whole."""
    for column, limit in (("malgrupp", MAX_SHORT_TEXT), ("orsak", MAX_SHORT_TEXT),
                          ("resultat", MAX_TEXT), ("utvardering", MAX_TEXT)):  # fmt: skip
        lengths = frame[column].str.len()
        _first_bad(frame, lengths > limit, column, name,
                   f"texten är för lång (högst {limit} tecken; korta den eller lägg det "
                   "utförliga i ett dokument och hänvisa till det).")  # fmt: skip


def _plan_activities(frame: pd.DataFrame, subgoals: pd.Series, years: pd.Series,
                     refs: References, name: str) -> pd.Series:  # fmt: skip
    """planens_aktivitet: '1.1:1, 2.5:2', each an example activity of plan/aktiviteter.csv
    (of the plan in force in the row's year) that belongs to one of the row's delmål."""
    lists = frame["planens_aktivitet"].map(
        lambda t: tuple(p.replace(" ", "") for p in split_ids(t))
    )
    for index, named in lists.items():
        for ref in named:
            row = int(frame.at[index, "_row"])
            if ref not in refs.plan_activities_in(int(years[index])):
                raise DataError(f"”{ref}” är ingen av exempelaktiviteterna i planen för "
                                f"{int(years[index])}: skriv delmålet och aktivitetens nummer ur "
                                "planens aktiviteter.csv (plan/aktiviteter.csv), till exempel "
                                "1.1:1, flera åtskilda med komma.", file=name,
                                row=row, column="planens_aktivitet")  # fmt: skip
            if ref.split(":")[0] not in subgoals[index]:
                raise DataError(f"planens aktivitet ”{ref}” hör till delmål "
                                f"{ref.split(':')[0]}, som inte står i kolumnen ”delmal” "
                                "för raden: lägg till delmålet eller välj en aktivitet för "
                                "radens delmål.", file=name, row=row,
                                column="planens_aktivitet")  # fmt: skip
    return lists


def _reach(frame: pd.DataFrame, refs: References, name: str) -> pd.Series:
    """nadda: '0780:25, 0764:10, region:12' → ((key, count), …), each key a municipality
    code of the county or a partner id, once per row, each count 0..MAX_REACH."""
    known = refs.municipalities | refs.partners

    def parse(text: str, row: int) -> tuple[tuple[str, int], ...]:
        items: list[tuple[str, int]] = []
        parts = split_ids(text)
        if len(parts) > MAX_REACH_ITEMS:
            raise DataError(f"för många delar (högst {MAX_REACH_ITEMS}).", file=name, row=row,
                            column="nadda")  # fmt: skip
        for part in parts:
            match = _REACH_ITEM.fullmatch(part)
            count = re.sub(r"[\s\u00a0\u202f]", "", match.group(2)) if match else ""
            if not match or len(count) > 15 or int(count) > MAX_REACH:
                raise DataError(f"”{part}” ska skrivas som kommunkod eller aktör, kolon och "
                                f"ett heltal 0–{MAX_REACH:,}".replace(",", " ")
                                + " (till exempel 0780:25, region:12).", file=name, row=row,
                                column="nadda")  # fmt: skip
            key = match.group(1).strip()
            if key not in known:
                raise DataError(f"okänd kommun eller aktör ”{key}”: förväntade en kommunkod i "
                                "länet, ett id ur plan/aktorer.csv eller ur "
                                f"{PARTNERS_FILE}.", file=name, row=row, column="nadda")  # fmt: skip
            if key in dict(items):
                raise DataError(f"”{key}” står två gånger; skriv varje kommun eller aktör en "
                                "gång med summan.", file=name, row=row, column="nadda")  # fmt: skip
            items.append((key, int(count)))
        return tuple(items)

    return pd.Series([parse(t, int(r)) for t, r in zip(frame["nadda"], frame["_row"],
                                                        strict=True)], index=frame.index)  # fmt: skip


def check_columns(frame: pd.DataFrame, subgoals: pd.Series, participants: pd.Series,
                  refs: References, name: str, *, has_reason_column: bool,
                  years: pd.Series) -> pd.DataFrame:  # fmt: skip
    """The new columns of an activities file (frame: practice.load_activities's text frame
    with every FILE_COLUMN present, '' where absent), checked; returns the loaded columns
    (COLUMNS) on the frame's index. participants: deltagare as read (<NA> when empty).
    has_reason_column: whether the file has the column orsak (then a cancelled activity
    must say why; a file from before the column loads as it is). years: ar as read."""
    require_known(frame, "planering", set(PLANNING), name, "planerad eller tillagd",
                  allow_empty=True)  # fmt: skip
    require_known(frame, "sektorer", set(SECTORS), name,
                  "en eller flera av " + ", ".join(SECTORS) + " (åtskilda med komma)",
                  allow_empty=True)  # fmt: skip
    require_known(frame, "parter", set(refs.partners), name,
                  f"ett id ur plan/aktorer.csv eller ur {PARTNERS_FILE}, flera åtskilda med "
                  "komma", allow_empty=True)  # fmt: skip
    _texts(frame, name)
    if has_reason_column:  # an older file has none: its cancelled rows still load
        _first_bad(frame, frame["status"].eq("installd") & frame["orsak"].eq(""), "orsak",
                   name, "aktiviteten är inställd: skriv varför i kolumnen orsak.")  # fmt: skip
    plan_activities = _plan_activities(frame, subgoals, years, refs, name)
    reach = _reach(frame, refs, name)
    totals = reach.map(lambda items: sum(n for _, n in items))
    has_reach = reach.map(bool)
    over = has_reach & participants.notna() & (totals > participants.fillna(0))
    if over.any():
        row = frame[over].iloc[0]
        raise DataError(f"deltagare är {row['deltagare']}, färre än summan av kolumnen nadda "
                        f"({totals[over].iloc[0]}): varje nådd person räknas en gång, så "
                        "deltagare ska vara minst summan (eller lämnas tomt).", file=name,
                        row=int(row["_row"]), column="deltagare")  # fmt: skip
    return pd.DataFrame({
        "planning": frame["planering"], "plan_activities": plan_activities,
        "target_group": frame["malgrupp"],
        "sectors": frame["sektorer"].map(split_ids), "partners": frame["parter"].map(split_ids),
        "reach": reach, "reach_total": totals.where(has_reach).astype("Int64"),
        "reason": frame["orsak"], "result": frame["resultat"], "evaluation": frame["utvardering"],
    }, index=frame.index)  # fmt: skip


def load_partners(data_dir: Path, taken: set[str], path: Path | None = None,
                  name: str | None = None) -> pd.DataFrame:  # fmt: skip
    """Partners the plan does not name (samverkansparter.csv: id, namn, exempeldata), checked;
    empty (with the columns) when the file is absent. taken: the ids already in use (the
    plan's actor ids and the municipality codes), which a partner's id may not repeat."""
    path = path or data_dir / PARTNERS_FILE
    if not path.exists():
        return pd.DataFrame(columns=PARTNER_COLUMNS)
    name = name or f"data/{PARTNERS_FILE}"
    frame = read_table(path, ["id", "namn", "exempeldata"])
    require_values(frame, ["id", "namn", "exempeldata"], name)
    _first_bad(frame, ~frame["id"].map(lambda t: bool(_ID.fullmatch(t))), "id", name,
               "”{value}” ska vara ett kort id av små bokstäver a–z, siffror, - och _ "
               "(till exempel brottsofferjouren).")  # fmt: skip
    _first_bad(frame, frame["id"].isin(taken), "id", name,
               "”{value}” finns redan i plan/aktorer.csv eller är en kommunkod: använd den "
               "och ta bort raden här.")  # fmt: skip
    require_unique(frame, ["id"], name)
    _first_bad(frame, frame["namn"].str.len() > MAX_SHORT_TEXT, "namn", name,
               f"namnet är för långt (högst {MAX_SHORT_TEXT} tecken).")  # fmt: skip
    require_known(frame, "exempeldata", {"ja", "nej"}, name, "ja eller nej")
    return pd.DataFrame({"id": frame["id"], "name": frame["namn"],
                         "is_example": frame["exempeldata"].eq("ja")}).reset_index(drop=True)  # fmt: skip
