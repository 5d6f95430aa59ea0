"""Jämför kommuner: SOSFS heatmap, ranking for any indicator, and trends side by side.

Every choice is in the URL (?indikator=…&ar=…&kommuner=0760,0761&min=0780&grupp=storlek);
layout() builds the controls from validated parameters, register_query_sync keeps the URL
up to date, and the downloads take the same parameters.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import astuple
from functools import lru_cache

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, dcc, html

from dashboard import cache, domain
from dashboard.charts import compare as figures
from dashboard.charts import svg_lines
from dashboard.charts.colours import scale_for
from dashboard.charts.riket import riket_reference
from dashboard.charts.svg_bars import axis_unit, ranking_bars_svg
from dashboard.charts.svg_heatmap import compliance_heatmap_svg
from dashboard.charts.svg_lines import trend_lines_svg
from dashboard.data.loader import Dataset, get_dataset
from dashboard.domain import comparison, national
from dashboard.domain.comparison import CompareState
from dashboard.domain.export_table import with_numeric_placings
from dashboard.ui import export, provenance
from dashboard.ui.components import (
    colour_legend,
    download_links,
    frame_table,
    guarded,
    page_header,
    preliminary_notice,
    register_query_sync,
)
from dashboard.ui.html_block import HtmlBlock, frozen, svg_block
from dashboard.ui.image_export import data_source, image_export_buttons

dash.register_page(
    __name__, path="/jamfor", title="Jämför kommuner – Kvinnofrid", name="Jämför kommuner",
    menu="Jämför", order=2, canonical_query=comparison.canonical_compare_query,
)  # fmt: skip

VIEW = "jamfor"
TABLES = {"matris": "matrisen", "rangordning": "rangordningen", "utveckling": "utvecklingen"}
# 'Min kommun: Ingen vald' needs a value of its own: dbc.Select renders a hidden, blank
# placeholder option with value "", which the browser would show instead of 'Ingen vald'.
NO_MINE = "ingen"

register_query_sync(
    "jamfor-url",
    {
        "min": "jamfor-min",
        "grupp": "jamfor-grupp",
        "ar": "jamfor-ar",
        "indikator": "jamfor-indikator",
        "kommuner": "jamfor-kommuner",
    },
)


# --- state from the URL -------------------------------------------------------------------


# --- tables and figures for a state -------------------------------------------------------


def heatmap_data(ds: Dataset, state: CompareState) -> tuple[pd.DataFrame, pd.DataFrame]:
    scope = comparison.scope_codes(ds, state.group, state.mine)
    matrix = comparison.heatmap_matrix(ds, state.year, scope)
    return matrix, comparison.heatmap_table(ds, matrix, state.mine)


@lru_cache(maxsize=16)
def shown_heatmap(ds: Dataset, state: CompareState) -> tuple[list, pd.DataFrame]:
    """The matrix's rows and its table as the page shows them (at most RANKING_ROWS
    municipalities and 'min kommun', as the ranking; the download has all)."""
    matrix, table = heatmap_data(ds, state)
    window = comparison.heatmap_window(matrix, state.mine)
    return window, comparison.windowed_table(table, window)


def selection_note(state: CompareState, total: int, cut: bool, note_id: str) -> list:
    """'Visar de 10 första och de 10 sista av 290 kommuner …' when a list is cut."""
    if not cut:
        return []
    half = comparison.RANKING_ROWS // 2
    mine = " och min kommun" if state.mine else ""
    return [html.P(f"Visar de {half} första och de {half} sista av {total} kommuner{mine}. "
                   "Alla finns i nedladdningen och i tabellen på Översikt.",
                   className="small", id=note_id)]  # fmt: skip


def ranking_data(ds: Dataset, state: CompareState) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ranking and its table (the chart and the table both read it; callers must not
    change them)."""
    return _ranking_data(ds, state.indicator, state.year, state.mine, state.group)


@lru_cache(maxsize=16)
def _ranking_data(ds: Dataset, indicator: str, year: int, mine: str | None,
                  group: str) -> tuple[pd.DataFrame, pd.DataFrame]:  # fmt: skip
    scope = comparison.scope_codes(ds, group, mine)
    frame = comparison.ranking(ds, indicator, year, scope)
    return frame, comparison.ranking_table(ds, frame, indicator, year, mine)


@lru_cache(maxsize=16)
def shown_ranking(ds: Dataset, state: CompareState) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ranking as the page shows it (comparison.shown_ranking: at most RANKING_ROWS
    municipalities and 'min kommun'; the download has all)."""
    frame, table = ranking_data(ds, state)
    return comparison.shown_ranking(frame, table, state.mine)


def trend_means(ds: Dataset, state: CompareState) -> dict[str, pd.DataFrame]:
    means = {ds.county.words.Mean: comparison.mean_series(ds, state.indicator)}
    if state.mine and state.group == "storlek":
        # Without min kommun itself, as on its own page (comparison.municipality_trend_means):
        # one meaning of 'liknande kommuner' wherever it is read.
        group = comparison.peers(ds, state.mine)
        means["Liknande kommuner, snitt"] = comparison.mean_series(ds, state.indicator, group)
    return means


def trends_data(ds: Dataset, state: CompareState) -> tuple[pd.DataFrame, pd.DataFrame]:
    frame = comparison.trends(ds, state.indicator, state.codes)
    table = comparison.trends_table(ds, frame, state.indicator, state.mine, trend_means(ds, state))
    return frame, table


def _levels(ds: Dataset, ind: pd.Series) -> pd.DataFrame | None:
    return domain.scale_levels(ds, ind["scale"]) if domain.is_categorical(ind) else None


def heatmap_svg(ds: Dataset, state: CompareState) -> str:
    """The matrix as SVG from the server (charts/svg_heatmap.py): drawn without plotly.js."""
    matrix, _ = heatmap_data(ds, state)
    label = (f"Värmekarta: andel uppfyllda kriterier per kommun och mål {state.year}. "
             "Samma uppgifter finns i tabellen bredvid.")  # fmt: skip
    window, _ = shown_heatmap(ds, state)
    return compliance_heatmap_svg(matrix, label, state.mine, window=window,
                                  href=lambda code: f"/kommun/{code}?ar={state.year}")  # fmt: skip


def ranking_svg(ds: Dataset, state: CompareState) -> str:
    """The ranking as SVG from the server (charts/svg_bars.py): drawn without plotly.js."""
    ind = domain.indicator(ds, state.indicator)
    full, _ = ranking_data(ds, state)
    frame, _ = shown_ranking(ds, state)
    # where the ranking mixes real and example values, each example value says so
    frame = provenance.marked_labels(frame, mixed=provenance.mixes(full["is_example"]))
    means, texts = {}, {}
    if comparison.mean_is_meaningful(ind):
        snap = domain.snapshot(ds, state.indicator, state.year)
        means[ds.county.words.Mean] = domain.county_mean_of(ds, state.indicator, state.year)
        if state.mine and state.group == "storlek":
            others = set(full["code"]) - {state.mine}  # as trend_means: without min kommun
            means["Liknande kommuner"] = domain.county_mean(snap[snap["code"].isin(others)])
        texts = {k: comparison.format_mean(ind, v) for k, v in means.items()}
        # a mean says how many municipalities it rests on, also when all have a value (#31)
        if not math.isnan(means[ds.county.words.Mean]):
            texts[ds.county.words.Mean] += " " + comparison.rests_on_text(
                ds, state.indicator, state.year)  # fmt: skip
    label = (f"Stapeldiagram: {comparison.readable_name(ind)} {state.year}, kommunerna i "
             "ordning. Samma uppgifter finns i tabellen bredvid.")  # fmt: skip
    return ranking_bars_svg(frame, label=label, levels=_levels(ds, ind), scale=ind["scale"],
                            means=means, mean_texts=texts, mine=state.mine,
                            percent=ind["type"] == "andel",
                            colour_scale=scale_for(ds, state.indicator),
                            unit=axis_unit(ind),
                            riket=riket_reference(ds, state.indicator, state.year),
                           href=lambda code: f"/kommun/{code}?ar={state.year}")  # fmt: skip


def trends_svgs(ds: Dataset, state: CompareState) -> tuple[str, str]:
    """The trends as SVG from the server (charts/svg_lines.py), drawn without plotly.js:
    (narrow, wide) layouts of one chart from the same data (see html_block.svg_block)."""
    ind = domain.indicator(ds, state.indicator)
    frame, _ = trends_data(ds, state)
    means = trend_means(ds, state) if comparison.mean_is_meaningful(ind) else {}
    riket = riket_reference(ds, state.indicator, state.year)
    label = (f"Linjediagram: {comparison.readable_name(ind)} per år för de valda kommunerna. "
             "Samma uppgifter finns i tabellen nedanför.")  # fmt: skip
    narrow, wide = (
        trend_lines_svg(frame, label=label, levels=_levels(ds, ind), means=means,
                        mine=state.mine, percent=ind["type"] == "andel",
                        palette_order=list(ds.municipalities["code"]), width=width,
                        breaks=domain.definition_breaks(ds, state.indicator),
                        unit=axis_unit(ind), riket=riket)
        for width in (svg_lines.WIDTH, svg_lines.WIDE_WIDTH)
    )  # fmt: skip
    return narrow, wide


# --- downloads ---------------------------------------------------------------------------


@export.register(VIEW)
def build_export(args: Mapping[str, str]) -> export.ExportTable:
    ds = get_dataset()
    state = comparison.resolve_compare_state(ds, args)
    table_name = args.get("tabell") if args.get("tabell") in TABLES else "matris"
    ind = domain.indicator(ds, state.indicator)
    scope = (comparison.similar_phrase(ds) if state.group == "storlek" and state.mine
             else ds.county.area)  # fmt: skip
    if table_name == "matris":
        _, frame = heatmap_data(ds, state)
        title = (
            f"Efterlevnad av SOSFS 2014:4 per mål i planen "
            f"{domain.year_text(ds, None, state.year)}, {scope}"
        )
        indicator_ids = list(comparison.goal_areas(ds)["indicator_id"]) + [comparison.OVERALL_ID]
    elif table_name == "rangordning":
        _, frame = ranking_data(ds, state)
        frame = with_numeric_placings(frame, ["Placering"])  # 'delad 2:a' is 2 and shared
        title = (
            f"Rangordning: {ind['name']} "
            f"{domain.year_text(ds, state.indicator, state.year)}, {scope}"
        )
        indicator_ids = [state.indicator]
    else:
        _, frame = trends_data(ds, state)
        title = f"Utveckling över tid: {ind['name']}"
        indicator_ids = [state.indicator]
    notes = () if table_name == "matris" else (
        national.national_note_row(ds, state.indicator, state.year),)  # fmt: skip
    if table_name == "rangordning":
        notes += (("Rangordning", comparison.ranking_rule(ds, ind)),)
    if table_name == "utveckling" and (changed := comparison.definition_note(ds, state.indicator)):
        notes += (("Definition", changed),)  # as the table's years and the chart's rules say
    return export.ExportTable(
        title=title, frame=frame, sources=comparison.sources(ds, indicator_ids), notes=notes,
        is_example=bool(frame[comparison.EXAMPLE_COLUMN].eq("Ja").any()),
        filename=f"jamfor-{table_name}-{state.year if table_name != 'utveckling' else 'ar'}",
    )  # fmt: skip


# --- layout ------------------------------------------------------------------------------


def graph(graph_id: str, svg: str, title: str = "", title_from: str | None = None,
          note: str = "", wide: str | None = None) -> html.Figure:  # fmt: skip
    """A chart written as SVG by the server (its aria-label describes it), with its image
    buttons; a callback replaces the SVG through the block's `html`. `wide`: see svg_block."""
    ds = get_dataset()
    return html.Figure(
        [
            svg_block(svg, graph_id, wide=wide),
            image_export_buttons(
                graph_id,
                title,
                f"{data_source(ds)}. {note}".strip(),
                ds.has_example_data,
                title_from=title_from,
            ),  # fmt: skip
        ],
        className="compare-figure mb-0",
    )


def heatmap_table_block(ds: Dataset, state: CompareState) -> list:
    matrix, full = heatmap_data(ds, state)
    window, frame = shown_heatmap(ds, state)
    if provenance.mixes(matrix["is_example"]):  # each example value in the table says so
        marked = comparison.heatmap_table(ds, provenance.marked_labels(matrix), state.mine)
        frame = provenance.without_flag_column(comparison.windowed_table(marked, window))
    key = goal_key(ds)[:-1] + ", Alla = alla mål."
    return [
        *selection_note(
            state,
            len(full),
            any(isinstance(c, comparison.Skipped) for c in window),
            "jamfor-matris-urval",
        ),
        frame_table(
            frame,
            f"Andel uppfyllda kriterier {domain.year_text(ds, comparison.OVERALL_ID, state.year)}",
            "jamfor-matris-tabell",
            headers=comparison.heatmap_headers(matrix),
            key=key,
        ),  # fmt: skip
        download_links(VIEW, state.params(tabell="matris"), "tabellen"),
    ]


def ranking_table_block(ds: Dataset, state: CompareState) -> list:
    full, _ = ranking_data(ds, state)
    shown, frame = shown_ranking(ds, state)
    ind = domain.indicator(ds, state.indicator)
    frame = provenance.marked_table(frame, [f"{comparison.readable_name(ind)} {state.year}"],
                                    mixed=provenance.mixes(full["is_example"]))  # fmt: skip
    note = [html.P(comparison.ranking_rule(ds, ind), className="small",
                   id="jamfor-rangordning-regel")]  # fmt: skip
    note += selection_note(state, len(full), bool(shown["gap"].any()), "jamfor-rangordning-urval")
    return [
        *note,
        frame_table(
            frame,
            f"{ind['name']} {domain.year_text(ds, state.indicator, state.year)}",
            "jamfor-rangordning-tabell",
            headers={f"{comparison.readable_name(ind)} {state.year}": comparison.value_header(ind)},
        ),  # fmt: skip
        download_links(VIEW, state.params(tabell="rangordning"), "tabellen"),
    ]


def trends_table_block(ds: Dataset, state: CompareState) -> list:
    frame, table = trends_data(ds, state)
    if provenance.mixes(frame["is_example"]):  # each example value in the table says so
        table = comparison.trends_table(ds, provenance.marked_labels(frame), state.indicator,
                                        state.mine, trend_means(ds, state))  # fmt: skip
    frame = comparison.marked_years(table)  # '2024 (ny definition)'; the download: a column
    ind = domain.indicator(ds, state.indicator)
    changed = comparison.definition_note(ds, state.indicator)  # beside the year cells' mark
    return [
        frame_table(frame, f"{ind['name']} per år", "jamfor-utveckling-tabell"),
        *(
            [html.P(changed, className="small", id="jamfor-utveckling-definition")]
            if changed
            else []
        ),  # fmt: skip
        download_links(VIEW, state.params(tabell="utveckling"), "tabellen"),
    ]


def goal_key(ds) -> str:
    """'Mål 1 = förebyggande arbete, Mål 2 = …' for the heatmap's short column labels."""
    areas = comparison.goal_areas(ds)
    return ", ".join(f"{r['short']} = {r['topic']}" for _, r in areas.iterrows()) + "."


def ranking_heading(ds: Dataset, state: CompareState) -> str:
    ind = domain.indicator(ds, state.indicator)
    return f"Rangordning: {comparison.readable_name(ind)} {domain.year_text(ds, state.indicator, state.year)}"


def trends_heading(ds: Dataset, state: CompareState) -> str:
    ind = domain.indicator(ds, state.indicator)
    return f"Utveckling över tid: {comparison.readable_name(ind)}"


def scope_note(ds: Dataset, state: CompareState) -> list:
    notice = preliminary_notice(ds, state.year, state.indicator)
    return ([notice] if notice else []) + _scope_sentences(ds, state)


def _scope_sentences(ds: Dataset, state: CompareState) -> list:
    if state.group != "storlek":
        return [html.Span(f"Visar alla kommuner i {ds.county.area}.")]
    if not state.mine:
        return [html.Span(f"Välj min kommun för att jämföra med {comparison.similar_phrase(ds)}. "
                          f"Till dess visas alla kommuner i {ds.county.area}.")]  # fmt: skip
    name = comparison.municipality_name(ds, state.mine)
    # The same plain sentence as on the municipality's page (comparison.group_sentence).
    return [html.Span(f"Visar {name} och {comparison.similar_phrase(ds)}. "),
            html.Strong(comparison.group_sentence(ds, state.mine))]  # fmt: skip


def trends_note(ds: Dataset, requested: list[str] | None) -> str:
    if requested is None:
        return ""
    if not requested:
        return "Välj en eller flera kommuner i listan för att se deras utveckling."
    return ""


def controls(ds: Dataset, state: CompareState) -> dbc.Card:
    munis = ds.municipalities
    indicator_options = [
        {"label": row["name"], "value": row["id"]}
        for _, row in domain.mappable_indicators(ds).iterrows()
    ]
    return dbc.Card(
        dbc.CardBody(
            dbc.Row(
                [
                    dbc.Col([
                        dbc.Label("Min kommun", html_for="jamfor-min"),
                        dbc.Select(id="jamfor-min", value=state.mine or NO_MINE, options=[
                            {"label": "Ingen vald", "value": NO_MINE},
                            *({"label": n, "value": c} for c, n in zip(munis["code"], munis["name"],
                                                                         strict=True)),
                        ]),
                    ], md=6, lg=3),
                    dbc.Col(html.Fieldset([
                        html.Legend("Jämför med", className="form-label fs-6 mb-1"),
                        dbc.RadioItems(  # a shared name: one tab stop, arrow keys move
                            id="jamfor-grupp", value=state.group, name="jamfor-grupp",
                            options=[{"label": label[:1].upper() + label[1:], "value": key}
                                     for key, label in comparison.group_options(ds).items()],
                        ),
                    ]), md=6, lg=3),
                    dbc.Col([
                        dbc.Label("År", html_for="jamfor-ar"),
                        dbc.Select(id="jamfor-ar", value=str(state.year), options=[
                            *domain.year_choices(ds)
                        ]),
                    ], md=4, lg=2),
                    dbc.Col([
                        dbc.Label("Indikator", html_for="jamfor-indikator"),
                        dbc.Select(id="jamfor-indikator", value=state.indicator,
                                   options=indicator_options),
                    ], md=8, lg=4),
                ],
                className="g-3",
            )
        ),
        className="compare-controls mb-3",
    )  # fmt: skip


def heatmap_section(ds: Dataset, state: CompareState) -> HtmlBlock:
    """The matrix section as one block of HTML (html_block.frozen): nothing in it has a
    callback of its own, so Dash keeps one component instead of a dozen; update_heatmap
    writes it anew."""
    section = html.Section(
        [
            html.H2("Efterlevnad av SOSFS 2014:4 per mål i planen", className="h4"),
            html.P(
                "Andel av kriterierna under varje mål som kommunen uppfyller (delvis "
                "uppfyllt räknas inte). Kommunerna står i ordning efter andelen för alla "
                "mål; grått betyder att uppgift saknas. " + goal_key(ds),
                className="small",
            ),
            dbc.Row(
                [
                    dbc.Col(
                        [
                            graph(
                                "jamfor-matris",
                                heatmap_svg(ds, state),
                                "Efterlevnad av SOSFS 2014:4 per kommun och mål {jamfor-ar}",
                                note=goal_key(ds),
                            ),
                            colour_legend("Andel uppfyllda:", figures.heat_legend_items()),
                        ],
                        lg=4,
                    ),
                    dbc.Col(heatmap_table_block(ds, state), id="jamfor-matris-block", lg=8),
                ],
                className="g-3",
            ),
        ],
        className="compare-section",
    )
    return frozen(section, "jamfor-matris-sektion")


def ranking_section(ds: Dataset, state: CompareState, deferred: bool = False) -> HtmlBlock:
    """The ranking section as one block of HTML, like heatmap_section (deferred: filled
    after the first paint, see html_block.HtmlBlock)."""
    section = html.Section(
        [
            html.H2(ranking_heading(ds, state), id="jamfor-rangordning-rubrik", className="h4"),
            html.P(
                national.national_text(ds, state.indicator, state.year),
                id="jamfor-riket",
                className="national-value small",
            ),
            dbc.Row(
                [
                    dbc.Col(
                        graph(
                            "jamfor-rangordning",
                            ranking_svg(ds, state),
                            title_from="jamfor-rangordning-rubrik",
                        ),
                        lg=7,
                    ),
                    dbc.Col(ranking_table_block(ds, state), id="jamfor-rangordning-block", lg=5),
                ],
                className="g-3",
            ),
        ],
        className="compare-section",
    )
    return frozen(section, "jamfor-rangordning-sektion", deferred)


def trends_block(ds: Dataset, state: CompareState, deferred: bool = False) -> HtmlBlock:
    """The trend chart with its table below (a column per municipality and mean does not fit
    beside it) as one block of HTML; the heading and the checklist above stay Dash's."""
    narrow, wide = trends_svgs(ds, state)
    row = dbc.Row(
        [
            dbc.Col(
                html.P(
                    national.national_text(ds, state.indicator, state.year),
                    className="national-value small mb-0",
                ),
                xs=12,
            ),  # fmt: skip
            dbc.Col(
                graph(
                    "jamfor-utveckling",
                    narrow,
                    title_from="jamfor-utveckling-rubrik",
                    wide=wide,
                ),
                xl=10,
            ),  # fmt: skip
            dbc.Col(trends_table_block(ds, state), id="jamfor-utveckling-block", xl=10),
        ],
        className="g-3",
    )
    return frozen(row, "jamfor-utveckling-innehall", deferred)


@guarded
def layout(**query) -> html.Div:
    ds = get_dataset()
    state = comparison.resolve_compare_state(ds, query)
    munis = ds.municipalities
    return html.Div(
        [
            page_header(
                "Jämför kommuner",
                f"Hur kommunerna i {ds.county.area} ligger till i förhållande till varandra: efterlevnaden "
                "av SOSFS 2014:4, en valfri indikator och utvecklingen över tid.",
            ),
            dcc.Store(id="jamfor-url"),
            controls(ds, state),
            html.P(comparison.group_rule(ds), className="small mb-1"),
            html.P(
                scope_note(ds, state),
                id="jamfor-scope",
                className="small",
                **{"aria-live": "polite"},
            ),  # fmt: skip
            heatmap_section(ds, state),
            # Ranking and trends: their long HTML after the first screen's paint.
            ranking_section(ds, state, deferred=True),
            html.Section(
                [
                    html.H2(
                        trends_heading(ds, state),
                        id="jamfor-utveckling-rubrik",
                        className="h4",
                    ),  # fmt: skip
                    html.Fieldset(
                        [
                            html.Legend(
                                "Kommuner att jämföra",
                                id="jamfor-kommuner-label",
                                className="form-label fs-6 mb-1",
                            ),
                            municipality_picker(munis, list(state.codes)),
                            html.P(
                                id="jamfor-kommuner-note",
                                className="small text-danger mb-0",
                                role="status",
                            ),
                        ],
                        className="compare-fieldset mb-2",
                    ),  # fmt: skip
                    trends_block(ds, state, deferred=True),
                ],
                className="compare-section",
            ),
        ]
    )


SEARCH_FROM = 16  # municipalities: from here a search field filters the boxes to tick


def municipality_picker(munis, chosen: list[str]):
    """The municipalities to draw, a box to tick for each (native checkboxes: keyboard and
    screen readers know them). From SEARCH_FROM on (49, 290) the boxes sit in a scrolling box
    under a search field that hides the names that do not match
    (assets/05_municipality_filter.js; ticked ones stay in view), so the page does not grow
    by hundreds of lines. (Dash 4's searchable dcc.Dropdown was tried: axe finds a focusable
    element hidden from screen readers in it.)"""
    options = [{"label": n, "value": c}
               for c, n in zip(munis["code"], munis["name"], strict=True)]  # fmt: skip
    boxes = dbc.Checklist(id="jamfor-kommuner", value=chosen, inline=True, options=options)
    if len(options) < SEARCH_FROM:
        return boxes
    return html.Div(
        [
            # A plain <input> (dash.html has none, and dcc.Input takes no data-* attribute):
            # 05_municipality_filter.js filters on its native input event, no callback round trip.
            HtmlBlock(html=(
                '<label for="jamfor-kommuner-sok" class="small mb-1">Sök kommun</label>'
                '<input id="jamfor-kommuner-sok" type="search" autocomplete="off" '
                'class="form-control form-control-sm municipality-filter-input" '
                'data-filters="jamfor-kommuner" aria-describedby="jamfor-kommuner-antal">'
                f'<p id="jamfor-kommuner-antal" class="small mt-2 mb-1" role="status">Visar alla '
                f"{len(options)} kommuner.</p>"
            ), className="html-block"),
            html.Div(boxes, className="municipality-filter-box"),
        ],
        className="municipality-filter",
    )  # fmt: skip


# --- callbacks (thin) ----------------------------------------------------------------------


def _state(indicator, year, codes, mine, group) -> CompareState:
    ds = get_dataset()
    requested = codes if isinstance(codes, list) else []
    return comparison.resolve_compare_state(ds, {"indikator": indicator, "ar": year, "min": mine, "grupp": group,
                              "kommuner": requested})  # fmt: skip


@dash.callback(
    Output("jamfor-matris-sektion", "html"),
    Output("jamfor-scope", "children"),
    Input("jamfor-ar", "value"),
    Input("jamfor-min", "value"),
    Input("jamfor-grupp", "value"),
    State("jamfor-indikator", "value"),
    State("jamfor-kommuner", "value"),
    prevent_initial_call=True,
)
def update_heatmap(year, mine, group, indicator, codes):
    ds = get_dataset()
    state = _state(indicator, year, codes, mine, group)
    return heatmap_section(ds, state).html, scope_note(ds, state)


@dash.callback(
    Output("jamfor-rangordning-sektion", "html"),
    Input("jamfor-indikator", "value"),
    Input("jamfor-ar", "value"),
    Input("jamfor-min", "value"),
    Input("jamfor-grupp", "value"),
    State("jamfor-kommuner", "value"),
    prevent_initial_call=True,
)
def update_ranking(indicator, year, mine, group, codes):
    ds = get_dataset()
    state = _state(indicator, year, codes, mine, group)
    # In the host's cache by the validated state (a ranking of 290 municipalities costs
    # ~0.1 s to build; switching back and forth between indicators reads it back).
    return cache.shared("jamfor-rangordning", ds, astuple(state),
                        lambda: ranking_section(ds, state).html)  # fmt: skip


@dash.callback(
    Output("jamfor-kommuner", "value"),
    Input("jamfor-min", "value"),
    Input("jamfor-grupp", "value"),
    prevent_initial_call=True,
)
def preselect_trends(mine, group):
    """A new 'min kommun' (or group) preselects it and its comparison group in the trend
    checklist; ticking boxes afterwards still works, and the URL keeps what is ticked."""
    ds = get_dataset()
    code = comparison.resolve_code(ds, mine)
    if not code:
        return dash.no_update
    return comparison.default_trend_codes(ds, code)


@dash.callback(
    Output("jamfor-utveckling-innehall", "html"),
    Output("jamfor-utveckling-rubrik", "children"),
    Output("jamfor-kommuner-note", "children"),
    Input("jamfor-indikator", "value"),
    Input("jamfor-kommuner", "value"),
    Input("jamfor-min", "value"),
    Input("jamfor-grupp", "value"),
    State("jamfor-ar", "value"),
    prevent_initial_call=True,
)
def update_trends(indicator, codes, mine, group, year):
    ds = get_dataset()
    state = _state(indicator, year, codes, mine, group)
    requested = comparison.resolve_codes(ds, codes if isinstance(codes, list) else [])
    return (trends_block(ds, state).html, trends_heading(ds, state),
            trends_note(ds, requested))  # fmt: skip
