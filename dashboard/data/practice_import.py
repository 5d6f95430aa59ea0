"""Import the Länsstyrelse's activities and the local action plans (issue #20) from Excel or
CSV, with the values importer's safeguards: the file bounded as it is read, checked by the
loader's own rules before anything is written, an atomic write, the previous version kept in
data/.historik/ and undo.

    python -m dashboard import --vad aktiviteter aktiviteter.xlsx [--dry-run]
    python -m dashboard import --vad lokala-planer planer.csv
    python -m dashboard import --vad processtod processtod.xlsx
    python -m dashboard import --vad aktiviteter --undo
    python -m dashboard import --mall            # also writes these lists' templates

Unlike the values (one year added at a time), each of these files is a whole list that the
official keeps: the imported file replaces the list. The template is therefore the current
list (its real rows; none while only example data ships), to edit and import again. Ids stay
as they are; an activity without an id gets the next free one of its year (A2025-07).
Imported rows are real: exempeldata = nej.
"""

from __future__ import annotations

import csv
import io
import re
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import openpyxl
import pandas as pd
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation

import dashboard.data.assessments as assessment_rules
from dashboard.config import get_settings
from dashboard.data import activity_columns, importer, practice, spreadsheet
from dashboard.data.import_templates import assessments_template_xlsx
from dashboard.data.loader import DataError, Dataset, load_dataset
from dashboard.data.tables import read_table, split_ids


@dataclass(frozen=True)
class Target:
    """One of the lists: its file in data/, the columns a person fills in, how its
    backups are named and how it is checked."""

    key: str  # --vad
    file: str
    prefix: str  # data/.historik/<prefix>-<tid>.csv
    columns: tuple[str, ...]  # the file's columns, exempeldata last
    required: tuple[str, ...]  # the header must have these
    sheet: str
    what: str  # 'aktiviteterna' – in messages
    size_text: str  # how large a right file is, for the size message


ACTIVITIES = Target(
    key="aktiviteter", file=practice.ACTIVITIES_FILE, prefix="aktiviteter",
    columns=("id", "ar", "delmal", "titel", "typ", "ansvarig", "status", "datum", "deltagare",
             *activity_columns.FILE_COLUMNS, "anmarkning", "exempeldata"),
    required=("ar", "delmal", "titel", "typ", "status"), sheet="Aktiviteter",
    what="aktiviteterna", size_text="En lista över Länsstyrelsens aktiviteter har några hundra rader",
)  # fmt: skip
LOCAL_PLANS = Target(
    key="lokala-planer", file=practice.LOCAL_PLANS_FILE, prefix="lokala-planer",
    columns=("aktor", "finns", "antagen", "antagen_av", "galler_fran", "galler_till", "delmal",
             "anmarkning", "exempeldata"),
    required=("aktor", "finns"), sheet="Lokala planer",
    what="de lokala handlingsplanerna",
    size_text="En lista över lokala planer har en eller några rader per kommun och aktör",
)  # fmt: skip
PROCESS_SUPPORT = Target(
    key="processtod", file=practice.PROCESS_SUPPORT_FILE, prefix="processtod",
    columns=("aktor", "ar", "beskrivning", "exempeldata"),
    required=("aktor", "ar", "beskrivning"), sheet="Processtöd",
    what="Länsstyrelsens processtöd till lokala handlingsplaner",
    size_text="En lista över processtöd har några rader per aktör och år",
)  # fmt: skip
TARGETS = {t.key: t for t in (ACTIVITIES, LOCAL_PLANS, PROCESS_SUPPORT)}
# Länsstyrelsens bedömning per delmål and year (#33; data/assessments.py).
ASSESSMENTS = Target(
    key="bedomningar", file=assessment_rules.FILE, prefix="bedomningar",
    columns=assessment_rules.FILE_COLUMNS, required=("ar", "delmal", "status", "bedomning"),
    sheet="Bedömningar", what="Länsstyrelsens bedömningar",
    size_text="En lista över Länsstyrelsens bedömningar har en rad per delmål och år",
)  # fmt: skip
TARGETS[ASSESSMENTS.key] = ASSESSMENTS
LABELS = {"typ": practice.ACTIVITY_KINDS, "status": practice.ACTIVITY_STATUSES,
          "finns": {"ja": "Ja", "nej": "Nej"}, "planering": activity_columns.PLANNING,
          "sektorer": activity_columns.SECTORS}  # fmt: skip
# Words an official may write for planering besides the codes and labels.
PLANNING_WORDS = {"planerad i verksamhetsplanen": "planerad", "i verksamhetsplanen": "planerad",
                  "tillagd": "tillagd"}  # fmt: skip


@dataclass
class PracticeResult:
    target: Target
    rows: int
    written: bool
    backup: Path | None
    summary: str


def render(target: Target, rows: list[dict[str, str]]) -> bytes:
    """The file as the app reads it: UTF-8 with BOM, semicolons, the target's columns."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(target.columns), delimiter=";",
                            lineterminator="\n", extrasaction="ignore")  # fmt: skip
    writer.writeheader()
    writer.writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _code(column: str, text: str) -> str:
    """'Nätverksträff' or 'natverkstraff' → 'natverkstraff'; unknown text stays (the check
    names it)."""
    labels = LABELS.get(column)
    if not labels or not text:
        return text
    lowered = text.strip().lower()
    if column == "planering" and lowered in PLANNING_WORDS:
        return PLANNING_WORDS[lowered]
    for code, label in labels.items():
        if lowered in (code, label.lower()):
            return code
    return text


def _date_text(text: str) -> str:
    """Excel gives a date cell as '2025-03-14 00:00:00': the date part."""
    return text[:10] if re.fullmatch(r"\d{4}-\d{2}-\d{2}[ T]00:00:00", text) else text


def _rows(target: Target, table: importer.RawTable) -> list[dict[str, str]]:
    rows = []
    for _number, cells in table.rows:
        row = {c: str(cells.get(c, "") or "").strip() for c in target.columns}
        for column in ("typ", "status", "finns", "planering"):
            if column in row:
                row[column] = _code(column, row[column])
        if row.get("sektorer"):  # several, each a code or its label (Hälso- och sjukvård)
            parts = row["sektorer"].split(",")
            row["sektorer"] = ", ".join(_code("sektorer", part) for part in parts)
        if "antagen" in row:
            row["antagen"] = _date_text(row["antagen"])
        if "datum" in row:
            row["datum"] = _date_text(row["datum"])
        if target is ASSESSMENTS:
            _assessment_cells(row)
        row["exempeldata"] = "nej"  # imported rows are real
        rows.append(row)
    if target is ACTIVITIES:
        _fill_ids(rows)
    return rows


def _fill_ids(rows: list[dict[str, str]]) -> None:
    """An activity without an id gets the next free one of its year: A2025-07."""
    taken = {r["id"] for r in rows if r["id"]}
    for row in rows:
        if row["id"] or not re.fullmatch(r"\d{4}", row["ar"]):
            continue
        number = 1
        while f"A{row['ar']}-{number:02d}" in taken:
            number += 1
        row["id"] = f"A{row['ar']}-{number:02d}"
        taken.add(row["id"])


def _subgoal_ids(ds: Dataset) -> set[str]:
    """Every plan's delmål, as the loader accepts them (data/loader.py load_dataset): a row
    may name a delmål of the plan in force in its year, also an earlier or later plan's."""
    return {str(s) for plan in ds.plans for s in plan.subgoals["id"]}


def _plan_actor_ids(ds: Dataset) -> set[str]:
    return {str(a) for plan in ds.plans for a in plan.actors["id"]}


def check(ds: Dataset, target: Target, path: Path, name: str | None = None) -> None:
    """The loader's own rules on a candidate file (DataError naming file, row and column)."""
    if target is ASSESSMENTS:
        return _check_assessments(ds, path, name)
    subgoal_ids = _subgoal_ids(ds)
    actors = set(ds.municipalities["code"]) | _plan_actor_ids(ds)
    if target is ACTIVITIES:
        references = activity_columns.references(
            ds.catalogue_plan.activities, set(ds.catalogue_plan.actors["id"]),
            set(ds.partners["id"]), set(ds.municipalities["code"]), ds.plans)  # fmt: skip
        practice.load_activities(path.parent, subgoal_ids, path=path, name=name,
                                 references=references)  # fmt: skip
    elif target is PROCESS_SUPPORT:
        practice.load_process_support(path.parent, actors, path=path, name=name)
    else:
        practice.load_local_plans(path.parent, actors, subgoal_ids, path=path, name=name)


def _as_in_the_file(exc: DataError, table: importer.RawTable) -> DataError:
    """The candidate's row k is the k-1st row read from the person's file: name that row."""
    row = None
    if exc.row is not None and 2 <= exc.row <= len(table.rows) + 1:
        row = table.rows[exc.row - 2][0]
    return DataError(exc.message, file=table.name, sheet=table.sheet, row=row,
                     column=exc.column)  # fmt: skip


def run_import(target: Target, path: Path, *, data_dir: Path | None = None,
               geo_dir: Path | None = None, dry_run: bool = False) -> PracticeResult:  # fmt: skip
    """Check the file and (unless dry_run) make it the new list, keeping the old one.

    Raises importer.ImportFailed (the file's problem) or DataError; then nothing is written.
    """
    settings = get_settings()
    data_dir = data_dir or settings.data_dir
    geo_dir = geo_dir or settings.geo_dir
    try:
        table = importer.read_file(path, target.required, target.size_text, target.sheet)
    except DataError as exc:
        raise importer.ImportFailed([exc]) from exc
    if not table.rows:
        raise importer.ImportFailed([DataError("filen har ingen rad under rubrikraden.",
                                               file=table.name, sheet=table.sheet)])  # fmt: skip
    rows = _rows(target, table)
    data = render(target, rows)
    if dry_run:
        return _apply(target, table, rows, data, data_dir, geo_dir, dry_run=True)
    with importer._lock(data_dir):
        return _apply(target, table, rows, data, data_dir, geo_dir, dry_run=False)


def _apply(target: Target, table: importer.RawTable, rows: list[dict[str, str]], data: bytes,
           data_dir: Path, geo_dir: Path, *, dry_run: bool) -> PracticeResult:  # fmt: skip
    live = data_dir / target.file
    current = live.read_bytes() if live.exists() else render(target, [])
    if not dry_run:
        importer._remove_leftovers(data_dir, current, target.file, target.prefix)
    ds = load_dataset(data_dir, geo_dir)

    def checked(tmp: Path) -> None:
        try:
            check(ds, target, tmp)
            _assessments_keep_their_activities(ds, target, tmp)
        except DataError as exc:
            raise importer.ImportFailed([_as_in_the_file(exc, table)]) from exc

    summary = " ".join([*table.notices(), f"{len(rows)} rader med {target.what} i {table.name}."])
    if dry_run or data == current:
        with tempfile.TemporaryDirectory() as tmp_dir:
            candidate = Path(tmp_dir) / target.file
            candidate.write_bytes(data)
            checked(candidate)
        if data == current:
            summary += f" {target.file} har redan precis detta innehåll; inget ändrades."
        return PracticeResult(target, len(rows), False, None, summary)
    backup = data_dir / importer.HISTORY_DIR / f"{target.prefix}-{importer._stamp()}.csv"
    with importer._writing(data_dir, "den nya versionen", target.file):
        backup.parent.mkdir(exist_ok=True)
        importer.atomic_write(backup, current)
        try:
            importer.atomic_write(live, data, check=checked)
        except BaseException:
            backup.unlink(missing_ok=True)
            raise
    importer._prune(data_dir, target.prefix)
    return PracticeResult(target, len(rows), True, backup, summary)


def undo(target: Target, data_dir: Path | None = None) -> Path:
    """The list as it was before its latest import (importer.undo for this file)."""
    return importer.undo(data_dir, target.file, target.prefix)


def template_csv(target: Target, rows: list[dict[str, str]]) -> bytes:
    """The list as a CSV template, by the formula-safe writer the reader undoes."""
    columns = [c for c in target.columns if c != "exempeldata"]
    return spreadsheet.write_csv(columns, ([row.get(c, "") for c in columns] for row in rows))


# --- templates ---------------------------------------------------------------------------------

# The activity plan's columns (#33), in the template's help.
ACTIVITY_PLAN_HELP = {
    "planering": "Planerad (i årets verksamhetsplan) eller Tillagd (tillkom under året); "
    "tomt om det inte är känt.",
    "planens_aktivitet": "Den av planens exempelaktiviteter som aktiviteten genomför: delmålet, "
    "kolon och aktivitetens nummer ur handlingsplanen (1.1:1), flera åtskilda med komma. "
    "Aktiviteten ska höra till ett av radens delmål (frivilligt).",
    "malgrupp": "Vilka aktiviteten vände sig till (fri text, högst "
    f"{activity_columns.MAX_SHORT_TEXT} tecken; frivilligt).",
    "sektorer": f"En eller flera av: {', '.join(activity_columns.SECTORS.values())} (åtskilda "
    "med komma; listan visar en i taget, skriv flera för hand; frivilligt).",
    "parter": "Samverkansparter: id ur handlingsplanens aktörer (till exempel region, barnahus, "
    "familjefrid, resurscentrum, blenda, marta, kvinnofrid) eller ur samverkansparter.csv, "
    "flera åtskilda med komma (frivilligt).",
    "nadda": "Nådda personer per kommun eller aktör: kommunkod eller aktörens id, kolon och "
    "antal (0780:25, 0764:10, region:12). Varje person räknas en gång. Deltagare ska vara minst "
    "summan; är deltagare tomt räknas summan som deltagare (frivilligt).",
    "orsak": "Varför aktiviteten ställdes in. Krävs när status är Inställd.",
    "resultat": f"Vad aktiviteten ledde till (högst {activity_columns.MAX_TEXT} tecken; "
    "frivilligt).",
    "utvardering": "Hur aktiviteten utvärderades och vad utvärderingen visade (högst "
    f"{activity_columns.MAX_TEXT} tecken; frivilligt).",
}

HELP = {
    "id": "Aktivitetens id, till exempel A2025-03. Lämna tomt för en ny aktivitet: den får "
    "nästa lediga id för året. Ändra aldrig ett id som redan finns.",
    "ar": "Året aktiviteten hör till i verksamhetsplanen (2025).",
    "delmal": "Ett eller flera delmål som aktiviteten genomförs för, åtskilda med komma "
    "(1.4 eller 2.3, 4.2).",
    "titel": "Aktivitetens namn.",
    "typ": "En av: " + ", ".join(practice.ACTIVITY_KINDS.values()) + ".",
    "ansvarig": "Den som ansvarar (frivilligt).",
    "status": "En av: " + ", ".join(practice.ACTIVITY_STATUSES.values()) + ".",
    "datum": "Datum då den genomfördes, skrivet 2025-03-14 (frivilligt).",
    "deltagare": "Antal deltagare eller nådda, om det är känt (ett heltal).",
    **ACTIVITY_PLAN_HELP,
    "anmarkning": "Fri text (frivilligt).",
    "aktor": "Kommunkoden (0780 för Växjö) eller en aktörs id ur handlingsplanen.",
    "finns": "Ja eller Nej: har aktören en lokal handlingsplan?",
    "antagen": "Datum då planen antogs, skrivet 2023-10-05.",
    "antagen_av": "Vem som antog planen (Kommunfullmäktige, Socialnämnden …).",
    "galler_fran": "Första året planen gäller (2024), om det inte är året den antogs "
    "(frivilligt: tomt betyder antagningsåret).",
    "galler_till": "Sista året planen gäller (2026); tomt om planen gäller tills vidare.",
    "beskrivning": "Vad Länsstyrelsen gjorde, till exempel ”Workshop med kommunens "
    "arbetsgrupp om planens delmål”. Flera tillfällen samma år står på egna rader.",
}
# Where a column means something else in another list (ar: the activity's year above).
TARGET_HELP = {
    "processtod": {
        "aktor": "Kommunkoden (0780 för Växjö) eller en aktörs id ur handlingsplanen "
        "(region, …) som fick processtödet.",
        "ar": "Året processtödet gavs (2025).",
    },
    "lokala-planer": {
        "finns": "Ja eller Nej: Ja för en lokal handlingsplan (en rad per plan, även äldre "
        "planer); Nej om aktören inte har någon plan.",
    },
}


def help_text(target: Target, column: str) -> str:
    return TARGET_HELP.get(target.key, {}).get(column) or HELP.get(column, "")


def template_rows(ds: Dataset, target: Target) -> list[dict[str, str]]:
    """The current list's real rows (example rows are not offered to be kept), as text."""
    if target is ASSESSMENTS:
        return _assessment_rows(ds)
    frame = {ACTIVITIES.key: ds.activities, PROCESS_SUPPORT.key: ds.process_support
             }.get(target.key, ds.local_plans)  # fmt: skip
    real = frame[~frame["is_example"]] if not frame.empty else frame
    rows = []
    for _, r in real.iterrows():
        if target is PROCESS_SUPPORT:
            rows.append({"aktor": r["actor"], "ar": str(r["year"]),
                         "beskrivning": r["description"]})  # fmt: skip
        elif target is ACTIVITIES:
            rows.append({
                "id": r["id"], "ar": str(r["year"]), "delmal": ", ".join(r["subgoal_ids"]),
                "titel": r["title"], "typ": practice.ACTIVITY_KINDS[r["kind"]],
                "ansvarig": r["responsible"],
                "status": practice.ACTIVITY_STATUSES[r["status"]],
                "datum": "" if r["date"] is None or str(r["date"]) == "NaT"
                else f"{r['date']:%Y-%m-%d}",
                "deltagare": "" if str(r["participants"]) == "<NA>" else str(r["participants"]),
                "anmarkning": r["note"], **_activity_plan_cells(r),
            })  # fmt: skip
        else:
            rows.append({
                "aktor": r["actor"], "finns": "Ja" if r["exists"] else "Nej",
                "antagen": "" if str(r["adopted"]) == "NaT" else f"{r['adopted']:%Y-%m-%d}",
                "antagen_av": r["adopted_by"],
                "galler_fran": "" if str(r["valid_from"]) == "<NA>" else str(r["valid_from"]),
                "galler_till": "" if str(r["valid_through"]) == "<NA>"
                else str(r["valid_through"]),
                "delmal": ", ".join(r["subgoal_ids"]), "anmarkning": r["note"],
            })  # fmt: skip
    return rows


def _activity_plan_cells(r: pd.Series) -> dict[str, str]:
    """The activity plan's columns of a loaded activity as the template writes them: labels
    for planering and sektorer, the rest as in the file. deltagare
    stays as the file has it (participants; the sum of nadda stands in only in the views)."""
    return {
        "planering": activity_columns.PLANNING.get(r["planning"], ""),
        "planens_aktivitet": ", ".join(r["plan_activities"]), "malgrupp": r["target_group"],
        "sektorer": ", ".join(activity_columns.SECTORS[s] for s in r["sectors"]),
        "parter": ", ".join(r["partners"]),
        "nadda": ", ".join(f"{k}:{n}" for k, n in r["reach"]), "orsak": r["reason"],
        "resultat": r["result"], "utvardering": r["evaluation"],
    }  # fmt: skip


def template_xlsx(ds: Dataset, target: Target) -> bytes:
    """The list to edit in Excel: its rows, a help text per column, drop-down lists for the
    codes, and a sheet of instructions."""
    if target is ASSESSMENTS:
        return assessments_template_xlsx(ds, template_rows(ds, target))
    columns = [c for c in target.columns if c != "exempeldata"]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = target.sheet
    spreadsheet.write_xlsx_rows(sheet, [columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    spreadsheet.write_xlsx_rows(sheet, ([row.get(c, "") for c in columns]
                                        for row in template_rows(ds, target)))  # fmt: skip
    for index, column in enumerate(columns, start=1):
        letter = importer.column_letter(index - 1)
        wide = column in ("titel", "anmarkning", "beskrivning")
        sheet.column_dimensions[letter].width = 40 if wide else 16
        choices = {"typ": practice.ACTIVITY_KINDS, "status": practice.ACTIVITY_STATUSES,
                   "finns": {"ja": "Ja", "nej": "Nej"}, "planering": activity_columns.PLANNING,
                   "sektorer": activity_columns.SECTORS}.get(column)  # fmt: skip
        if choices:
            # sektorer may hold several: the list offers one, and Excel accepts more typed in
            rule = DataValidation(type="list", formula1='"' + ",".join(choices.values()) + '"',
                                  allow_blank=True, showErrorMessage=column != "sektorer",
                                  errorTitle="Okänt värde", error=help_text(target, column))  # fmt: skip
            sheet.add_data_validation(rule)
            rule.add(f"{letter}2:{letter}1000")
    help_sheet = book.create_sheet(importer.INSTRUCTIONS_SHEET)
    spreadsheet.write_xlsx_rows(help_sheet, [
        [f"Så fyller du i {target.what}"],
        ["Listan ersätter hela den nuvarande listan när den läses in: ta bort en rad bara om "
         "den ska bort. Allt kontrolleras innan något sparas, och den förra versionen sparas i "
         "data/.historik/ (ångra med --undo)."],
        [f"Läs in: python -m dashboard import --vad {target.key} FILEN"],
        [],
        *([column, help_text(target, column)] for column in columns),
    ])  # fmt: skip
    help_sheet.column_dimensions["A"].width = 16
    help_sheet.column_dimensions["B"].width = 100
    out = io.BytesIO()
    book.save(out)
    return importer._reproducible_zip(out.getvalue(), datetime(*importer.FIXED_TIME))


def write_templates(ds: Dataset, out_dir: Path) -> list[Path]:
    """aktiviteter-mall, lokala-planer-mall and processtod-mall (.xlsx/.csv) in out_dir."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for target in TARGETS.values():
        for suffix, data in ((".xlsx", template_xlsx(ds, target)),
                             (".csv", template_csv(target, template_rows(ds, target)))):  # fmt: skip
            path = out_dir / f"{target.prefix}-mall{suffix}"
            importer.atomic_write(path, data)
            written.append(path)
    return written


# --- Länsstyrelsens bedömning (#33) -----------------------------------------------------------


def _assessment_cells(row: dict[str, str]) -> None:
    """A row as the file holds it: the status's code for its label (På väg → pa_vag), lists
    written one way (", " between ids, " | " between documents)."""
    row["status"] = assessment_rules.status_code(row["status"])
    for column in ("indikatorer", "aktiviteter", "lokala_planer"):
        row[column] = ", ".join(split_ids(row[column]))
    documents = assessment_rules.split_documents(row["dokument"])
    row["dokument"] = assessment_rules.DOCUMENT_SEPARATOR.join(documents)


def _check_assessments(ds: Dataset, path: Path, name: str | None) -> None:
    activities = ds.activities if (ds.data_dir / practice.ACTIVITIES_FILE).exists() else None
    assessment_rules.load_assessments(
        path.parent, _subgoal_ids(ds), set(ds.indicators["id"]),
        set(ds.municipalities["code"]) | _plan_actor_ids(ds), activities, path=path,
        name=name)  # fmt: skip


def _assessments_keep_their_activities(ds: Dataset, target: Target, candidate: Path) -> None:
    """A new activity list may not drop an activity that a real assessment rests on (nor
    move it to a later year): ImportFailed naming the assessment's row, nothing written."""
    if target is not ACTIVITIES or not (ds.data_dir / assessment_rules.FILE).exists():
        return
    listed = read_table(candidate, ["id", "ar"])  # already checked by the loader's rules
    activities = listed.assign(year=listed["ar"].astype(int))
    try:
        assessment_rules.load_assessments(
            ds.data_dir, _subgoal_ids(ds), set(ds.indicators["id"]),
            set(ds.municipalities["code"]) | _plan_actor_ids(ds), activities)  # fmt: skip
    except DataError as exc:
        raise importer.ImportFailed([DataError(
            f"{exc.message} Länsstyrelsens bedömning på den raden bygger på en aktivitet som "
            "den nya listan inte har (eller har ett senare år): behåll aktiviteten i listan, "
            "eller ändra bedömningen först (--vad bedomningar).",
            file=exc.file, row=exc.row, column=exc.column)]) from exc  # fmt: skip


def _assessment_rows(ds: Dataset) -> list[dict[str, str]]:
    """The real assessments as the template writes them: the status's label, lists as text."""
    frame = ds.assessments
    real = frame[~frame["is_example"]] if not frame.empty else frame
    return [{
        "ar": str(r["year"]), "delmal": r["subgoal_id"],
        "status": assessment_rules.STATUSES[r["status"]], "bedomning": r["text"],
        "indikatorer": ", ".join(r["indicator_ids"]), "aktiviteter": ", ".join(r["activity_ids"]),
        "lokala_planer": ", ".join(r["actor_ids"]),
        "dokument": assessment_rules.DOCUMENT_SEPARATOR.join(r["documents"]),
    } for _, r in real.iterrows()]  # fmt: skip
