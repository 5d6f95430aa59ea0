"""Länsstyrelsens bedömning on the pages (issue #33): the delmål page's section, Uppföljning's
column and its count, all from dashboard/domain/assessments.py.

A person's judgement, shown beside the verdict computed from the indicators and never mixed
with it: its own heading that says who wrote it, its own words (uppnått, på väg …) and a
neutral badge with the label (assets/05_assessment.css), not the verdict's colours: a colour
carries one meaning in this service.
"""

from __future__ import annotations

from dash import dcc, html
from dash.development.base_component import Component

from dashboard.data.loader import Dataset
from dashboard.domain import assessments, progress
from dashboard.domain.assessments import Assessment, Evidence
from dashboard.ui.html_block import frozen

SECTION_ID = "delmal-bedomning"
WHO_TEXT = f"({assessments.WHO})"
EXAMPLE_TEXT = ("Bedömningarna är exempeldata: påhittade texter som visar hur en bedömning ser "
                "ut, inte Länsstyrelsens bedömning.")  # fmt: skip


def status_badge(label: str) -> html.Span:
    """The assessment's status as text in a neutral frame (no colour of its own)."""
    return html.Span(label, className="assessment-status")


def heading(level: str = "H2", className: str = "h4", **props) -> Component:
    """'Länsstyrelsens bedömning (skriven av Länsstyrelsen, inte beräknad)'."""
    return getattr(html, level)(
        [f"{assessments.HEADING} ", html.Span(WHO_TEXT, className="assessment-who")],
        className=className, **props)  # fmt: skip


def _evidence_link(part: Evidence, subgoal_id: str | None) -> Component | str:
    """An indicator or activity links to where its delmål page shows it (on this page an
    anchor), a municipality to its page; a document or another actor is its name."""
    if part.kind in (assessments.INDICATOR, assessments.ACTIVITY) and part.subgoal_id:
        anchor = (f"strategi-stapel-{part.key}" if part.kind == assessments.INDICATOR
                  else "delmal-aktiviteter")  # fmt: skip
        if part.subgoal_id == subgoal_id:
            return html.A(part.name, href=f"#{anchor}")
        return dcc.Link(part.name, href=f"/strategi/{part.goal_id}/{part.subgoal_id}#{anchor}")
    if part.kind == assessments.LOCAL_PLAN and part.is_municipality:
        return dcc.Link(part.name, href=f"/kommun/{part.key}")
    return part.name


def evidence_list(ds: Dataset, item: Assessment, subgoal_id: str | None = None) -> html.Dl:
    """What the assessment rests on, by kind, linked where it has a page."""
    groups: dict[str, list] = {}
    for part in assessments.evidence(ds, item, subgoal_id):
        links = groups.setdefault(part.kind, [])
        if links:
            # documents' names may hold commas: "; " parts them (the file's " | " is no word)
            links.append("; " if part.kind == assessments.DOCUMENT else ", ")
        links.append(_evidence_link(part, subgoal_id))
    rows: list = []
    for kind, links in groups.items():
        rows += [html.Dt(assessments.EVIDENCE_LABELS[kind]), html.Dd(links)]
    return html.Dl(rows, className="assessment-evidence small mb-0")


def _paragraphs(text: str) -> list[html.P]:
    """The text as written: a blank line starts a paragraph, a line break stays one."""
    blocks = [b for b in text.replace("\r\n", "\n").split("\n\n") if b.strip()]
    return [html.P([part for i, line in enumerate(block.strip().split("\n"))
                    for part in ((html.Br(), line) if i else (line,))], className="mb-1")
            for block in blocks]  # fmt: skip


def assessment_item(ds: Dataset, item: Assessment, subgoal_id: str) -> html.Li:
    """One year's assessment: year and status, the text, the evidence."""
    head = [html.Span(str(item.year), className="assessment-year"), " ",
            status_badge(item.status_label)]  # fmt: skip
    if item.is_example:
        head += [" ", html.Span("Exempeldata", className="assessment-example small")]
    body = [html.H3(head, className="h6 mb-1"), *_paragraphs(item.text)]
    if item.has_evidence:
        body += [html.P("Underlag:", className="small fw-semibold mb-0"),
                 evidence_list(ds, item, subgoal_id)]  # fmt: skip
    else:
        body.append(html.P("Inget underlag angivet.", className="small mb-0"))
    return html.Li(html.Article(body), className="assessment-item",
                   **{"data-year": str(item.year), "data-status": item.status})  # fmt: skip


def _intro(has_indicator: bool) -> list[html.P]:
    words = [html.P("Länsstyrelsens egen bedömning av delmålet ett visst år, med det underlag den "
                    "bygger på. Den är skriven av en person och räknas inte in i den beräknade "
                    "utvecklingen ovan.", className="small mb-1")]  # fmt: skip
    if not has_indicator:
        words.append(html.P("Delmålet har ingen indikator i tjänsten, så Länsstyrelsens "
                            "bedömning är den enda bedömningen av delmålet här.",
                            className="mb-1", id=f"{SECTION_ID}-enda"))  # fmt: skip
    return words


def subgoal_section(ds: Dataset, subgoal_id: str,
                    period: tuple[int, int] | None = None) -> html.Section:  # fmt: skip
    """The delmål page's section, placed after the computed development: every year's
    assessment, newest first; when none is recorded it says so (and, without an indicator,
    that the delmål then has no judgement at all here). `period`: the years of the plan
    shown (a delmål id may come back in a later plan), all years when None or (0, 0)."""
    items = assessments.all_for_subgoal(ds, subgoal_id)
    if period and any(period):
        items = [i for i in items if period[0] <= i.year <= period[1]]
    has_indicator = bool(progress.indicators_of(ds, subgoal_id))
    parts: list = [heading(id=f"{SECTION_ID}-rubrik"), *_intro(has_indicator)]
    if not items:
        empty = "Ingen bedömning är registrerad för delmålet."
        if not has_indicator:
            empty += " Det finns därför ännu ingen bedömning av hur långt delmålet har kommit."
        parts.append(html.P(empty, id=f"{SECTION_ID}-ingen"))
    else:
        if any(i.is_example for i in items):
            parts.append(html.P(EXAMPLE_TEXT, className="small mb-1"))
        parts.append(html.Ol([assessment_item(ds, i, subgoal_id) for i in items],
                             className="assessment-list", id=f"{SECTION_ID}-lista"))  # fmt: skip
    return html.Section(frozen(html.Div(parts)), className="assessment-section mb-3",
                        id=SECTION_ID, **{"aria-labelledby": f"{SECTION_ID}-rubrik"})  # fmt: skip


# --- Uppföljning ------------------------------------------------------------------------------


def table_heading() -> list:
    """The column's heading in Uppföljning's tables."""
    return ["Läns\u00adstyrelsens bedömning ",
            html.Div(WHO_TEXT, className="assessment-who small")]  # fmt: skip


def table_cell(ds: Dataset, subgoal_id: str, years: tuple[int, int], href: str) -> list:
    """The newest assessment within the compared years: year, status and the text cut short,
    the whole on the delmål page (href); or that none is registered."""
    item = assessments.latest(ds, subgoal_id, up_to_year=years[1], from_year=years[0])
    if item is None:
        return [html.Span(assessments.NO_ASSESSMENT_LABEL, className="assessment-none")]
    example = [html.Div("Exempeldata", className="assessment-example small")]
    return [
        html.Div([status_badge(item.status_label), f" {item.year}"]),
        html.Div(assessments.short_text(item.text), className="small"),
        dcc.Link("Hela bedömningen", href=f"{href}#{SECTION_ID}", className="small no-print"),
        *(example if item.is_example else []),
    ]  # fmt: skip


def summary(ds: Dataset, subgoal_ids: list[str], years: tuple[int, int]) -> html.Div:
    """How many delmål have each status as their newest assessment in the compared years:
    a count of its own, beside (never added into) the computed verdicts'."""
    first, last = years
    latest = assessments.latest_per_subgoal(ds, last, first, subgoal_ids).values()
    counts = assessments.status_counts(ds, up_to_year=last, from_year=first,
                                       subgoal_ids=subgoal_ids)  # fmt: skip
    example = any(item is not None and item.is_example for item in latest)
    return html.Div([
        html.P([html.Strong(f"{assessments.HEADING} "), html.Span(WHO_TEXT),
                html.Strong(f", senaste bedömningen av planens {len(subgoal_ids)} delmål "
                            f"{first}–{last}:")], className="mb-1"),
        html.Ul([html.Li([status_badge(assessments.status_label(code)), f" {n}"])
                 for code, n in counts.items() if code != assessments.NO_ASSESSMENT]
                + [html.Li(f"{assessments.NO_ASSESSMENT_LABEL}: {counts[assessments.NO_ASSESSMENT]}",
                           className="assessment-none")],
                className="assessment-summary", id="uppfoljning-sammanfattning-bedomningar"),
        html.P(EXAMPLE_TEXT, className="small mb-1") if example else None,
    ], className="assessment-summary-block")  # fmt: skip


def export_columns(ds: Dataset, subgoal_id: str, years: tuple[int, int]) -> dict[str, object]:
    """The download's columns for the delmål's newest assessment in the compared years."""
    item = assessments.latest(ds, subgoal_id, up_to_year=years[1], from_year=years[0])
    return {
        "Länsstyrelsens bedömning, år": item.year if item else "",
        "Länsstyrelsens bedömning, status": (item.status_label if item
                                             else assessments.NO_ASSESSMENT_LABEL),
        f"{assessments.HEADING} {WHO_TEXT}": item.text if item else "",
        "Underlag för Länsstyrelsens bedömning": assessments.evidence_text(ds, item) if item else "",
    }  # fmt: skip
