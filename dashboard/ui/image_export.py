"""Image export of a chart as PNG or SVG, with title, source line and example-data notice.

`image_export_buttons(graph_id, …)` puts two plain buttons next to a dcc.Graph; a delegated
click listener in assets/06_export.js calls `window.dashboardExportImage`, which draws a copy
of the chart at slide size (1600 × 900 px for a PNG) with the title above and the source and
notice below, and downloads it. Nothing is sent to the server.

When a callback changes what a chart shows, pass `title_from` / `source_from`: the id of the
element whose text is the current title or source, read at the moment of the click. A title
may also name a control in braces ('… {jamfor-ar}'), replaced by its current value; without
any title the chart's own layout title is used.
"""

from __future__ import annotations

from functools import lru_cache

from dash import html

from dashboard.data.loader import Dataset
from dashboard.ui.html_block import HtmlBlock, frozen

EXAMPLE_NOTE = "Exempeldata: påhittade värden, inte verkliga uppgifter om kommunerna."
FORMATS = ("png", "svg")


def data_source(ds: Dataset, indicator_ids: list[str] | None = None) -> str:
    """The sources of the indicators (default: all) and their values, for an image."""
    return _data_source(ds, None if indicator_ids is None else tuple(indicator_ids))


@lru_cache(maxsize=64)
def _data_source(ds: Dataset, indicator_ids: tuple[str, ...] | None) -> str:
    # Every chart's image buttons ask; reading all values' sources each time was ~5 ms at
    # 290 municipalities.
    inds = ds.indicators
    if indicator_ids is not None:
        inds = inds[inds["id"].isin(indicator_ids)]
    values = ds.values[ds.values["indicator_id"].isin(inds["id"])]["source"]
    sources = [
        str(s)
        for s in dict.fromkeys([*inds["source"], *values])
        if s and not str(s).lower().startswith(("exempeldata", "beräknad"))
    ]
    return "; ".join(sources) or ds.county.organisation


def image_export_buttons(
    graph_id: str,
    title: str = "",
    source: str = "",
    is_example: bool = False,
    *,
    title_from: str | None = None,
    source_from: str | None = None,
) -> HtmlBlock:
    """Keyboard-accessible 'PNG' and 'SVG' buttons that download the chart as an image.

    Plain HTML (html_block.frozen): the buttons work through a delegated listener, so Dash
    need not keep five components per chart."""
    data = {
        "data-export-graph": graph_id,
        "data-export-title": title,
        "data-export-source": source,
        "data-export-note": EXAMPLE_NOTE if is_example else "",
    }
    if title_from:
        data["data-export-title-from"] = title_from
    if source_from:
        data["data-export-source-from"] = source_from
    buttons = [
        html.Button(
            fmt.upper(),
            type="button",
            className="btn btn-outline-primary btn-sm",
            title=f"Ladda ned diagrammet som bild ({fmt.upper()})",
            **{
                **data,
                "data-export-format": fmt,
                "aria-label": f"{fmt.upper()}: ladda ned diagrammet som bild",
            },
        )
        for fmt in FORMATS
    ]
    return frozen(
        html.Div(
            [
                html.Span("Ladda ned diagrammet som bild:", className="me-1"),
                *buttons,
                # Says when the image is saved, or why not (read out by screen readers).
                html.Span(className="image-export-status small", role="status"),
            ],
            className="image-export no-print",
        )
    )
