"""Jämför kommuner (first version: later issues fill this page)."""

from __future__ import annotations

import dash
from dash import html

from dashboard.components import page_header

dash.register_page(
    __name__, path="/jamfor", title="Jämför kommuner – Kvinnofrid", name="Jämför kommuner", order=2
)


def layout(**_query) -> html.Div:
    return html.Div(
        [
            page_header("Jämför kommuner", "Den här vyn byggs ut i nästa steg."),
        ]
    )
