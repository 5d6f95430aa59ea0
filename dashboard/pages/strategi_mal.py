"""/strategi/<mal>: one goal of the plan with its delmål, the status from the service's
indicators and the municipalities' figures for the goal.

Registered after the static and two-level Strategi pages (order 4.3): Dash tries pages in
`order`, and this template also matches "/strategi/sammanhang".
"""

from __future__ import annotations

from collections.abc import Mapping

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboard.data.loader import Dataset, Plan, get_dataset
from dashboard.domain import hierarchy
from dashboard.ui.components import guarded, page_header, simple_table
from dashboard.ui.strategy import (
    HOME,
    PREFIX,
    SITE,
    breadcrumbs,
    bullet_list,
    context_callout,
    goal_href,
    not_found,
    plan_notice,
    plan_param,
    plan_query,
    plan_source,
    plan_suffix,
    shown_plan,
    status_block,
    subgoal_href,
)


def subgoal_block(ds: Dataset, goal_id: str, sub: pd.Series, year: int,
                  plan: Plan) -> html.Section:  # fmt: skip
    indicators = hierarchy.indicators_for_subgoal(ds, sub["id"], plan)
    href = subgoal_href(goal_id, sub["id"], plan_param(ds, plan))
    return html.Section(
        [
            html.H3(
                dcc.Link(f"Delmål {sub['id']}", href=href),
                className="h5",
            ),
            html.P(sub["text"], className="strategi-subgoal-text"),
            dbc.Row(
                [
                    dbc.Col(
                        [
                            html.H4("Exempel på aktiviteter", className="h6"),
                            bullet_list(hierarchy.activities_of(plan, sub["id"]), "Inga."),
                        ],
                        md=6,
                    ),
                    dbc.Col(
                        [
                            html.H4("Uppföljning enligt planen", className="h6"),
                            html.Blockquote(
                                html.P(
                                    hierarchy.followup_text(plan, sub["id"])
                                    or "Planen anger ingen uppföljning.",
                                    className="mb-0",
                                ),
                                className="plan-quote",
                            ),
                        ],
                        md=6,
                    ),
                ]
            ),
            html.H4(hierarchy.SERVICE_INDICATORS, className="h6"),
            bullet_list(
                [
                    f"{r['name']}: {hierarchy.indicator_summary(ds, r['id'], year)} "
                    f"(källa: {r['source']})"
                    for _, r in indicators.iterrows()
                ],
                "Ingen. Delmålet följs upp genom planens källor ovan och Länsstyrelsens "
                "aktiviteter.",
            ),
            html.P(
                dcc.Link(
                    f"Visa delmål {sub['id']} med kommunernas värden och regionala aktörer",
                    href=href,
                ),
                className="mb-0 link-line",
            ),
        ],
        className="strategi-subgoal mb-4",
    )


def goal_indicator_table(ds: Dataset, goal_id: str, year: int, plan: Plan) -> html.Div:
    own = set(hierarchy.subgoals_of(plan, goal_id)["id"])
    links = hierarchy.subgoals_by_indicator(plan)
    plan_id = plan_param(ds, plan)
    rows = []
    for _, r in hierarchy.indicators_for_goal(ds, goal_id, plan).iterrows():
        linked = [s for s in links.get(r["id"], ()) if s in own]
        where = (
            [
                dcc.Link(s, href=subgoal_href(goal_id, s, plan_id))
                if i == 0
                else html.Span([", ", dcc.Link(s, href=subgoal_href(goal_id, s, plan_id))])
                for i, s in enumerate(linked)
            ]
            if linked
            else "Hela målet"
        )
        rows.append((r["name"], where, hierarchy.indicator_summary(ds, r["id"], year)))
    return simple_table(
        ["Indikator", "Delmål", f"Läget i {ds.county.area} {year}"],
        rows,
        caption=f"Indikatorer för mål {goal_id}",
        table_id=f"{PREFIX}-mal-indikatorer",
    )


@guarded
def other_goals(ds: Dataset, goal_id: str, plan: Plan) -> html.Nav:
    others = hierarchy.goals(plan)
    others = others[others["id"] != goal_id]
    return html.Nav(
        [
            html.H2("Andra mål", className="h6"),
            html.Ul(
                [
                    html.Li(
                        dcc.Link(
                            f"Mål {g['id']}: {g['name']}",
                            href=goal_href(g["id"], plan_param(ds, plan)),
                        )
                    )
                    for _, g in others.iterrows()
                ]
            ),
        ],
        **{"aria-label": "Andra mål"},
    )


@guarded
def layout(mal: str | None = None, plan: str | None = None, **_query) -> html.Div:
    """mal: the goal's id; plan: the plan's id (?plan=2018-2026), without it the newest."""
    ds = get_dataset()
    shown = shown_plan(ds, {"plan": plan})
    goal = hierarchy.goal(shown, mal)
    if goal is None:
        return not_found(
            ds,
            "Målet finns inte",
            f"Handlingsplanen har {len(hierarchy.goals(shown))} mål, och adressen leder inte "
            "till något av dem.",
            plan=shown,
        )
    year = hierarchy.latest_year(ds)
    subs = hierarchy.subgoals_of(shown, goal["id"])
    plan_id = plan_param(ds, shown)
    return html.Div(
        [
            breadcrumbs(
                [("Strategi", f"{HOME}{plan_suffix(plan_id)}"), (f"Mål {goal['id']}", None)]
            ),  # fmt: skip
            page_header(
                f"Mål {goal['id']}: {goal['name']}",
                f"Målet har {len(subs)} delmål i handlingsplanen. Under varje delmål står "
                "planens exempel på aktiviteter, planens text om hur delmålet följs upp och de "
                "indikatorer tjänsten har valt för att mäta det.",
            ),
            plan_notice(ds, shown),  # the other plans' start pages: their goal 1 is another goal
            status_block(ds, goal["id"], year, heading="h2", plan=shown),
            html.Section(
                [
                    html.H2(f"Delmål under mål {goal['id']}", className="h4 mt-4"),
                    *(subgoal_block(ds, goal["id"], s, year, shown) for _, s in subs.iterrows()),
                ]
            ),
            html.Section(
                [
                    html.H2("Kommunernas uppgifter för målet", className="h4"),
                    html.P(
                        "Tjänstens indikatorer för målet som helhet eller för något av målets delmål, "
                        f"med läget i {ds.county.area} {year}."
                        + (" Värdena är exempeldata." if ds.has_example_data else "")
                    ),
                    goal_indicator_table(ds, goal["id"], year, shown),
                ],
                className="mb-4",
            ),
            other_goals(ds, goal["id"], shown),
            context_callout(plan_id),
            plan_source(ds, shown),
        ]
    )


def page_title(mal: str | None = None, plan: str | None = None, **_query) -> str:
    try:
        goal = hierarchy.goal(shown_plan(get_dataset(), {"plan": plan}), mal)
    except Exception:  # the title must never break a page
        goal = None
    return f"Mål {goal['id']} – Strategi – {SITE}" if goal is not None else f"Strategi – {SITE}"


def canonical_query(ds: Dataset, params: Mapping[str, object]) -> dict[str, str]:
    """The known goal id of the plan shown, "" for an unknown one, and the plan's id
    (page_cache: the cache key)."""
    goal = hierarchy.goal(shown_plan(ds, params), params.get("mal"))
    return {"mal": "" if goal is None else str(goal["id"])} | plan_query(ds, params)


def goal_exists(ds: Dataset, variables: Mapping[str, object]) -> bool:
    """Whether a plan has the goal: the status (404 or not) is decided from the path alone,
    and ?plan=<id> may name an older plan whose goals the newest lacks."""
    return any(hierarchy.goal(plan, variables.get("mal")) is not None for plan in ds.plans)


dash.register_page(
    __name__, path_template="/strategi/<mal>", path="/strategi/1", title=page_title,
    canonical_query=canonical_query, found=goal_exists,
    name="Strategi – mål", order=4.3, menu=False, layout=layout,
)  # fmt: skip
