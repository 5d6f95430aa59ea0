"""Shared look of the comparison charts (svg_heatmap, svg_bars, svg_lines): colours, the
heatmap's steps and its legend. The charts themselves are SVG written by the server, on the
pages and (at slide size) on the presenter's slides. Missing values are never drawn as a
value: they are grey (MISSING_COLOR) and say 'Uppgift saknas'. 'Min kommun' is black
(colours.ROLE_MY_MUNICIPALITY: a heavy outline, a thick line with diamonds), also named and
set in bold, so it does not rely on colour. Every colour comes from a role in colours.py.
"""

from __future__ import annotations

from dashboard.charts import MISSING_COLOR
from dashboard.charts.colours import BLUES, ROLE_SERIES, share_scale
from dashboard.domain.formatting import MISSING

# A value's bar where no scale colours it: a blue of the value scale (blue = more).
BAR_COLOR = BLUES[2]
# Lines for municipalities other than 'min kommun' (colours.ROLE_SERIES): no status, value
# or reference colour; each also gets its own marker symbol.
LINE_COLORS = list(ROLE_SERIES)
LINE_SYMBOLS = ["circle", "square", "triangle-up", "x", "star"]


def heat_legend_items() -> list[tuple[str, str]]:
    """(colour, label) of the shares' steps (charts/colours.py), then grey for 'Uppgift
    saknas': the matrix's legend, the same steps as the map's."""
    return [(color, label) for label, color in share_scale().legend()] + [(MISSING_COLOR, MISSING)]
