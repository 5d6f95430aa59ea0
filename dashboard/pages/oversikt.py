"""Översikt: the county map (first version)."""

from __future__ import annotations

import dash
from dash import html

from dashboard.components import page_header

dash.register_page(__name__, path="/", title="Översikt – Kvinnofrid", name="Översikt", order=1)


def layout(**_query) -> html.Div:
    return html.Div([page_header("Översikt", "Länets kommuner på kartan.")])
