"""Going to another page without reloading, through Dash's public API.

Links written by the server as HTML (tables, maps, the slides' keys) are not dcc.Link
components, yet must open a page the way dcc.Link does. Dash pages' own router listens to
a `dcc.Location(refresh="callback-nav")` (dash.page_container); the browser sets its `href`
with `dash_clientside.set_props` (assets/03_navigation.js), and the Location then moves the
address and the router the page, exactly as for a callback that returns a new href (Dash's
documented way to navigate from a callback). Scripts that act after every navigation (the
menu's current mark, a #place on the new page) listen through a clientside callback on the
same Location's pathname and search, which Dash runs on every change of page: a link,
set_props, back and forward. Not when the page opens: the first view has set both already
(web/first_view.py), so opening a page runs no callback (a whole round of Dash's callback
machinery on a phone's main thread; a Location of its own cost one on every page load).
"""

from __future__ import annotations

from dash import ClientsideFunction, Input, clientside_callback

from dashboard.dash_seam import PAGE_LOCATION


def register() -> None:
    """Declare the callback (once per process: create_app). No output: it only tells the
    scripts (03_navigation.js: onNavigate) that the page changed."""
    clientside_callback(
        ClientsideFunction(namespace="dashboard", function_name="navigated"),
        Input(PAGE_LOCATION, "pathname"),
        Input(PAGE_LOCATION, "search"),
        prevent_initial_call=True,
    )
