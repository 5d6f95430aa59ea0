"""The app factory: create_app(settings) builds the Dash app; create_server() is gunicorn's entry.

Importing this module builds nothing, starts no thread and sends no request. gunicorn builds
the app once in its master (gunicorn.conf.py: preload_app) and warms it there (prewarm.warm,
a server hook) before forking the workers, which inherit both.
"""

from __future__ import annotations

import logging
import traceback
from html import escape

import dash
from flask import Response, abort, has_request_context, jsonify, request
from flask_compress import Compress

from dashboard import cache, dash_seam
from dashboard.config import REPO_ROOT, Settings, get_settings
from dashboard.data.loader import DataError, get_dataset
from dashboard.data.store import live
from dashboard.ui import export, navigation
from dashboard.ui.components import shell
from dashboard.web import admin, bundles, errors, first_view, page_cache, page_contract, serving

log = logging.getLogger(__name__)

INDEX_STRING = """<!DOCTYPE html>
<html lang="sv">
    <head>
        {%metas%}
        <title>{%title%}</title>
        <link rel="icon" href="data:,">
        {%css%}
    </head>
    <body>
        <noscript>Den här sidan behöver JavaScript för att visa diagram och kartor.</noscript>
        {%app_entry%}
        {%config%}
        {%scripts%}
        {%renderer%}
    </body>
</html>"""

# Dash's own placeholder says "Loading..." in English until the page has been drawn.
APP_ENTRY = (
    '<div id="react-entry-point"{attrs}><div class="{loading}" role="status">'
    "Sidan laddas …</div></div>"
)
# The page as HTML (first_view.preview_html), shown until React has drawn the real one
# beside it (hidden until then: assets/02_app.css, the swap in assets/04_preview_swap.js).
PREVIEW = '<div id="forhandsvisning">{html}</div>'
# Without JavaScript the preview is the page: its menu open, its buttons (which need the
# app) hidden, its controls dimmed. Styles only; the CSP allows inline styles.
NO_SCRIPT_STYLE = (
    "<noscript><style>#forhandsvisning .navbar-collapse{display:block}"
    "#forhandsvisning button{display:none}"
    "#forhandsvisning select,#forhandsvisning input{pointer-events:none;opacity:.65}"
    "body>noscript{display:block;padding:.5rem 1rem;background:#fff3cd}</style></noscript>"
)


class DashboardApp(dash_seam.SeamDash):
    """Dash with a leaner start page (dash_seam.page_scripts) and the page's first view;
    the overrides of Dash's private methods are in dash_seam.SeamDash."""

    def interpolate_index(self, **kwargs):
        kwargs["metas"] = dash_seam.without_host_urls(kwargs.get("metas", ""))
        kwargs["scripts"] = dash_seam.page_scripts(kwargs.get("scripts", ""))
        query = request.query_string.decode("utf-8", "replace")
        preview, title = first_view.preview_html(self, request.path, f"?{query}" if query else "")
        kwargs["app_entry"] = (
            PREVIEW.format(html=preview)
            + APP_ENTRY.format(attrs=' class="vantar"', loading=dash_seam.LOADING_CLASS)
            if preview
            else APP_ENTRY.format(attrs="", loading=dash_seam.LOADING_CLASS)
        )
        if preview:
            kwargs["title"] = escape(title)  # the page's own title before the app sets it
            kwargs["css"] = kwargs.get("css", "") + NO_SCRIPT_STYLE
        prefix = self.config.requests_pathname_prefix
        # Dash's renderer asks for the layout and the callbacks only once all scripts have
        # run; preloaded, both answers are there by then (the layout carries the page:
        # first_view.py).
        preload = [f"{prefix}{dash_seam.LAYOUT_ROUTE}", f"{prefix}{dash_seam.DEPENDENCIES_ROUTE}"]
        links = "".join(
            f'<link rel="preload" href="{url}" as="fetch" crossorigin="anonymous">\n'
            for url in preload
        )
        kwargs["css"] = links + kwargs.get("css", "")
        return super().interpolate_index(**kwargs)


def _callback_failed(error: Exception) -> None:
    """Safety net for input no page validated: log it, keep what the page shows (no 500).

    One line, not the traceback: any client can send such input, as often as it likes. The
    innermost frame says where a page's validation is missing."""
    frames = traceback.extract_tb(error.__traceback__)
    where = f" at {frames[-1].filename}:{frames[-1].lineno}" if frames else ""
    log.warning("callback failed and was ignored: %s%s", repr(error)[:300], where)


def _is_page_path(relative_path: str) -> bool:
    path = "/" + relative_path.strip("/")
    for page in dash.page_registry.values():
        if page["module"].endswith("not_found_404"):
            continue
        if page["path"].rstrip("/") == path.rstrip("/") or (path == "/" and page["path"] == "/"):
            return True
        template = page.get("path_template")
        if template and dash_seam.matches_template(path, template):
            return True
    return False


def _is_found(relative_path: str) -> bool:
    """A page, and one whose path variables name something that exists: /kommun/9999 and
    /strategi/9/9 show their helpful Swedish page with status 404. A page with path
    variables says what exists with `found=` in dash.register_page (a function of the
    dataset and the path variables; see pages/kommun.py, pages/strategi_mal.py)."""
    if not _is_page_path(relative_path):
        return False
    page, variables = dash_seam.page_at(relative_path)
    found = (page or {}).get("found")
    if not variables or found is None:
        return True
    try:
        return bool(found(get_dataset(), variables))
    except DataError:  # the page says what is wrong with the data; not a missing page
        return True


# The app this process has built: Dash keeps its page registry and the callbacks declared with
# dash.callback in module globals, so a process holds one app (see create_app).
_built: dash.Dash | None = None


def _new_dash_app(settings: Settings, bundle_base: str, css_name: str, js_name: str,
              plotly_name: str) -> DashboardApp:  # fmt: skip
    """The Dash app itself: its pages, assets, bundles, error handler and meta tags."""
    return DashboardApp(
        # The package name, not __name__: pages are then registered once, as dashboard.pages.*
        "dashboard",
        use_pages=True,
        pages_folder=str(REPO_ROOT / "dashboard" / "pages"),
        assets_folder=str(settings.assets_dir),
        # The small CSS/JS files in assets/ are served as one bundle each (bundles.py).
        assets_ignore=bundles.ASSETS_IGNORE,
        external_stylesheets=[bundle_base + css_name],
        # plotly.js: dcc.Graph loads it when a chart is first drawn, from the meta tag below
        # (assets/03_plotly.js), not Dash's own 4.8 MB copy. The pages' charts are SVG from the
        # server (charts/svg_*.py) but for Strategi's goal tree and the presenter's slides.
        external_scripts=[bundle_base + js_name],
        title="Kvinnofrid – uppföljning av handlingsplanen",
        update_title=None,
        # Pages with path templates build different layouts per URL, so not every callback
        # id exists in every layout; Dash would otherwise log errors in the browser.
        suppress_callback_exceptions=True,
        on_error=_callback_failed,
        url_base_pathname=settings.url_base_pathname,
        serve_locally=True,
        compress=False,  # Flask-Compress is configured below, with a cache
        # Dash pages writes this into each page's meta description (and og/twitter tags).
        description="Uppföljning av länets handlingsplan mot mäns våld mot kvinnor: "
        "kommunernas arbete, delmål och indikatorer.",
        meta_tags=[
            {"name": "viewport", "content": "width=device-width, initial-scale=1"},
            {"name": "dashboard-plotly", "content": bundle_base + plotly_name},
        ],
    )


def _install_layout(app: dash.Dash) -> None:
    """The app's layout: the shell around the page container, or for the browser's layout
    request the shell with the page it is on already built in (first_view)."""

    def layout():
        # For the browser's layout request: the page it is on, built in (first_view).
        if has_request_context() and request.path.endswith(dash_seam.LAYOUT_ROUTE):
            page = first_view.referring_page(request.referrer, request.host)
            return shell(first_view.page_container(app, page), page[0] if page else "/")
        return shell(dash.page_container)

    app.layout = layout


def create_app(settings: Settings | None = None) -> dash.Dash:
    """Build the Dash app (routes, security, caches); no request is sent, no thread started.

    Once per process. Dash's page registry and the list of callbacks declared with
    `dash.callback` are module globals: every Dash(use_pages=True) executes the page modules
    again and the first app to serve takes all
    callbacks. A second app would share and confuse that state, so a second call raises;
    tests build the app once per session (the `app` fixture in tests/conftest.py).

    Dash completes its setup on the first request; prewarm.warm makes
    that request, and gunicorn's master calls it before forking (gunicorn.conf.py).
    """
    global _built
    if _built is not None:
        raise RuntimeError(
            "create_app() has already built this process's app. Dash's page registry and "
            "dash.callback's list are global, so a process holds one app: use that one."
        )
    settings = settings or get_settings()
    cache.configure(settings)  # the one cache the workers share (dashboard/cache.py)
    css_bundle = bundles.build(settings.assets_dir, ".css")
    js_bundle = bundles.build(settings.assets_dir, ".js")
    plotly_bundle = bundles.plotly_bundle(settings.assets_dir)
    bundle_base = f"{settings.url_base_pathname}_bundle/"
    app = _new_dash_app(settings, bundle_base, css_bundle.name, js_bundle.name, plotly_bundle.name)
    app.index_string = INDEX_STRING
    app.renderer = dash_seam.renderer_start(app.renderer)  # Dash hashes it for the CSP
    _install_layout(app)
    navigation.register()  # links in server-written HTML open pages as dcc.Link does
    page_cache.prepare_layouts(dash.page_registry.values())
    # A page Dash's docs would accept but this app could not serve right: refuse to start.
    page_contract.check_app(app)
    _configure_server(app, settings)
    admin.install(app.server, settings, f"{bundle_base}{css_bundle.name}")
    _serve_bundles(app.server, bundle_base, [css_bundle, js_bundle, plotly_bundle])
    _built = app
    return app


def create_server(settings: Settings | None = None):
    """gunicorn's entry (Procfile: `dashboard.web.app:create_server()`): the app's WSGI server.

    Only builds; gunicorn.conf.py warms it in the master (prewarm.warm) before the workers fork.
    """
    return create_app(settings).server


def _serve_bundles(server, base: str, served: list[bundles.Bundle]) -> None:
    by_name = {bundle.name: bundle for bundle in served}

    @server.route(f"{base}<name>")
    def asset_bundle(name: str):
        bundle = by_name.get(name)
        if bundle is None:
            return Response("Filen finns inte.", status=404, mimetype="text/plain")
        response = Response(bundle.body, mimetype=bundle.mimetype)
        response.cache_control.public = True
        response.cache_control.max_age = 31536000  # the name changes with the content
        response.cache_control.immutable = True
        return response


def _status_routes(server, home: str) -> None:
    """/_halsa (the process answers) and /_redo (its data is loaded and valid)."""

    @server.route(f"{home}_halsa")
    def health():
        # For load balancers and uptime checks: plain JSON, touches no data.
        response = jsonify(status="ok")
        response.cache_control.no_store = True
        return response

    @server.route(f"{home}_redo")
    def ready():
        # Readiness, apart from health: the process answers (/_halsa) and its data is loaded
        # and valid, so every page can be shown. The data is loaded before the workers fork
        # (prewarm.load_data), so this reads what is in memory; with a broken file it says
        # what is wrong (as the pages do) with 503, and a balancer sends no one here.
        try:
            ds = get_dataset()
        except DataError as error:
            response = jsonify(status="ej redo", fel=str(error))
            response.status_code = 503
        else:
            response = jsonify(status="redo", kommuner=len(ds.municipalities),
                               senaste_ar=max(ds.years, default=None),
                               version=live.served_version(get_settings()))  # fmt: skip
        response.cache_control.no_store = True
        return response


def _dev_route_guard(app: dash.Dash, home: str) -> None:
    """No hot-reload route outside debug mode."""
    server = app.server

    @server.before_request
    def no_dev_routes():
        # Dash always registers /_reload-hash; it is only used by hot reload in debug mode.
        if request.path == f"{home}_reload-hash" and not dash_seam.dev_tool(app, "hot_reload"):
            abort(404)
        return None


def _download_route(server, home: str) -> None:
    """Every view's table as CSV or Excel, the report's views also as PDF and Word
    (ui/export.py)."""

    @server.route(f"{home}nedladdning/<view>.<fmt>")
    def download(view: str, fmt: str):
        try:
            body, mimetype, filename = export.render(view, fmt, request.args)
        except KeyError:
            return Response("Det finns ingen sådan nedladdning.", status=404, mimetype="text/plain")
        except export.DocumentRefused as refused:  # a municipality or year that names nothing
            return Response(str(refused), status=refused.status, mimetype="text/plain")
        return Response(
            body,
            # content_type as given: export's types already name their charset, and
            # mimetype= would append "; charset=utf-8" a second time.
            content_type=mimetype,
            headers={"Content-Disposition": f'attachment; filename="{filename}"'},
        )


def _response_hooks(server, home: str) -> None:
    """A path that is no page answers 404; the layout, which follows the Referer, is never
    cached."""

    @server.after_request
    def not_found_status(response: Response) -> Response:
        # Dash serves its page shell for any path; a path that is no page still gets the
        # Swedish 404 page, but with the status a browser, crawler or proxy expects.
        if (
            request.method == "GET"
            and response.status_code == 200
            and response.mimetype == "text/html"
            # The admin's own pages keep their status; Dash's shell under /admin is no page.
            and not (admin.is_admin_path(request.path) and request.blueprint == "admin")
            and not _is_found(dash.strip_relative_path(request.path) or "")
        ):
            response.status_code = 404
        return response

    @server.after_request
    def layout_not_cached(response: Response) -> Response:
        # The layout depends on the Referer (first_view): no cache may hand it to another page.
        if request.path == f"{home}{dash_seam.LAYOUT_ROUTE}":
            response.cache_control.no_store = True
            response.vary.add("Referer")
        return response


def _configure_server(app: dash.Dash, settings: Settings) -> None:
    server = app.server
    server.config["MAX_CONTENT_LENGTH"] = 256 * 1024  # callback payloads are a few kB
    server.config["COMPRESS_ALGORITHM"] = ["br", "gzip"]
    server.config["COMPRESS_STREAMS"] = False  # static files: see serving.py
    Compress(server)  # dynamic responses (pages, callbacks), compressed on the fly
    home = settings.url_base_pathname
    serving.install(server, home, app.csp_hashes)

    _status_routes(server, home)
    _dev_route_guard(app, home)
    _download_route(server, home)
    _response_hooks(server, home)
    # Swedish error pages for every status, never a stack trace; malformed callback bodies
    # refused before Dash's dispatch (errors.py).
    errors.install(app, home)
