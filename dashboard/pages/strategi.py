"""Strategi: from the national strategy's four goals down to delmål, activities and indicators.

Four addresses, each its own page so links, bookmarks and back/forward work:

- /strategi                   the four goals, their status, the hierarchy chart, download
- /strategi/sammanhang        the plan's context (perspectives, equality goals, Agenda 2030 …)
- /strategi/<mal>             one goal and its delmål
- /strategi/<mal>/<delmal>    one delmål with its indicators, actors and breadcrumbs

Dash matches registered pages in order, and "strategi/*" in a template also matches
"strategi/2/2.5", so the static and two-level pages are registered before the goal page.
"""

from __future__ import annotations

from collections.abc import Mapping

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, dcc, html

from dashboard import domain
from dashboard.charts import GRAPH_CONFIG
from dashboard.charts.colours import scale_for
from dashboard.charts.strategy import hierarchy_figure
from dashboard.charts.svg_bars import indicator_bars_svg
from dashboard.charts.svg_map import category_map_html
from dashboard.data.loader import Dataset, get_dataset
from dashboard.domain import hierarchy, local_plans, national, progress
from dashboard.domain.formatting import MISSING
from dashboard.ui import export
from dashboard.ui.components import (
    deferred_graph,
    download_links,
    guarded,
    page_header,
    register_deferred_graph,
    simple_table,
    source_line,
    verdict_badge,
)
from dashboard.ui.html_block import frozen, svg_block
from dashboard.ui.image_export import data_source, image_export_buttons

PREFIX = "strategi"
HIERARCHY_GRAPH = f"{PREFIX}-hierarki-diagram"  # the dcc.Graph in the box #strategi-hierarki
HOME = "/strategi"
CONTEXT = "/strategi/sammanhang"
SITE = "Kvinnofrid"

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


def goal_href(goal_id: object) -> str:
    return f"{HOME}/{goal_id}"


def subgoal_href(goal_id: object, subgoal_id: object) -> str:
    return f"{HOME}/{goal_id}/{subgoal_id}"


# --- shared pieces -------------------------------------------------------------------------


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


# --- /strategi -----------------------------------------------------------------------------


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
                    dbc.Col(
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
                    ),
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
    __name__, path=HOME, title="Strategi – Kvinnofrid", name="Strategi", order=4, layout=layout
)

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
        window.dashSeam.navigate(href);  // assets/02_dash_seam.js
        window.scrollTo(0, 0);
        return href;
    }
    """,
    Output(f"{PREFIX}-klick", "data"),
    Input(HIERARCHY_GRAPH, "clickData"),
    prevent_initial_call=True,
)


# --- /strategi/sammanhang ------------------------------------------------------------------


@guarded
def context_layout(**_query) -> html.Div:
    ds = get_dataset()
    plan = ds.plan
    primary = plan.target_groups[plan.target_groups["kind"] == "primär"].sort_values("number")
    secondary = plan.target_groups[plan.target_groups["kind"] == "sekundär"].sort_values("number")
    secondary_intro = secondary[secondary["number"] == 0]["text"].tolist()
    secondary_items = secondary[secondary["number"] > 0]["text"].tolist()
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
    contribution = [
        part.strip() for part in plan.document.get("lansstyrelsens_bidrag", "").split("•")
    ]
    return html.Div(
        [
            breadcrumbs([("Strategi", HOME), ("Sammanhang", None)]),
            page_header(
                "Handlingsplanens sammanhang",
                "Det som gäller för hela handlingsplanen: perspektiv vid genomförandet, "
                "kopplingar till andra mål, målgrupper och överenskommelser.",
            ),
            html.Nav(
                [
                    html.H2("På sidan", className="h6"),
                    html.Ul(
                        [
                            html.Li(html.A("Syfte och användning", href="#syfte")),
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
            ),
            html.Section(
                [
                    html.H2("Syfte och användning", className="h4", id="syfte"),
                    html.P(plan.document.get("syfte", "")),
                    html.P(plan.document.get("anvandning", "")),
                    html.H3("Länsstyrelsens bidrag", className="h5"),
                    html.P(contribution[0]),
                    html.Ul([html.Li(p) for p in contribution[1:] if p]),
                ],
                className="mb-4",
            ),
            html.Section(
                [
                    html.H2("Perspektiv vid genomförandet", className="h4", id="perspektiv"),
                    # The plan's own framing sentence and bullets (not "ska genomföras", not
                    # numbered): the points are what actors "bör … beakta".
                    html.P(PERSPECTIVES_INTRO),
                    html.Ul([html.Li(t) for t in plan.perspectives.sort_values("number")["text"]]),
                ],
                className="mb-4",
            ),
            html.Section(
                [
                    html.H2(
                        "Koppling till de jämställdhetspolitiska delmålen",
                        className="h4",
                        id="jamstalldhet",
                    ),
                    html.P(EQUALITY_INTRO),
                    html.Ol(
                        [
                            html.Li(
                                [html.Strong(r["name"]), html.P(r["link_text"], className="mb-2")]
                            )
                            for _, r in plan.equality_goals.sort_values("number").iterrows()
                        ]
                    ),
                ],
                className="mb-4",
            ),
            html.Section(
                [
                    html.H2("Koppling till Agenda 2030", className="h4", id="agenda2030"),
                    html.P(AGENDA_INTRO),
                    html.Ul(agenda_goals, className="list-unstyled"),
                ],
                className="mb-4",
            ),
            html.Section(
                [
                    html.H2("Målgrupper", className="h4", id="malgrupper"),
                    html.H3("Primär målgrupp", className="h5"),
                    *(html.P(t) for t in primary["text"]),
                    html.H3("Sekundär målgrupp", className="h5"),
                    *(html.P(t, className="mb-1") for t in secondary_intro),
                    html.Ul([html.Li(t) for t in secondary_items]),
                ],
                className="mb-4",
            ),
            html.Section(
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
            ),
            html.P(dcc.Link("Tillbaka till strategins mål och delmål", href=HOME)),
            plan_source(ds),
        ]
    )


dash.register_page(
    f"{__name__}_sammanhang", path=CONTEXT, title="Handlingsplanens sammanhang – Kvinnofrid",
    name="Strategi – sammanhang", order=4.1, layout=context_layout,
)  # fmt: skip


# --- /strategi/<mal>/<delmal> --------------------------------------------------------------


def indicator_section(ds: Dataset, ind: pd.Series, year: int, heading: str = "h3") -> html.Div:
    """One indicator's county picture: description, bar chart and the same values as a table."""
    frame = hierarchy.picture(ds, ind["id"], year)
    categorical = domain.is_categorical(ind)
    levels = domain.scale_levels(ds, ind["scale"]) if categorical else None
    mean = domain.county_mean(frame) if ind["type"] == "andel" else None
    # SVG from the server (figures/svg_bars.py): a delmål page's first chart needs no plotly.js.
    # Its figcaption says more; the image's own name is short.
    chart = indicator_bars_svg(
        frame,
        label=f"Stapeldiagram: {ind['name']} per kommun {year}",
        categorical=categorical,
        levels=levels,
        scale=ind["scale"],
        value_range=(0, 100) if ind["type"] == "andel" else None,
        colour_scale=scale_for(ds, ind["id"]),
        county_mean=mean,
        percent=ind["type"] == "andel",
        area=ds.county.area,
    )
    table_id = f"{PREFIX}-tabell-{ind['id']}"
    example = bool(frame["is_example"].any())
    Heading = getattr(html, heading.upper())
    notes = []
    if bool(ind["disclosure_control"]):
        notes.append(
            f"Röjandeskydd: antal under {domain.suppression_threshold()} visas inte per "
            "kommun, så att enskilda personer inte kan pekas ut."
        )
    if ind["note"]:
        notes.append(ind["note"])
    return html.Div(
        [
            Heading(ind["name"], className="h5"),
            html.P(ind["description"], className="mb-1"),
            source_line(ind["source"]),
            html.P(
                [
                    html.Strong(f"Läget i {ds.county.area}: "),
                    hierarchy.indicator_summary(ds, ind["id"], year),
                ]
                + ([" (exempeldata)"] if example else []),
                className="mb-1",
            ),
            html.P(national.national_text(ds, ind["id"], year), className="national-value mb-2"),
            dbc.Row(
                [
                    dbc.Col(
                        html.Figure(
                            [
                                svg_block(chart, f"{PREFIX}-stapel-{ind['id']}"),
                                html.Figcaption(
                                    f"Stapeldiagram: {ind['name']} per kommun {year}. "
                                    "Värdet står vid varje stapel och i tabellen bredvid."
                                    + (" Exempeldata." if example else ""),
                                    className="small",
                                ),
                            ],
                            className="strategi-figure mb-0",
                        ),
                        lg=7,
                    ),
                    dbc.Col(
                        simple_table(
                            ["Kommun", str(year), str(year - 1)],
                            [
                                (
                                    dcc.Link(r["name"], href=f"/kommun/{r['code']}"),
                                    r["shown_label"],
                                    r["previous_label"],
                                )
                                for _, r in frame.iterrows()
                            ],  # fmt: skip
                            caption=f"{ind['short_name'] or ind['name']} per kommun",
                            table_id=table_id,
                        ),
                        lg=5,
                    ),
                ]
            ),
            *(html.P(n, className="small mb-1") for n in notes),
            image_export_buttons(
                f"{PREFIX}-stapel-{ind['id']}",
                f"{ind['name']} per kommun {year}",
                data_source(ds, [ind["id"]]),
                example,
            ),  # fmt: skip
            download_links("oversikt", {"indikator": ind["id"], "ar": year}),
        ],
        className="strategi-indicator mb-4",
    )


def subgoal_pager(ds: Dataset, subgoal_id: str) -> html.Nav:
    subs = ds.plan.subgoals.reset_index(drop=True)
    position = int(subs.index[subs["id"] == subgoal_id][0])
    links = []
    if position > 0:
        prev = subs.iloc[position - 1]
        links.append(
            html.Li(
                dcc.Link(f"← Föregående: delmål {prev['id']}",
                         href=subgoal_href(prev["goal_id"], prev["id"])),
            )
        )  # fmt: skip
    if position < len(subs) - 1:
        nxt = subs.iloc[position + 1]
        links.append(
            html.Li(
                dcc.Link(f"Nästa: delmål {nxt['id']} →",
                         href=subgoal_href(nxt["goal_id"], nxt["id"])),
            )
        )  # fmt: skip
    return html.Nav(
        html.Ul(links, className="strategi-pager list-unstyled"),
        **{"aria-label": "Andra delmål"},
    )


@guarded
def progress_section(ds: Dataset, subgoal_id: str) -> html.Section:
    """The delmål over the plan period: per indicator, the county and each municipality from
    the first to the latest year with values, with the plain verdict (domain/progress.py)."""
    heading = html.H2("Utvecklingen under planperioden", className="h4")
    frame = progress.municipality_progress(ds, subgoal_id)
    start, end = ds.plan_period
    if frame.empty:
        return html.Section(
            [heading,
             html.P("Utan indikator i tjänsten kan utvecklingen inte bedömas med siffror här; "
                    "se planens uppföljning ovan och Länsstyrelsens aktiviteter nedan.")],
            className="mb-3", id="delmal-utveckling")  # fmt: skip
    indicators = list(dict.fromkeys(frame["indicator"]))
    compared = progress.compared_years(ds)
    span = f"{compared[0]}–{compared[1]}" if compared else f"{start}–{end}"
    head = html.Thead(html.Tr([html.Th("Kommun", scope="col")]
                              + [html.Th(name, scope="col") for name in indicators]))  # fmt: skip
    rows = []
    for place, group in frame.groupby("name", sort=False):
        cells = []
        for item in group["progress"]:
            change = (f"{item.first_year}: {item.first_text} → {item.last_year}: {item.last_text}"
                      if item.first_year and item.last_year else item.reason)  # fmt: skip
            cells.append(html.Td([verdict_badge(item.verdict),
                                  html.Div(change, className="small")]))  # fmt: skip
        rows.append(html.Tr([html.Th(place, scope="row")] + cells,
                            className="county-row" if place == ds.county.words.The else None))  # fmt: skip
    return html.Section(
        [heading,
         html.P(f"Från planperiodens första år ({start}) eller det första året med uppgifter "
                f"till det senaste, för {ds.county.area} och varje kommun. ",
                className="mb-1"),
         html.P([progress.RULE_SHORT, " ", dcc.Link("Hela regeln",
                                                   href="/om#uppfoljning"), "."],
                className="small"),
         frozen(html.Div(html.Table(
             [html.Caption(f"Delmål {subgoal_id}: utvecklingen {span} per kommun"),
              head, html.Tbody(rows)],
             className="table table-sm align-middle progress-municipalities",
             id="delmal-utveckling-tabell"), className="table-responsive"))],
        className="mb-3", id="delmal-utveckling",
    )  # fmt: skip


def activity_log(ds: Dataset, subgoal_id: str) -> html.Section:
    """The Länsstyrelse's activities for the delmål, newest first (data/lansstyrelsens_
    aktiviteter.csv): what was done, not only the plan's examples."""
    frame = progress.activities_for(ds, subgoal_id)
    heading = html.H2("Länsstyrelsens aktiviteter för delmålet", className="h4")
    if frame.empty:
        return html.Section([heading, html.P("Inga aktiviteter är registrerade för delmålet.")],
                            className="mb-3", id="delmal-aktiviteter")  # fmt: skip
    done = frame[frame["status"] == "genomford"]
    years = sorted(done["year"].unique())
    summary = (f"{count_phrase(len(done), 'genomförd aktivitet', 'genomförda aktiviteter')} "
               + (f"{years[0]}–{years[-1]}" if len(years) > 1 else
                  f"{years[0]}" if years else "")
               + f" av totalt {len(frame)} registrerade.")  # fmt: skip
    items = []
    for _, r in frame.iterrows():
        when = f"{r['date']:%Y-%m-%d}" if pd.notna(r["date"]) else str(r["year"])
        facts = [when, r["kind_label"], r["status_label"]]
        if pd.notna(r["participants"]):
            facts.append(f"{int(r['participants'])} deltagare")
        if str(r["responsible"] or "").strip():
            facts.append(str(r["responsible"]))
        items.append(html.Li([html.Strong(r["title"]),
                              html.Div(" · ".join(facts), className="small")],
                             **{"data-status": r["status"]}))  # fmt: skip
    example = " Aktiviteterna är exempeldata." if frame["is_example"].all() else ""
    return html.Section(
        [heading, html.P(summary + " Senaste först." + example),
         frozen(html.Ul(items, className="activity-log", id="delmal-aktivitetslogg"))],
        className="mb-3", id="delmal-aktiviteter",
    )  # fmt: skip


def local_plan_coverage(ds: Dataset, subgoal_id: str) -> html.Section:
    """Which municipalities' local plans take up the delmål: a small county map and the same
    as a table beside it."""
    heading = html.H2("Lokala handlingsplaner som tar upp delmålet", className="h4")
    if ds.local_plans.empty:
        return html.Section([heading, html.P("Inga lokala handlingsplaner är registrerade.")],
                            className="mb-3", id="delmal-lokala-planer")  # fmt: skip
    frame = local_plans.coverage(ds, subgoal_id)
    covers = frame[frame["raw"] == local_plans.COVERS]
    with_plan = frame[frame["raw"].isin([local_plans.COVERS, local_plans.NOT_COVERED])]
    label = (f"Karta: kommuner vars gällande lokala handlingsplan tar upp delmål {subgoal_id}. "
             "Samma uppgifter finns i tabellen.")  # fmt: skip
    map_html = category_map_html(
        ds.geojson, frame, local_plans.COVERAGE_LEVELS, title="Lokal handlingsplan",
        label=label, href=lambda code: f"/kommun/{code}",
    )  # fmt: skip
    rows = [
        [r["name"], [r["label"]] + ([html.Div(r["change_text"], className="small")]
                                   if r["change_text"] else [])]
        for _, r in frame.iterrows()
    ]  # fmt: skip
    example = " Uppgifterna om lokala planer är exempeldata." if frame["is_example"].all() else ""
    return html.Section(
        [
            heading,
            html.P(f"{len(covers)} av {len(with_plan)} kommuner med en gällande lokal "
                   f"handlingsplan {ds.years[-1]} tar upp delmål {subgoal_id}; "
                   f"{len(frame) - len(with_plan)} av {len(frame)} har ingen gällande plan eller "
                   f"ingen uppgift.{example}"),  # fmt: skip
            dbc.Row(
                [
                    dbc.Col(svg_block(map_html, "delmal-tackningskarta", "coverage-map"),
                            lg=5),  # fmt: skip
                    dbc.Col(simple_table(["Kommun", "Lokal handlingsplan"], rows,
                                         caption=f"Kommunernas lokala handlingsplaner och "
                                         f"delmål {subgoal_id}",
                                         table_id="delmal-lokala-planer-tabell"), lg=7),  # fmt: skip
                ],
                className="g-3",
            ),
        ],
        className="mb-3", id="delmal-lokala-planer",
    )  # fmt: skip


def plan_followup(plan, subgoal_id: str) -> html.Section:
    """The delmål's INDIKATORER/UPPFÖLJNING cell, word for word, marked as the plan's text."""
    text = hierarchy.followup_text(plan, subgoal_id)
    body = (
        html.Blockquote(html.P(text, className="mb-0"), className="plan-quote mb-1",
                        id="delmal-planens-uppfoljning")
        if text
        else html.P("Planen anger ingen uppföljning.")
    )  # fmt: skip
    return html.Section(
        [
            html.H2("Uppföljning enligt planen", className="h4"),
            html.P("Planens kolumn Indikatorer/uppföljning, ordagrant:", className="small mb-1"),
            body,
        ]
    )


def subgoal_layout(mal: str | None = None, delmal: str | None = None, **_query) -> html.Div:
    ds = get_dataset()
    plan = ds.plan
    goal = hierarchy.goal(plan, mal)
    sub = hierarchy.subgoal(plan, delmal)
    if sub is None or goal is None or sub["goal_id"] != goal["id"]:
        extra = []
        if sub is not None:
            extra.append(
                html.P(
                    [
                        f"Delmål {sub['id']} hör till mål {sub['goal_id']}: ",
                        dcc.Link(
                            f"öppna delmål {sub['id']}",
                            href=subgoal_href(sub["goal_id"], sub["id"]),
                        ),
                        ".",
                    ]
                )
            )
        elif goal is not None:
            extra.append(
                html.P(
                    [
                        f"Mål {goal['id']} har delmålen "
                        + ", ".join(hierarchy.subgoals_of(plan, goal["id"])["id"])
                        + ". ",
                        dcc.Link(f"Öppna mål {goal['id']}", href=goal_href(goal["id"])),
                        ".",
                    ]
                )
            )
        return not_found(
            ds,
            "Delmålet finns inte",
            "Det finns inget delmål med den adressen i handlingsplanen.",
            extra,
        )
    year = hierarchy.latest_year(ds)
    indicators = hierarchy.indicators_for_subgoal(ds, sub["id"])
    actors = hierarchy.actors_for_subgoal(plan, sub["id"])
    if indicators.empty:
        indicator_part = [
            html.P(hierarchy.NO_SERVICE_INDICATOR, className="mb-1"),
            html.P([f"{hierarchy.followed_up_through(plan, sub['id'])} ",
                    html.A("Se Länsstyrelsens aktiviteter för delmålet",
                           href="#delmal-aktiviteter"), "."],
                   id="delmal-utan-indikator"),
        ]  # fmt: skip
    else:
        indicator_part = [
            html.P(
                f"Tjänsten har valt {count_phrase(len(indicators), 'indikator', 'indikatorer')} "
                "som mäter delmålet. Planen anger vilka källor delmålet följs upp genom, inte "
                f"vilka mått; källan står vid varje indikator. Staplarna visar varje kommun {year}."
            ),
            *(indicator_section(ds, r, year) for _, r in indicators.iterrows()),
        ]
    return html.Div(
        [
            breadcrumbs(
                [
                    ("Strategi", HOME),
                    (f"Mål {goal['id']}", goal_href(goal["id"])),
                    (f"Delmål {sub['id']}", None),
                ]
            ),
            html.Header(
                [
                    html.H1(f"Delmål {sub['id']}", className="h2 mb-2"),
                    html.P(
                        sub["text"], className="strategi-subgoal-text strategi-subgoal-lead mb-2"
                    ),
                    html.P(
                        [
                            "Hör till ",
                            dcc.Link(
                                f"mål {goal['id']}: {goal['name']}", href=goal_href(goal["id"])
                            ),
                        ]
                    ),
                    html.P(
                        hierarchy.numbering_note(plan),
                        className="small text-body-secondary mb-2",
                        id="delmal-numrering",
                    ),
                ],
                className="page-header",
            ),
            dbc.Row(
                [
                    dbc.Col(
                        html.Section(
                            [
                                html.H2("Exempel på aktiviteter", className="h4"),
                                bullet_list(
                                    hierarchy.activities_of(plan, sub["id"]),
                                    "Planen nämner inga exempel på aktiviteter.",
                                ),
                            ]
                        ),
                        md=6,
                    ),
                    dbc.Col(plan_followup(plan, sub["id"]), md=6),
                ],
                className="mb-3",
            ),
            html.Section(
                [html.H2(hierarchy.SERVICE_INDICATORS, className="h4"), *indicator_part],
                className="mb-3",
                id="delmal-tjanstens-indikatorer",
            ),
            progress_section(ds, sub["id"]),
            activity_log(ds, sub["id"]),
            local_plan_coverage(ds, sub["id"]),
            html.Section(
                [
                    html.H2("Regionala aktörer", className="h4"),
                    html.Ul(
                        [
                            html.Li([html.Strong(r["name"]), ": ", r["description"]])
                            for _, r in actors.iterrows()
                        ]
                    )
                    if not actors.empty
                    else html.P(
                        "Planen nämner ingen särskild regional aktör i delmålets aktiviteter."
                    ),
                ],
                className="mb-3",
            ),
            subgoal_pager(ds, sub["id"]),
            context_callout(),
            plan_source(ds),
        ]
    )


def subgoal_title(mal: str | None = None, delmal: str | None = None, **_query) -> str:
    try:
        sub = hierarchy.subgoal(get_dataset().plan, delmal, mal)
    except Exception:  # the title must never break a page
        sub = None
    return f"Delmål {sub['id']} – Strategi – {SITE}" if sub is not None else f"Strategi – {SITE}"


def subgoal_query(ds: Dataset, params: Mapping[str, object]) -> dict[str, str]:
    """Known goal and delmål ids, "" for an unknown one (page_cache: the cache key)."""
    goal = hierarchy.goal(ds.plan, params.get("mal"))
    sub = hierarchy.subgoal(ds.plan, params.get("delmal"))
    return {
        "mal": "" if goal is None else str(goal["id"]),
        "delmal": "" if sub is None else str(sub["id"]),
    }


def subgoal_exists(ds: Dataset, variables: Mapping[str, object]) -> bool:
    """Whether /strategi/<mal>/<delmal> names a delmål of that goal (else 404; the page
    still links to the delmål under its own goal)."""
    return hierarchy.subgoal(ds.plan, variables.get("delmal"), variables.get("mal")) is not None


dash.register_page(
    f"{__name__}_delmal", path_template="/strategi/<mal>/<delmal>", path="/strategi/1/1.1",
    title=subgoal_title, name="Strategi – delmål", order=4.2, layout=subgoal_layout,
    canonical_query=subgoal_query, found=subgoal_exists,
)  # fmt: skip


# --- /strategi/<mal> -----------------------------------------------------------------------


def subgoal_block(ds: Dataset, goal_id: str, sub: pd.Series, year: int) -> html.Section:
    indicators = hierarchy.indicators_for_subgoal(ds, sub["id"])
    return html.Section(
        [
            html.H3(
                dcc.Link(f"Delmål {sub['id']}", href=subgoal_href(goal_id, sub["id"])),
                className="h5",
            ),
            html.P(sub["text"], className="strategi-subgoal-text"),
            dbc.Row(
                [
                    dbc.Col(
                        [
                            html.H4("Exempel på aktiviteter", className="h6"),
                            bullet_list(hierarchy.activities_of(ds.plan, sub["id"]), "Inga."),
                        ],
                        md=6,
                    ),
                    dbc.Col(
                        [
                            html.H4("Uppföljning enligt planen", className="h6"),
                            html.Blockquote(
                                html.P(
                                    hierarchy.followup_text(ds.plan, sub["id"])
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
                    href=subgoal_href(goal_id, sub["id"]),
                ),
                className="mb-0",
            ),
        ],
        className="strategi-subgoal mb-4",
    )


def goal_indicator_table(ds: Dataset, goal_id: str, year: int) -> html.Div:
    own = set(hierarchy.subgoals_of(ds.plan, goal_id)["id"])
    rows = []
    for _, r in hierarchy.indicators_for_goal(ds, goal_id).iterrows():
        linked = [s for s in r["subgoal_ids"] if s in own]
        where = (
            [
                dcc.Link(s, href=subgoal_href(goal_id, s))
                if i == 0
                else html.Span([", ", dcc.Link(s, href=subgoal_href(goal_id, s))])
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
def goal_layout(mal: str | None = None, **_query) -> html.Div:
    ds = get_dataset()
    goal = hierarchy.goal(ds.plan, mal)
    if goal is None:
        return not_found(
            ds,
            "Målet finns inte",
            f"Handlingsplanen har {len(hierarchy.goals(ds.plan))} mål, och adressen leder inte "
            "till något av dem.",
        )
    year = hierarchy.latest_year(ds)
    subs = hierarchy.subgoals_of(ds.plan, goal["id"])
    others = hierarchy.goals(ds.plan)
    others = others[others["id"] != goal["id"]]
    return html.Div(
        [
            breadcrumbs([("Strategi", HOME), (f"Mål {goal['id']}", None)]),
            page_header(
                f"Mål {goal['id']}: {goal['name']}",
                f"Målet har {len(subs)} delmål i handlingsplanen. Under varje delmål står "
                "planens exempel på aktiviteter, planens text om hur delmålet följs upp och de "
                "indikatorer tjänsten har valt för att mäta det.",
            ),
            status_block(ds, goal["id"], year, heading="h2"),
            html.Section(
                [
                    html.H2(f"Delmål under mål {goal['id']}", className="h4 mt-4"),
                    *(subgoal_block(ds, goal["id"], s, year) for _, s in subs.iterrows()),
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
                    goal_indicator_table(ds, goal["id"], year),
                ],
                className="mb-4",
            ),
            html.Nav(
                [
                    html.H2("Andra mål", className="h6"),
                    html.Ul(
                        [
                            html.Li(
                                dcc.Link(f"Mål {g['id']}: {g['name']}", href=goal_href(g["id"]))
                            )
                            for _, g in others.iterrows()
                        ]
                    ),
                ],
                **{"aria-label": "Andra mål"},
            ),
            context_callout(),
            plan_source(ds),
        ]
    )


def goal_title(mal: str | None = None, **_query) -> str:
    try:
        goal = hierarchy.goal(get_dataset().plan, mal)
    except Exception:  # the title must never break a page
        goal = None
    return f"Mål {goal['id']} – Strategi – {SITE}" if goal is not None else f"Strategi – {SITE}"


def goal_query(ds: Dataset, params: Mapping[str, object]) -> dict[str, str]:
    """The known goal id, "" for an unknown one (page_cache: the cache key)."""
    goal = hierarchy.goal(ds.plan, params.get("mal"))
    return {"mal": "" if goal is None else str(goal["id"])}


def goal_exists(ds: Dataset, variables: Mapping[str, object]) -> bool:
    return hierarchy.goal(ds.plan, variables.get("mal")) is not None


dash.register_page(
    f"{__name__}_mal", path_template="/strategi/<mal>", path="/strategi/1", title=goal_title,
    canonical_query=goal_query, found=goal_exists,
    name="Strategi – mål", order=4.3, layout=goal_layout,
)  # fmt: skip


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
