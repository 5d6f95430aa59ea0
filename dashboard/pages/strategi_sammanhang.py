"""/strategi/sammanhang: what holds for the whole plan (its purpose, the perspectives, the
equality goals, Agenda 2030, target groups and other agreements), in the plan's own words.

Registered before the goal page /strategi/<mal> (order 4.1 < 4.3), whose template would
otherwise take "sammanhang" for a goal.
"""

from __future__ import annotations

from dataclasses import replace

import dash
from dash import dcc, html

from dashboard.data.loader import get_dataset
from dashboard.ui.components import guarded, page_header
from dashboard.ui.plan_context import levels_figure, revision_basis
from dashboard.ui.strategy import (
    CONTEXT,
    HOME,
    breadcrumbs,
    plan_notice,
    plan_param,
    plan_query,
    plan_source,
    plan_suffix,
    shown_plan,
)

# The plan's own sentences that introduce its lists, word for word (handlingsplanen, the
# sections "Genomförande av den nationella strategin", "Andra överenskommelser",
# "Handlingsplanens koppling till övriga jämställdhetsmål" and "… till Agenda 2030").
PERSPECTIVES_INTRO = (
    "Vid genomförandet av den nationella strategin bör berörda aktörer genomgående beakta"
)
AGREEMENTS_INTRO = (
    "Utöver den nationella strategin finns en rad andra överenskommelser som är relevanta "
    "för området:"
)
EQUALITY_INTRO = (
    "Nedan följer exempel på hur handlingsplanen och delmål 6: Mäns våld mot kvinnor ska "
    "upphöra kan kopplas till övriga jämställdhetspolitiska delmål."
)
AGENDA_INTRO = (
    "Följande texter är exempel på de mål och delmål som har direkt koppling till jämställdhet "
    "och mäns våld mot kvinnor. Texterna är tagna direkt ur de 17 globala målen för hållbar "
    "utveckling, Agenda 2030."
)


def contents() -> html.Nav:
    return html.Nav(
        [
            html.H2("På sidan", className="h6"),
            html.Ul(
                [
                    html.Li(html.A("Syfte och användning", href="#syfte")),
                    html.Li(html.A("Planens tre nivåer", href="#planens-nivaer")),
                    html.Li(html.A("Hur planen togs fram", href="#underlag")),
                    html.Li(html.A("Perspektiv vid genomförandet", href="#perspektiv")),
                    html.Li(html.A("Jämställdhetspolitiska delmål", href="#jamstalldhet")),
                    html.Li(html.A("Agenda 2030", href="#agenda2030")),
                    html.Li(html.A("Målgrupper", href="#malgrupper")),
                    html.Li(html.A("Andra överenskommelser", href="#overenskommelser")),
                ],
                className="mb-0",
            ),
        ],
        className="strategi-toc mb-4",
        **{"aria-label": "Innehåll på sidan"},
    )


def purpose_section(plan) -> html.Section:
    contribution = [
        part.strip() for part in plan.document.get("lansstyrelsens_bidrag", "").split("•")
    ]
    return html.Section(
        [
            html.H2("Syfte och användning", className="h4", id="syfte"),
            html.P(plan.document.get("syfte", "")),
            html.P(plan.document.get("anvandning", "")),
            html.H3("Länsstyrelsens bidrag", className="h5"),
            html.P(contribution[0]),
            html.Ul([html.Li(p) for p in contribution[1:] if p]),
        ],
        className="mb-4",
    )


def perspectives_section(plan) -> html.Section:
    return html.Section(
        [
            html.H2("Perspektiv vid genomförandet", className="h4", id="perspektiv"),
            # The plan's own framing sentence and bullets (not "ska genomföras", not
            # numbered): the points are what actors "bör … beakta".
            html.P(PERSPECTIVES_INTRO),
            html.Ul([html.Li(t) for t in plan.perspectives.sort_values("number")["text"]]),
        ],
        className="mb-4",
    )


def equality_section(plan) -> html.Section:
    return html.Section(
        [
            html.H2(
                "Koppling till de jämställdhetspolitiska delmålen",
                className="h4",
                id="jamstalldhet",
            ),
            html.P(EQUALITY_INTRO),
            html.Ol(
                [
                    html.Li([html.Strong(r["name"]), html.P(r["link_text"], className="mb-2")])
                    for _, r in plan.equality_goals.sort_values("number").iterrows()
                ]
            ),
        ],
        className="mb-4",
    )


def agenda_section(plan) -> html.Section:
    agenda_goals = []
    for number, group in plan.agenda2030.groupby("goal", sort=False):
        intro = group[group["target"] == ""]["text"].tolist()
        targets = group[group["target"] != ""]
        agenda_goals.append(
            html.Li(
                [
                    html.Strong(f"Mål {number}: {group['goal_name'].iloc[0]}"),
                    *(html.P(t, className="mb-1") for t in intro),
                    html.Ul(
                        [
                            html.Li([html.Strong(f"Delmål {r['target']}: "), r["text"]])
                            for _, r in targets.iterrows()
                        ]
                    ),
                ],
                className="mb-2",
            )
        )
    return html.Section(
        [
            html.H2("Koppling till Agenda 2030", className="h4", id="agenda2030"),
            html.P(AGENDA_INTRO),
            html.Ul(agenda_goals, className="list-unstyled"),
        ],
        className="mb-4",
    )


def target_groups_section(plan) -> html.Section:
    primary = plan.target_groups[plan.target_groups["kind"] == "primär"].sort_values("number")
    secondary = plan.target_groups[plan.target_groups["kind"] == "sekundär"].sort_values("number")
    secondary_intro = secondary[secondary["number"] == 0]["text"].tolist()
    secondary_items = secondary[secondary["number"] > 0]["text"].tolist()
    return html.Section(
        [
            html.H2("Målgrupper", className="h4", id="malgrupper"),
            html.H3("Primär målgrupp", className="h5"),
            *(html.P(t) for t in primary["text"]),
            html.H3("Sekundär målgrupp", className="h5"),
            *(html.P(t, className="mb-1") for t in secondary_intro),
            html.Ul([html.Li(t) for t in secondary_items]),
        ],
        className="mb-4",
    )


def agreements_section(plan) -> html.Section:
    return html.Section(
        [
            html.H2("Andra överenskommelser", className="h4", id="overenskommelser"),
            html.P(AGREEMENTS_INTRO),
            html.Ul(
                [
                    html.Li(
                        [
                            r["text"],
                            *(
                                [html.Br(), html.Small(f"Anmärkning: {r['note']}")]
                                if r["note"]
                                else []
                            ),
                        ]
                    )
                    for _, r in plan.agreements.sort_values("number").iterrows()
                ]
            ),
        ],
        className="mb-4",
    )


@guarded
def layout(plan: str | None = None, **_query) -> html.Div:
    """plan: the id of the plan shown (?plan=2018-2026); without it the newest."""
    ds = get_dataset()
    shown = shown_plan(ds, {"plan": plan})
    home = f"{HOME}{plan_suffix(plan_param(ds, shown))}"
    # the parts that read the dataset's plan, given the plan shown (an older one: a copy)
    plan_ds = ds if shown is ds.plan else replace(ds, plan=shown, plan_period=shown.period)
    return html.Div(
        [
            breadcrumbs([("Strategi", home), ("Sammanhang", None)]),
            page_header(
                "Handlingsplanens sammanhang",
                "Det som gäller för hela handlingsplanen: perspektiv vid genomförandet, "
                "kopplingar till andra mål, målgrupper och överenskommelser.",
            ),
            plan_notice(ds, shown, CONTEXT),
            contents(),
            purpose_section(shown),
            levels_figure(plan_ds),
            revision_basis(plan_ds),
            perspectives_section(shown),
            equality_section(shown),
            agenda_section(shown),
            target_groups_section(shown),
            agreements_section(shown),
            html.P(
                dcc.Link("Tillbaka till strategins mål och delmål", href=home),
                className="link-line",
            ),
            plan_source(ds, shown),
        ]
    )


dash.register_page(
    __name__, path=CONTEXT, title="Handlingsplanens sammanhang – Kvinnofrid",
    name="Strategi – sammanhang", order=4.1, menu=False, layout=layout,
    canonical_query=plan_query,
)  # fmt: skip
