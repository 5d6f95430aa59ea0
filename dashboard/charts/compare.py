"""Shared look of the comparison charts (svg_heatmap, svg_bars, svg_lines): colours, the
heatmap's steps and its legend. The charts themselves are SVG written by the server, on the
pages and (at slide size) on the presenter's slides. Missing values are never drawn as a
value: they are grey (MISSING_COLOR) and say 'Uppgift saknas'. 'Min kommun' is drawn in
HIGHLIGHT_COLOR and also named and set in bold, so it does not rely on colour.
"""

from __future__ import annotations

from dashboard.charts import CATEGORICAL, MISSING_COLOR
from dashboard.charts.colours import share_scale
from dashboard.domain.formatting import MISSING

BAR_COLOR = CATEGORICAL[0]
# Lines for municipalities other than 'min kommun': no vermilion (the highlight) and no
# yellow (too light on white); each also gets its own marker symbol.
LINE_COLORS = ["#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9"]
LINE_SYMBOLS = ["circle", "square", "triangle-up", "x", "star"]


def heat_legend_items() -> list[tuple[str, str]]:
    """(colour, label) of the shares' steps (charts/colours.py), then grey for 'Uppgift
    saknas': the matrix's legend, the same steps as the map's."""
    return [(color, label) for label, color in share_scale().legend()] + [(MISSING_COLOR, MISSING)]
