"""Long, static parts of a page (the tables) as one Dash component holding their HTML.

Dash's renderer keeps a wrapper, a store subscription and a path lookup for every component
and runs them all on every state change (each callback, each loading flag). A table is
mostly cells that never change on their own, yet a 9 × 6 table is ~70 components: on the
Kommun page the tables were ~260 of its 467 components, and putting its lower sections on
the page took a 400 ms task, 130 ms without them (Chromium trace, this VM). `frozen` writes
such a part out as HTML once, on the server, with static_html.render (the same escaping as
the first paint), and the page carries it as one HtmlBlock; the browser then builds the
table with one innerHTML assignment. The result is the same markup, ids included.

The HTML is never built from strings given by a user: only from Dash components made by
this app, every text and attribute escaped by static_html.
"""

from __future__ import annotations

import json

from dash.development.base_component import Component
from plotly.io.json import to_json_plotly

from dashboard.ui import html_block_component, static_html

NAMESPACE = (
    static_html.HTML_BLOCK_NAMESPACE
)  # window.dashboard_html.HtmlBlock (assets/04_html_block.js)


# A <div> whose content is the given HTML (React's dangerouslySetInnerHTML).
# deferred=True: the block is empty when React first draws the page and fills itself after
# that paint (assets/04_html_block.js), for long parts below the first screen. The page's HTML for
# the first paint (static_html) has the content, so nothing is missing on screen.
# paint: a callback's new content for a block already on the page, applied in place
# (assets/04_html_block.js): a map (svg_map.map_paint: fills, tooltips, links, legends, not the
# shapes again) or Översikt's table (oversikt.table_paint: values and order, not the rows'
# HTML again).
HtmlBlock = html_block_component.HtmlBlock  # a generated component class, as libraries ship


def frozen(
    component: Component | list[Component], block_id: str | None = None, deferred: bool = False
) -> HtmlBlock:
    """The component (or components, side by side) as one HtmlBlock of the same HTML.

    Only for parts with no callbacks on them: ids stay in the HTML for links, labels and
    tests, but Dash no longer knows them. dcc.Link becomes a plain link that
    assets/04_html_block.js still follows without reloading the page. deferred: see HtmlBlock.
    """
    # Components are serialised to their JSON; static_html.node() parts already are that.
    html = static_html.render(json.loads(to_json_plotly(component)), keep_ids=True)
    props = {"id": block_id, "deferred": deferred or None}  # unset, not null, when not given
    return HtmlBlock(html=html, className="html-block", **{k: v for k, v in props.items() if v})


def svg_block(svg: str, block_id: str, className: str = "svg-figure",
              wide: str | None = None) -> HtmlBlock:  # fmt: skip
    """A chart or map written as SVG by the server (charts/svg_*.py) as one HtmlBlock; the
    image buttons (06_export.js) and the tests find it by block_id.

    `wide`: the same chart laid out for a wide column. Both are sent and CSS shows the one
    that fits the block (a container query in 05_compare.css): an SVG stretched to a wide
    column would stretch its text with it; laid out again, the text keeps its size and the
    chart gets the room. The image buttons draw the wide one."""
    if wide is not None:
        svg = f'<div class="chart-narrow">{svg}</div><div class="chart-wide">{wide}</div>'
        className += " svg-responsive"
    return HtmlBlock(html=svg, id=block_id, className=f"html-block {className}")
