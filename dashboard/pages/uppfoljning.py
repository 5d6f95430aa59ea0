"""Uppföljning: how far the county got with the plan's 16 delmål over the plan period (issue
#20) — per delmål a verdict from its indicators (domain/progress.py, rule stated on the page),
the Länsstyrelse's activities carried out for it and the local plans that link to it. Read by
a leadership group in a minute, printed as the plan's follow-up for the year.
"""

from __future__ import annotations

from collections.abc import Mapping

import dash
import pandas as pd
from dash import html

from dashboard.data.loader import Dataset, get_dataset
from dashboard.domain import comparison, hierarchy, progress
from dashboard.domain.export_table import ExportTable
from dashboard.ui import export
from dashboard.ui.components import download_links, guarded, page_header
from dashboard.ui.html_block import HtmlBlock, frozen

VIEW = "uppfoljning"
dash.register_page(__name__, path="/uppfoljning", title="Uppföljning av planen – Kvinnofrid",
                   name="Uppföljning", order=4.5)  # fmt: skip

# A verdict is read from its word and symbol; the colour (05_compare.css) only repeats them.
VERDICT_SYMBOLS = {progress.BETTER: "▲", progress.UNCHANGED: "●", progress.WORSE: "▼",
                   progress.UNKNOWN: "?"}  # fmt: skip
VERDICT_CLASSES = {progress.BETTER: "verdict-better", progress.UNCHANGED: "verdict-same",
                   progress.WORSE: "verdict-worse", progress.UNKNOWN: "verdict-unknown"}  # fmt: skip


def verdict_badge(verdict: str) -> html.Span:
    return html.Span(
        [html.Span(VERDICT_SYMBOLS[verdict], className="verdict-symbol", **{"aria-hidden": "true"}),
         " ", verdict.capitalize()],
        className=f"verdict {VERDICT_CLASSES[verdict]}",
    )  # fmt: skip


def _indicator_lines(item: progress.SubgoalProgress) -> list:
    if not item.indicators:
        return [html.Span("Ingen indikator i planen för delmålet.")]
    lines = []
    for ind in item.indicators:
        if ind.first_year is not None and ind.last_year is not None:
            change = f"{ind.first_year}: {ind.first_text} → {ind.last_year}: {ind.last_text}"
        else:
            change = ind.reason
        lines.append(html.Li([html.Strong(ind.name), f" – {change} ",
                              f"({ind.verdict})"]))  # fmt: skip
    return [html.Ul(lines, className="progress-indicators")]


def _activities_text(item: progress.SubgoalProgress) -> str:
    if not item.activities_done:
        return "Inga genomförda"
    total = sum(item.activities_done.values())
    years = ", ".join(f"{y}: {n}" for y, n in item.activities_done.items())
    return f"{total} genomförda ({years})"


def _plans_text(item: progress.SubgoalProgress) -> str:
    if not item.local_plans_of:
        return "Inga lokala planer registrerade"
    count = len(item.local_plans)
    names = comparison.join_names(list(item.local_plans)) if item.local_plans else ""
    return f"{count} av {item.local_plans_of} lokala planer" + (f": {names}" if names else "")


def goal_section(ds: Dataset, goal_id: str, items: list[progress.SubgoalProgress]) -> html.Section:
    goal = hierarchy.goal(ds.plan, goal_id)
    columns = ("Delmål", "Bedömning", "Indikatorer i länet", "Länsstyrelsens aktiviteter",
               "Lokala handlingsplaner")  # fmt: skip
    head = html.Thead(html.Tr([html.Th(c, scope="col") for c in columns]))
    rows = []
    for item in items:
        # data-label: on a phone each row is a card, every cell headed by its column's name
        cells = [verdict_badge(item.verdict), _indicator_lines(item), _activities_text(item),
                 _plans_text(item)]  # fmt: skip
        rows.append(html.Tr(
            [html.Th([html.A(hierarchy.subgoal_label(item.subgoal_id),
                             href=f"/strategi/{item.goal_id}/{item.subgoal_id}"),
                      html.Div(item.text, className="progress-subgoal-text")], scope="row")]
            + [html.Td(cell, **{"data-label": label})
               for cell, label in zip(cells, columns[1:], strict=True)]
        ))  # fmt: skip
    title = f"{hierarchy.goal_label(goal_id)}: {goal['name'] if goal is not None else ''}"
    return html.Section(
        [
            html.H2(title, className="h4"),
            html.Table(
                [head, html.Tbody(rows)],
                className="table table-sm progress-table",
                id=f"uppfoljning-mal-{goal_id}",
            ),  # fmt: skip
        ],
        className="progress-goal",
    )


def summary(items: list[progress.SubgoalProgress], years: tuple[int, int] | None) -> html.Div:
    counts = {v: sum(i.verdict == v for i in items) for v in progress.VERDICTS}
    span = f" mellan {years[0]} och {years[1]}" if years else ""
    return html.Div(
        [
            html.P(html.Strong(f"Av planens {len(items)} delmål{span}:"), className="mb-1"),
            html.Ul(
                [html.Li([verdict_badge(v), f" {counts[v]}"]) for v in progress.VERDICTS],
                className="progress-summary",
                id="uppfoljning-sammanfattning",
            ),  # fmt: skip
        ]
    )


@guarded
def layout(**_query) -> HtmlBlock:
    """Text and tables without callbacks: one block of HTML (html_block.frozen)."""
    ds = get_dataset()
    items = progress.all_progress(ds)
    start, end = ds.plan_period
    years = progress.compared_years(ds)
    by_goal: dict[str, list[progress.SubgoalProgress]] = {}
    for item in items:
        by_goal.setdefault(item.goal_id, []).append(item)
    practice_example = bool(ds.activities["is_example"].any() or ds.local_plans["is_example"].any())
    return frozen(html.Div(
        [
            page_header(
                "Uppföljning av handlingsplanen",
                f"Hur länet har kommit med planens delmål under planperioden {start}–{end}: "
                "indikatorerna från första till senaste året med uppgifter, Länsstyrelsens "
                "aktiviteter och kommunernas lokala handlingsplaner.",
            ),
            summary(items, years),
            html.P(
                "Aktiviteterna och de lokala handlingsplanerna är exempeldata." if practice_example
                else "", className="small"),  # fmt: skip
            *[goal_section(ds, goal_id, goal_items) for goal_id, goal_items in by_goal.items()],
            html.Section(
                [html.H2("Så bedöms utvecklingen", className="h4"),
                 html.P(progress.RULE_TEXT, id="uppfoljning-regel")],  # fmt: skip
                className="progress-rule",
            ),
            download_links(VIEW, {}),
        ]
    ))  # fmt: skip


@export.register(VIEW)
def build_export(_args: Mapping[str, str]) -> ExportTable:
    ds = get_dataset()
    rows = []
    for item in progress.all_progress(ds):
        base = {
            "Mål": item.goal_id, "Delmål": item.subgoal_id, "Delmålets text": item.text,
            "Bedömning av delmålet": item.verdict,
            "Genomförda aktiviteter": sum(item.activities_done.values()),
            "Lokala planer som tar upp delmålet": len(item.local_plans),
        }  # fmt: skip
        for ind in item.indicators or (None,):
            rows.append(base | {
                "Indikator": ind.name if ind else "",
                "Första år": ind.first_year if ind and ind.first_year else "",
                "Värde första år": ind.first_text if ind else "",
                "Senaste år": ind.last_year if ind and ind.last_year else "",
                "Värde senaste år": ind.last_text if ind else "",
                "Bedömning": ind.verdict if ind else "",
                "Anmärkning": ind.reason if ind else "Ingen indikator i planen",
            })  # fmt: skip
    start, end = ds.plan_period
    is_example = bool(ds.has_example_data)
    return ExportTable(
        title=f"Uppföljning av handlingsplanen {start}–{end}, per delmål",
        frame=pd.DataFrame(rows), is_example=is_example,
        sources=[ds.plan.document.get("kalla", ""), "Bedömningsregel: " + progress.RULE_TEXT],
        filename="uppfoljning-delmal",
    )  # fmt: skip
