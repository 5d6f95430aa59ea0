"""Charts layer: pure functions that return SVG markup (svg_map, svg_heatmap, svg_bars,
svg_lines; drawn on the pages and, at slide size, on the presenter's slides) or, for
Strategi's clickable goal tree only, a plotly figure (strategy). colours.py is the one
colour language of values (map, matrix, bars, slides); map and compare use it. The shared
look (font, text colour, the highlight) here."""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio

FONT_FAMILY = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'
TEXT_COLOR = "#1b1b1b"
MISSING_COLOR = "#d9d9d9"  # 'Uppgift saknas': neutral grey, always also named in text
BORDER_COLOR = "#1b1b1b"
# 'Min kommun': black, no hue of its own (charts/colours.py ROLE_MY_MUNICIPALITY); it is
# always also marked ▶ or by diamonds and named, so no status colour can be read as it.
HIGHLIGHT_COLOR = "#000000"

# Compared municipalities (colours.ROLE_SERIES): green, magenta, indigo and deep green, none
# of them a status (blue/orange), a value (blue) or a reference line (grey/purple); chosen so
# they stay apart from each other, the reference lines and black also for colour-blind
# readers (tests/test_colours.py).
CATEGORICAL = ["#33a02c", "#aa4499", "#332288", "#00441b"]
# A value's colour comes from its indicator's scale in charts/colours.py, on every view.

TEMPLATE_NAME = "kvinnofrid"
pio.templates[TEMPLATE_NAME] = go.layout.Template(
    layout=go.Layout(
        font={"family": FONT_FAMILY, "size": 14, "color": TEXT_COLOR},
        colorway=CATEGORICAL,
        paper_bgcolor="#ffffff",
        plot_bgcolor="#ffffff",
        separators=", ",  # decimal comma, space between thousands
        hoverlabel={"font": {"family": FONT_FAMILY, "size": 14}},
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        xaxis={"gridcolor": "#e5e5e5", "zerolinecolor": "#999"},
        yaxis={"gridcolor": "#e5e5e5", "zerolinecolor": "#999"},
    )
)


def text_color_on(background: str) -> str:
    """Black or white text, whichever contrasts more with a hex background."""
    r, g, b = (int(background.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4))

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    luminance = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    return "#000000" if luminance > 0.179 else "#ffffff"


# Graph config shared by every chart: Swedish, no plotly logo, image export for slides.
GRAPH_CONFIG = {
    "displaylogo": False,
    "locale": "sv",
    "responsive": True,
    # The plain image button and the cloud buttons are removed: images are saved with the
    # page's PNG/SVG buttons, which put title, source and the example-data notice inside.
    "modeBarButtonsToRemove": [
        "select2d",
        "lasso2d",
        "autoScale2d",
        "toggleSpikelines",
        "toImage",
        "sendDataToCloud",
        "sendChartToCloud",  # plotly.js 4's "Share chart..." (uploads to Plotly Cloud)
    ],
    "toImageButtonOptions": {"format": "png", "scale": 2},
}
