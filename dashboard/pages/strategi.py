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

from dashboard import domain
from dashboard.charts import GRAPH_CONFIG
from dashboard.charts.strategy import hierarchy_figure
from dashboard.data.loader import Dataset, get_dataset
from dashboard.domain import hierarchy
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
    plan_source,
    status_block,
    subgoal_href,
)

HIERARCHY_GRAPH = f"{PREFIX}-hierarki-diagram"  # the dcc.Graph in the box #strategi-hierarki


def goal_card(ds: Dataset, goal: pd.Series, index: int, year: int) -> dbc.Card:
    subs = hierarchy.subgoals_of(ds.plan, goal["id"])
    return dbc.Card(
        dbc.CardBody(
            [
                html.H3(
                    dcc.Link(f"Mål {goal['id']}: {goal['name']}", href=goal_href(goal["id"])),
                    className="h5",
                ),
                html.P(f"{len(subs)} delmål:", className="mb-1"),
                html.Ul(
                    [
                        html.Li(
                            dcc.Link(
                                f"{s['id']} {s['text']}", href=subgoal_href(goal["id"], s["id"])
                            )
                        )
                        for _, s in subs.iterrows()
                    ],
                    className="strategi-subgoal-links",
                ),
                status_block(ds, goal["id"], year),
            ]
        ),
        className=f"strategi-goal-card strategi-goal-{index + 1} h-100",
    )


def hierarchy_figure_column(ds: Dataset, goals: pd.DataFrame, subgoals: pd.DataFrame) -> dbc.Col:
    return dbc.Col(
        html.Figure(
            [
                # Below the goal cards: drawn when it comes near
                # the screen, so the page opens without plotly.js.
                *deferred_graph(
                    f"{PREFIX}-hierarki",
                    hierarchy_figure(goals, subgoals),
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
                    ds.plan.document.get("kalla", "Handlingsplanen"),
                ),
            ],
            className="strategi-figure",
        ),
        lg=7,
    )


def hierarchy_section(ds: Dataset) -> html.Section:
    goals = hierarchy.goals(ds.plan)
    subgoals = ds.plan.subgoals
    counts = ", ".join(
        f"mål {g['id']} har {len(hierarchy.subgoals_of(ds.plan, g['id']))}"
        for _, g in goals.iterrows()
    )
    rows = [
        (s["goal_id"], dcc.Link(s["id"], href=subgoal_href(s["goal_id"], s["id"])),
         s["text"])
        for _, s in subgoals.iterrows()
    ]  # fmt: skip
    return html.Section(
        [
            html.H2("Mål och delmål i en bild", className="h4"),
            html.P(
                f"Diagrammet visar handlingsplanens {len(goals)} mål med deras "
                f"{len(subgoals)} delmål under sig ({counts}). Klicka på en rad för att öppna "
                "målet eller delmålet. Tabellen bredvid innehåller samma indelning med länkar.",
                id=f"{PREFIX}-hierarki-text",
            ),
            dbc.Row(
                [
                    hierarchy_figure_column(ds, goals, subgoals),
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


@guarded
def layout(**_query) -> html.Div:
    ds = get_dataset()
    year = hierarchy.latest_year(ds)
    goals = hierarchy.goals(ds.plan)
    cards = [
        dbc.Col(goal_card(ds, g, i, year), xs=12, md=6, className="mb-3")
        for i, (_, g) in enumerate(goals.iterrows())
    ]
    return html.Div(
        [
            page_header(
                "Strategi: från mål till delmål",
                "Handlingsplanen utgår från den nationella strategins fyra målsättningar. Under "
                "varje mål finns delmål med exempel på aktiviteter och hur de följs upp. Välj ett "
                "mål eller ett delmål för att läsa mer.",
            ),
            frozen(context_callout()),
            html.Section(
                [
                    html.H2("Den nationella strategins fyra målsättningar", className="h4"),
                    html.P(
                        f"Under varje mål står dess delmål och läget i {ds.county.area} {year} enligt "
                        "de indikatorer tjänsten har valt för målet."
                        + (" Värdena är exempeldata." if ds.has_example_data else "")
                    ),
                    html.P(
                        "Planen kallar målen ”den nationella strategins fyra målsättningar” och "
                        "numrerar dem 1–4. " + hierarchy.numbering_note(ds.plan),
                        className="small",
                        id=f"{PREFIX}-numrering",
                    ),
                    # One block of HTML: ~140 Dash components fewer for the browser to set up.
                    frozen(dbc.Row(cards)),
                ],
                className="mb-4",
            ),
            hierarchy_section(ds),
            html.Section(
                [
                    html.H2("Ladda ned hela strukturen", className="h4"),
                    html.P(
                        "Alla mål och delmål med aktiviteter, uppföljning, indikatorer och "
                        "regionala aktörer, en rad per punkt."
                    ),
                    download_links(PREFIX, {}, label="mål och delmål"),
                ],
                className="mb-3",
            ),
            plan_source(ds),
        ]
    )


dash.register_page(
    __name__, path=HOME, title="Strategi – Kvinnofrid", name="Strategi", order=4, layout=layout,
    canonical_query=domain.no_url_state,
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
def export_hierarchy(_args) -> export.ExportTable:
    ds = get_dataset()
    return export.ExportTable(
        title="Handlingsplanens mål och delmål med aktiviteter, uppföljning, indikatorer och "
        "regionala aktörer",
        frame=hierarchy.hierarchy_frame(ds),
        sources=[
            ds.plan.document.get("kalla", "Handlingsplanen"),
            "Indikatorer: data/indikatorer.csv (tjänstens indikatorkatalog)",
        ],  # fmt: skip
        is_example=False,
        filename="strategi-mal-och-delmal",
    )
