"""The 404 page for any path that is not a page."""

from __future__ import annotations

import dash
from dash import dcc, html

from dashboard import domain
from dashboard.ui.components import page_header

dash.register_page(__name__, path="/404", title="Sidan finns inte – Kvinnofrid", menu=False,
                   canonical_query=domain.no_url_state)  # fmt: skip


def layout(**_query) -> html.Div:
    return html.Div(
        [
            page_header("Sidan finns inte", "Adressen leder inte till någon sida i tjänsten."),
            html.P("Kontrollera adressen, eller gå vidare härifrån:"),
            html.Ul(
                [
                    html.Li(dcc.Link("Översikt med kartan", href="/")),
                    html.Li(dcc.Link("Jämför kommuner", href="/jamfor")),
                    html.Li(dcc.Link("Handlingsplanens strategi", href="/strategi")),
                    html.Li(dcc.Link("Om data", href="/om")),
                ],
                className="link-list",
            ),
        ]
    )
