"""Strategi: the national strategy's four goals, their status, the hierarchy chart, download.

The plan's other pages each have a module of their own: strategi_sammanhang.py (the plan's
context), strategi_mal.py (one goal) and strategi_delmal.py (one delmål); the parts they
share are in ui/strategy.py.

Dash matches registered pages in `order`, and "strategi/<mal>" in a template also matches
"strategi/2/2.5", so the static and two-level pages come before the goal page (order 4,
4.1, 4.2, then 4.3).
"""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, dcc, html

from dashboard.charts import GRAPH_CONFIG
from dashboard.charts.strategy import hierarchy_figure
from dashboard.data.loader import Dataset, Plan, get_dataset
from dashboard.domain import hierarchy
from dashboard.domain.export_table import EXAMPLE_COLUMN
from dashboard.ui import export
from dashboard.ui.components import (
    deferred_graph,
    download_links,
    guarded,
    page_header,
    register_deferred_graph,
    simple_table,
)
from dashboard.ui.html_block import frozen
from dashboard.ui.image_export import image_export_buttons
from dashboard.ui.strategy import (
    HOME,
    PREFIX,
    context_callout,
    goal_href,
    plan_notice,
    plan_param,
    plan_query,
    plan_source,
    plan_suffix,
    shown_plan,
    status_block,
    subgoal_href,
)

HIERARCHY_GRAPH = f"{PREFIX}-hierarki-diagram"  # the dcc.Graph in the box #strategi-hierarki


def goal_card(ds: Dataset, goal: pd.Series, index: int, year: int, plan: Plan) -> dbc.Card:
    subs = hierarchy.subgoals_of(plan, goal["id"])
    plan_id = plan_param(ds, plan)
    return dbc.Card(
        dbc.CardBody(
            [
                html.H3(
                    dcc.Link(
                        f"Mål {goal['id']}: {goal['name']}", href=goal_href(goal["id"], plan_id)
                    ),
                    className="h5",
                ),
                html.P(f"{len(subs)} delmål:", className="mb-1"),
                html.Ul(
                    [
                        html.Li(
                            dcc.Link(
                                f"{s['id']} {s['text']}",
                                href=subgoal_href(goal["id"], s["id"], plan_id),
                            )
                        )
                        for _, s in subs.iterrows()
                    ],
                    className="strategi-subgoal-links",
                ),
                status_block(ds, goal["id"], year, plan=plan),
            ]
        ),
        className=f"strategi-goal-card strategi-goal-{index + 1} h-100",
    )


def plan_figure(goals: pd.DataFrame, subgoals: pd.DataFrame, plan_id: str):
    """The goal tree; for a plan other than the newest its boxes link with ?plan=<id>."""
    figure = hierarchy_figure(goals, subgoals)
    if plan_id:
        links = figure.data[0].customdata
        figure.update_traces(customdata=[f"{link}{plan_suffix(plan_id)}" if link else link
                                         for link in links])  # fmt: skip
    return figure


def hierarchy_figure_column(ds: Dataset, goals: pd.DataFrame, subgoals: pd.DataFrame,
                            plan: Plan) -> dbc.Col:  # fmt: skip
    return dbc.Col(
        html.Figure(
            [
                # Below the goal cards: drawn when it comes near
                # the screen, so the page opens without plotly.js.
                *deferred_graph(
                    f"{PREFIX}-hierarki",
                    plan_figure(goals, subgoals, plan_param(ds, plan)),
                    id=HIERARCHY_GRAPH,
                    config=GRAPH_CONFIG,
                ),
                html.Figcaption(
                    "Träddiagram: mål och delmål i handlingsplanen.",
                    className="small",
                ),
                image_export_buttons(
                    f"{PREFIX}-hierarki",
                    "Handlingsplanens mål och delmål",
                    plan.document.get("kalla", "Handlingsplanen"),
                ),
            ],
            className="strategi-figure",
        ),
        lg=7,
    )


def hierarchy_section(ds: Dataset, plan: Plan) -> html.Section:
    goals = hierarchy.goals(plan)
    subgoals = plan.subgoals
    counts = ", ".join(
        f"mål {g['id']} har {len(hierarchy.subgoals_of(plan, g['id']))}"
        for _, g in goals.iterrows()
    )
    rows = [
        (s["goal_id"], dcc.Link(s["id"], href=subgoal_href(s["goal_id"], s["id"],
                                                           plan_param(ds, plan))),
         s["text"])
        for _, s in subgoals.iterrows()
    ]  # fmt: skip
    return html.Section(
        [
            html.H2("Mål och delmål i en bild", className="h4"),
            html.P(
                [
                    f"Diagrammet visar handlingsplanens {len(goals)} mål med deras "
                    f"{len(subgoals)} delmål under sig ({counts}). ",
                    # an instruction to click is nothing on paper
                    html.Span(
                        "Klicka på en rad för att öppna målet eller delmålet. ",
                        className="no-print",
                    ),
                    "Tabellen bredvid innehåller samma indelning med länkar.",
                ],
                id=f"{PREFIX}-hierarki-text",
            ),
            dbc.Row(
                [
                    hierarchy_figure_column(ds, goals, subgoals, plan),
                    dbc.Col(
                        simple_table(
                            ["Mål", "Delmål", "Delmålets text"],
                            rows,
                            caption="Handlingsplanens mål och delmål",
                            table_id=f"{PREFIX}-hierarki-tabell",
                        ),
                        lg=5,
                    ),
                ]
            ),
            dcc.Store(id=f"{PREFIX}-klick"),
        ],
        className="mb-4",
    )


def goals_section(ds: Dataset, shown: Plan, year: int) -> html.Section:
    """The plan's goals as cards, each with its delmål and the goal's status in words."""
    catalogue = hierarchy.is_catalogue_plan(shown)
    cards = [
        dbc.Col(goal_card(ds, g, i, year, shown), xs=12, md=6, className="mb-3")
        for i, (_, g) in enumerate(hierarchy.goals(shown).iterrows())
    ]
    return html.Section(
        [
            html.H2(
                "Den nationella strategins fyra målsättningar" if catalogue else "Planens mål",
                className="h4",
            ),
            html.P(
                f"Under varje mål står dess delmål och läget i {ds.county.area} {year} enligt "
                "de indikatorer tjänsten har valt för målet."
                + (" Värdena är exempeldata." if ds.has_example_data else "")
            ),
            html.P(
                (
                    "Planen kallar målen ”den nationella strategins fyra målsättningar” och "
                    "numrerar dem 1–4. "
                    if catalogue
                    else ""
                )
                + hierarchy.numbering_note(shown),
                className="small",
                id=f"{PREFIX}-numrering",
            ),
            # One block of HTML: ~140 Dash components fewer for the browser to set up.
            frozen(dbc.Row(cards)),
        ],
        className="mb-4",
    )


@guarded
def layout(plan: str | None = None, **_query) -> html.Div:
    """plan: the id of the plan shown (?plan=2018-2026); without it, or unknown, the newest."""
    ds = get_dataset()
    shown = shown_plan(ds, {"plan": plan})
    year = hierarchy.latest_year(ds)
    lead = (
        "Handlingsplanen utgår från den nationella strategins fyra målsättningar. "
        if hierarchy.is_catalogue_plan(shown)
        else f"Planen har {len(shown.goals)} mål. "
    )
    return html.Div(
        [
            page_header(
                "Strategi: från mål till delmål",
                lead + "Under varje mål finns delmål med exempel på aktiviteter och hur de följs "
                "upp. Välj ett mål eller ett delmål för att läsa mer.",
            ),
            plan_notice(ds, shown),
            frozen(context_callout(plan_param(ds, shown))),
            goals_section(ds, shown, year),
            hierarchy_section(ds, shown),
            html.Section(
                [
                    html.H2("Ladda ned hela strukturen", className="h4"),
                    html.P(
                        "Alla mål och delmål med aktiviteter, uppföljning, indikatorer och "
                        "regionala aktörer, en rad per punkt."
                    ),
                    download_links(PREFIX, {"plan": plan_param(ds, shown)}, label="mål och delmål"),
                ],
                className="mb-3",
            ),
            plan_source(ds, shown),
        ]
    )


dash.register_page(
    __name__, path=HOME, title="Strategi – Kvinnofrid", name="Strategi", order=4, layout=layout,
    canonical_query=plan_query,
    # The goal tree's chart is made by a callback (hierarchy_figure), not in the layout.
    validation_layout=dcc.Graph(id=HIERARCHY_GRAPH),
)  # fmt: skip

register_deferred_graph(f"{PREFIX}-hierarki")

# A click on a box in the chart opens that goal or delmål, the way dcc.Link navigates.
dash.clientside_callback(
    """
    function(click) {
        var nothing = window.dash_clientside.no_update;
        if (!click || !click.points || !click.points.length) { return nothing; }
        var href = click.points[0].customdata;
        if (!href || typeof href !== "string" || href.indexOf("/strategi/") !== 0) {
            return nothing;
        }
        window.dashboardNavigation.navigate(href);  // assets/03_navigation.js
        window.scrollTo(0, 0);
        return href;
    }
    """,
    Output(f"{PREFIX}-klick", "data"),
    Input(HIERARCHY_GRAPH, "clickData"),
    prevent_initial_call=True,
)


# --- download ------------------------------------------------------------------------------


@export.register(PREFIX)
def export_hierarchy(args) -> export.ExportTable:
    ds = get_dataset()
    plan = shown_plan(ds, args)
    return export.ExportTable(
        title="Handlingsplanens mål och delmål med aktiviteter, uppföljning, indikatorer och "
        "regionala aktörer" + ("" if len(ds.plans) == 1 else f" ({hierarchy.plan_label(plan)})"),
        # the plan's text and the service's catalogue: never example data
        frame=hierarchy.hierarchy_frame(ds, plan).assign(**{EXAMPLE_COLUMN: "Nej"}),
        sources=[
            plan.document.get("kalla", "Handlingsplanen"),
            "Indikatorer: data/indikatorer.csv (tjänstens indikatorkatalog)",
        ],  # fmt: skip
        is_example=False,
        filename="strategi-mal-och-delmal",
    )
