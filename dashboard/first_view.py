"""The page a visitor opened, built into the app layout instead of one round trip later.

Dash pages normally sends the layout with an empty page container; the browser then asks
the router callback for the page (a round trip, and React draws the page twice). The
browser fetches `_dash-layout` from the page it is on, so the Referer header names that page
(the app sends `Referrer-Policy: same-origin`); the layout then carries the page already,
and `_pages_location` starts at that path, so the router has nothing to do until the
visitor navigates. The router logic is Dash's own (`update` in dash.Dash.enable_pages).

If the Referer is missing or names another site, the container starts empty and Dash routes
as usual. If it named the wrong page (a proxy rewriting it), assets/03_app.js sees that the
page in `data-first-view` differs from the address bar and makes Dash route again.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from urllib.parse import urlsplit

import dash
from dash import dcc, html
from dash._pages import _parse_query_string, _path_to_page

from dashboard import static_html
from dashboard.components import json_ready, shell
from dashboard.data import DataError, get_dataset

log = logging.getLogger(__name__)

# Dash's ids for the page container (dash.page_container); the router callback uses them.
LOCATION, CONTENT, STORE, DUMMY = (
    "_pages_location",
    "_pages_content",
    "_pages_store",
    "_pages_dummy",
)


def render(app: dash.Dash, pathname: str, search: str) -> tuple[object, str]:
    """(layout, title) of the page at pathname?search, exactly as Dash's router builds it."""
    page, path_variables = _path_to_page(app.strip_relative_path(pathname) or "")
    if not page:
        page = next(
            (p for p in dash.page_registry.values() if p["module"].endswith("not_found_404")), {}
        )
    layout = page.get("layout", html.H1("Sidan finns inte"))
    title = page.get("title", app.title)
    if callable(layout):
        layout = layout(**{**(path_variables or {}), **_parse_query_string(search)})
    if callable(title):
        title = title(**(path_variables or {}))
    return layout, title


def referring_page(referrer: str | None, host: str) -> tuple[str, str] | None:
    """(path, ?query) of the same-site page that asked for the layout, or None."""
    if not referrer:
        return None
    parts = urlsplit(referrer)
    if parts.netloc != host or not parts.path.startswith("/"):
        return None
    return parts.path, f"?{parts.query}" if parts.query else ""


def page_container(app: dash.Dash, page: tuple[str, str] | None) -> html.Div:
    """dash.page_container, with the referring page (referring_page) built in when known."""
    if page is None:
        return dash.page_container
    pathname, search = page
    layout, title = render(app, pathname, search)
    return html.Div(
        [
            dcc.Location(id=LOCATION, refresh="callback-nav", pathname=pathname, search=search),
            html.Div(
                layout,
                id=CONTENT,
                disable_n_clicks=True,
                **{"data-first-view": pathname + search},
            ),
            dcc.Store(id=STORE, data={"title": title}),
            html.Div(id=DUMMY, disable_n_clicks=True),
        ]
    )


# --- the same page as HTML, for the first paint (static_html.py) ------------------------------

MAX_PREVIEW_KEY = 2000  # longer (hostile) addresses get no preview, only the app


def preview_html(app: dash.Dash, pathname: str, search: str) -> tuple[str, str]:
    """(HTML of the whole page at this address, its title), or ("", "") if not possible."""
    if len(pathname) + len(search) > MAX_PREVIEW_KEY:
        return "", ""
    try:
        dataset = get_dataset()
    except DataError:  # the app shows the error; no preview of a broken dataset
        return "", ""
    try:
        return _preview(app, dataset, pathname, search)
    except Exception:  # noqa: BLE001 - the preview only saves time; the app still loads
        log.exception("no first-paint preview for %s%s", pathname, search)
        return "", ""


@lru_cache(maxsize=512)
def _preview(app: dash.Dash, _dataset, pathname: str, search: str) -> tuple[str, str]:
    layout, title = render(app, pathname, search)
    container = html.Div(html.Div(layout, id=CONTENT))
    return static_html.render(json_ready(shell(container, pathname))), str(title)
