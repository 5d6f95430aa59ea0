"""/strategi/<mal>/<delmal>: one delmål with the plan's activities and follow-up, the
service's indicators per municipality, the development over the plan period, the
Länsstyrelse's activities, the local plans that take it up and the regional actors.

Registered before the goal page /strategi/<mal> (order 4.2 < 4.3): Dash tries pages in
`order`, and that template also matches "/strategi/2/2.5".
"""

from __future__ import annotations

from collections.abc import Mapping

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboard import domain
from dashboard.charts.colours import scale_for
from dashboard.charts.riket import riket_reference
from dashboard.charts.svg_bars import axis_unit, indicator_bars_svg
from dashboard.charts.svg_map import category_map_html
from dashboard.data.loader import Dataset, Plan, get_dataset
from dashboard.domain import activity_plan, hierarchy, local_plans, national, progress
from dashboard.ui import assessment
from dashboard.ui.components import (
    download_links,
    guarded,
    simple_table,
    source_line,
    verdict_badge,
)
from dashboard.ui.html_block import frozen, svg_block
from dashboard.ui.image_export import data_source, image_export_buttons
from dashboard.ui.strategy import (
    HOME,
    PREFIX,
    SITE,
    breadcrumbs,
    bullet_list,
    context_callout,
    count_phrase,
    goal_href,
    not_found,
    plan_notice,
    plan_param,
    plan_query,
    plan_source,
    plan_suffix,
    shown_plan,
    subgoal_href,
)


def indicator_notes(ind: pd.Series) -> list[str]:
    notes = []
    if bool(ind["disclosure_control"]):
        notes.append(
            f"Röjandeskydd: antal under {domain.suppression_threshold()} visas inte per "
            "kommun, så att enskilda personer inte kan pekas ut."
        )
    if ind["note"]:
        notes.append(ind["note"])
    return notes


def indicator_figure(
    ds: Dataset, ind: pd.Series, frame: pd.DataFrame, year: int, example: bool
) -> dbc.Row:
    """The indicator's bar chart per municipality and the same values as a table beside it."""
    categorical = domain.is_categorical(ind)
    levels = domain.scale_levels(ds, ind["scale"]) if categorical else None
    mean = domain.county_mean(frame) if ind["type"] == "andel" else None
    # SVG from the server (charts/svg_bars.py): a delmål page's first chart needs no plotly.js.
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
        unit=axis_unit(ind),
        riket=riket_reference(ds, ind["id"], year),
    )
    return dbc.Row(
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
            dbc.Col(previous_year_table(ds, ind, frame, year), lg=5),
        ]
    )


def previous_year_table(ds: Dataset, ind: pd.Series, frame: pd.DataFrame, year: int) -> list:
    """The year's values beside the year before; when the definition changed in between, the
    older column says so and a note says the two are not compared (issue #31: a change of
    definition is marked wherever two years stand side by side)."""
    same = domain.same_definition(ds, ind["id"], year - 1, year)
    previous = str(year - 1) if same else f"{year - 1} (annan definition)"
    table = simple_table(
        ["Kommun", str(year), previous],
        [
            (
                dcc.Link(r["name"], href=f"/kommun/{r['code']}"),
                r["shown_label"],
                r["previous_label"],
            )
            for _, r in frame.iterrows()
        ],  # fmt: skip
        caption=f"{ind['short_name'] or ind['name']} per kommun",
        table_id=f"{PREFIX}-tabell-{ind['id']}",
    )
    if same:
        return [table]
    return [table, html.P(f"Ny definition från {year}: {year - 1} mättes på annat sätt, så "
                          "åren jämförs inte.", className="small",
                          id=f"{PREFIX}-ny-definition-{ind['id']}")]  # fmt: skip


def indicator_section(ds: Dataset, ind: pd.Series, year: int, heading: str = "h3") -> html.Div:
    """One indicator's county picture: description, bar chart and the same values as a table."""
    frame = hierarchy.picture(ds, ind["id"], year)
    example = bool(frame["is_example"].any())
    Heading = getattr(html, heading.upper())
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
            indicator_figure(ds, ind, frame, year, example),
            *(html.P(n, className="small mb-1") for n in indicator_notes(ind)),
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


def subgoal_pager(ds: Dataset, subgoal_id: str, plan: Plan | None = None) -> html.Nav:
    plan = plan or ds.plan
    plan_id = plan_param(ds, plan)
    subs = plan.subgoals.reset_index(drop=True)
    position = int(subs.index[subs["id"] == subgoal_id][0])
    links = []
    if position > 0:
        prev = subs.iloc[position - 1]
        links.append(
            html.Li(
                dcc.Link(f"← Föregående: delmål {prev['id']}",
                         href=subgoal_href(prev["goal_id"], prev["id"], plan_id)),
            )
        )  # fmt: skip
    if position < len(subs) - 1:
        nxt = subs.iloc[position + 1]
        links.append(
            html.Li(
                dcc.Link(f"Nästa: delmål {nxt['id']} →",
                         href=subgoal_href(nxt["goal_id"], nxt["id"], plan_id)),
            )
        )  # fmt: skip
    return html.Nav(
        html.Ul(links, className="strategi-pager list-unstyled"),
        **{"aria-label": "Andra delmål"},
    )


@guarded
def progress_section(ds: Dataset, subgoal_id: str, plan: Plan | None = None) -> html.Section:
    """The delmål over the plan period: per indicator, the county and each municipality from
    the first to the latest year with values, with the plain verdict (domain/progress.py)."""
    heading = html.H2("Utvecklingen under planperioden", className="h4")
    plan = plan or ds.plan
    frame = progress.municipality_progress(ds, subgoal_id, plan)
    start, end = plan.period
    if frame.empty:
        return html.Section(
            [heading,
             html.P("Utan indikator i tjänsten kan utvecklingen inte bedömas med siffror här; "
                    "se planens uppföljning ovan och Länsstyrelsens aktiviteter nedan.")],
            className="mb-3", id="delmal-utveckling")  # fmt: skip
    indicators = list(dict.fromkeys(frame["indicator"]))
    compared = progress.compared_years(ds, plan)
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


def activity_log(ds: Dataset, subgoal_id: str, period: tuple[int, int] | None = None
                 ) -> html.Section:  # fmt: skip
    """The Länsstyrelse's activities for the delmål, newest first (data/lansstyrelsens_
    aktiviteter.csv): what was done, not only the plan's examples; with the activity plan's
    facts (#33): the plan's example activity in its own words, planned or added, target
    group, sectors, partners, reach, result, evaluation and why it was cancelled.
    period: the shown plan's years; a successor's delmål 1.1 is another delmål than 1.1 of
    2018–2026, so only the activities of the plan's own years are its."""
    frame = progress.activities_for(ds, subgoal_id)
    if period is not None:
        frame = frame[frame["year"].between(*period)]
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
    for r in frame.to_dict("records"):
        when = f"{r['date']:%Y-%m-%d}" if pd.notna(r["date"]) else str(r["year"])
        facts = [when, r["kind_label"], r["status_label"]]
        number, from_reach = activity_plan.participants(r)
        if number is not None:
            facts.append(f"{number} {'nådda (summa av nådda)' if from_reach else 'deltagare'}")
        if str(r["responsible"] or "").strip():
            facts.append(str(r["responsible"]))
        details = [html.Div([html.Span(f"Planens aktivitet {ref} (planens ord): ",
                                       className="fw-semibold"),
                             html.Span(text, className="plan-words")], className="small")
                   for ref, text in activity_plan.plan_activity_quotes(ds, r["plan_activities"], r["year"])]  # fmt: skip
        details += [
            html.Div([html.Span(f"{label}: ", className="fw-semibold"), text], className="small")
            for label, text in activity_plan.activity_facts(ds, r)
        ]
        items.append(html.Li([html.Strong(r["title"]),
                              html.Div(" · ".join(facts), className="small"), *details],
                             **{"data-status": r["status"]}))  # fmt: skip
    example = " Aktiviteterna är exempeldata." if frame["is_example"].all() else ""
    newest = int(frame["year"].max())
    plan_link = html.P(["Planerat mot genomfört, nådda och samverkansparter för hela året: ",
                        html.A(f"Verksamhetsplanen {newest}", id="delmal-verksamhetsplan",
                               href=f"/uppfoljning/verksamhetsplan?ar={newest}")],
                       className="small no-print")  # fmt: skip
    return html.Section(
        [heading, html.P(summary + " Senaste först." + example), plan_link,
         frozen(html.Ul(items, className="activity-log", id="delmal-aktivitetslogg"))],
        className="mb-3", id="delmal-aktiviteter",
    )  # fmt: skip


def _other_actors_plans(ds: Dataset, subgoal_id: str, year: int) -> html.Div | None:
    """Plans of actors that are not municipalities (Region Kronoberg, the police, …): whose
    plan in force in `year` takes up the delmål, and their plans over time; None without."""
    plans = local_plans.other_actor_plans(ds, year)
    if plans.empty:
        return None
    linking = local_plans.other_actors_linking(ds, subgoal_id, year)
    lead = (f"{local_plans.join_names(linking)} har en gällande plan {year} som tar upp delmål "
            f"{subgoal_id}." if linking else f"Ingen annan aktör har en gällande plan {year} "
            f"som tar upp delmål {subgoal_id}.")  # fmt: skip
    rows = [[r["name"], f"{r['adopted']:%Y-%m-%d}" if pd.notna(r["adopted"]) else "Uppgift saknas",
             local_plans.span_text(r["start"], r["end"]),
             "Ja" if subgoal_id in r["subgoal_ids"] else "Nej", r["standing_text"]]
            for _, r in plans.iterrows()]  # fmt: skip
    example = " Uppgifterna är exempeldata." if plans["is_example"].all() else ""
    return html.Div([
        html.H3("Andra aktörers lokala planer", className="h5 mt-3"),
        html.P(lead + example),
        simple_table(["Aktör", "Antagen", "Gäller", f"Tar upp {subgoal_id}", f"Läge {year}"],
                     rows, caption=f"Lokala planer hos andra aktörer än kommunerna, {year}",
                     table_id="delmal-andra-aktorer-tabell"),
    ], id="delmal-andra-aktorer")  # fmt: skip


def local_plan_coverage(ds: Dataset, subgoal_id: str, year: int | None = None) -> html.Section:
    """Which municipalities' local plans in force in `year` (default: the year the plan's
    pages show) take up the delmål: a small county map and the same as a table beside it;
    then the other actors' plans."""
    heading = html.H2("Lokala handlingsplaner som tar upp delmålet", className="h4")
    if ds.local_plans.empty:
        return html.Section([heading, html.P("Inga lokala handlingsplaner är registrerade.")],
                            className="mb-3", id="delmal-lokala-planer")  # fmt: skip
    year = hierarchy.latest_year(ds) if year is None else year
    frame = local_plans.coverage(ds, subgoal_id, year)
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
                   f"handlingsplan {year} tar upp delmål {subgoal_id}; "
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
            *[part for part in [_other_actors_plans(ds, subgoal_id, year)] if part is not None],
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


def subgoal_not_found(ds: Dataset, goal: pd.Series | None, sub: pd.Series | None,
                      plan: Plan | None = None) -> html.Div:  # fmt: skip
    """The in-page 404, with a link to the delmål under its own goal or the goal's delmål."""
    plan = plan or ds.plan
    plan_id = plan_param(ds, plan)
    extra = []
    if sub is not None:
        extra.append(
            html.P(
                [
                    f"Delmål {sub['id']} hör till mål {sub['goal_id']}: ",
                    dcc.Link(
                        f"öppna delmål {sub['id']}",
                        href=subgoal_href(sub["goal_id"], sub["id"], plan_id),
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
                    dcc.Link(f"Öppna mål {goal['id']}", href=goal_href(goal["id"], plan_id)),
                    ".",
                ]
            )
        )
    return not_found(
        ds,
        "Delmålet finns inte",
        "Det finns inget delmål med den adressen i handlingsplanen.",
        extra,
        plan,
    )


def continued_indicators(ds: Dataset, plan: Plan, indicators: pd.DataFrame) -> html.P | None:
    """Which of the delmål's indicators another plan follows up too: their values belong to
    the indicator, so the whole series stays (the charts and the downloads show every year)."""
    lines = []
    for _, r in indicators.iterrows():
        for other, subgoal_ids in hierarchy.also_in(ds, plan, str(r["id"])):
            lines.append(f"{r['name']} (i {hierarchy.plan_label(other)}: delmål "
                         f"{', '.join(subgoal_ids)})")  # fmt: skip
    if not lines:
        return None
    return html.P("Följs upp även i en annan plan, med samma värden för alla år: "
                  + "; ".join(lines) + ".", className="small", id="delmal-fortsatter")  # fmt: skip


def service_indicators(ds: Dataset, sub: pd.Series, year: int,
                       plan: Plan | None = None) -> html.Section:  # fmt: skip
    """The indicators the service measures the delmål with, or where it is followed up."""
    plan = plan or ds.plan
    indicators = hierarchy.indicators_for_subgoal(ds, sub["id"], plan)
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
            continued_indicators(ds, plan, indicators),
            *(indicator_section(ds, r, year) for _, r in indicators.iterrows()),
        ]
    return html.Section(
        [html.H2(hierarchy.SERVICE_INDICATORS, className="h4"), *indicator_part],
        className="mb-3",
        id="delmal-tjanstens-indikatorer",
    )


def subgoal_header(plan, goal: pd.Series, sub: pd.Series, plan_id: str = "") -> html.Header:
    return html.Header(
        [
            html.H1(f"Delmål {sub['id']}", className="h2 mb-2"),
            html.P(sub["text"], className="strategi-subgoal-text strategi-subgoal-lead mb-2"),
            html.P(
                [
                    "Hör till ",
                    dcc.Link(
                        f"mål {goal['id']}: {goal['name']}", href=goal_href(goal["id"], plan_id)
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
    )


def plan_text(plan, subgoal_id: str) -> dbc.Row:
    """The plan's own words for the delmål: its example activities and its follow-up."""
    return dbc.Row(
        [
            dbc.Col(
                html.Section(
                    [
                        html.H2("Exempel på aktiviteter", className="h4"),
                        bullet_list(
                            hierarchy.activities_of(plan, subgoal_id),
                            "Planen nämner inga exempel på aktiviteter.",
                        ),
                    ]
                ),
                md=6,
            ),
            dbc.Col(plan_followup(plan, subgoal_id), md=6),
        ],
        className="mb-3",
    )


def regional_actors(plan, subgoal_id: str) -> html.Section:
    actors = hierarchy.actors_for_subgoal(plan, subgoal_id)
    return html.Section(
        [
            html.H2("Regionala aktörer", className="h4"),
            html.Ul(
                [
                    html.Li([html.Strong(r["name"]), ": ", r["description"]])
                    for _, r in actors.iterrows()
                ]
            )
            if not actors.empty
            else html.P("Planen nämner ingen särskild regional aktör i delmålets aktiviteter."),
        ],
        className="mb-3",
    )


def layout(mal: str | None = None, delmal: str | None = None, plan: str | None = None,
           **_query) -> html.Div:  # fmt: skip
    """mal, delmal: the ids; plan: the plan's id (?plan=2018-2026), without it the newest
    (delmål ids repeat across plans)."""
    ds = get_dataset()
    shown = shown_plan(ds, {"plan": plan})
    plan_id = plan_param(ds, shown)
    plan = shown  # the name the parts below use
    goal = hierarchy.goal(plan, mal)
    sub = hierarchy.subgoal(plan, delmal)
    if sub is None or goal is None or sub["goal_id"] != goal["id"]:
        return subgoal_not_found(ds, goal, sub, shown)
    year = hierarchy.latest_year(ds)
    return html.Div(
        [
            breadcrumbs(
                [
                    ("Strategi", f"{HOME}{plan_suffix(plan_id)}"),
                    (f"Mål {goal['id']}", goal_href(goal["id"], plan_id)),
                    (f"Delmål {sub['id']}", None),
                ]
            ),
            subgoal_header(plan, goal, sub, plan_id),
            plan_notice(ds, shown),  # the other plans' start pages: their 1.1 is another delmål
            plan_text(plan, sub["id"]),
            service_indicators(ds, sub, year, shown),
            progress_section(ds, sub["id"], shown),
            assessment.subgoal_section(ds, sub["id"], shown.period),
            activity_log(ds, sub["id"], shown.period),
            # an earlier plan's local plans as they stood in its last year
            local_plan_coverage(ds, sub["id"], min(year, shown.period[1])),
            regional_actors(plan, sub["id"]),
            subgoal_pager(ds, sub["id"], shown),
            context_callout(plan_id),
            plan_source(ds, shown),
        ]
    )


def page_title(mal: str | None = None, delmal: str | None = None, plan: str | None = None,
               **_query) -> str:  # fmt: skip
    try:
        sub = hierarchy.subgoal(shown_plan(get_dataset(), {"plan": plan}), delmal, mal)
    except Exception:  # the title must never break a page
        sub = None
    return f"Delmål {sub['id']} – Strategi – {SITE}" if sub is not None else f"Strategi – {SITE}"


def canonical_query(ds: Dataset, params: Mapping[str, object]) -> dict[str, str]:
    """Known goal and delmål ids of the plan shown, "" for an unknown one, and the plan's id
    (page_cache: the cache key)."""
    plan = shown_plan(ds, params)
    goal = hierarchy.goal(plan, params.get("mal"))
    sub = hierarchy.subgoal(plan, params.get("delmal"))
    return {
        "mal": "" if goal is None else str(goal["id"]),
        "delmal": "" if sub is None else str(sub["id"]),
    } | plan_query(ds, params)


def subgoal_exists(ds: Dataset, variables: Mapping[str, object]) -> bool:
    """Whether /strategi/<mal>/<delmal> names a delmål of that goal (else 404; the page
    still links to the delmål under its own goal)."""
    # any plan's: the status is decided from the path alone, ?plan=<id> may name an older plan
    return any(hierarchy.subgoal(plan, variables.get("delmal"), variables.get("mal")) is not None
               for plan in ds.plans)  # fmt: skip


dash.register_page(
    __name__, path_template="/strategi/<mal>/<delmal>", path="/strategi/1/1.1",
    title=page_title, name="Strategi – delmål", order=4.2, menu=False, layout=layout,
    canonical_query=canonical_query, found=subgoal_exists,
)  # fmt: skip
