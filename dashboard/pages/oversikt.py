"""Översikt: the county map that regional leadership reads at a glance."""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlencode

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, dcc, html

from dashboard import cache, domain
from dashboard.charts import riket
from dashboard.charts.colours import MISSING_PATTERN
from dashboard.charts.svg_map import category_map_paint, indicator_map_paint, map_html
from dashboard.data.loader import get_dataset
from dashboard.domain import comparison, local_plans, national, overview
from dashboard.ui import export, provenance, static_html
from dashboard.ui.components import (
    download_links,
    guarded,
    json_ready,
    key_figure_card,
    page_header,
    register_query_sync,
    source_line,
)
from dashboard.ui.html_block import HtmlBlock, frozen, svg_block
from dashboard.ui.image_export import image_export_buttons

dash.register_page(
    __name__, path="/", title="Översikt – Kvinnofrid", name="Översikt", order=1,
    canonical_query=overview.canonical_query,
)  # fmt: skip

PREFIX = "oversikt"


def indicator_options(ds) -> list[dict]:
    options = []
    layer_added = not overview.has_local_plans(ds)
    for _, ind in domain.mappable_indicators(ds).iterrows():
        if ind["is_criterion"] and not layer_added:  # after the headline indicators
            options.append({"label": overview.LOCAL_PLAN_NAME, "value": overview.LOCAL_PLAN_LAYER})
            layer_added = True
        label = ind["name"] if not ind["is_criterion"] else f"Kriterium: {ind['name']}"
        options.append({"label": label, "value": ind["id"]})
    if not layer_added:
        options.append({"label": overview.LOCAL_PLAN_NAME, "value": overview.LOCAL_PLAN_LAYER})
    return options


@lru_cache(maxsize=16)
def key_figures(ds, year: int) -> HtmlBlock:
    """The county's key figures as one block of HTML (~45 Dash components fewer to set up);
    the same for every view of the year. Callers must not change it."""
    return frozen(dbc.Row([
        dbc.Col(
            key_figure_card(k.title, k.value, k.detail, k.change),
            xs=6,
            md=4,
            className="mb-1",
        )  # fmt: skip
        for k in domain.key_figures(ds, year)
    ], className="g-3"))  # fmt: skip


# The map's hatch for missing values keeps its id while callbacks repaint the map.
MAP_PATTERN = f"{MISSING_PATTERN}-{PREFIX}"


def county_map_paint(ds, state: overview.OverviewState, frame) -> dict:
    """What the map shows (svg_map.map_paint: fills, tooltips, links, legends): drawn into
    the page's first HTML, and sent alone when the choice changes (HtmlBlock's paint)."""
    if overview.is_local_plan_layer(state):
        label = (f"Karta: lokal handlingsplan {state.year} per kommun. Varje kommun är en länk "
                 "till kommunens sida.")  # fmt: skip
        return category_map_paint(ds.geojson, frame, local_plans.STATUS_LEVELS,
                                  title=overview.LOCAL_PLAN_NAME, label=label,
                                  href=lambda code: f"/kommun/{code}?ar={state.year}",
                                  year=state.year, pattern=MAP_PATTERN)  # fmt: skip
    ind = domain.indicator(ds, state.indicator_id)
    shown_year = domain.year_text(ds, state.indicator_id, state.year)
    label = (f"Karta: {ind['name']} {shown_year} per kommun. Varje kommun är en länk till "
             "kommunens sida.")  # fmt: skip
    return indicator_map_paint(ds, state.indicator_id, frame, state.year, label, MAP_PATTERN)


SUPPRESSED_NOTE = (
    "små antal visas inte, så att ingen enskild person kan pekas ut. Där det står ”Visas "
    "inte (röjandeskydd)” är antalet större men dolt också, så att länets total kan visas "
    "utan att avslöja de små; går det inte visas ingen total (se Om data)."
)


def table_paint(frame, ind, year: int, shown_year: str | None = None) -> dict:
    """What the table shows for an (indicator, year), apart from its order and names: per
    municipality [value, hidden by röjandeskydd, change, source, source details or ""],
    the caption, the headers and the note. Plain JSON: the page's first HTML is drawn from
    it (table), and a choice sends it alone to the table on the page (HtmlBlock's paint,
    assets/04_html_block.js): ~100 bytes a municipality instead of its row as HTML. `shown_year`:
    the year as domain.year_text writes it (a preliminary year says so)."""
    shown_year = shown_year or str(year)
    shown = overview.table_frame(frame, ind, shown_year)
    value_column, detail_column = shown.columns[2], shown.columns[3]
    rows = {}
    # Where real and example values mix, each example value says so (the download has a
    # column for it); where all are example data, the page's notice says it once.
    # A share of real and example criteria is '(delvis exempel)' (#31).
    partly = frame.get("partly_example")
    mixed = provenance.mixes(frame["is_example"], partly)
    for r, f in zip(shown.to_dict("records"), frame.to_dict("records"), strict=True):
        source_text = overview.provenance_text(f)
        # The source's details as a tooltip where they add to the cell.
        details = "" if source_text == f"Källa: {r['Källa']}" else source_text
        value = provenance.marked(r[value_column], f["is_example"], mixed,
                                  partly=bool(f.get("partly_example", False)))  # fmt: skip
        rows[f["code"]] = [value, bool(f["suppressed"]), r[detail_column], r["Källa"],
                           details]  # fmt: skip
    explanation = domain.suppressed_explanation()
    return {
        "caption": (
            f"{ind['name'] if ind is not None else overview.LOCAL_PLAN_NAME}, {shown_year}, per kommun"
        ),  # fmt: skip
        "headers": [value_column, detail_column],
        "href": f"/kommun/{{code}}?ar={year}",
        "rows": rows,
        "explanation": explanation,
        "note": f"* {explanation}: {SUPPRESSED_NOTE}" if domain.has_suppressed(frame) else "",
    }


def table(ds, painted: dict) -> HtmlBlock:
    """The table under the map as table_paint and its order say (the rows are static_html
    nodes, not Dash components: ~2 000 of those were most of a view at 290 municipalities).
    The röjandeskydd note is always there, empty (and hidden by CSS) when nothing is hidden,
    so that a repaint only sets its text."""
    node = static_html.node
    head = html.Thead(html.Tr([html.Th(c, scope="col") for c in
                               ["Kommun", *painted["headers"], "Källa"]]))  # fmt: skip
    rows = []
    for code in painted["order"]:
        value, hidden, detail, source, details = painted["rows"][code]
        rows.append(node("Tr", [
            node("Th", node("Link", comparison.municipality_name(ds, code), "dash_core_components",
                            href=painted["href"].replace("{code}", code)), scope="row"),
            node("Td", value_node(value, hidden, painted["explanation"])),
            node("Td", detail),
            # the source column is hidden on a phone by the table's class (one rule, not 290)
            node("Td", source, **({"title": details} if details else {})),
        ], **{"data-kommun": code}))  # fmt: skip
    return frozen(html.Div(
        [html.Div(
            html.Table([html.Caption(painted["caption"]), head,
                        html.Tbody(static_html.raw(static_html.render(rows, keep_ids=True)))],
                       className="table table-sm table-striped align-middle source-column-md",
                       id=f"{PREFIX}-tabell"),
            className="table-responsive",
        ), html.P(painted["note"], className="small text-body-secondary suppressed-note",
                  id=f"{PREFIX}-rojandeskydd")]
    ), f"{PREFIX}-tabellblock")  # fmt: skip


@lru_cache(maxsize=8)
def sort_free_parts(ds, indicator_id: str, year: int) -> tuple[dict, dict]:
    """The map's and the table's paint of an (indicator, year), which the sort order does not
    change: built once for its three views (warming builds them one after another)."""
    state = overview.OverviewState(indicator_id, year, "kommun")
    frame = overview.overview_frame(ds, state)
    ind = None if overview.is_local_plan_layer(state) else domain.indicator(ds, indicator_id)
    shown_year = domain.year_text(ds, None if ind is None else indicator_id, year)
    return county_map_paint(ds, state, frame), table_paint(frame, ind, year, shown_year)


def value_node(label: str, suppressed: bool, explanation: str) -> object:
    """The value as shown; a hidden count gets a mark and its reason (röjandeskydd)."""
    if not suppressed:
        return label
    return static_html.node("Span", [label, static_html.node("Sup", "*")], title=explanation,
                            className="suppressed-value", **{"aria-label": explanation})  # fmt: skip


def view(ds, state: overview.OverviewState) -> dict:
    """Everything that depends on the state, for the layout and the callback alike.

    Cached per (dataset, validated state) in the app's cache (dashboard/cache.py): building
    the map, ranking and table costs far more than reading them back. Callers must not
    mutate the result. Values are plain JSON (components.json_ready).
    """
    key = (state.indicator_id, state.year, state.sort)
    return cache.shared(PREFIX, ds, key, lambda: build_view(ds, state))


def build_view(ds, state: overview.OverviewState) -> dict:
    if overview.is_local_plan_layer(state):
        return local_plan_view(ds, state)
    ind = domain.indicator(ds, state.indicator_id)
    frame = overview.overview_frame(ds, state)
    paint, table_painted = sort_free_parts(ds, state.indicator_id, state.year)
    params = {"indikator": state.indicator_id, "ar": state.year, "sortera": state.sort}
    return json_ready({
        "paint": paint,
        "table": {**table_painted, "order": list(frame["code"])},
        "title": f"{ind['name']} {domain.year_text(ds, state.indicator_id, state.year)}",
        "description": ind["description"],
        "national": national_part(ds, state),
        "key_figures": key_figures(ds, state.year),
        "key_figures_title": f"{ds.county.words.The} i korthet {domain.year_text(ds, None, state.year)}",
        # all example data, or (where real values are among them) some (#31)
        "source": source_line(f"{ind['source']}. " + provenance.values_sentence(
            frame["is_example"], frame["partly_example"])),
        "downloads": download_links(PREFIX, params),
        **question_parts(ds, state),
    })  # fmt: skip


def national_part(ds, state: overview.OverviewState) -> HtmlBlock:
    """Riket beside the map: in words, and for a criterion drawn too (a status map cannot
    colour the share of the country's municipalities that meet it): the county's share and
    Riket's on one scale (charts/riket.py), narrow so its type stays at reading size."""
    text = html.P(national.national_text(ds, state.indicator_id, state.year), className="mb-1")
    strip = riket.riket_strip_svg(riket.riket_reference(ds, state.indicator_id, state.year),
                                  width=240, title="")  # fmt: skip
    return frozen(html.Div([text, svg_block(strip, f"{PREFIX}-riket-figur", "riket-figure")]
                           if strip else [text]))  # fmt: skip


def local_plan_view(ds, state: overview.OverviewState) -> dict:
    """The local-plan layer: the same parts as an indicator's view."""
    frame = overview.overview_frame(ds, state)
    paint, table_painted = sort_free_parts(ds, state.indicator_id, state.year)
    params = {"indikator": state.indicator_id, "ar": state.year, "sortera": state.sort}
    example = "Uppgifterna är exempeldata." if frame["is_example"].any() else ""
    return json_ready({
        "paint": paint,
        "table": {**table_painted, "order": list(frame["code"])},
        "title": f"{overview.LOCAL_PLAN_NAME} {state.year}",
        "description": overview.LOCAL_PLAN_DESCRIPTION,
        "national": "",
        "key_figures": key_figures(ds, state.year),
        "key_figures_title": f"{ds.county.words.The} i korthet {state.year}",
        "source": source_line(f"{local_plans.SOURCE}. {example}"),
        "downloads": download_links(PREFIX, params),
        **question_parts(ds, state),
    })  # fmt: skip


# --- the leader's questions: one choice each, the long list behind them -----------------------

# The map's title: a question's link goes there, so that on a phone (where the choices stand
# above the map) the answer comes into view, and the keyboard goes on from it (05_go_to_place.js).
ANSWER_PLACE = f"{PREFIX}-karttitel"
# at least a finger's size on a touch screen
TOUCH_SIZE = {"minHeight": "44px"}


def state_href(state: overview.OverviewState, indicator_id: str) -> str:
    """The address of the page showing `indicator_id`, the year and order kept."""
    query = urlencode({"indikator": indicator_id, "ar": state.year, "sortera": state.sort})
    return f"/?{query}#{ANSWER_PLACE}"


def question_label(question: overview.Question) -> list:
    """The question in full; on a phone its short form is shown and the full question stays
    in the link's name for a screen reader (which then starts with the words it shows)."""
    if not question.short:
        return [question.text]
    return [html.Span(question.short, className="question-short"), " ",
            html.Span(question.text, className="question-long")]  # fmt: skip


def app_link(
    text: str | list, href: str, current: bool, classes: str, title: str | None = None
) -> html.A:
    """A link that opens the page's other state without reloading (04_html_block.js), marked
    for the reader and for assistive technology when it is the one shown."""
    props = {"aria-current": "true"} if current else {}
    if title:
        props["title"] = title
    return html.A(text, href=href, className=classes, style=TOUCH_SIZE,
                  **{"data-app-link": "", **props})  # fmt: skip


def questions_nav(ds, state: overview.OverviewState) -> html.Nav | html.Div:
    """The questions leadership asks, each one click to its answer on the map."""
    offered = overview.offered_questions(ds)
    if not offered:
        return html.Div()
    current = overview.current_question(ds, state)
    items = [
        html.Li(app_link(question_label(q.question), state_href(state, q.indicator_id),
                         q == current,
                         "btn question-link " + ("btn-primary" if q == current
                                                 else "btn-outline-primary")))
        for q in offered
    ]  # fmt: skip
    return html.Nav(
        [html.H2("Vanliga frågor", className="h6 fw-semibold mb-1", id=f"{PREFIX}-fragor-rubrik"),
         html.Ul(items, className="list-unstyled question-list mb-3")],
        className="no-print",  # choices, not content: the answer prints
        **{"aria-labelledby": f"{PREFIX}-fragor-rubrik"},
    )  # fmt: skip


def answer_block(ds, state: overview.OverviewState) -> html.Div:
    """The map's answer in words ('Saknar samordnare: Alvesta, Lessebo'); for a question in
    parts (SOSFS per goal) the parts as choices."""
    lines = [html.Li([html.Strong(f"{line.label}:"), f" {line.names_text}"])
             for line in overview.answer(ds, state)]  # fmt: skip
    children: list = [html.Ul(lines, className="list-unstyled mb-2 answer-lines")]
    question = overview.current_question(ds, state)
    if question is not None and len(question.parts) > 1:
        children.append(html.P([
            html.Span("Visa: ", className="me-1"),
            *[app_link(label, state_href(state, indicator_id), indicator_id == state.indicator_id,
                       "btn btn-sm me-1 mb-1 "
                       + ("btn-primary" if indicator_id == state.indicator_id
                          else "btn-outline-primary"),
                       # 'Mål 2' says which goal on hover: the indicator's full name
                       title=str(domain.indicator(ds, indicator_id)["name"]))
              for indicator_id, label in question.parts],
        ], className="mb-2 answer-parts no-print"))  # fmt: skip
    return html.Div(children)


def question_parts(ds, state: overview.OverviewState) -> dict:
    """The questions (marking the one answered) and the answer, for the view."""
    return {
        "questions": frozen(questions_nav(ds, state)),
        "answer": frozen(answer_block(ds, state)),
    }


@export.register(PREFIX)
def _export(params) -> export.ExportTable:
    return overview.export_table(get_dataset(), dict(params))


def select(id_: str, label: str, options: list[dict], value, stacked: bool = False):
    """A labelled picker: a grid column beside others, or (stacked) one under another."""
    children = [dbc.Label(label, html_for=id_, className="fw-semibold mb-1"),
                dbc.Select(id=id_, options=options, value=str(value))]  # fmt: skip
    if stacked:
        return html.Div(children, className="mb-2 control")
    return dbc.Col(children, xs=12, md="auto", className="mb-2 control")


def map_controls(ds, state: overview.OverviewState, content: dict) -> html.Div:
    """The questions, what the map shows and the year, stacked beside the map."""
    years = domain.year_choices(ds)  # the survey's years; the title names the indicator's
    return html.Div(
        [
            html.Div(content["questions"], id=f"{PREFIX}-fragor"),
            select(
                f"{PREFIX}-indikator",
                "Alla indikatorer",
                indicator_options(ds),
                state.indicator_id,
                stacked=True,
            ),
            select(f"{PREFIX}-ar", "År", years, state.year, stacked=True),
        ],
        className="overview-controls",
    )


def map_panel(ds, content: dict) -> html.Div:
    """The county map with its title, national value, description, source and image downloads."""
    return html.Div(
        [
            html.H2(content["title"], id=f"{PREFIX}-karttitel", className="h4"),
            # polite: a screen reader says the new answer when a choice changes it
            html.Div(content["answer"], id=f"{PREFIX}-svar", **{"aria-live": "polite"}),
            html.P(
                "Kartan visar samma uppgifter som tabellen under den.",
                className="visually-hidden",
            ),
            svg_block(
                map_html(ds.geojson, content["paint"]),
                f"{PREFIX}-karta",
                "county-map",
            ),
            html.Div(
                content["national"],
                id=f"{PREFIX}-riket",
                className="national-value mb-1 mt-2",
            ),
            html.P(
                content["description"],
                id=f"{PREFIX}-beskrivning",
                className="mb-1 mt-2",
            ),
            html.Div(content["source"], id=f"{PREFIX}-kalla"),
            image_export_buttons(
                f"{PREFIX}-karta",
                is_example=ds.has_example_data,
                title_from=f"{PREFIX}-karttitel",
                source_from=f"{PREFIX}-kalla",
            ),
        ],
        className="overview-map",
    )


def municipality_nav(ds, state: overview.OverviewState) -> html.Nav:
    """Every municipality's page, in the chosen year."""
    municipalities = [
        html.Li(dcc.Link(r["name"], href=f"/kommun/{r['code']}?ar={state.year}"))
        for _, r in ds.municipalities.iterrows()
    ]
    return html.Nav(
        [
            html.H2("Kommunerna", className="h5"),
            html.P(
                "Klicka på en kommun på kartan eller i listan för att se kommunens sida.",
                className="small no-print",  # an instruction to click: not on paper
            ),
            # A long list (a large county, all of Sweden) scrolls in a box
            # beside the map instead of running 3 000 px down the page.
            frozen(
                html.Ul(
                    municipalities,
                    className="municipality-list"
                    + (" municipality-list-long" if len(municipalities) > 20 else ""),
                )
            ),
        ],
        className="overview-list",
        **{"aria-label": "Kommunernas sidor"},
    )


def key_figures_section(content: dict) -> html.Section:
    """The county's headline numbers, with links to what SUV and SOSFS 2014:4 are."""
    return html.Section(
        [
            html.H2(
                content["key_figures_title"],
                id=f"{PREFIX}-nyckeltal-rubrik",
                className="h4",
            ),
            html.Div(content["key_figures"], id=f"{PREFIX}-nyckeltal"),
            html.P(
                [
                    "SUV är Socialstyrelsens ",
                    dcc.Link("Systematisk uppföljning – Våld", href="/om#suv"),
                    ". SOSFS 2014:4 är Socialstyrelsens föreskrifter om våld i nära "
                    "relationer, sedan 1 november 2022 ersatta av HSLF-FS 2022:39; ",
                    dcc.Link("så räknas efterlevnaden", href="/om#sosfs"),
                    ".",
                ],
                className="small mt-2 mb-0 terms",
            ),
        ],
        className="mt-3",
        **{"aria-labelledby": f"{PREFIX}-nyckeltal-rubrik"},
    )


def table_section(ds, state: overview.OverviewState, content: dict) -> html.Section:
    """The map's values as a sortable table, with its downloads."""
    sorts = [{"label": label, "value": key} for key, label in overview.SORTS.items()]
    return html.Section(
        [
            html.H2("Tabell", className="h4"),
            dbc.Row(
                select(f"{PREFIX}-sortera", "Sortera tabellen efter", sorts, state.sort),
                className="mb-1",
            ),
            html.Div(table(ds, content["table"]), id=f"{PREFIX}-tabellyta"),
            html.Div(content["downloads"], id=f"{PREFIX}-nedladdning"),
        ],
        className="mt-3",
    )


@guarded
def layout(indikator: str | None = None, ar: str | None = None, sortera: str | None = None,
           **_query) -> html.Div:  # fmt: skip
    ds = get_dataset()
    state = overview.resolve_state(ds, {"indikator": indikator, "ar": ar, "sortera": sortera})
    content = view(ds, state)
    return html.Div(
        [
            page_header(
                f"Översikt – {ds.county.name}",
                f"Hur {ds.county.words.its} kommuner arbetar med handlingsplanen. Välj en fråga eller vad kartan ska visa.",
            ),
            # The map on the first screen (issue #19): controls and the municipalities beside
            # it on a wide screen, the controls above it on a phone (assets/02_app.css).
            html.Div(
                [
                    map_controls(ds, state, content),
                    map_panel(ds, content),
                    municipality_nav(ds, state),
                ],
                className="overview-grid",
            ),  # fmt: skip
            key_figures_section(content),
            table_section(ds, state, content),
            dcc.Store(id=f"{PREFIX}-query"),
        ]
    )


@dash.callback(
    Output(f"{PREFIX}-karta", "paint"),
    Output(f"{PREFIX}-karttitel", "children"),
    Output(f"{PREFIX}-beskrivning", "children"),
    Output(f"{PREFIX}-riket", "children"),
    Output(f"{PREFIX}-nyckeltal", "children"),
    Output(f"{PREFIX}-nyckeltal-rubrik", "children"),
    Output(f"{PREFIX}-tabellblock", "paint"),
    Output(f"{PREFIX}-kalla", "children"),
    Output(f"{PREFIX}-nedladdning", "children"),
    Output(f"{PREFIX}-fragor", "children"),
    Output(f"{PREFIX}-svar", "children"),
    Input(f"{PREFIX}-indikator", "value"),
    Input(f"{PREFIX}-ar", "value"),
    Input(f"{PREFIX}-sortera", "value"),
    prevent_initial_call=True,
)
def update(indicator_id, year, sort):
    ds = get_dataset()
    state = overview.resolve_state(ds, {"indikator": indicator_id, "ar": year, "sortera": sort})
    c = view(ds, state)
    # Everything, whatever changed: when a choice follows another before its answer has
    # come, Dash drops that answer and asks again with only the last choice as the trigger,
    # so a reply that left out the parts the last choice does not touch left the map or the
    # key figures of the one before. The map and the table are sent as paint, small enough.
    return (c["paint"], c["title"], c["description"], c["national"], c["key_figures"],
            c["key_figures_title"], c["table"], c["source"], c["downloads"], c["questions"],
            c["answer"])  # fmt: skip


register_query_sync(
    f"{PREFIX}-query",
    {"indikator": f"{PREFIX}-indikator", "ar": f"{PREFIX}-ar", "sortera": f"{PREFIX}-sortera"},
)
