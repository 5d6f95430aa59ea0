"""What the Översikt page shows for an indicator and year: pure, shared by page and export."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from dashboard import domain
from dashboard.data.loader import Dataset
from dashboard.domain import changes, comparison, local_plans, national
from dashboard.domain.export_table import ExportTable, with_change_numbers
from dashboard.domain.formatting import format_change

SORTS = {"kommun": "Kommun (A–Ö)", "varde": "Värde (högst först)", "forandring": "Förändring"}
# Not an indicator: the local action plans (data/lokala_handlingsplaner.csv) as a map layer.
LOCAL_PLAN_LAYER = "lokal_handlingsplan"
LOCAL_PLAN_NAME = "Lokal handlingsplan"
LOCAL_PLAN_DESCRIPTION = (
    "Om kommunen har en lokal handlingsplan mot mäns våld mot kvinnor som gäller året, hur "
    "gammal den är och vem som antog den. Länets handlingsplan uppmuntrar kommunerna att koppla "
    "sina planer till dess delmål; vilka delmål varje plan tar upp visas på delmålens sidor."
)


@dataclass(frozen=True)
class OverviewState:
    indicator_id: str
    year: int
    sort: str


def canonical_query(ds: Dataset, params: dict) -> dict[str, str]:
    """The validated URL parameters of Översikt (page_cache: the layout's cache key)."""
    state = resolve_state(ds, params)
    return {"indikator": state.indicator_id, "ar": str(state.year), "sortera": state.sort}


# The map's first indicator: the first of these that differs between the municipalities in
# the latest year (a map in one colour says nothing at a glance).
DEFAULT_INDICATORS = ("sosfs_alla", "suv_status", "samordnare")


@lru_cache(maxsize=8)
def default_indicator(ds: Dataset) -> str:
    """The first of DEFAULT_INDICATORS with more than one value in the latest year, else the
    first known one (or the catalogue's first indicator)."""
    known = [i for i in DEFAULT_INDICATORS if i in ds.indicator_ids]
    for indicator_id in known:
        labels = domain.snapshot(ds, indicator_id, domain.latest_complete_year(ds))["label"]
        if labels[labels != domain.MISSING].nunique() > 1:
            return indicator_id
    return known[0] if known else str(ds.indicators["id"].iloc[0])


def resolve_state(ds: Dataset, params: dict) -> OverviewState:
    """Validated state from URL parameters: anything unknown falls back to the default."""
    sort = params.get("sortera")
    sort = sort if isinstance(sort, str) else None
    if params.get("indikator") == LOCAL_PLAN_LAYER and has_local_plans(ds):
        indicator_id = LOCAL_PLAN_LAYER
    else:
        indicator_id = domain.resolve_indicator(ds, params.get("indikator"),
                                                default=default_indicator(ds))  # fmt: skip
    return OverviewState(
        indicator_id=indicator_id,
        year=domain.resolve_year(ds, params.get("ar"), indicator_id=indicator_id),
        sort=sort if sort in SORTS else "kommun",
    )


def has_local_plans(ds: Dataset) -> bool:
    return not ds.local_plans.empty


def is_local_plan_layer(state: OverviewState) -> bool:
    return state.indicator_id == LOCAL_PLAN_LAYER


def local_plan_frame(ds: Dataset, state: OverviewState) -> pd.DataFrame:
    """The local-plan layer in the columns of overview_frame: label = the plan's standing in
    the year, change_text = when it was adopted and how old it was."""
    frame = local_plans.plan_status(ds, state.year)
    frame = frame.assign(suppressed=False, origin="", updated="", note="",
                         change=math.nan)  # fmt: skip
    if state.sort in {"varde", "forandring"}:  # gällande first, then gått ut, ingen, okänd
        order = {code: i for i, (code, _) in enumerate(local_plans.STATUS_LEVELS)}
        frame = frame.sort_values("raw", key=lambda s: s.map(order).fillna(len(order)),
                                  kind="stable")  # fmt: skip
    return frame.reset_index(drop=True)


def change_text(ind: pd.Series, row: pd.Series, year: int, new_definition: bool = False) -> str:
    """The change as the table's Förändring column says it; a change that rests on an example
    value measured against a real one, or on criteria not assessed, says so after it, as
    changes.Move.qualifier: '+67 procentenheter sedan 2024, från ett exempelvärde 2024'."""
    text = _bare_change_text(ind, row, year, new_definition)
    if not shows_change(text):
        return text  # no change shown: nothing it rests on
    said = change_qualifier(row, year)
    return f"{text}, {said}" if said else text


def shows_change(text: object) -> bool:
    """Whether a change text says a change (not why there is none)."""
    text = str(text or "")
    return text[:1] in ("+", "−", "-") or text.startswith(("Oförändrat", "Ändrat"))


def change_qualifier(row, year: int) -> str:
    """changes.qualifier of a snapshot row (its previous_* columns are the year before);
    '' for a row without them (the local-plan layer)."""
    if "previous_is_example" not in row or domain.MISSING in (row["label"],
                                                              row["previous_label"]):  # fmt: skip
        return ""  # nothing compared (a first year 'Ändrat från Uppgift saknas'): nothing to say
    return changes.qualifier(row, year - 1, year, prefix="previous_", suffix="")


def _bare_change_text(ind: pd.Series, row: pd.Series, year: int,
                      new_definition: bool = False) -> str:  # fmt: skip
    if new_definition:  # the year before was measured otherwise: no change to speak of
        return f"Ny definition från {year}: ingen jämförelse med {year - 1}"
    if row["previous_label"] == domain.MISSING and row["label"] == domain.MISSING:
        return f"Uppgift saknas även {year - 1}"
    if row["label"] == domain.MISSING:  # not answered (yet): no change to speak of
        return f"Ingen jämförelse: uppgift saknas {year}"
    if domain.is_categorical(ind):
        if row["label"] == row["previous_label"]:
            return f"Oförändrat sedan {year - 1}"
        return f"Ändrat från {row['previous_label']} ({year - 1})"
    if math.isnan(row["change"]):
        return f"Ingen jämförelse med {year - 1}"
    if round(row["change"], 2) == 0:
        return f"Oförändrat sedan {year - 1}"
    unit = "procentenheter" if ind["type"] == "andel" else (ind["unit"] or "")
    decimals = 2 if ind["type"] == "decimal" else 0
    return f"{format_change(row['change'], unit, decimals)} sedan {year - 1}"


def overview_frame(ds: Dataset, state: OverviewState) -> pd.DataFrame:
    """domain.snapshot plus change_text, sorted as requested (missing values last)."""
    if is_local_plan_layer(state):
        return local_plan_frame(ds, state)
    frame = _with_change_text(ds, state.indicator_id, state.year)
    if state.sort == "varde":
        frame = frame.sort_values("score", ascending=False, na_position="last", kind="stable")
    elif state.sort == "forandring":
        frame = frame.sort_values("change", ascending=False, na_position="last", kind="stable")
    return frame.reset_index(drop=True)


@lru_cache(maxsize=8)
def _with_change_text(ds: Dataset, indicator_id: str, year: int) -> pd.DataFrame:
    """The snapshot with change_text, once for the three sort orders (callers sort a copy)."""
    ind = domain.indicator(ds, indicator_id)
    frame = domain.snapshot(ds, indicator_id, year)
    new = not domain.same_definition(ds, indicator_id, year - 1, year)
    frame["change_text"] = [change_text(ind, row, year, new) for row in frame.to_dict("records")]
    return frame


def table_frame(frame: pd.DataFrame, ind: pd.Series | None, year: int | str,
                download: bool = False) -> pd.DataFrame:  # fmt: skip
    """The table under the map, as shown and as exported (Swedish column names); the fourth
    column says the change, or for the local-plan layer (ind None) the plan's age. `year` as
    domain.year_text writes it: a preliminary year says so in the column's heading.

    A SOSFS share with criteria not assessed (they count as not met) says how many: on the
    page after the share ('20 % (4 ej bedömda)'), in the download (`download`) as a number
    in a column of its own, so that the share stays a number."""
    name = LOCAL_PLAN_NAME if ind is None else ind["short_name"] or ind["name"]
    share = ind is not None and comparison.is_compliance_share(ind)
    labels = frame["label"]
    if share and not download:
        labels = pd.Series([comparison.with_unassessed(str(v), n) for v, n in
                            zip(frame["label"], frame["note"], strict=True)],
                           index=frame.index)  # fmt: skip
    table = pd.DataFrame(
        {
            "Kommun": frame["name"],
            "Kommunkod": frame["code"],
            f"{name} {year}": labels,
            "Antagen och ålder" if ind is None else "Förändring": frame["change_text"].replace(
                "", "–"
            ),
            "Källa": frame["source"].replace("", "–"),
            "Underlag": frame["origin"].replace("", "–"),
            "Uppdaterad": frame["updated"].replace("", "–"),
            "Exempeldata": example_column(frame, year_number(year)),
        }
    )
    said = qualifiers(frame, year_number(year)) if ind is not None else []
    if download and any(said):  # the change becomes a number: what it rests on beside it
        table.insert(table.columns.get_loc("Förändring") + 1, QUALIFIER_COLUMN,
                     [s or "–" for s in said])  # fmt: skip
    if share and download:
        counts = pd.Series([comparison.unassessed_cell(n) for n in frame["note"]],
                           index=frame.index, dtype=object)  # fmt: skip
        table.insert(table.columns.get_loc(f"{name} {year}") + 1,
                     comparison.UNASSESSED_COLUMN, counts)  # fmt: skip
    return table


PARTLY = "Delvis"  # as ui.provenance.PARTLY_FLAG
EXAMPLE_RULE = (
    "Ja när radens värde är påhittade exempeldata (och värdet "
    "förändringen räknas från likaså), Delvis när värdet eller förändringen bygger på både "
    "verkliga värden och exempelvärden (en andel av verkliga och påhittade kriterier, eller "
    "en förändring mellan ett verkligt värde och ett exempelvärde: kolumnen "
    "”Förändringen bygger på” säger vilket), Nej när inget av dem är exempeldata."
)
QUALIFIER_COLUMN = "Förändringen bygger på"
EXAMPLE_MARK = "(exempel)"  # as ui.provenance's marks (the domain does not import the ui)
PARTLY_MARK = "(delvis exempel)"


def year_number(year: int | str) -> int:
    """The year of a heading's year text ('2026 (preliminär – 1 av 8 kommuner)')."""
    return int(str(year).split()[0])


def example_column(frame: pd.DataFrame, year: int) -> list[str]:
    """Per row 'Ja', 'Delvis' or 'Nej' (EXAMPLE_RULE): 'Delvis' where the value is a share
    of real and example criteria, or where its change is measured between a real value and
    an example one."""
    flags = []
    for row in frame.to_dict("records"):
        partly = bool(row.get("partly_example", False))
        mixed_change = shows_change(row.get("change_text")) and "exempelvärde" in (
            change_qualifier(row, year))  # fmt: skip
        example = bool(row["is_example"])
        flags.append(PARTLY if partly or mixed_change else "Ja" if example else "Nej")
    return flags


def qualifiers(frame: pd.DataFrame, year: int) -> list[str]:
    """Per row what its shown change rests on (change_qualifier), '' where none is shown."""
    return [change_qualifier(row, year) if shows_change(row.get("change_text")) else ""
            for row in frame.to_dict("records")]  # fmt: skip


def provenance_text(row: pd.Series) -> str:
    """Where a value comes from, for a hover: source, origin file and date, note."""
    parts = [f"Källa: {row['source'] or '–'}"]
    if row.get("origin"):
        parts.append(f"Underlag: {row['origin']}")
    if row.get("updated"):
        parts.append(f"Uppdaterad: {row['updated']}")
    if row.get("note"):
        parts.append(f"Anmärkning: {row['note']}")
    if row.get("suppressed"):
        parts.insert(0, domain.suppressed_explanation())
    return ". ".join(parts)


def export_table(ds: Dataset, params: dict) -> ExportTable:
    state = resolve_state(ds, params)
    if is_local_plan_layer(state):
        frame = overview_frame(ds, state)
        return ExportTable(
            title=f"{LOCAL_PLAN_NAME}, {ds.county.name}, {state.year}",
            frame=table_frame(frame, None, state.year), sources=[local_plans.SOURCE],
            is_example=bool(frame["is_example"].any()),
            filename=f"oversikt-{LOCAL_PLAN_LAYER}-{state.year}",
        )  # fmt: skip
    ind = domain.indicator(ds, state.indicator_id)
    frame = overview_frame(ds, state)
    sources = sorted(set(frame["source"]) - {""}) + [f"Indikatorns källa: {ind['source']}"]
    if domain.has_suppressed(frame):
        sources.append(f"Röjandeskydd: {domain.suppressed_explanation()} – antalet redovisas "
                       "inte; ”Visas inte (röjandeskydd)”: större men dolt, så att länets "
                       "total kan visas utan att avslöja de små (se Om data).")  # fmt: skip
    year = domain.year_text(ds, state.indicator_id, state.year)
    table = table_frame(frame, ind, year, download=True)
    return ExportTable(
        title=f"{ind['name']}, {ds.county.name}, {year}",
        frame=with_change_numbers(table, frame, ind, state.year),
        sources=sources,
        is_example=bool(table["Exempeldata"].ne("Nej").any()),
        filename=f"oversikt-{state.indicator_id}-{state.year}",
        notes=(national.national_note_row(ds, state.indicator_id, state.year),
               ("Kolumnen Exempeldata", EXAMPLE_RULE)),
    )  # fmt: skip


# --- the questions leadership asks, each answered by one map ----------------------------------


@dataclass(frozen=True)
class Question:
    """A question the first screen offers as one choice (the service's words, not the plan's).
    `indicator_id` is what the map then shows; the question is offered only when the data has
    it (an indicator in the catalogue, or local plans). `groups` says, in the order the answer
    lists them, what each of the indicator's values means as an answer (scale code ->
    phrase); without them the scale's own labels are used, highest level first."""

    text: str
    indicator_id: str
    groups: tuple[tuple[str, str], ...] = ()
    short: str = ""  # a phone shows this (the question stays its accessible name)


# The four questions of #34: coordinators, SUV, compliance per goal and local plans. A county
# whose catalogue lacks an indicator is not offered its question.
QUESTIONS = (
    Question("Vilka kommuner har kvinnofridssamordnare?", "samordnare",
             (("nej", "Saknar samordnare"), ("ja", "Har samordnare")), short="Samordnare"),
    Question("Hur långt har kommunerna kommit med SUV?", "suv_status", short="SUV"),
    Question("Hur väl följer kommunerna SOSFS 2014:4 – totalt och per mål?", "sosfs_alla",
             short="SOSFS 2014:4"),
    Question("Vilka kommuner har en lokal handlingsplan?", LOCAL_PLAN_LAYER,
             short="Lokala planer"),
)  # fmt: skip


@dataclass(frozen=True)
class OfferedQuestion:
    """A question as the page offers it: the indicators that answer it (the first opens with
    it; more than one when the answer has parts, as SOSFS per goal) with their short labels."""

    question: Question
    parts: tuple[tuple[str, str], ...]  # (indicator id, short label)

    @property
    def indicator_id(self) -> str:
        return self.parts[0][0]

    @property
    def indicator_ids(self) -> tuple[str, ...]:
        return tuple(indicator_id for indicator_id, _ in self.parts)


def offered_questions(ds: Dataset) -> tuple[OfferedQuestion, ...]:
    """QUESTIONS that this dataset can answer, in their order."""
    offered = []
    for question in QUESTIONS:
        if question.indicator_id == LOCAL_PLAN_LAYER:
            parts = [(LOCAL_PLAN_LAYER, LOCAL_PLAN_NAME)] if has_local_plans(ds) else []
        elif question.indicator_id == comparison.OVERALL_ID:  # the whole and each goal
            goals = comparison.goal_areas(ds)
            parts = (
                [(comparison.OVERALL_ID, "Alla mål")]
                if comparison.OVERALL_ID in ds.indicator_ids
                else []
            )
            parts += [(str(g["indicator_id"]), str(g["short"])) for _, g in goals.iterrows()]
        else:
            known = question.indicator_id in ds.indicator_ids
            parts = [(question.indicator_id, question.text)] if known else []
        if parts:
            offered.append(OfferedQuestion(question, tuple(parts)))
    return tuple(offered)


def current_question(ds: Dataset, state: OverviewState) -> OfferedQuestion | None:
    """The question whose answer the map shows, if any."""
    for offered in offered_questions(ds):
        if state.indicator_id in offered.indicator_ids:
            return offered
    return None


@dataclass(frozen=True)
class AnswerLine:
    """One line of an answer in words: 'Saknar samordnare: Alvesta, Lessebo'. `more` names
    left out of a long list (the table under the map has them all)."""

    label: str
    names: tuple[str, ...]
    more: int = 0

    @property
    def names_text(self) -> str:
        """The names as read after the label: 'Alvesta, Lessebo och 3 till'."""
        if not self.names:
            return "ingen kommun"
        listed = ", ".join(self.names)
        return f"{listed} och {self.more} till" if self.more else listed

    @property
    def text(self) -> str:
        return f"{self.label}: {self.names_text}"


# Longer lists are cut (a county of 49 or Sweden's 290): the table has every municipality.
ANSWER_NAMES = 12


def answer(ds: Dataset, state: OverviewState) -> tuple[AnswerLine, ...]:
    """The map's answer in words: the municipalities per value (a category) or highest first
    with their values (a number); the municipalities without a value last."""
    frame = overview_frame(ds, OverviewState(state.indicator_id, state.year, "kommun"))
    partly = (frame["partly_example"] if "partly_example" in frame
              else pd.Series(False, index=frame.index)).astype(bool)  # fmt: skip
    example = frame["is_example"].astype(bool)
    # where real and example values mix, each example one says so ('(delvis exempel)' for a
    # share of real and example criteria): after the value, as in the tables, or after the
    # name where the line lists names under a value
    mixed = bool(example.any()) and not bool((example & ~partly).all())
    marks = [(PARTLY_MARK if p else EXAMPLE_MARK) if mixed and e else ""
             for e, p in zip(example, partly, strict=True)]  # fmt: skip
    frame = frame.assign(mark=marks, shown=[f"{n} {m}" if m else n for n, m in
                                            zip(frame["name"], marks, strict=True)])  # fmt: skip
    missing = frame[frame["label"] == domain.MISSING]
    frame = frame[frame["label"] != domain.MISSING]
    if is_local_plan_layer(state):
        lines = _category_lines(frame, local_plans.STATUS_LEVELS, len(frame) + len(missing))
    else:
        ind = domain.indicator(ds, state.indicator_id)
        if domain.is_categorical(ind):
            lines = _category_lines(frame, _answer_groups(ds, ind), len(frame) + len(missing))
        else:
            lines = _ranked_lines(frame)
    if len(missing):
        lines.append(_line(domain.MISSING, list(missing["shown"])))
    return tuple(lines)


def _answer_groups(ds: Dataset, ind: pd.Series) -> tuple[tuple[str, str], ...]:
    """(scale code, phrase) in the answer's order: a question's own, else highest first."""
    for question in QUESTIONS:
        if question.indicator_id == ind["id"] and question.groups:
            return question.groups
    levels = domain.scale_levels(ds, str(ind["scale"]))
    ordered = levels[levels["order"].notna()].iloc[::-1]
    return tuple((str(c), str(label)) for c, label in zip(ordered["code"], ordered["label"],
                                                          strict=True))  # fmt: skip


def _category_lines(frame: pd.DataFrame, groups: tuple[tuple[str, str], ...],
                    total: int) -> list[AnswerLine]:  # fmt: skip
    """One line per group, in order, every group even without a municipality ('ingen
    kommun' answers a question too); values outside the groups under their own labels."""
    lines = []
    for code, phrase in groups:
        names = list(frame.loc[frame["raw"] == code, "shown"])
        lines.append(AnswerLine(phrase, (f"alla {total} kommunerna",)) if total > 1 and
                     len(names) == total else _line(phrase, names))  # fmt: skip
    known = {code for code, _ in groups}
    rest = frame[~frame["raw"].isin(known)]
    for label, group in rest.groupby("label", sort=False):
        lines.append(_line(str(label), list(group["shown"])))
    return lines


def _ranked_lines(frame: pd.DataFrame) -> list[AnswerLine]:
    """Highest first with each value; a long list as its highest and lowest."""
    ranked = frame.sort_values("score", ascending=False, na_position="last", kind="stable")
    names = ranked["name"] if "name" in ranked else ranked["shown"]
    marks = ranked["mark"] if "mark" in ranked else [""] * len(ranked)
    # the mark after the value, as in the tables: 'Ljungby 100 % (exempel)'
    items = [f"{n} {v} {m}".rstrip() for n, v, m in zip(names, ranked["label"], marks,
                                                         strict=True)]  # fmt: skip
    if len(items) <= ANSWER_NAMES:
        return [AnswerLine("Högst först", tuple(items))] if items else []
    half = ANSWER_NAMES // 2
    return [AnswerLine("Högst", tuple(items[:half])), AnswerLine("Lägst", tuple(items[-half:]))]


def _line(label: str, names: list[str]) -> AnswerLine:
    shown = names[:ANSWER_NAMES]
    return AnswerLine(label, tuple(shown), len(names) - len(shown))
