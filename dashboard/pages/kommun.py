"""Kommun: one municipality's profile (first version: name and population)."""

from __future__ import annotations

import dash
from dash import dcc, html

from dashboard.components import guarded, page_header
from dashboard.data import get_dataset
from dashboard.formatting import format_number

dash.register_page(
    __name__, path_template="/kommun/<kod>", path="/kommun", title="Kommun – Kvinnofrid",
    name="Kommun", order=3,
)  # fmt: skip


def municipality_links() -> html.Ul:
    ds = get_dataset()
    return html.Ul(
        [
            html.Li(dcc.Link(row["name"], href=f"/kommun/{row['code']}"))
            for _, row in ds.municipalities.iterrows()
        ]
    )


@guarded
def layout(kod: str | None = None, **_query) -> html.Div:
    ds = get_dataset()
    match = ds.municipalities[ds.municipalities["code"] == kod]
    if kod is None:
        return html.Div([page_header("Kommuner", "Välj en kommun."), municipality_links()])
    if match.empty:
        return html.Div(
            [
                page_header("Kommunen finns inte", "Det finns ingen kommun med den koden i länet."),
                html.P("Välj en av länets kommuner:"),
                municipality_links(),
            ]
        )
    row = match.iloc[0]
    return html.Div(
        [
            page_header(
                f"{row['name']} kommun",
                f"Folkmängd {format_number(row['population'])} ({row['population_date']}).",
            )
        ]
    )
