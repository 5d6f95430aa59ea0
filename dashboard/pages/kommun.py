"""Kommun: one municipality's profile.

Population, coordinator and SUV with since when, SOSFS compliance per goal area against the
county and similar municipalities, every criterion with its status, the plan's delmål the
gaps touch, key figures with rank, trends, and a locator map. Choices (?ar=…&indikator=…)
are in the URL; each table can be downloaded with the same parameters.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlencode

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, dcc, html

from dashboard import domain
from dashboard.charts.svg_bars import compliance_bars_svg
from dashboard.charts.svg_lines import municipality_trend_svg
from dashboard.charts.svg_map import locator_svg
from dashboard.data.loader import DataError, Dataset, get_dataset
from dashboard.domain import comparison, local_plans, national
from dashboard.domain.export_table import with_numeric_placings
from dashboard.domain.formatting import format_number, genitive
from dashboard.ui import export, provenance
from dashboard.ui.components import (
    download_links,
    frame_table,
    guarded,
    key_figure_card,
    page_header,
    preliminary_notice,
    register_query_sync,
    simple_table,
    source_line,
)
from dashboard.ui.html_block import HtmlBlock, frozen, svg_block
from dashboard.ui.image_export import data_source, image_export_buttons
from dashboard.ui.report_content import TOUCH_SIZE


def page_title(kod: str | None = None, **_query) -> str:
    """The browser tab names the municipality (WCAG 2.4.2)."""
    try:
        ds = get_dataset()
    except DataError:
        return "Kommun – Kvinnofrid"
    names = dict(zip(ds.municipalities["code"], ds.municipalities["name"], strict=True))
    if kod is None:
        return "Kommuner – Kvinnofrid"
    if kod in names:
        return f"{names[kod]} kommun – Kvinnofrid"
    return "Kommunen finns inte – Kvinnofrid"


VIEW = "kommun"
TABLES = ("nyckeltal", "malomraden", "kriterier", "delmal", "utveckling")
DEFAULT_TREND = "sosfs_alla"
STATUS_CLASS = {
    "uppfyllt": "status-met",
    "delvis": "status-partly",
    "ej_uppfyllt": "status-not-met",
    "okant": "status-unknown",
    "": "status-unknown",
}
STATUS_SYMBOL = {"uppfyllt": "✓", "delvis": "◐", "ej_uppfyllt": "✗", "okant": "?", "": "?"}

register_query_sync("kommun-url", {"ar": "kommun-ar", "indikator": "kommun-indikator"})


# --- state -------------------------------------------------------------------------------


def resolve(ds: Dataset, params: Mapping[str, object]) -> tuple[str | None, int, str]:
    """(code or None, year, trend indicator) from URL parameters, validated."""
    code = comparison.resolve_code(ds, params.get("kod"))
    year = domain.resolve_year(ds, params.get("ar"))
    requested = params.get("indikator")
    indicator = domain.resolve_indicator(
        ds, requested if isinstance(requested, str) else None, DEFAULT_TREND
    )
    if indicator not in set(comparison.main_indicators(ds)["id"]):
        indicator = DEFAULT_TREND
    return code, year, indicator


def canonical_query(ds: Dataset, params: Mapping[str, object]) -> dict[str, str]:
    """The validated URL parameters of a municipality's page (page_cache: its cache key).
    An unknown code becomes "" (the page says the municipality does not exist)."""
    if params.get("kod") is None:
        return {}  # /kommun: the list of municipalities
    code, year, indicator = resolve(ds, params)
    return {"kod": code or "", "ar": str(year), "indikator": indicator}


def municipality_exists(ds: Dataset, variables: Mapping[str, object]) -> bool:
    """Whether /kommun/<kod> names a municipality of the county (else the page answers 404)."""
    return comparison.resolve_code(ds, variables.get("kod")) is not None


dash.register_page(
    __name__, path_template="/kommun/<kod>", path="/kommun", title=page_title,
    name="Kommun", order=3, canonical_query=canonical_query, found=municipality_exists,
)  # fmt: skip


def _params(code: str, year: int, indicator: str, table: str) -> dict[str, str]:
    return {"kod": code, "ar": str(year), "indikator": indicator, "tabell": table}


# --- tables ------------------------------------------------------------------------------


def table_frame(ds: Dataset, code: str, year: int, indicator: str, table: str) -> pd.DataFrame:
    name = comparison.municipality_name(ds, code)
    if table == "nyckeltal":
        return comparison.key_figures_table(ds, code, year)
    if table == "malomraden":
        return comparison.compliance_table(comparison.compliance_profile(ds, code, year), name,
                                           ds.county.words.Mean, len(ds.municipalities))  # fmt: skip
    if table == "kriterier":
        return comparison.criteria_download_table(ds, comparison.criteria_status(ds, code, year),
                                                  year)  # fmt: skip
    if table == "delmal":
        return comparison.gaps_table(local_plans.uncovered_gaps(ds, code, year))
    frame = comparison.trends(ds, indicator, [code])
    return comparison.trends_table(
        ds, frame, indicator, None, comparison.municipality_trend_means(ds, code, indicator)
    )


@export.register(VIEW)
def build_export(args: Mapping[str, str]) -> export.ExportTable:
    ds = get_dataset()
    code, year, indicator = resolve(ds, args)
    if code is None:
        code = str(ds.municipalities["code"].iloc[0])
    table = args.get("tabell") if args.get("tabell") in TABLES else "nyckeltal"
    frame = table_frame(ds, code, year, indicator, table)
    if table == "nyckeltal":  # 'delad 5:e av 8' is 5, shared, of 8
        placings = [c for c in frame.columns if c.startswith("Placering")]
        frame = with_numeric_placings(frame, placings)
    name = comparison.municipality_name(ds, code)
    ind = domain.indicator(ds, indicator)
    shown = domain.year_text(ds, None, year)  # '2026 (preliminär – 1 av 8 kommuner)'
    titles = {
        "nyckeltal": f"{name}: nyckeltal och placering {shown}",
        "malomraden": f"{name}: efterlevnad av SOSFS 2014:4 per mål i planen {shown}",
        "kriterier": f"{name}: kriterier i SOSFS 2014:4 {shown}",
        "delmal": f"{name}: delmål som bristerna {shown} berör",
        "utveckling": f"{name}: {ind['name']} per år",
    }
    ids = {
        "nyckeltal": list(comparison.main_indicators(ds)["id"]),
        "malomraden": list(comparison.goal_areas(ds)["indicator_id"]),
        "kriterier": list(ds.indicators[ds.indicators["is_criterion"]]["id"]),
        "delmal": list(ds.indicators[ds.indicators["is_criterion"]]["id"]),
        "utveckling": [indicator],
    }[table]
    is_example = bool(frame[comparison.EXAMPLE_COLUMN].eq("Ja").any())
    sources = comparison.sources(ds, ids)
    if table == "kriterier":
        sources += national.sources(ds, ids, year)
    if table == "delmal" and local_plans.plan_row(ds, code) is not None:
        sources.append(local_plans.SOURCE)
    changed = comparison.definition_note(ds, indicator) if table == "utveckling" else ""
    return export.ExportTable(
        title=titles[table], frame=frame, sources=sources,
        is_example=is_example, filename=f"kommun-{code}-{table}-{year}",
        notes=(("Definition", changed),) if changed else (),
    )  # fmt: skip


# --- layout pieces -----------------------------------------------------------------------


def svg_figure(figure_id: str, svg: str, title: str, heading: str = "") -> html.Figure:
    """A chart written as SVG by the server, with its image buttons and, when given, a
    heading line above it."""
    ds = get_dataset()
    return html.Figure(
        [
            *([html.P(heading, className="chart-title fw-semibold mb-1")] if heading else []),
            svg_block(svg, figure_id),
            image_export_buttons(figure_id, title, data_source(ds), ds.has_example_data),
        ],
        className="compare-figure mb-0",
    )


def municipality_links(ds: Dataset) -> html.Ul:
    return html.Ul(
        [
            html.Li(dcc.Link(row["name"], href=f"/kommun/{row['code']}"))
            for _, row in ds.municipalities.iterrows()
        ],
        className="municipality-links",
    )


def status_cards(ds: Dataset, code: str, year: int) -> dbc.Row:
    muni = ds.municipalities.set_index("code").loc[code]
    profile = comparison.profile(ds, code, year)
    coordinator, suv = profile.coordinator, profile.suv
    # where the cards' values mix real and example data, each example value says so
    values = provenance.marked_values(ds, code, year, {
        "samordnare": coordinator.value, "suv_status": suv.value,
        comparison.OVERALL_ID: profile.overall_share or profile.overall_label})  # fmt: skip
    # the share alone as the big number; its unassessed criteria on the line below it
    unassessed = f"{profile.unassessed} (räknas som ej uppfyllda)" if profile.unassessed else ""
    met = "; ".join(t for t in (f"av kriterierna uppfyllda {year}", unassessed) if t)
    cards = [
        key_figure_card("Folkmängd", format_number(muni["population"]),
                        f"invånare {muni['population_date']}",
                        comparison.group_label(ds, code), heading_level=2),
        key_figure_card("Kvinnofridssamordnare", values[0], f"år {year}",
                        coordinator.since, heading_level=2),
        key_figure_card("Systematisk uppföljning – Våld (SUV)", values[1], f"år {year}",
                        suv.since, heading_level=2),
        key_figure_card("SOSFS 2014:4, alla mål", values[2],
                        met, f"{ds.county.words.Mean} {profile.county_label}",
                        heading_level=2),
    ]  # fmt: skip
    return dbc.Row([dbc.Col(card, xs=12, sm=6, xl=3) for card in cards], className="g-3 mb-3")


def compliance_section(ds: Dataset, code: str, year: int, indicator: str) -> html.Section:
    name = comparison.municipality_name(ds, code)
    profile = comparison.compliance_profile(ds, code, year)
    # which bars are example data, where they mix (not at each bar: the mark would run past
    # the chart's edge); the table beside marks each value
    note = provenance.bars_note(profile, name)
    frame = provenance.marked_table(
        comparison.compliance_table(profile, name, ds.county.words.Mean, len(ds.municipalities)),
        [name],
    )
    return html.Section(
        [
            html.H2(f"Efterlevnad av SOSFS 2014:4 per mål i planen {year}", className="h4"),
            html.P(
                f"Andel av kriterierna som {name} uppfyller, jämfört med snittet för {ds.county.words.its} "
                f"kommuner och snittet för de {comparison.similar_phrase(ds)} som "
                f"{name} jämförs med ({comparison.peer_names(ds, code)}; "
                f"{name} själv ingår inte i det snittet).",
                className="small",
            ),
            dbc.Row(
                [
                    dbc.Col(
                        [
                            # SVG from the server (charts/svg_bars.py): on a laptop this chart
                            # is on the first screen, and it needs no plotly.js.
                            svg_figure(
                                "kommun-malomraden",
                                compliance_bars_svg(
                                    profile,
                                    name,
                                    f"Stapeldiagram: andel uppfyllda kriterier per mål för "
                                    f"{name}, {ds.county.area} och liknande kommuner {year}. Samma uppgifter "
                                    "finns i tabellen bredvid.",
                                    mean_name=ds.county.words.Mean,
                                ),
                                title=f"{name}: efterlevnad av SOSFS 2014:4 per mål i planen {year}",
                            ),
                            # which bars are example data, where they mix (not at each bar: the
                            # mark would run past the chart's edge)
                            *([html.P(note, className="small")] if note else []),
                        ],
                        lg=6,
                    ),
                    dbc.Col(
                        [
                            frame_table(frame, f"Andel uppfyllda kriterier {year}"),
                            download_links(VIEW, _params(code, year, indicator, "malomraden")),
                        ],
                        lg=6,
                    ),
                ],
                className="g-3",
            ),  # fmt: skip
        ],
        className="compare-section",
    )


def status_badge(raw: str, label: str) -> html.Span:
    return html.Span(
        [html.Span(STATUS_SYMBOL.get(raw, "?"), className="status-symbol", **{
            "aria-hidden": "true"}), label],
        className=f"status {STATUS_CLASS.get(raw, 'status-unknown')}",
    )  # fmt: skip


def criteria_table(ds: Dataset, area_name: str, group: pd.DataFrame, year: int) -> HtmlBlock:
    """One goal area's criteria: each one's status, and the shares of the county and the country that meet it."""
    return frozen(
        html.Div(
            html.Table(
                [
                    # Names the table (and its scroll region) for screen readers.
                    html.Caption(f"Kriterier: {area_name}", className="visually-hidden"),
                    html.Thead(
                        html.Tr(
                            [
                                html.Th("Kriterium", scope="col"),
                                html.Th("Status", scope="col"),
                                html.Th(ds.county.words.The, scope="col"),
                                html.Th("Riket", scope="col"),
                                html.Th("Delmål", scope="col"),
                            ]
                        )
                    ),  # fmt: skip
                    html.Tbody(
                        [
                            html.Tr(
                                [
                                    html.Td(row["name"]),
                                    html.Td(status_badge(row["raw"], row["label"])),
                                    html.Td(
                                        comparison.county_share_text(ds, row["indicator_id"], year)
                                    ),
                                    html.Td(
                                        comparison.national_share_text(
                                            ds, row["indicator_id"], year
                                        )
                                    ),
                                    html.Td(", ".join(row["subgoal_ids"])),
                                ]
                            )
                            for _, row in group.iterrows()
                        ]
                    ),  # fmt: skip
                ],
                className="table table-sm align-middle compare-table criteria-table",
            ),
            className="table-responsive",
        )
    )


def criteria_section(ds: Dataset, code: str, year: int, indicator: str) -> html.Section:
    # where the criteria's statuses mix real and example data, each example one says so
    status = provenance.marked_labels(comparison.criteria_status(ds, code, year))
    areas = comparison.goal_areas(ds).set_index("goal_id")
    blocks = []
    for goal_id, group in status.groupby("goal_id", sort=True):
        area_name = areas.loc[goal_id, "name"] if goal_id in areas.index else goal_id
        tally = comparison.goal_tally(group["raw"])
        blocks.append(html.H3(f"{area_name} {tally}", className="h6 mt-3"))
        blocks.append(criteria_table(ds, area_name, group, year))
    return html.Section(
        [
            html.H2(f"Kriterier i SOSFS 2014:4 {year}", className="h4"),
            html.P(
                "Varje kriterium bedöms som Uppfyllt, Delvis uppfyllt eller Ej uppfyllt. "
                "Uppgift saknas betyder att kommunen inte har kunnat svara. "
                f"{ds.county.words.The} och Riket: andelen av kommunerna som uppfyller "
                f"kriteriet – i {ds.county.area} samma år, i riket "
                "enligt Socialstyrelsens Öppna jämförelser (året inom parentes; – betyder att "
                "Öppna jämförelser inte har kriteriet).",
                className="small",
            ),
            *blocks,
            download_links(VIEW, _params(code, year, indicator, "kriterier")),
        ],
        className="compare-section",
    )


def _uncovered_callout(ds: Dataset, code: str, gaps: pd.DataFrame, year: int) -> html.Div:
    """The gaps under delmål the municipality's local plan does not take up: what the plan
    might add when it is revised."""
    name = comparison.municipality_name(ds, code)
    row = local_plans.plan_row(ds, code, year)
    heading = html.H3("Brister som den lokala planen inte tar upp", className="h5")
    if row is None:
        text = [html.P(f"Det finns ingen uppgift om {genitive(name)} lokala handlingsplan, så det går "
                       "inte att säga vilka brister den tar upp.")]  # fmt: skip
    elif not row["exists"]:
        text = [html.P(f"{name} har ingen lokal handlingsplan, så ingen av bristerna tas upp "
                       "där.")]  # fmt: skip
    elif not local_plans.in_force(ds, code, year):
        text = [html.P(f"{name} hade ingen gällande lokal handlingsplan {year}, så ingen av "
                       "bristerna togs upp där.")]  # fmt: skip
    else:
        missing = gaps[gaps["covered"] == False]  # noqa: E712 - None means unknown
        if missing.empty:
            text = [html.P("Den gällande lokala handlingsplanen tar upp alla delmål som "
                           "bristerna berör.")]  # fmt: skip
        else:
            links: list = []
            for i, (_, r) in enumerate(missing.iterrows()):
                sep = "" if i == 0 else " och " if i == len(missing) - 1 else ", "
                links += [sep, dcc.Link(f"delmål {r['subgoal_id']}", href=r["href"])]
            text = [html.P([f"{len(missing)} av {len(gaps)} delmål som bristerna berör finns "
                            "inte med i den lokala handlingsplanen: ", *links, "."])]  # fmt: skip
    return html.Div([heading, *text], className="uncovered-gaps", id="kommun-otackta-brister")


def gaps_section(ds: Dataset, code: str, year: int, indicator: str) -> html.Section:
    gaps = local_plans.uncovered_gaps(ds, code, year)
    if gaps.empty:
        body = [html.P(comparison.no_gaps_sentence(ds, code, year))]
    else:
        has_plan = local_plans.in_force(ds, code, year)  # else there is nothing to mark
        marks = {True: "Tas upp i den lokala planen.",
                 False: "Tas inte upp i den lokala planen." if has_plan else "", None: ""}  # fmt: skip
        body = [
            _uncovered_callout(ds, code, gaps, year),
            html.Ul(
                [
                    html.Li(
                        [
                            dcc.Link(f"Delmål {row['subgoal_id']}", href=row["href"]),
                            f": {row['text']} ",
                            html.Span(
                                f"Berörs av: {'; '.join(row['criteria'])}. "
                                + marks[row["covered"]],
                                className="small d-block",
                            ),
                        ]
                    )
                    for _, row in gaps.iterrows()
                ],
                className="gap-list",
            ),  # fmt: skip
            download_links(VIEW, _params(code, year, indicator, "delmal")),
        ]
    return html.Section(
        [
            html.H2("Delmål i handlingsplanen som bristerna berör", className="h4"),
            html.P(
                "Kriterier som inte är uppfyllda (ej eller delvis) och de delmål i "
                "handlingsplanen som de hör till.",
                className="small",
            ),
            *body,
        ],
        className="compare-section",
    )


def plan_history_table(ds: Dataset, actor: str, year: int, table_id: str) -> html.Div:
    """The actor's plans over time, first adopted first; the row of the plan in force in
    `year` marked (bold, data-standing) — beside the text, never a chart alone."""
    history = local_plans.history(ds, actor, year)
    table = local_plans.history_table(history)
    head = html.Thead(html.Tr([html.Th(c, scope="col") for c in table.columns]))
    rows = [
        html.Tr([html.Td(html.Strong(v) if code == local_plans.CURRENT else v) for v in values],
                **{"data-standing": code},
                **({"className": "mine-row"} if code == local_plans.CURRENT else {}))
        for values, code in zip(table.itertuples(index=False, name=None), history["standing"],
                                strict=True)
    ]  # fmt: skip
    caption = f"{local_plans.actor_name(ds, actor)}: lokala handlingsplaner över tid, läge {year}"
    return html.Div(html.Table([html.Caption(caption), head, html.Tbody(rows)], id=table_id,
                               className="table table-sm table-striped align-middle "
                               "compare-table"), className="table-responsive")  # fmt: skip


def process_support_part(ds: Dataset, actor: str, year: int, id_prefix: str) -> html.Div:
    """The Länsstyrelse's process support to the actor (data/processtod.csv), newest first,
    as a table; the plan promises it ("Länsstyrelsen kan erbjuda processtöd …")."""
    name = local_plans.actor_name(ds, actor)
    heading = html.H3("Länsstyrelsens processtöd", className="h5 mt-3")
    if ds.process_support.empty:
        return html.Div([heading, html.P("Inga uppgifter om processtöd är registrerade.")],
                        id=f"{id_prefix}-processtod")  # fmt: skip
    support = local_plans.process_support(ds, actor)
    if support.empty:
        return html.Div([heading, html.P(f"Inget processtöd till {name} är registrerat.")],
                        id=f"{id_prefix}-processtod")  # fmt: skip
    this_year = int((support["year"] == year).sum())
    lead = (f"{len(support)} tillfällen av processtöd till {name} är registrerade, "
            f"{this_year} av dem {year}.") if len(support) > 1 else (
            f"Ett tillfälle av processtöd till {name} är registrerat.")  # fmt: skip
    rows = [[str(r["year"]), r["description"]] for _, r in support.iterrows()]
    example = " Uppgifterna om processtöd är exempeldata." if support["is_example"].all() else ""
    return html.Div([heading, html.P(lead + example),
                     simple_table(["År", "Vad Länsstyrelsen gjorde"], rows,
                                  caption=f"Processtöd till {name}, senaste först",
                                  table_id=f"{id_prefix}-processtod-tabell")],
                    id=f"{id_prefix}-processtod")  # fmt: skip


def local_plan_section(ds: Dataset, code: str, year: int) -> html.Section:
    """The municipality's local action plans: the one that speaks for the year (adopted when
    and by whom, valid when, the länsplan's delmål it links to), its plans over time with
    each one's standing in the year, and the Länsstyrelse's process support."""
    name = comparison.municipality_name(ds, code)
    row = local_plans.plan_row(ds, code, year)
    body: list = [html.P(local_plans.year_text(ds, code, year), id="kommun-lokal-plan-lage")]
    standing = local_plans.standing(ds, code, year)
    # the delmål of the plan in force; in a gap year those of the run-out plan, under a
    # past-tense heading; a plan not yet in force has its delmål in the table below
    if row is not None and row["exists"] and standing in (local_plans.CURRENT,
                                                          local_plans.EXPIRED):  # fmt: skip
        linked = local_plans.linked_subgoals(ds, row)
        of = f"av länsplanens {len(local_plans.county_plan_of(ds, row).subgoals)} delmål:"
        if standing == local_plans.CURRENT:
            body.append(html.P(f"Planen som gäller {year} tar upp {len(linked)} {of}",
                               className="mb-1"))  # fmt: skip
        else:
            body += [html.H3(f"Den förra planen, som gällde till {int(row['end'])}",
                             className="h5 mt-3", id="kommun-forra-planen"),
                     html.P(f"Den tog upp {len(linked)} {of}", className="mb-1")]  # fmt: skip
        body.append(html.Ul([
            html.Li([dcc.Link(f"Delmål {r['id']}", href=f"/strategi/{r['goal_id']}/{r['id']}"),
                     f": {r['text']}"]) for _, r in linked.iterrows()
        ], className="small"))  # fmt: skip
    if not local_plans.history(ds, code, year).empty:
        body += [html.H3("Planer över tid", className="h5 mt-3"),
                 plan_history_table(ds, code, year, "kommun-lokala-planer-historik")]  # fmt: skip
    body.append(process_support_part(ds, code, year, "kommun"))
    plans_example = row is not None and bool(row["is_example"])
    if plans_example:
        body.append(html.P("Uppgifterna om de lokala planerna är exempeldata.", className="small"))
    return html.Section(
        [html.H2(f"{genitive(name)} lokala handlingsplan", className="h4"), *body,
         source_line(f"{local_plans.SOURCE}; {local_plans.PROCESS_SUPPORT_SOURCE}.")],
        className="compare-section", id="kommun-lokal-plan",
    )  # fmt: skip


def key_figures_section(ds: Dataset, code: str, year: int, indicator: str) -> html.Section:
    table = comparison.key_figures_shown(ds, comparison.key_figures_table(ds, code, year))
    frame = provenance.marked_table(table, [str(year)])
    # a preliminary year says so in the table's caption and year column too, not only in the
    # notice above: the table is what is read, copied and compared (#31)
    shown = domain.year_text(ds, None, year)  # '2026 (preliminär – 1 av 8 kommuner)'
    frame = frame.rename(columns={str(year): shown})
    return html.Section(
        [
            html.H2(f"Nyckeltal och placering {year}", className="h4"),
            html.P(
                f"Placering bland {ds.county.words.its} kommuner och bland {comparison.similar_phrase(ds)}. Lika "
                "värden delar placering; kommuner utan uppgift får ingen placering. "
                "Indikatorer där ett högre värde inte är bättre rangordnas inte.",
                className="small",
            ),
            frame_table(frame, f"Nyckeltal {shown}", "kommun-nyckeltal-tabell"),
            download_links(VIEW, _params(code, year, indicator, "nyckeltal")),
        ],
        className="compare-section",
    )


def report_link(ds: Dataset, code: str, year: int) -> HtmlBlock:
    """The report of the year shown (pages/kommunrapport.py) and its documents, in the page's
    first screen beside the name (#34: at the fold it went unseen); plain links, a finger's
    size, that a keyboard reaches right after the heading."""
    query = urlencode({"kod": code, "ar": year})
    preliminary = " (preliminär)" if domain.year_label(ds, None, year) else ""
    return frozen(html.P(
        [
            html.Span(f"Kommunrapport {year}{preliminary}:", className="fw-semibold me-2"),
            html.A("Visa rapporten", href=f"/kommun/{code}/rapport?ar={year}",
                   id="kommun-rapport-lank", className="btn btn-primary me-2 mb-1",
                   style=TOUCH_SIZE, **{"data-app-link": ""}),
            html.A("Ladda ner PDF", href=f"/nedladdning/kommunrapport.pdf?{query}", download="",
                   className="btn btn-outline-primary me-2 mb-1", style=TOUCH_SIZE),
            html.A("Ladda ner Word", href=f"/nedladdning/kommunrapport.docx?{query}",
                   download="", className="btn btn-outline-primary mb-1", style=TOUCH_SIZE),
        ],
        className="mb-2 no-print municipality-report-links",
    ))  # fmt: skip


def year_sections(ds: Dataset, code: str, year: int, indicator: str,
                  first_view: bool = False) -> list:  # fmt: skip
    # No callback reads anything in these sections (the image and download buttons are plain
    # HTML), so each part is one block of HTML: a few hundred Dash components fewer for the
    # browser to set up, which on a phone was most of the page's start-up.
    # On the first view the sections below the first screen come after its paint.
    below = frozen(html.Div([
        criteria_section(ds, code, year, indicator),
        gaps_section(ds, code, year, indicator),
        local_plan_section(ds, code, year),
        key_figures_section(ds, code, year, indicator),
    ]), deferred=first_view)  # fmt: skip
    notice = preliminary_notice(ds, year)
    return [
        frozen(
            html.Div(
                [
                    *([notice] if notice else []),
                    status_cards(ds, code, year),
                    compliance_section(ds, code, year, indicator),
                ]
            )  # fmt: skip
        ),
        below,
    ]


def trend_block(ds: Dataset, code: str, year: int, indicator: str, name: str,
                deferred: bool = False) -> HtmlBlock:  # fmt: skip
    """The trend chart and its table as one block of HTML (html_block.frozen): nothing in it
    has a callback of its own; update_trend writes it anew. deferred: after the first paint."""
    row = dbc.Row(
        [
            dbc.Col(trend_graph(ds, code, indicator, name), id="kommun-utveckling-figur", lg=7),
            dbc.Col(trend_table_block(ds, code, year, indicator), id="kommun-utveckling-block",
                    lg=5),
        ],
        className="g-3",
    )  # fmt: skip
    return frozen(row, "kommun-utveckling-innehall", deferred)


def trend_graph(ds: Dataset, code: str, indicator: str, name: str) -> html.Figure:
    ind = domain.indicator(ds, indicator)
    # as on Jämför: the readable name, no jargon like 'SOSFS alla'
    title = f"{name}: {comparison.readable_name(ind)} per år"
    return svg_figure(
        "kommun-utveckling", municipality_trend_svg(ds, code, indicator, name), title, title
    )


def callback_placeholders() -> html.Div:
    """Hidden stand-ins for the profile's callback ids on the list page.

    Dash validates callbacks against layout() called without arguments, which is the list
    of municipalities; without these the browser console reports missing ids.
    """
    return html.Div(
        [
            dcc.Store(id="kommun-url"),
            dcc.Store(id="kommun-kod"),
            dbc.Select(id="kommun-ar", options=[]),
            dbc.Select(id="kommun-indikator", options=[]),
            html.Div(id="kommun-ar-innehall"),
            html.Div(id="kommun-rapport"),
            HtmlBlock(html="", id="kommun-utveckling-innehall"),
        ],
        hidden=True,
    )


def trend_table_block(ds: Dataset, code: str, year: int, indicator: str) -> list:
    ind = domain.indicator(ds, indicator)
    frame = table_frame(ds, code, year, indicator, "utveckling")
    # the municipality's own column: where its years mix real and example values
    frame = provenance.marked_table(frame, [comparison.municipality_name(ds, code)])
    frame = comparison.marked_years(frame)  # '2024 (ny definition)'; the download keeps a column
    changed = comparison.definition_note(ds, indicator)  # beside the year cells' mark
    return [
        frame_table(frame, f"{ind['name']} per år", "kommun-utveckling-tabell"),
        *(
            [html.P(changed, className="small", id="kommun-utveckling-definition")]
            if changed
            else []
        ),  # fmt: skip
        download_links(VIEW, _params(code, year, indicator, "utveckling")),
    ]


def switcher(ds: Dataset, code: str) -> html.Form:
    """Another municipality's page: a plain form (GET /kommun?kod=…), so it works with the
    keyboard, without a callback, and changes page only when asked (WCAG 3.2.2)."""
    return html.Form(
        [
            dbc.Label("Byt kommun", html_for="kommun-byt", className="mb-1"),
            html.Div(
                [
                    dbc.Select(
                        id="kommun-byt", name="kod", value=code,
                        options=[{"label": r["name"], "value": r["code"]}
                                 for _, r in ds.municipalities.iterrows()],
                    ),
                    html.Button("Visa", type="submit", className="btn btn-outline-primary"),
                ],
                className="input-group",
            ),
        ],
        action="/kommun", method="get", className="municipality-switcher mb-2",
    )  # fmt: skip


def locator(ds: Dataset, code: str, name: str, year: int) -> html.Figure | None:
    caption = (f"{name} markerad på kartan över {ds.county.words.its} kommuner. Klicka på en annan kommun "
               "för att se dess sida.")  # fmt: skip
    try:
        svg = locator_svg(ds.geojson, code, caption,
                          href=lambda other: f"/kommun/{other}?ar={year}")  # fmt: skip
    except Exception:  # noqa: BLE001 - a broken map must not take the profile down
        return None
    # SVG from the server (charts/svg_map.py): on screen at first paint, without plotly.
    return html.Figure(
        [
            svg_block(svg, "kommun-karta", "locator-map"),
            html.Figcaption(
                [
                    f"{name} markerad på kartan över {ds.county.words.its} kommuner. ",
                    # an instruction to click is nothing on paper
                    html.Span(
                        "Klicka på en annan kommun för att se dess sida.", className="no-print"
                    ),
                ],
                className="small text-center",
            ),
        ],
        className="mb-0",
    )


def choose_municipality_page(ds: Dataset) -> html.Div:
    """/kommun without a code: the list of municipalities to choose from."""
    return html.Div(
        [
            page_header("Kommuner", "Välj en kommun för att se dess profil."),
            municipality_links(ds),
            callback_placeholders(),
        ]
    )


def unknown_municipality_page(ds: Dataset) -> html.Div:
    """A code that is no municipality of the county: say so, and list those that are."""
    return html.Div(
        [
            page_header(
                "Kommunen finns inte",
                f"Det finns ingen kommun med den koden i {ds.county.area}.",
            ),  # fmt: skip
            html.P(f"Välj en av {ds.county.words.its} kommuner:"),
            municipality_links(ds),
            callback_placeholders(),
        ],
        className="kommun-not-found",
    )


def municipality_intro(ds: Dataset, code: str, muni: pd.Series, year: int) -> html.Div:
    """Population and size group, a link to compare, the municipality and year pickers."""
    name = str(muni["name"])
    return html.Div(
        [
            html.P(
                f"Folkmängd {format_number(muni['population'])} invånare "
                f"({muni['population_date']}). {comparison.group_sentence(ds, code)}",
                id="kommun-grupp",
            ),
            html.P(comparison.group_rule(ds), className="small"),
            html.P(
                dcc.Link(
                    f"Jämför {name} med andra kommuner", href=f"/jamfor?min={code}&grupp=storlek"
                ),
                className="no-print",  # a link to another view: nothing to read on paper
            ),  # fmt: skip
            switcher(ds, code),
            dbc.Row(
                dbc.Col(
                    [
                        dbc.Label("År", html_for="kommun-ar"),
                        dbc.Select(
                            id="kommun-ar",
                            value=str(year),
                            options=domain.year_choices(ds),
                        ),
                    ],
                    xs=6,
                    md=4,
                )
            ),  # fmt: skip
        ]
    )


def trend_section(ds: Dataset, code: str, year: int, indicator: str, name: str) -> html.Section:
    """'Utveckling över tid': an indicator's trend, chosen in its own picker."""
    trend_options = [
        {"label": row["name"], "value": row["id"]}
        for _, row in comparison.main_indicators(ds).iterrows()
    ]
    return html.Section(
        [
            html.H2("Utveckling över tid", className="h4"),
            dbc.Row(
                dbc.Col(
                    [
                        dbc.Label("Indikator", html_for="kommun-indikator"),
                        dbc.Select(
                            id="kommun-indikator",
                            value=indicator,
                            options=trend_options,
                        ),
                    ],
                    md=8,
                    lg=6,
                ),
                className="mb-2",
            ),  # fmt: skip
            trend_block(ds, code, year, indicator, name, deferred=True),
        ],
        className="compare-section",
        id="kommun-utveckling-sektion",
    )


@guarded
def layout(kod: str | None = None, **query) -> html.Div:
    ds = get_dataset()
    if kod is None:
        return choose_municipality_page(ds)
    code, year, indicator = resolve(ds, {"kod": kod, **query})
    if code is None:
        return unknown_municipality_page(ds)
    muni = ds.municipalities.set_index("code").loc[code]
    name = str(muni["name"])
    map_figure = locator(ds, code, name, year)
    intro = municipality_intro(ds, code, muni, year)
    header_row = dbc.Row(
        [
            dbc.Col(intro, md=8 if map_figure else 12),
            *([dbc.Col(map_figure, md=4)] if map_figure else []),
        ],
        className="g-3 mb-3",
    )
    return html.Div(
        [
            page_header(f"{name} kommun", "Kommunens arbete mot mäns våld mot kvinnor."),
            html.Div(report_link(ds, code, year), id="kommun-rapport"),
            dcc.Store(id="kommun-url"),
            dcc.Store(id="kommun-kod", data=code),
            header_row,
            html.Div(
                year_sections(ds, code, year, indicator, first_view=True), id="kommun-ar-innehall"
            ),
            trend_section(ds, code, year, indicator, name),
        ]
    )


# --- callbacks (thin) ----------------------------------------------------------------------


@dash.callback(
    Output("kommun-ar-innehall", "children"),
    Output("kommun-rapport", "children"),
    Input("kommun-ar", "value"),
    State("kommun-kod", "data"),
    State("kommun-indikator", "value"),
    prevent_initial_call=True,
)
def update_year(year, code, indicator):
    ds = get_dataset()
    code, year, indicator = resolve(ds, {"kod": code, "ar": year, "indikator": indicator})
    if code is None:
        return dash.no_update, dash.no_update
    return year_sections(ds, code, year, indicator), report_link(ds, code, year)


@dash.callback(
    Output("kommun-utveckling-innehall", "html"),
    Input("kommun-indikator", "value"),
    State("kommun-kod", "data"),
    State("kommun-ar", "value"),
    prevent_initial_call=True,
)
def update_trend(indicator, code, year):
    ds = get_dataset()
    code, year, indicator = resolve(ds, {"kod": code, "ar": year, "indikator": indicator})
    if code is None:
        return dash.no_update
    name = comparison.municipality_name(ds, code)
    return trend_block(ds, code, year, indicator, name).html
