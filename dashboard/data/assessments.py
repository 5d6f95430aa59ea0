"""Länsstyrelsens bedömning (issue #33): the Länsstyrelse's own written judgement of each
delmål and year, read from ``data/bedomningar.csv``, an official's file.

One row per (ar, delmal): a status of its own (STATUSES), the text of the judgement and the
evidence it rests on: the service's indicators (ids from data/indikatorer.csv), the
Länsstyrelse's activities (ids from data/lansstyrelsens_aktiviteter.csv), local action plans
(a municipality code or an actor id from plan/aktorer.csv) and documents by name. A person's
judgement, never computed: the pages show it beside the verdict that domain/progress.py
computes from the indicators, never mixed into it.

The file is optional (a data directory without it loads; the pages say that no assessment is
recorded). A file that is there is checked column-wise like data/practice.py's: the first
problem raises DataError naming file, row and column.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from dashboard.data.tables import (
    DataError,
    bounded_integers,
    read_table,
    require_known,
    require_unique,
    require_values,
    split_ids,
)

FILE = "bedomningar.csv"
# The file's columns in order, exempeldata last (the import writes them so).
FILE_COLUMNS = ("ar", "delmal", "status", "bedomning", "indikatorer", "aktiviteter",
                "lokala_planer", "dokument", "exempeldata")  # fmt: skip
REQUIRED = ["ar", "delmal", "status", "bedomning", "exempeldata"]
# code -> what users read; the codes are what the file holds (no å, ä, ö to mistype). The
# importer also takes the label.
STATUSES = {
    "uppnatt": "Uppnått",
    "pa_vag": "På väg",
    "inte_paborjat": "Inte påbörjat",
    # not "Kan inte bedömas": that is a computed verdict's word (domain/progress.py), and the
    # two stand side by side on Uppföljning
    "kan_inte_bedomas": "Underlaget räcker inte",
}
# Other words the importer takes for a status.
STATUS_ALIASES = {"kan inte bedömas": "kan_inte_bedomas", "underlag saknas": "kan_inte_bedomas"}
MAX_TEXT = 2000  # characters of a judgement: a paragraph or two, as the follow-up prints it
MAX_DOCUMENT = 300  # characters of one document's name
DOCUMENT_SEPARATOR = " | "
# What each column holds, for the import template's instructions.
TEMPLATE_HELP = {
    "ar": "Året bedömningen gäller (2025). En rad per delmål och år.",
    "delmal": "Delmålet som bedöms, ett per rad (till exempel 2.4).",
    "status": "Länsstyrelsens bedömning av delmålet: "
    + ", ".join(STATUSES.values())
    + ". Den är Länsstyrelsens egen och räknas aldrig ihop med tjänstens beräknade "
    "utveckling (bättre, sämre …).",
    "bedomning": f"Länsstyrelsens bedömning i text, högst {MAX_TEXT} tecken: vad som har "
    "gjorts, vad som återstår och varför statusen är den angivna.",
    "indikatorer": "Tjänstens indikatorer som bedömningen bygger på: indikatorns id "
    "(bladet Indikatorer), flera åtskilda med komma (frivilligt).",
    "aktiviteter": "Länsstyrelsens aktiviteter som bedömningen bygger på: aktivitetens id "
    "(A2025-03), flera åtskilda med komma; inte från ett senare år än bedömningen "
    "(frivilligt).",
    "lokala_planer": "Lokala handlingsplaner som bedömningen bygger på: kommunkoden (0780) eller "
    "aktörens id ur handlingsplanen, flera åtskilda med komma (frivilligt).",
    "dokument": "Dokument som bedömningen bygger på, med namn, åtskilda med ” | ” (till "
    "exempel Öppna jämförelser – våld 2020 | Kartläggning 2020/2021; frivilligt).",
}
COLUMNS = ["year", "subgoal_id", "status", "text", "indicator_ids", "activity_ids",
           "actor_ids", "documents", "is_example"]  # fmt: skip


def split_documents(text: str) -> tuple[str, ...]:
    """'Öppna jämförelser – våld 2020 | Kartläggning 2020/2021' -> the two names. A name may
    hold commas and dashes; only the bar separates."""
    return tuple(part.strip() for part in str(text).split("|") if part.strip())


def status_code(text: str) -> str:
    """'På väg', 'på väg' or 'pa_vag' -> 'pa_vag' (also STATUS_ALIASES); unknown text stays
    (the check names it)."""
    lowered = str(text).strip().lower()
    if lowered in STATUS_ALIASES:
        return STATUS_ALIASES[lowered]
    for code, label in STATUSES.items():
        if lowered in (code, label.lower()):
            return code
    return str(text).strip()


def _first_bad(frame: pd.DataFrame, bad: pd.Series, column: str, name: str,
               message: str) -> None:  # fmt: skip
    if bad.any():
        row = frame[bad].iloc[0]
        raise DataError(message.format(value=row[column]), file=name, row=int(row["_row"]),
                        column=column)  # fmt: skip


def _texts(frame: pd.DataFrame, name: str) -> None:
    """The judgement bounded; each document named, and briefly."""
    lengths = frame["bedomning"].str.len()
    _first_bad(frame, lengths > MAX_TEXT, "bedomning", name,
               f"texten är för lång: högst {MAX_TEXT} tecken (en kort sammanfattning; "
               "hänvisa till längre underlag i kolumnen dokument).")  # fmt: skip
    documents = frame["dokument"].map(split_documents)
    too_long = documents.map(lambda names: any(len(n) > MAX_DOCUMENT for n in names))
    _first_bad(frame, too_long, "dokument", name,
               f"ett dokuments namn har fler än {MAX_DOCUMENT} tecken; skriv namnen åtskilda "
               "med ” | ”.")  # fmt: skip


def _activities(frame: pd.DataFrame, years: pd.Series, activities: pd.DataFrame | None,
                name: str) -> None:  # fmt: skip
    """Activity ids known, and none from a year after the assessment's (evidence it could
    not have rested on). Not checked when the county keeps no activity list.

    An example row (exempeldata = ja) keeps only the activities that are in the list: the
    example assessments cite the example activities, and an imported list replaces those.
    A real row must name activities that exist (the activities' import checks it too)."""
    if activities is None:
        return
    known = set(activities["id"])
    example = frame["exempeldata"].eq("ja")
    frame.loc[example, "aktiviteter"] = frame.loc[example, "aktiviteter"].map(
        lambda cell: ", ".join(a for a in split_ids(cell) if a in known)
    )
    require_known(frame, "aktiviteter", set(activities["id"]), name,
                  "ett aktivitets-id ur data/lansstyrelsens_aktiviteter.csv (till exempel "
                  "A2025-03), flera åtskilda med komma", allow_empty=True)  # fmt: skip
    year_of = dict(zip(activities["id"], activities["year"].astype(int), strict=True))
    later = [next((a for a in split_ids(cell) if year_of[a] > year), "")
             for cell, year in zip(frame["aktiviteter"], years, strict=True)]  # fmt: skip
    bad = pd.Series([bool(a) for a in later], index=frame.index)
    if bad.any():
        position = bad.to_numpy().argmax()
        activity, row = later[position], frame.iloc[position]
        raise DataError(f"aktiviteten ”{activity}” är från {year_of[activity]}, efter "
                        f"bedömningens år {row['ar']}.", file=name, row=int(row["_row"]),
                        column="aktiviteter")  # fmt: skip


def load_assessments(data_dir: Path, subgoal_ids: set[str], indicator_ids: set[str],
                     actors: set[str], activities: pd.DataFrame | None,
                     path: Path | None = None, name: str | None = None) -> pd.DataFrame:  # fmt: skip
    """The assessments, checked; empty (with COLUMNS) when the file is absent.

    `actors`: the county's municipality codes and plan/aktorer.csv's ids; `activities`: the
    loaded activity list (id, year), or None when the county keeps none (then activity ids
    are not checked). path, name: another file to check by the same rules (an import), and
    how errors name it.
    """
    path = path or data_dir / FILE
    if not path.exists():
        return pd.DataFrame(columns=COLUMNS)
    name = name or f"data/{FILE}"
    frame = read_table(path, REQUIRED)
    for column in FILE_COLUMNS:  # the evidence columns may be left out of the file
        if column not in frame.columns:
            frame[column] = ""
    require_values(frame, REQUIRED, name)
    years = bounded_integers(frame, "ar", name, 1990, 2100, "ett årtal som 2025").astype(int)
    _first_bad(frame, frame["delmal"].str.contains(","), "delmal", name,
               "”{value}”: en bedömning gäller ett delmål; skriv en rad per delmål.")  # fmt: skip
    require_known(frame, "delmal", subgoal_ids, name,
                  "ett delmåls-id ur plan/delmal.csv (till exempel 2.4), ett per rad")  # fmt: skip
    require_unique(frame, ["ar", "delmal"], name)
    require_known(frame, "status", set(STATUSES), name,
                  ", ".join(STATUSES) + " (" + ", ".join(STATUSES.values()) + ")")  # fmt: skip
    require_known(frame, "exempeldata", {"ja", "nej"}, name, "ja eller nej")
    _texts(frame, name)
    require_known(frame, "indikatorer", indicator_ids, name,
                  "ett indikator-id ur data/indikatorer.csv, flera åtskilda med komma",
                  allow_empty=True)  # fmt: skip
    _activities(frame, years, activities, name)
    require_known(frame, "lokala_planer", actors, name,
                  "en kommunkod i länet eller ett id ur plan/aktorer.csv, flera åtskilda med "
                  "komma", allow_empty=True)  # fmt: skip
    return pd.DataFrame({
        "year": years, "subgoal_id": frame["delmal"], "status": frame["status"],
        "text": frame["bedomning"], "indicator_ids": frame["indikatorer"].map(split_ids),
        "activity_ids": frame["aktiviteter"].map(split_ids),
        "actor_ids": frame["lokala_planer"].map(split_ids),
        "documents": frame["dokument"].map(split_documents),
        "is_example": frame["exempeldata"].eq("ja"),
    }).reset_index(drop=True)  # fmt: skip
