"""The page a visitor opened, built into the app layout instead of one round trip later.

Dash pages normally sends the layout with an empty page container; the browser then asks
the router callback for the page (a round trip, and React draws the page twice). The
browser fetches the layout (dash_seam.LAYOUT_ROUTE) from the page it is on, so the Referer
header names that page (the app sends `Referrer-Policy: same-origin`); the layout then
carries the page already, and the router's location (dash_seam.PAGE_LOCATION) starts at that
path, so the router has nothing to do until the visitor navigates. The router logic is
Dash's own (dash_seam.page_at).

If the Referer is missing or names another site, the container starts empty and Dash routes
as usual. If it named the wrong page (a proxy rewriting it), assets/04_first_view.js sees that the
page in `data-first-view` differs from the address bar and makes Dash route again.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

import dash
from dash import dcc, html

from dashboard import cache, dash_seam
from dashboard.dash_seam import PAGE_CONTENT, PAGE_DUMMY, PAGE_LOCATION, PAGE_STORE
from dashboard.data.loader import DataError, get_dataset
from dashboard.ui import menu, static_html
from dashboard.ui.components import json_ready, shell
from dashboard.web.page_cache import canonical_key

log = logging.getLogger(__name__)


def resolve(app: dash.Dash, pathname: str, search: str) -> tuple[dict, dict[str, object]]:
    """(page of Dash's registry, its path variables and query parameters) for an address;
    the 404 page for an address that is no page."""
    page, path_variables = dash_seam.page_at(app.strip_relative_path(pathname) or "")
    if not page:
        page = next(
            (p for p in dash.page_registry.values() if p["module"].endswith("not_found_404")), {}
        )
    return page, {**(path_variables or {}), **dash_seam.query_parameters(search)}


def render(app: dash.Dash, pathname: str, search: str) -> tuple[object, str]:
    """(layout, title) of the page at pathname?search, exactly as Dash's router builds it."""
    page, params = resolve(app, pathname, search)
    return _build(app, page, params)


def _build(app: dash.Dash, page: dict, params: dict[str, object]) -> tuple[object, str]:
    layout = page.get("layout", html.H1("Sidan finns inte"))
    title = page.get("title", app.title)
    if callable(layout):
        layout = layout(**params)
    if callable(title):
        title = title(**params)
    return layout, title


def referring_page(referrer: str | None, host: str) -> tuple[str, str] | None:
    """(path, ?query) of the same-site page that asked for the layout, or None."""
    if not referrer:
        return None
    try:
        parts = urlsplit(referrer)
    except ValueError:  # e.g. an unclosed IPv6 bracket: no page known, Dash routes itself
        return None
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
            dcc.Location(
                id=PAGE_LOCATION, refresh="callback-nav", pathname=pathname, search=search
            ),
            html.Div(
                layout,
                id=PAGE_CONTENT,
                disable_n_clicks=True,
                **{"data-first-view": pathname + search},
            ),
            dcc.Store(id=PAGE_STORE, data={"title": title}),
            html.Div(id=PAGE_DUMMY, disable_n_clicks=True),
        ]
    )


# --- the same page as HTML, for the first paint (static_html.py) ------------------------------


def preview_html(app: dash.Dash, pathname: str, search: str) -> tuple[str, str]:
    """(HTML of the whole page at this address, its title), or ("", "") if not possible.

    Cached per page and validated state (page_cache.canonical_key), never per raw address:
    junk query strings and unknown path variables share the entry of the page they show."""
    try:
        dataset = get_dataset()
    except DataError:  # the app shows the error; no preview of a broken dataset
        return "", ""
    try:
        page, params = resolve(app, pathname, search)
        canonical = getattr(page.get("layout"), "canonical", None)
        if canonical is None:  # a layout built per request (page_cache): no cached preview
            return "", ""
        key = canonical_key(canonical, dataset, params)
        current = menu.current_href(pathname) or ""
        module = page.get("module", "")
        html_and_title = cache.shared(
            "preview", dataset, (module, key, current), lambda: _preview(app, module, key, current)
        )
        return html_and_title[0], html_and_title[1]
    except Exception:  # noqa: BLE001 - the preview only saves time; the app still loads
        log.exception("no first-paint preview for %s%s", pathname, search)
        return "", ""


def _preview(
    app: dash.Dash, module: str, key: tuple[tuple[str, str], ...], current: str
) -> tuple[str, str]:
    page = next((p for p in dash.page_registry.values() if p["module"] == module), {})
    layout, title = _build(app, page, dict(key))
    container = html.Div(html.Div(layout, id=PAGE_CONTENT))
    # shell() marks the menu item of `current`: the item's own href selects it again.
    return static_html.render(json_ready(shell(container, current))), str(title)
