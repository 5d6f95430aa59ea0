"""Shared look of the comparison charts (svg_heatmap, svg_bars, svg_lines): colours, the
heatmap's steps and its legend. The charts themselves are SVG written by the server, on the
pages and (at slide size) on the presenter's slides. Missing values are never drawn as a
value: they are grey (MISSING_COLOR) and say 'Uppgift saknas'. 'Min kommun' is drawn in
HIGHLIGHT_COLOR and also named and set in bold, so it does not rely on colour.
"""

from __future__ import annotations

import math

from dashboard.charts import (
    CATEGORICAL,
    MISSING_COLOR,
    SEQUENTIAL,
)
from dashboard.domain.formatting import MISSING

BAR_COLOR = CATEGORICAL[0]
# Lines for municipalities other than 'min kommun': no vermilion (the highlight) and no
# yellow (too light on white); each also gets its own marker symbol.
LINE_COLORS = ["#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9"]
LINE_SYMBOLS = ["circle", "square", "triangle-up", "x", "star"]
# Heatmap: five steps of 20 percentage points (the lightest SEQUENTIAL step is left out so
# that 0–19 % is not mistaken for the grey of 'Uppgift saknas').
HEAT_STEPS = SEQUENTIAL[1:]
HEAT_LABELS = ["0–19 %", "20–39 %", "40–59 %", "60–79 %", "80–100 %"]


def heat_legend_items() -> list[tuple[str, str]]:
    """(colour, label) of the heatmap's steps, then grey for 'Uppgift saknas'."""
    return [*zip(HEAT_STEPS, HEAT_LABELS, strict=True), (MISSING_COLOR, MISSING)]


def heat_step(score: float) -> int | None:
    """Index into HEAT_STEPS for a share 0–100; None when missing."""
    if score is None or math.isnan(score):
        return None
    return min(len(HEAT_STEPS) - 1, max(0, int(score // 20)))
