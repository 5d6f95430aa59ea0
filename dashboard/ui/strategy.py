"""The parts the four Strategi pages share (pages/strategi*.py): their addresses,
breadcrumbs, the goal's status in words, the in-page "not found" and the plan's source line.

Not a page module, so Dash does not import it as one; every Strategi page module imports it.
"""

from __future__ import annotations

from dash import dcc, html

from dashboard.data.loader import Dataset
from dashboard.domain import hierarchy
from dashboard.domain.formatting import MISSING
from dashboard.ui.components import page_header, source_line

PREFIX = "strategi"
HOME = "/strategi"
CONTEXT = "/strategi/sammanhang"
SITE = "Kvinnofrid"


def goal_href(goal_id: object) -> str:
    return f"{HOME}/{goal_id}"


def subgoal_href(goal_id: object, subgoal_id: object) -> str:
    return f"{HOME}/{goal_id}/{subgoal_id}"


def count_phrase(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def breadcrumbs(items: list[tuple[str, str | None]]) -> html.Nav:
    """Strategi › Mål 2 › Delmål 2.5; the last item is the current page (no link)."""
    crumbs = []
    for label, href in items:
        if href:
            crumbs.append(html.Li(dcc.Link(label, href=href), className="breadcrumb-item"))
        else:
            crumbs.append(
                html.Li(label, className="breadcrumb-item active", **{"aria-current": "page"})
            )
    return html.Nav(
        html.Ol(crumbs, className="breadcrumb mb-2"),
        className="strategi-breadcrumbs",
        **{"aria-label": "Du är här"},
    )


def context_callout() -> html.Aside:
    return html.Aside(
        [
            html.H2("Handlingsplanens sammanhang", className="h5 mb-1"),
            html.P(
                [
                    "Perspektiv vid genomförandet, koppling till de jämställdhetspolitiska "
                    "delmålen och Agenda 2030, målgrupper och andra överenskommelser: ",
                    dcc.Link("Läs om handlingsplanens sammanhang", href=CONTEXT),
                    ".",
                ],
                className="mb-0",
            ),
        ],
        className="strategi-context",
    )


def goal_list_links(ds: Dataset) -> html.Ul:
    return html.Ul(
        [
            html.Li(dcc.Link(f"Mål {g['id']}: {g['name']}", href=goal_href(g["id"])))
            for _, g in hierarchy.goals(ds.plan).iterrows()
        ]
    )


def not_found(ds: Dataset, title: str, explanation: str, extra: list | None = None) -> html.Div:
    """The in-page 404 for an unknown goal or delmål (the HTTP status stays 200)."""
    return html.Div(
        [
            breadcrumbs([("Strategi", HOME), ("Finns inte", None)]),
            page_header(title, explanation),
            *(extra or []),
            html.P(
                [
                    "Kontrollera adressen, eller ",
                    dcc.Link("gå till strategins startsida med alla mål", href=HOME),
                    ".",
                ]
            ),
            html.H2("Handlingsplanens mål", className="h4"),
            goal_list_links(ds),
        ],
        className="strategi-not-found",
    )


def bullet_list(texts: list[str], empty: str) -> html.Ul | html.P:
    if not texts:
        return html.P(empty)
    return html.Ul([html.Li(t) for t in texts])


def status_block(ds: Dataset, goal_id: str, year: int, heading: str = "h4") -> html.Div:
    """The goal's status from its indicators, in words (a definition list)."""
    status = hierarchy.goal_status(ds, goal_id, year)
    Heading = getattr(html, heading.upper())
    items = []
    if status.compliance_text != MISSING:
        detail = status.compliance_text + " av kriterierna uppfyllda i snitt"
        if status.compliance_change:
            detail += f" ({status.compliance_change})"
        items += [html.Dt("Efterlevnad av SOSFS 2014:4, målets kriterier"), html.Dd(detail)]
    for line in status.lines:
        items += [html.Dt(line.label), html.Dd(line.value)]
    if not items:
        items = [html.Dt("Indikatorer"), html.Dd("Inga uppgifter för målet ännu.")]
    example = " (exempeldata)" if ds.has_example_data else ""
    return html.Div(
        [
            Heading(
                f"Läget i {ds.county.area} {year}{example}",
                className=("h5" if heading == "h2" else "h6") + " mb-1",
            ),
            html.Dl(items, className="strategi-status mb-1"),
            html.P(
                f"Tjänsten följer upp målet med "
                f"{count_phrase(status.indicator_count, 'indikator', 'indikatorer')} som den har "
                "valt; planen anger bara källor för uppföljningen.",
                className="small mb-0",
            ),
        ],
        className="strategi-status-block" + (" strategi-status-panel" if heading == "h2" else ""),
    )


def plan_source(ds: Dataset) -> html.P:
    return source_line(ds.plan.document.get("kalla", "handlingsplanen"))
