"""The yearly survey's rules, without the web: which indicators it asks by default, the field
each indicator gets, last year's answers to prefill with, and the check of the answers.

The answers are checked by the values importer itself, not by rules of their own: they are
written as the rows of a values file (one row per indicator, in field order) and imported
into a copy of the published version, exactly as an uploaded file would be. Each error the
importer reports names its row, and each row is one indicator, so every error lands beside
the field it is about. What a survey accepts is therefore what the command line accepts.

Answers are kept as {indicator: {"varde": text, "anmarkning": text}}; varde "" is not yet
answered and "saknas" is 'Uppgift saknas' (the importer's own word for an explicit gap).
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from dashboard.data.import_validate import ImportFailed, expected_text
from dashboard.data.loader import CATEGORICAL_TYPES, DataError, Dataset
from dashboard.data.spreadsheet import guard
from dashboard.data.store import publishing

SURVEY_SOURCE = "Länsstyrelsens årsuppföljning (extern)"  # the catalogue's kalla
MISSING = "saknas"
MISSING_LABEL = "Uppgift saknas"
NOTE_LIMIT = 1000
STATUSES = {
    "ej_paborjad": "Ej påbörjad",
    "utkast": "Utkast",
    "inskickad": "Inskickad",
    "atersand": "Återsänd",
    "godkand": "Godkänd",
}
EDITABLE = {"ej_paborjad", "utkast", "atersand"}  # what a kommunrapportör may still change
HEADER = ["kommunkod", "indikator", "ar", "varde", "kalla", "anmarkning"]
FIRST_ROW = 2  # the header is row 1 of the file, as a spreadsheet numbers it


def answer_source(year: int) -> str:
    """The source of a published answer: the survey and that the municipality said it."""
    return f"Länsstyrelsens årsuppföljning {year} (kommunens svar)"


def surveyable(ds: Dataset) -> pd.DataFrame:
    """Indicators a survey can ask: those stored as values (derived ones are computed)."""
    return ds.indicators[ds.indicators["derived"] == ""]


def default_indicators(ds: Dataset) -> list[str]:
    """What a new survey asks unless the förvaltare chooses otherwise: every stored
    indicator whose source is the survey itself."""
    ind = surveyable(ds)
    return list(ind.loc[ind["source"] == SURVEY_SOURCE, "id"])


@dataclass(frozen=True)
class Field:
    """One indicator's question: a select of its scale's levels, or a number input."""

    indicator_id: str
    name: str
    description: str
    kind: str  # "select" | "number"
    options: list[tuple[str, str]] = field(default_factory=list)  # (code, label)
    minimum: str = ""
    maximum: str = ""
    step: str = "any"
    unit: str = ""
    expected: str = ""  # 'ett heltal 0–100 (t.ex. 3)'

    @property
    def own_missing(self) -> bool:
        """The scale has its own 'Uppgift saknas' level (kriterium's okant): no second one."""
        return any(label.casefold() == MISSING_LABEL.casefold() for _, label in self.options)

    def shown(self, value: str) -> str:
        """A number as the form shows it: with a decimal comma, as the help text asks for and
        as Swedish users type it (the importer reads a comma and a point alike)."""
        return value.replace(".", ",") if self.kind == "number" else value

    def label_of(self, value: str) -> str:
        """How a stored or answered value reads: a level's label, a number the Swedish way."""
        if value in ("", MISSING):
            return "" if value == "" else MISSING_LABEL
        for code, label in self.options:
            if code == value:
                return label
        return value.replace(".", ",") if self.kind == "number" else value


def _bound(value: Any) -> str:
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else (
        format(float(value), "g"))  # fmt: skip


def fields_for(ds: Dataset, indicator_ids: list[str]) -> list[Field]:
    """The form's fields, in the order the survey lists its indicators."""
    indicators = surveyable(ds).set_index("id")
    scales = ds.scales
    fields = []
    for ind_id in indicator_ids:
        if ind_id not in indicators.index:
            continue  # left the catalogue since the survey opened: nothing to ask
        ind = indicators.loc[ind_id]
        common: dict[str, Any] = {"indicator_id": ind_id, "name": str(ind["name"]),
                                  "description": str(ind["description"]),
                                  "unit": str(ind["unit"] or "")}  # fmt: skip
        if ind["type"] in CATEGORICAL_TYPES:
            levels = scales[scales["scale"] == ind["scale"]]
            options = list(zip(levels["code"], levels["label"], strict=True))
            fields.append(Field(kind="select", options=options, **common))
        else:
            fields.append(Field(kind="number", minimum=_bound(ind["min"]),
                                maximum=_bound(ind["max"]),
                                step="1" if ind["type"] == "antal" else "any",
                                expected=expected_text(ind), **common))  # fmt: skip
    return fields


def _form_value(raw: str, kind: str) -> str:
    """A stored value as the form holds it: '' (explicit gap) is Uppgift saknas, a number
    with a decimal comma (the form's field is text, so a comma is kept as typed)."""
    if raw == "":
        return MISSING
    return raw.replace(".", ",").replace(" ", "") if kind == "number" else raw


def previous_answers(ds: Dataset, code: str, year: int,
                     fields: list[Field]) -> tuple[dict[str, dict[str, str]], int | None]:  # fmt: skip
    """The municipality's values of the latest year before `year` that has any of the
    survey's indicators, as answers, and that year (None: nothing to prefill with)."""
    ids = {f.indicator_id: f for f in fields}
    values = ds.values
    mine = values[(values["municipality_code"] == code) & (values["year"] < year)
                  & values["indicator_id"].isin(list(ids))]  # fmt: skip
    if mine.empty:
        return {}, None
    last = int(mine["year"].max())
    rows = mine[mine["year"] == last]
    answers = {ind: {"varde": _form_value(str(raw), ids[ind].kind), "anmarkning": ""}
               for ind, raw in zip(rows["indicator_id"], rows["raw"], strict=True)}  # fmt: skip
    return answers, last


def published_values(ds: Dataset, code: str, year: int) -> dict[str, str]:
    """The municipality's published values of one year: indicator -> stored value."""
    values = ds.values
    rows = values[(values["municipality_code"] == code) & (values["year"] == year)]
    return {ind: str(raw) or MISSING
            for ind, raw in zip(rows["indicator_id"], rows["raw"], strict=True)}  # fmt: skip


def answers_from_form(form: Any, fields: list[Field]) -> dict[str, dict[str, str]]:
    """The posted answers. A number field's 'Uppgift saknas' box wins over a number typed
    beside it; text is kept as typed (trimmed, bounded), so a draft keeps invalid input."""
    answers = {}
    for f in fields:
        key = f.indicator_id
        value = str(form.get(f"varde_{key}", "")).strip()[:100]
        if f.kind == "number" and form.get(f"saknas_{key}"):
            value = MISSING
        note = " ".join(str(form.get(f"anmarkning_{key}", "")).split())[:NOTE_LIMIT]
        answers[key] = {"varde": value, "anmarkning": note}
    return answers


def values_file(code: str, year: int, answers: dict[str, dict[str, str]],
                fields: list[Field]) -> tuple[bytes, dict[int, str]]:  # fmt: skip
    """The answers as a values file the importer reads (one row per answered indicator),
    and which indicator each of its rows holds. Every cell is guarded as the templates'
    writer guards it (spreadsheet.guard), because the reader unguards: a note written
    "'-se bilaga" is published as written, not as "-se bilaga"."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADER)
    rows: dict[int, str] = {}
    for f in fields:
        answer = answers.get(f.indicator_id, {})
        value = answer.get("varde", "")
        if value == "":
            continue  # not answered: a draft may leave it, the submit check says so
        note = " ".join(answer.get("anmarkning", "").split())  # one line: one row per record
        rows[FIRST_ROW + len(rows)] = f.indicator_id
        writer.writerow([guard(cell) for cell in (code, f.indicator_id, year, value,
                                                  answer_source(year), note)])  # fmt: skip
    return out.getvalue().encode("utf-8"), rows


@dataclass
class Check:
    """What is wrong with the answers: per indicator (beside its value or its note) and in
    general; and, when nothing is, the import that publishing them would make."""

    value_errors: dict[str, list[str]] = field(default_factory=dict)
    note_errors: dict[str, list[str]] = field(default_factory=dict)
    general: list[str] = field(default_factory=list)
    outcome: publishing.Outcome | None = None

    @property
    def ok(self) -> bool:
        return not (self.value_errors or self.note_errors or self.general)

    def add(self, indicator_id: str, message: str, *, note: bool = False) -> None:
        target = self.note_errors if note else self.value_errors
        target.setdefault(indicator_id, []).append(message)


def _message(error: DataError) -> str:
    text = error.message
    return text[:1].upper() + text[1:]


def check_answers(url: str, base_id: int, code: str, year: int,
                  answers: dict[str, dict[str, str]], fields: list[Field], *,
                  user: str, complete: bool) -> Check:  # fmt: skip
    """The importer's check of the answers against version `base_id`, each error mapped to
    its field; with `complete` (a submit) every question must also be answered, and an
    'Uppgift saknas' must say why in the note."""
    check = Check()
    if complete:
        require_complete(answers, fields, check)
    data, rows = values_file(code, year, answers, fields)
    if not rows:
        return check
    try:
        check.outcome = publishing.import_bytes(
            url, "varden", f"arsuppfoljning-{year}-{code}.csv", data, base_id=base_id,
            user=user, year=year)  # fmt: skip
    except ImportFailed as failed:
        for error in failed.errors:
            indicator_id = rows.get(error.row) if error.row is not None else None
            if indicator_id is None:
                check.general.append(str(error))
            else:
                check.add(indicator_id, _message(error), note=error.column == "anmarkning")
    except DataError as error:  # the published version itself cannot be read
        check.general.append(str(error))
    return check


def require_complete(answers: dict[str, dict[str, str]], fields: list[Field],
                     check: Check) -> None:  # fmt: skip
    """A submit answers every question; 'Uppgift saknas' needs a note saying why."""
    for f in fields:
        answer = answers.get(f.indicator_id, {})
        value = answer.get("varde", "")
        if value == "":
            check.add(f.indicator_id, "Svara på frågan, eller välj ”Uppgift saknas” och "
                      "skriv varför i anmärkningen.")  # fmt: skip
        elif value == MISSING and not answer.get("anmarkning", "").strip():
            check.add(f.indicator_id, "Skriv i anmärkningen varför uppgiften saknas.",
                      note=True)  # fmt: skip


def unfinished(answers: dict[str, dict[str, str]],
               fields: list[Field]) -> tuple[list[str], list[str]]:  # fmt: skip
    """What a draft still lacks before it can be submitted, apart from errors: the questions
    not answered yet, and those marked 'Uppgift saknas' without a note saying why."""
    unanswered, without_note = [], []
    for f in fields:
        answer = answers.get(f.indicator_id, {})
        value = answer.get("varde", "")
        if value == "":
            unanswered.append(f.indicator_id)
        elif value == MISSING and not answer.get("anmarkning", "").strip():
            without_note.append(f.indicator_id)
    return unanswered, without_note


def plural(count: int, one: str, many: str) -> str:
    """'1 fråga', '2 frågor': Swedish agrees the noun (and any participle) with the count."""
    return f"{count} {one if count == 1 else many}"


def draft_remarks(errors: int, unanswered: int, without_note: int) -> list[str]:
    """What stands between a saved draft and a submit, each kind counted on its own, so the
    message promises no fewer fixes than the submit will ask for."""
    remarks = []
    if errors:
        remarks.append(plural(errors, "fel att rätta", "fel att rätta"))
    if unanswered:
        remarks.append(plural(unanswered, "fråga är inte besvarad", "frågor är inte besvarade"))
    if without_note:
        remarks.append(plural(without_note, "fråga med ”Uppgift saknas” behöver en anmärkning",
                              "frågor med ”Uppgift saknas” behöver en anmärkning"))  # fmt: skip
    return remarks


def draft_audit(errors: int, unanswered: int, without_note: int) -> str:
    """The audit row's words for the same counts: 'sparat, 1 fel, 2 obesvarade frågor'."""
    parts = ["sparat"]
    if errors:
        parts.append(plural(errors, "fel", "fel"))
    if unanswered:
        parts.append(plural(unanswered, "obesvarad fråga", "obesvarade frågor"))
    if without_note:
        parts.append(plural(without_note, "fråga utan anmärkning om varför uppgift saknas",
                            "frågor utan anmärkning om varför uppgift saknas"))  # fmt: skip
    return ", ".join(parts)
