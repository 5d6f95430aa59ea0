"""Going to another page without reloading, through Dash's public API.

Links written by the server as HTML (tables, maps, the slides' keys) are not dcc.Link
components, yet must open a page the way dcc.Link does. The shell holds one
`dcc.Location(refresh="callback-nav")`; the browser sets its `href` with
`dash_clientside.set_props` (assets/03_navigation.js), and dcc.Location then moves the
address, and Dash pages' router the page, exactly as for a callback that returns a new
href (Dash's documented way to navigate from a callback). Scripts that act after every
navigation (the menu's current mark, a #place on the new page) listen through a
clientside callback on the same component's href, which Dash runs on every change of
address: a link, set_props, back and forward.
"""

from __future__ import annotations

from dash import ClientsideFunction, Input, clientside_callback, dcc

LOCATION_ID = "navigering"


def location() -> dcc.Location:
    return dcc.Location(id=LOCATION_ID, refresh="callback-nav")


# No output: it only tells the scripts (03_navigation.js: onNavigate) that the address changed.
clientside_callback(
    ClientsideFunction(namespace="dashboard", function_name="navigated"),
    Input(LOCATION_ID, "href"),
    prevent_initial_call=True,
)
