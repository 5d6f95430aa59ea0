"""Strategi (first version: later issues fill this page)."""

from __future__ import annotations

import dash
from dash import html

from dashboard.components import page_header

dash.register_page(
    __name__, path="/strategi", title="Strategi – Kvinnofrid", name="Strategi", order=4
)


def layout(**_query) -> html.Div:
    return html.Div(
        [
            page_header("Strategi", "Den här vyn byggs ut i nästa steg."),
        ]
    )
