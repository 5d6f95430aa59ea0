"""Layout factories shared by the pages: shell, notices, tables, key-figure cards."""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Callable, Mapping, Sequence
from urllib.parse import urlencode

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, dcc, html
from dash.development.base_component import Component
from plotly.io.json import to_json_plotly

from dashboard import domain
from dashboard.data.loader import DataError, get_dataset
from dashboard.domain import comparison, progress
from dashboard.ui import menu, static_html
from dashboard.ui.html_block import HtmlBlock, frozen

log = logging.getLogger(__name__)


EXAMPLE_DATA_TEXT = (
    "Sidan visar påhittade exempelvärden, inte verkliga uppgifter om kommunerna. "
    "De ersätts när Länsstyrelsen läser in årets uppföljning."
)


def json_ready(value):
    """Components and figures as plain JSON values, encoded once.

    For cached views that callbacks return again and again: Dash would otherwise walk every
    component with plotly's Python-level JSON encoder on each call (most of a cached
    callback's time, measured by scripts/benchmark.py).
    """
    return json.loads(to_json_plotly(value))


def navbar(title: str, current_href: str | None = None, home_href: str = "/") -> html.Nav:
    """The site menu as plain markup (html_block.frozen: no Dash component per link), the
    link to `current_href` marked as the current page.

    The items are the registered pages (menu.menu_items). Each link says which addresses
    mark it current (data-current-paths, space-separated): assets/05_menu.js opens and
    closes the menu (the Meny button on a phone), marks the current page after each
    navigation by them and follows the links without reloading the app.
    """
    links = [
        html.Li(
            html.A(item.label, href=item.href,
                   className="nav-link active" if current else "nav-link",
                   **{"data-current-paths": " ".join(item.current_paths), "data-app-link": "",
                      "aria-current": "page" if current else None}),
            className="nav-item",
        )
        for item in menu.menu_items()
        for current in [item.href == current_href]
    ]  # fmt: skip
    return html.Nav(
        html.Div(
            [
                html.A(title, href=home_href, className="navbar-brand fw-semibold text-wrap",
                       **{"data-app-link": ""}),
                html.Button(
                    html.Span(className="navbar-toggler-icon"),
                    id="navbar-toggler",
                    className="navbar-toggler",
                    type="button",
                    **{"aria-label": "Meny", "aria-controls": "navbar-collapse",
                       "aria-expanded": "false"},
                ),
                html.Div(
                    html.Ul(links, className="navbar-nav ms-auto"),
                    id="navbar-collapse",
                    className="collapse navbar-collapse",
                ),
            ],
            className="container-xl",
        ),
        className="site-navbar navbar navbar-expand-lg navbar-dark bg-dark",
        **{"aria-label": "Huvudmeny"},
    )  # fmt: skip


def skip_link() -> html.A:
    return html.A("Hoppa till innehållet", href="#main", className="skip-link")


MIXED_DATA_TEXT = (
    "Tjänsten innehåller både verkliga uppgifter och påhittade exempelvärden. Exempelvärden "
    "är märkta i tabeller och nedladdningar; se Om data."
)


EXAMPLE_DATA_SHORT = "Påhittade värden, inte verkliga uppgifter."
MIXED_DATA_SHORT = "En del värden är påhittade; se Om data."


def example_data_notice(mixed: bool = False) -> html.Div:
    """The unmissable notice shown wherever example values are on screen.

    `mixed`: some values are real (imported), so the notice says which are examples instead
    of calling everything invented.
    """
    # On a phone a shorter sentence (the long one took 15 % of the first screen); still
    # on top of every page, in the notice's colours.
    short = MIXED_DATA_SHORT if mixed else EXAMPLE_DATA_SHORT
    return html.Aside(  # a landmark of its own, so screen-reader users meet it too
        [
            html.Strong("Exempeldata. "),
            html.Span(MIXED_DATA_TEXT if mixed else EXAMPLE_DATA_TEXT, className="notice-long"),
            html.Span(short, className="notice-short"),
        ],
        # notice-mixed: the printout repeats the mixed notice on every page (06_print.css)
        className="example-notice notice-mixed" if mixed else "example-notice",
        **{"aria-label": "Exempeldata"},
    )


# A county's data folder made by `python -m dashboard nytt-lan` holds another county's plan as
# a starting point, marked in plan/dokument.csv (data/new_county.py); every view says so
# until the county's own plan replaces it.
PLAN_ORIGIN_KEY = "utgangspunkt"


def plan_origin_notice(text: str) -> html.Aside:
    """The notice on every view while the plan is a copy of another county's."""
    return html.Aside(
        [html.Strong("Utgångspunkt, inte länets egen plan. "), html.Span(text)],
        className="example-notice",
        **{"aria-label": "Planens ursprung"},
    )


def data_error_alert(error: DataError) -> dbc.Alert:
    return dbc.Alert(
        [
            html.H2("Uppgifterna kunde inte läsas", className="h4"),
            html.P(
                "En datafil har ett fel, så sidan kan inte visa några siffror just nu. "
                "Den som förvaltar uppgifterna behöver rätta filen och starta om tjänsten."
            ),
            html.P(["Felet: ", html.Code(str(error))]),
        ],
        color="danger",
        className="mt-3",
    )


def guarded(layout: Callable[..., object]) -> Callable[..., object]:
    """Turn a data error in a page layout into a Swedish message instead of a crash."""

    @functools.wraps(layout)
    def wrapper(*args, **kwargs):
        try:
            return layout(*args, **kwargs)
        except DataError as error:
            log.error("data error while building %s: %s", layout.__name__, error)
            return data_error_alert(error)

    return wrapper


def page_header(title: str, lead: str | None = None) -> HtmlBlock:
    children: list = [html.H1(title, className="h2 mb-2")]
    if lead:
        children.append(html.P(lead, className="lead mb-3"))
    return frozen(html.Header(children, className="page-header"))


def colour_legend(label: str, items: Sequence[tuple[str, str]], classes: str = "heat-legend small",
                  item_class: str = "heat-item", swatch_class: str = "heat-swatch") -> HtmlBlock:  # fmt: skip
    """Colour swatches with their labels, (colour, label) in order, wrapping on a phone."""
    return frozen(html.Div(
        [html.Span(label, className="me-1")]
        + [html.Span([html.Span(className=swatch_class, style={"background": colour}), text],
                     className=item_class) for colour, text in items],
        className=classes,
    ))  # fmt: skip


def preliminary_notice(ds, year: int, indicator_id: str | None = None) -> html.P | None:
    """A notice where the page's year is incomplete (domain.year_label), else None: figures
    of a year that not every municipality has answered for may still change."""
    label = domain.year_label(ds, indicator_id, year)
    if not label:
        return None
    rests_on = label.split("– ", 1)[-1]
    latest = domain.latest_complete_year(ds, indicator_id)
    after = f" Det senaste fullständiga året är {latest}." if latest != year else ""
    # the indicator it counts, where the page shows one: the year's coverage differs by it
    what = (
        ""
        if indicator_id is None
        else f" ({comparison.readable_name(domain.indicator(ds, indicator_id))})"
    )
    return html.P(
        [html.Strong("Preliminärt år. "), f"Uppgifterna för {year}{what} kommer än så länge "
         f"från {rests_on}; länets siffror och jämförelser kan ändras när fler har svarat."
         f"{after}"],
        className="alert alert-warning preliminary-notice", role="status",
    )  # fmt: skip


def source_line(text: str) -> html.P:
    return html.P(["Källa: ", text], className="source-line small")


# Where the long Swedish compounds of the cards may break on a phone (a soft hyphen, U+00AD):
# Chromium has no Swedish hyphenation dictionary on Linux or Windows, so CSS `hyphens: auto`
# broke "Kvinnofridssam|ordnare" anywhere instead.
COMPOUND_BREAKS = {
    "kvinnofridssamordnare": "kvinnofrids\u00adsamordnare",
    "brottsbekämpning": "brotts\u00adbekämpning",
    "metodutveckling": "metod\u00adutveckling",
    "procentenheter": "procent\u00adenheter",
    "förebyggande": "före\u00adbyggande",
    "kompetensutveckling": "kompetens\u00adutveckling",
}


def soft_hyphens(text: str) -> str:
    """The text with soft hyphens at the joints of the app's long compounds (any case)."""
    for word, broken in COMPOUND_BREAKS.items():
        text = text.replace(word, broken).replace(word.capitalize(), broken.capitalize())
    return text


def key_figure_card(
    title: str, value: str, detail: str, change: str = "", heading_level: int = 3
) -> dbc.Card:
    """A card with one headline number; heading_level keeps the page's heading order."""
    heading = getattr(html, f"H{heading_level}")
    body = [
        heading(soft_hyphens(title), className="key-figure-title"),
        html.P(value, className="key-figure-value"),
        html.P(soft_hyphens(detail), className="key-figure-detail"),
    ]
    if change:
        body.append(html.P(soft_hyphens(change), className="key-figure-change"))
    return dbc.Card(dbc.CardBody(body), className="key-figure h-100")


def simple_table(
    columns: Sequence[str],
    rows: Sequence[Sequence[object]],
    caption: str | None = None,
    table_id: str | None = None,
) -> Component:
    """A semantic, responsive HTML table (screen readers and keyboards handle it natively),
    as one html_block.HtmlBlock."""
    head = html.Thead(html.Tr([html.Th(c, scope="col") for c in columns]))
    node = static_html.node  # the rows as nodes: see frame_table
    body = html.Tbody([node("Tr", [node("Td", cell) for cell in row]) for row in rows])
    parts = [html.Caption(caption)] if caption else []
    props = {"id": table_id} if table_id else {}
    return frozen(
        html.Div(
            html.Table(
                parts + [head, body], className="table table-sm table-striped align-middle", **props
            ),
            className="table-responsive",
        )
    )


def frame_table(frame: pd.DataFrame, caption: str, table_id: str | None = None,
                headers: Mapping[str, str] | None = None, key: str = "") -> Component:  # fmt: skip
    """A comparison table of a frame (Jämför, Kommun) as one html_block.HtmlBlock.

    Shown as comparison.shown_table: short headers, and when every row is example data the
    caption says so once instead of a column; `key` explains short headers. The row of
    'min kommun' is set in bold.
    """
    frame, example_note = comparison.shown_table(frame, headers)
    notes = " ".join(n for n in (key, example_note) if n)
    head = html.Thead(html.Tr([html.Th(c, scope="col") for c in frame.columns]))
    # The rows as static_html nodes, not components: the same HTML once frozen, at a small
    # part of the cost (a table of 290 municipalities is ~2 000 cells).
    node = static_html.node
    rows = []
    for values in frame.itertuples(index=False, name=None):
        is_mine = any("(min kommun)" in str(v) for v in values)
        cells = [node("Td", node("Strong", v) if is_mine else v) for v in values]
        rows.append(node("Tr", cells, **({"className": "mine-row"} if is_mine else {})))
    # The space keeps the caption's text (what a screen reader reads) two sentences, not one
    # run-together word, where the <br> only breaks the line on screen.
    caption_parts = [caption] + (
        [" ", html.Br(), html.Span(notes, className="table-key")] if notes else []
    )
    props = {"id": table_id} if table_id else {}
    return frozen(
        html.Div(
            html.Table(
                [html.Caption(caption_parts), head, html.Tbody(rows)],
                className="table table-sm table-striped align-middle compare-table",
                **props,
            ),
            className="table-responsive",
        )
    )


def share_control() -> html.Div:
    """'Kopiera länk': copies the current address with the view's state (assets/06_share.js)."""
    return html.Div(
        [
            html.Button("Kopiera länk", type="button", className="btn btn-outline-secondary btn-sm",
                        **{"data-copy-link": "page"}),
            html.Label("Länk till sidan", htmlFor="share-field", className="visually-hidden"),
            dcc.Input(id="share-field", readOnly=True, type="text", style={"display": "none"},
                      className="share-field form-control form-control-sm"),
            html.Span(className="share-status", role="status", **{"aria-live": "polite"}),
        ],
        className="share no-print",
    )  # fmt: skip


def shell(page_container: object, path: str = "/") -> html.Div:
    """The app layout around every page: skip link, navbar, notices, main, footer.

    All but the page itself is HTML written once (html_block.frozen): Dash's renderer then
    builds ~35 fewer components when a page opens. `path` marks the current page in the menu.
    """
    current = menu.current_href(path)
    try:
        ds = get_dataset()
    except DataError as error:
        top, share, footer = _shell_blocks("Kvinnofrid", "Länsstyrelsen", None, current)
        alert = dbc.Container(data_error_alert(error), fluid="xl")
        return _shell_layout([top, alert], share, page_container, footer)
    notice = None
    if ds.has_example_data:
        notice = "mixed" if not bool(ds.values["is_example"].all()) else "example"
    top, share, footer = _shell_blocks(
        f"Kvinnofrid {ds.county.short_name}", ds.county.organisation, notice, current,
        ds.plan.document.get(PLAN_ORIGIN_KEY),
    )  # fmt: skip
    return _shell_layout([top], share, page_container, footer)


def _shell_layout(top: list, share, page_container: object, footer) -> html.Div:
    return html.Div(
        [
            *top,
            html.Main(
                html.Div([share, page_container], className="container-xl py-3"),
                id="main",
                tabIndex="-1",
            ),
            footer,
        ]
    )


@functools.lru_cache(maxsize=32)
def _shell_blocks(title: str, organisation: str, notice: str | None, current: str | None,
                  plan_origin: str | None = None):  # fmt: skip
    """(top, share control, footer) as HtmlBlocks; made once per menu page (every layout
    request needs them). notice: None, "example" or "mixed" (example_data_notice);
    plan_origin: the plan is another county's, copied as a starting point (plan_origin_notice)."""
    top = [skip_link(), navbar(title, current)]
    if notice:
        top.append(example_data_notice(mixed=notice == "mixed"))
    if plan_origin:
        top.append(plan_origin_notice(plan_origin))
    footer = html.Footer(
        dbc.Container(
            html.P(
                [
                    f"{organisation} · Uppföljning av handlingsplanen mot mäns våld mot kvinnor · ",
                    dcc.Link("Om data och tillgänglighet", href="/om"),
                    " · ",
                    # The admin is not a Dash page: a plain link loads it (#35).
                    html.A("Logga in för att förvalta uppgifterna", href="/admin/logga-in"),
                ],
                className="mb-0 small",
            ),
            fluid="xl",
        ),
        className="site-footer",
    )
    return frozen(top), frozen(share_control()), frozen(footer)


def download_links(view: str, params: Mapping[str, object], label: str = "tabellen") -> HtmlBlock:
    """Plain links to /nedladdning/<view>.csv|xlsx with the view's state (see export.py), as
    plain HTML (html_block.frozen)."""
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")}, doseq=True)
    suffix = f"?{query}" if query else ""
    return frozen(html.Div(
        [
            html.Span(f"Ladda ned {label}: ", className="me-1"),
            html.A("CSV", href=f"/nedladdning/{view}.csv{suffix}", download="",
                   className="btn btn-outline-primary btn-sm me-2"),
            html.A("Excel", href=f"/nedladdning/{view}.xlsx{suffix}", download="",
                   className="btn btn-outline-primary btn-sm"),
        ],
        className="download-links my-2 no-print",
    ))  # fmt: skip


def register_query_sync(store_id: str, params: Mapping[str, str]) -> None:
    """Mirror controls into the URL's query string (param name -> component id's `value`).

    Call once at page import; put ``dcc.Store(id=store_id)`` in the page layout. The URL is
    updated in the browser only (see assets/03_query.js), so the page is not rebuilt.
    """
    names = json.dumps(list(params))
    dash.clientside_callback(
        f"function() {{ return window.dashboardSyncQuery({names}, Array.from(arguments)); }}",
        Output(store_id, "data"),
        [Input(component_id, "value") for component_id in params.values()],
        prevent_initial_call=True,
    )


# --- charts drawn after the first one ---------------------------------------------------------

FIGURE_DATA_SUFFIX = "-figurdata"
GRAPH_PROPS_SUFFIX = "-diagraminstallningar"


def deferred_graph(graph_id: str, figure, **graph_props) -> list:
    """A chart below the first screen, drawn when it comes near the screen.

    `graph_id` names a box that keeps the figure's height (assets/02_app.css) until
    assets/04_deferred_charts.js puts the dcc.Graph in it, so nothing moves and no empty chart is drawn
    first. The figure travels in a dcc.Store beside it (callbacks that change the chart
    write to `graph_id + FIGURE_DATA_SUFFIX`), the dcc.Graph's own props in another.
    Register the id once at page import with register_deferred_graph.
    """
    layout = figure.get("layout", {}) if isinstance(figure, dict) else figure.layout
    height = (layout.get("height") if isinstance(layout, dict) else layout.height) or 450
    return [
        html.Div(id=graph_id, className="deferred-graph",
                 style={"--graph-height": f"{height}px"}),
        dcc.Store(id=graph_id + FIGURE_DATA_SUFFIX, data=figure),
        dcc.Store(id=graph_id + GRAPH_PROPS_SUFFIX, data=graph_props),
    ]  # fmt: skip


def register_deferred_graph(graph_id: str) -> None:
    dash.clientside_callback(
        "function (figure, props) {"
        f" return window.dashboardDrawWhenNear({json.dumps(graph_id)}, figure, props); }}",
        Output(graph_id, "children"),
        Input(graph_id + FIGURE_DATA_SUFFIX, "data"),
        State(graph_id + GRAPH_PROPS_SUFFIX, "data"),
    )


# A verdict is read from its word and symbol; the colour (05_compare.css) only repeats them.
VERDICT_SYMBOLS = {progress.BETTER: "▲", progress.MIXED: "◆", progress.UNCHANGED: "●",
                   progress.WORSE: "▼", progress.UNKNOWN: "?"}  # fmt: skip
VERDICT_CLASSES = {progress.BETTER: "verdict-better", progress.MIXED: "verdict-mixed",
                   progress.UNCHANGED: "verdict-same", progress.WORSE: "verdict-worse",
                   progress.UNKNOWN: "verdict-unknown"}  # fmt: skip


def verdict_badge(verdict: str) -> html.Span:
    return html.Span(
        [html.Span(VERDICT_SYMBOLS[verdict], className="verdict-symbol", **{"aria-hidden": "true"}),
         " ", verdict.capitalize()],
        className=f"verdict {VERDICT_CLASSES[verdict]}",
    )  # fmt: skip
