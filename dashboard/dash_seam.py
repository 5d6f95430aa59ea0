"""Every use of Dash's internals, in one place (with assets/02_dash_seam.js for the browser).

The app relies on a few things Dash has no public API for: functions of Dash pages' router,
its page container's ids, its list of callbacks, the front-end config, and the HTML it writes
for the index page (its script tags and the inline start script). Each is used here only,
with what it relies on and why there is no public way. tests/test_dash_contract.py checks
each against the installed Dash and names the function below to update when a Dash release
changes one. The Dash these were written against: 4.4 (pinned in pyproject.toml).

What is public and used elsewhere: dash.page_registry, dash.page_container, register_page,
callbacks, Dash.interpolate_index (documented for custom index pages), Dash's routes
(`_dash-layout`, `_dash-dependencies`, `_dash-update-component`: the renderer's protocol).
"""

from __future__ import annotations

import re

import dash

# The callbacks declared with dash.callback (pages' @callback) before the app's first request
# moves them into the app. Private (dash/_callback.py); the start-up check of the pages
# (web/page_contract.py) must see every callback before any request is served.
from dash._callback import GLOBAL_CALLBACK_LIST

# Dash pages' router: matching a path to a page and parsing ?query into the layout's keyword
# arguments. Private (dash/_pages.py); no public API returns "the page at this address", and
# the app must build a page exactly as Dash's router would (first_view.py, the 404 status).
from dash._pages import _parse_path_variables, _parse_query_string, _path_to_page

# Dash's parser of a callback's output key ("a.b" or "..a.b...c.d.."), used to check a
# callback request's outputs against the registered callback (errors.py). Private
# (dash/_utils.py); the key format is Dash's renderer protocol, not a documented API.
from dash._utils import split_callback_id

# --- Dash's HTTP routes ---------------------------------------------------------------------------

# Dash's endpoints under url_base_pathname (dash.Dash._setup_routes). They are Dash's own
# protocol with the renderer, not documented API: the app refuses malformed callback bodies,
# preloads the layout and the callback list, and builds the first view on these paths.
LAYOUT_ROUTE = "_dash-layout"
DEPENDENCIES_ROUTE = "_dash-dependencies"
UPDATE_ROUTE = "_dash-update-component"
COMPONENT_SUITES = "_dash-component-suites/"
# The class of the placeholder Dash writes into react-entry-point until the page is drawn.
LOADING_CLASS = "_dash-loading"

# Dash pages' meta tags whose content is an absolute URL built from the request's Host
# header (dash/_pages.py: _page_meta_tags uses request.url and request.root). A page must
# not echo whatever Host a client sends; there is no configured public URL to use instead,
# and no setting to leave the tags out.
HOST_URL_METAS = re.compile(r'<meta property="(?:twitter|og):(?:url|image)"[^>]*>\s*')


def without_host_urls(metas: str) -> str:
    """Dash's meta tags without those built from the request's Host header."""
    return HOST_URL_METAS.sub("", metas)


# --- the router --------------------------------------------------------------------------------

# The ids of dash.page_container's components (dash/_pages.py: page_container). Dash's router
# callback reads and writes them; the first view (first_view.page_container) builds the same
# container with the page already inside, so it must use the same ids.
PAGE_LOCATION, PAGE_CONTENT, PAGE_STORE, PAGE_DUMMY = (
    "_pages_location",
    "_pages_content",
    "_pages_store",
    "_pages_dummy",
)
# The output of Dash pages' title callback (dash.Dash.enable_pages: it copies the page's title
# from PAGE_STORE into document.title via a clientside callback writing PAGE_DUMMY).
TITLE_CALLBACK_OUTPUT = f"{PAGE_DUMMY}.children"


def page_at(path: str) -> tuple[dict | None, dict | None]:
    """(the registry entry of the page at a relative path, its path variables), as Dash's
    router finds it; (None, None) for no page. Relies on dash._pages._path_to_page."""
    return _path_to_page(path)


def query_parameters(search: str) -> dict[str, object]:
    """?a=1&b=2 as the keyword arguments Dash's router passes to a layout.
    Relies on dash._pages._parse_query_string."""
    return _parse_query_string(search)


def matches_template(path: str, template: str) -> bool:
    """Whether a path fits a page's path_template (/kommun/<kod>), as Dash's router decides.
    Relies on dash._pages._parse_path_variables (None when it does not fit)."""
    return _parse_path_variables(path, template) is not None


def callback_outputs(output: str) -> object:
    """A callback's output key split as Dash does: a dict, or a list for several outputs.
    Relies on dash._utils.split_callback_id."""
    return split_callback_id(output)


def declared_callbacks(app: dash.Dash) -> list[dict]:
    """Every callback declared so far, with its "output" key and "inputs"/"state" lists as
    the renderer receives them (_dash-dependencies). Relies on dash._callback's
    GLOBAL_CALLBACK_LIST and the app's private _callback_list (app.callback)."""
    return [*GLOBAL_CALLBACK_LIST, *app._callback_list]


# --- the Dash app's private methods ------------------------------------------------------------

# Keys of Dash's front-end config (Dash._config) that name the server's software versions.
# Only the dev tools' version check reads them, and the dev tools are off in production.
VERSION_CONFIG_KEYS = ("dash_version", "python_version", "plotly_version", "ddk_version",
                       "dash_version_url")  # fmt: skip


class SeamDash(dash.Dash):
    """dash.Dash with the two private methods the app must change overridden here, and only here.

    - `_config`: the front-end config Dash writes into every page. Dash 4.4 always adds the
      software versions (VERSION_CONFIG_KEYS); there is no setting to leave them out, and a
      page must not tell any visitor the server's versions.
    - `dependencies`: the route handler of `_dash-dependencies`, reading Dash's private
      `_callback_list`. Dash pages' title callback (TITLE_CALLBACK_OUTPUT) is sent with
      prevent_initial_call: on opening a page the server has already written its title into
      <title>, and running it would be the only callback of the page's start (a whole round
      of Dash's callback machinery on a phone's main thread). It still runs on every later
      change of page. There is no public way to change another module's callback.
    """

    def _config(self):
        config = super()._config()
        if not dev_tool(self, "ui"):
            for key in VERSION_CONFIG_KEYS:
                config.pop(key, None)
        return config

    def dependencies(self):
        from plotly.io.json import to_json_plotly

        callbacks = [
            {**callback, "prevent_initial_call": True}
            if callback.get("output") == TITLE_CALLBACK_OUTPUT
            else callback
            for callback in self._callback_list
        ]
        return self.backend.make_response(
            to_json_plotly(callbacks), content_type="application/json"
        )


def dev_tool(app: dash.Dash, name: str) -> bool:
    """Whether one of Dash's dev tools (ui, hot_reload, …) is on. Dash keeps them in the
    private `_dev_tools` (set by enable_dev_tools/run); there is no public getter."""
    return bool(app._dev_tools.get(name))


# --- the index page Dash writes ----------------------------------------------------------------

# Dash's script tags, as Dash.interpolate_index receives them in `scripts` (dash.py:
# _generate_scripts_html writes `<script src="…"></script>` per file). There is no public
# setting to drop one of Dash's own bundles or to defer them.
#
# @babel/polyfill (core-js 2 for old browsers): every browser the app supports has these
# built-ins. Dash's bundles only need the global regeneratorRuntime from it, which
# assets/01_regenerator-runtime.js provides.
POLYFILL_TAG = re.compile(r'<script src="[^"]*/deps/polyfill@[^"]*"></script>\n?')
# dash_table's bundle: Dash always adds it, the app has no DataTable.
DASH_TABLE_TAG = re.compile(r'<script src="[^"]*/dash_table/bundle[^"]*"></script>\n?')
# dcc loads dcc.Graph's code lazily, one round trip after the page's layout has arrived;
# loaded with the other scripts it is there when the first chart is drawn. Same version
# fingerprint as the dcc bundle, so the browser caches it for good.
DCC_TAG = re.compile(r'<script src="([^"]*/dcc/)dash_core_components(\.v[\w]+\.js)"></script>')
# Every script file deferred: the browser shows the page's HTML (first_view) as soon as the
# CSS is there, instead of after running all of Dash's script; deferred scripts still run in
# order, and Dash's start (renderer_start) waits for them.
SCRIPT_TAG = re.compile(r'<script src="([^"]+)"></script>')


def page_scripts(scripts: str) -> str:
    """Dash's script tags without the two unused bundles, plus dcc's graph chunk, all
    deferred. plotly.js is not among them: dcc.Graph loads it when a chart is first drawn
    (assets/03_plotly.js); the other charts are SVG from the server."""
    scripts = POLYFILL_TAG.sub("", scripts)
    scripts = DASH_TABLE_TAG.sub("", scripts)
    scripts = DCC_TAG.sub(
        lambda m: f'{m.group(0)}\n<script src="{m.group(1)}async-graph{m.group(2)}"></script>',
        scripts,
        count=1,
    )
    return SCRIPT_TAG.sub(r'<script src="\1" defer></script>', scripts)


# Dash's inline start script (Dash.renderer, public attribute, but its text is Dash's):
# "var renderer = new DashRenderer(hooks);". Dash hashes Dash.renderer for the CSP
# (Dash.csp_hashes), so rewriting the attribute keeps the CSP right.
RENDERER_PREFIX = "var renderer = "


def renderer_start(renderer: str) -> str:
    """Dash's inline start script, run once the deferred scripts have run (the inline
    script itself would run at once, before DashRenderer exists)."""
    body = renderer.removeprefix(RENDERER_PREFIX)
    return f'document.addEventListener("DOMContentLoaded", function () {{ window.renderer = {body} }});'
