"""The parts the four Strategi pages share (pages/strategi*.py): their addresses,
breadcrumbs, the goal's status in words, the in-page "not found", the plan's source line and
which plan is shown (?plan=<id>; without it the newest).

Not a page module, so Dash does not import it as one; every Strategi page module imports it.
"""

from __future__ import annotations

from collections.abc import Mapping

from dash import dcc, html

from dashboard.data.loader import Dataset, Plan
from dashboard.domain import hierarchy
from dashboard.domain.formatting import MISSING
from dashboard.ui.components import page_header, source_line

PREFIX = "strategi"
HOME = "/strategi"
CONTEXT = "/strategi/sammanhang"
SITE = "Kvinnofrid"


def plan_suffix(plan_id: str = "") -> str:
    """'?plan=2018-2026' for a plan other than the newest, '' for the newest (its addresses
    stay as they were)."""
    return f"?plan={plan_id}" if plan_id else ""


def plan_param(ds: Dataset, plan: Plan) -> str:
    """The plan's id for its addresses: '' for the newest, which needs none."""
    return "" if plan is ds.plan else plan.id


def goal_href(goal_id: object, plan_id: str = "") -> str:
    return f"{HOME}/{goal_id}{plan_suffix(plan_id)}"


def subgoal_href(goal_id: object, subgoal_id: object, plan_id: str = "") -> str:
    return f"{HOME}/{goal_id}/{subgoal_id}{plan_suffix(plan_id)}"


def shown_plan(ds: Dataset, params: Mapping[str, object]) -> Plan:
    """The plan a Strategi page shows: ?plan=<id>, else the newest."""
    return hierarchy.resolve_plan(ds, params)


def plan_query(ds: Dataset, params: Mapping[str, object]) -> dict[str, str]:
    """The Strategi pages' canonical_query part for the plan: the validated id."""
    return {"plan": shown_plan(ds, params).id}


def plan_notice(ds: Dataset, plan: Plan, path: str = HOME) -> html.P:
    """Which plan the page shows (its own title, its period) and links to the others (path:
    the page to open in them; a goal or delmål id means another thing in another plan, so
    those pages link to the other plans' start page). Always said, even with one plan."""
    title = plan.document.get("titel", "") or hierarchy.plan_label(plan)
    parts: list = [html.Strong("Handlingsplan: "), html.Span(title, className="plan-words"),
                   f", planperioden {plan.period[0]}–{plan.period[1]}."]  # fmt: skip
    others = [p for p in ds.plans if p is not plan]
    if others:
        links: list = []
        for other in others:
            newest = " (den senaste)" if other is ds.plan else ""
            links += [", " if links else " ", dcc.Link(
                hierarchy.plan_label(other) + newest,
                href=f"{path}{plan_suffix(plan_param(ds, other))}")]  # fmt: skip
        parts += [" Andra planer:", *links, "."]
    return html.P(parts, className="strategi-plan", id=f"{PREFIX}-plan")


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


def context_callout(plan_id: str = "") -> html.Aside:
    return html.Aside(
        [
            html.H2("Handlingsplanens sammanhang", className="h5 mb-1"),
            html.P(
                [
                    "Perspektiv vid genomförandet, koppling till de jämställdhetspolitiska "
                    "delmålen och Agenda 2030, målgrupper och andra överenskommelser: ",
                    dcc.Link(
                        "Läs om handlingsplanens sammanhang",
                        href=f"{CONTEXT}{plan_suffix(plan_id)}",
                    ),
                    ".",
                ],
                className="mb-0",
            ),
        ],
        className="strategi-context",
    )


def goal_list_links(ds: Dataset, plan: Plan | None = None) -> html.Ul:
    plan = plan or ds.plan
    return html.Ul(
        [
            html.Li(dcc.Link(f"Mål {g['id']}: {g['name']}",
                             href=goal_href(g["id"], plan_param(ds, plan))))
            for _, g in hierarchy.goals(plan).iterrows()
        ]
    )  # fmt: skip


def not_found(ds: Dataset, title: str, explanation: str, extra: list | None = None,
              plan: Plan | None = None) -> html.Div:  # fmt: skip
    """The in-page 404 for an unknown goal or delmål (the HTTP status stays 200)."""
    plan = plan or ds.plan
    return html.Div(
        [
            breadcrumbs([("Strategi", HOME), ("Finns inte", None)]),
            page_header(title, explanation),
            *(extra or []),
            html.P(
                [
                    "Kontrollera adressen, eller ",
                    dcc.Link(
                        "gå till strategins startsida med alla mål",
                        href=f"{HOME}{plan_suffix(plan_param(ds, plan))}",
                    ),
                    ".",
                ]
            ),
            html.H2("Handlingsplanens mål", className="h4"),
            goal_list_links(ds, plan),
        ],
        className="strategi-not-found",
    )


def bullet_list(texts: list[str], empty: str) -> html.Ul | html.P:
    if not texts:
        return html.P(empty)
    return html.Ul([html.Li(t) for t in texts])


def status_block(ds: Dataset, goal_id: str, year: int, heading: str = "h4",
                 plan: Plan | None = None) -> html.Div:  # fmt: skip
    """The goal's status from its indicators, in words (a definition list)."""
    status = hierarchy.goal_status(ds, goal_id, year, plan)
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


def plan_source(ds: Dataset, plan: Plan | None = None) -> html.P:
    return source_line((plan or ds.plan).document.get("kalla", "handlingsplanen"))
