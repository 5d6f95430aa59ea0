"""Contract tests: what dashboard/dash_seam.py and assets/02_dash_seam.js rely on in Dash.

One test per thing relied on. Each fails with "Dash X.Y changed <what>: update <where>", so
that trying a new Dash release says exactly which function of the seam to look at.
"""

from __future__ import annotations

import inspect
import re

import dash
import pytest

from dashboard import dash_seam

VERSION = dash.__version__


def changed(what: str, where: str) -> str:
    return f"Dash {VERSION} changed {what}: update {where}"


def test_router_finds_a_page_and_its_path_variables(app):
    page, variables = dash_seam.page_at("kommun/0780")
    assert page and page["module"].endswith("kommun") and variables == {"kod": "0780"}, changed(
        "dash._pages._path_to_page (page and path variables of an address)", "dash_seam.page_at"
    )
    page, _ = dash_seam.page_at("finns/inte/alls")
    assert not page, changed("dash._pages._path_to_page for no page", "dash_seam.page_at")


def test_router_parses_the_query_string():
    assert dash_seam.query_parameters("?ar=2025&indikator=suv") == {
        "ar": "2025",
        "indikator": "suv",
    }, changed("dash._pages._parse_query_string", "dash_seam.query_parameters")


def test_router_matches_path_templates():
    assert dash_seam.matches_template("/kommun/0780", "/kommun/<kod>"), changed(
        "dash._pages._parse_path_variables (a match)", "dash_seam.matches_template"
    )
    assert not dash_seam.matches_template("/jamfor", "/kommun/<kod>"), changed(
        "dash._pages._parse_path_variables (no match must be None)", "dash_seam.matches_template"
    )


def test_callback_output_keys_split_as_the_renderer_sends_them():
    assert dash_seam.callback_outputs("a.children") == {"id": "a", "property": "children"}, changed(
        "dash._utils.split_callback_id (one output)", "dash_seam.callback_outputs"
    )
    assert dash_seam.callback_outputs("..a.children...b.style..") == [
        {"id": "a", "property": "children"},
        {"id": "b", "property": "style"},
    ], changed("dash._utils.split_callback_id (several outputs)", "dash_seam.callback_outputs")


def test_page_container_ids_are_dashs():
    ids = [getattr(child, "id", None) for child in dash.page_container.children]
    expected = [
        dash_seam.PAGE_LOCATION,
        dash_seam.PAGE_CONTENT,
        dash_seam.PAGE_STORE,
        dash_seam.PAGE_DUMMY,
    ]
    assert ids == expected, changed(
        f"dash.page_container's ids (now {ids})", "dash_seam.PAGE_LOCATION/CONTENT/STORE/DUMMY"
    )


def test_the_title_callback_is_in_the_callback_list_with_the_keys_used(app, client):
    assert hasattr(app, "_callback_list"), changed(
        "Dash._callback_list", "dash_seam.SeamDash.dependencies"
    )
    titles = [c for c in app._callback_list if c.get("output") == dash_seam.TITLE_CALLBACK_OUTPUT]
    assert len(titles) == 1, changed(
        "the pages' title callback (its output)", "dash_seam.TITLE_CALLBACK_OUTPUT"
    )
    keys = {"output", "inputs", "prevent_initial_call"}
    assert all(keys <= set(c) for c in app._callback_list), changed(
        "the items of Dash._callback_list", "dash_seam.SeamDash.dependencies"
    )
    served = client.get("/_dash-dependencies").get_json()
    title = [c for c in served if c["output"] == dash_seam.TITLE_CALLBACK_OUTPUT]
    assert title and title[0]["prevent_initial_call"] is True, changed(
        "the _dash-dependencies handler (Dash.dependencies)", "dash_seam.SeamDash.dependencies"
    )


def test_declared_callbacks_are_the_ones_the_renderer_gets(app, client):
    """web/page_contract.py checks the callbacks before the first request moves them."""
    served = client.get("/_dash-dependencies").get_json()
    declared = dash_seam.declared_callbacks(app)
    assert {c["output"] for c in declared} == {c["output"] for c in served}, changed(
        "dash._callback.GLOBAL_CALLBACK_LIST or Dash._callback_list", "dash_seam.declared_callbacks"
    )
    assert all({"output", "inputs", "state"} <= set(c) for c in declared), changed(
        "the items of Dash's callback list", "dash_seam.declared_callbacks"
    )


def test_the_front_end_config_is_made_by_config_and_its_versions_are_known(app):
    assert callable(getattr(dash.Dash, "_config", None)), changed(
        "Dash._config (the front-end config)", "dash_seam.SeamDash._config"
    )
    config = dash.Dash._config(app)  # Dash's own, without the seam's override
    versions = {key for key in config if "version" in key} - {"disable_version_check"}
    assert versions <= set(dash_seam.VERSION_CONFIG_KEYS), changed(
        f"the version keys of Dash._config ({sorted(versions)})", "dash_seam.VERSION_CONFIG_KEYS"
    )


def test_dev_tools_are_read_as_the_seam_reads_them(app):
    assert hasattr(app, "_dev_tools") and "hot_reload" in app._dev_tools, changed(
        "Dash._dev_tools", "dash_seam.dev_tool"
    )
    assert dash_seam.dev_tool(app, "ui") is False and dash_seam.dev_tool(app, "hot_reload") is False


def _dash_scripts(app) -> str:
    # What Dash.interpolate_index receives as `scripts` (Dash._generate_scripts_html).
    return app._generate_scripts_html()


@pytest.mark.parametrize(
    ("pattern", "what"),
    [
        ("POLYFILL_TAG", "the @babel/polyfill script tag"),
        ("DASH_TABLE_TAG", "dash_table's script tag"),
        ("DCC_TAG", "dcc's script tag"),
    ],
)
def test_dashs_script_tags_match_the_seams_patterns(app, pattern, what):
    scripts = _dash_scripts(app)
    assert getattr(dash_seam, pattern).search(scripts), changed(
        f"{what} in the index page", f"dash_seam.{pattern} (and dash_seam.page_scripts)"
    )


def test_every_dash_script_tag_is_deferred(app, client):
    scripts = _dash_scripts(app)
    tags = re.findall(r"<script[^>]*\bsrc=[^>]*>", scripts)  # files; inline ones stay as they are
    unmatched = [t for t in tags if not dash_seam.SCRIPT_TAG.match(t + "</script>")]
    assert tags and not unmatched, changed(
        f"its script tags ({unmatched[:2]})", "dash_seam.SCRIPT_TAG"
    )
    page = client.get("/").get_data(as_text=True)
    assert "polyfill@" not in page and "dash_table/bundle" not in page
    assert re.search(r'<script src="[^"]*/dcc/async-graph\.v[\w]+\.js" defer>', page), changed(
        "dcc's lazily loaded graph chunk (async-graph)", "dash_seam.page_scripts"
    )


def test_the_renderer_start_script_has_the_expected_prefix(app, client):
    source = inspect.getsource(dash.Dash.__init__)
    assert f'self.renderer = f"{dash_seam.RENDERER_PREFIX}new DashRenderer(' in source, changed(
        "Dash.renderer (the inline start script)", "dash_seam.RENDERER_PREFIX/renderer_start"
    )
    page = client.get("/").get_data(as_text=True)
    assert "window.renderer = new DashRenderer(" in page and "var renderer" not in page, changed(
        "the inline start script in the page", "dash_seam.renderer_start"
    )


def test_the_renderer_completes_its_setup_on_the_first_request(app):
    # prewarm.first_request relies on this: Dash's setup (callbacks, scripts) is done by then.
    assert app._got_first_request.get("setup_server") is True, changed(
        "when Dash._setup_server runs", "dashboard/web/prewarm.first_request"
    )


def _served_javascript(client) -> str:
    page = client.get("/").get_data(as_text=True)
    urls = re.findall(r'<script src="([^"]+)"', page)
    return "\n".join(client.get(url.replace("&amp;", "&")).get_data(as_text=True) for url in urls)


@pytest.mark.parametrize(
    ("name", "where"),
    [
        ("_dashPlotlyJSURL", "PLOTLY_URL (pinPlotlyURL)"),
    ],
)
def test_the_browser_internals_exist_in_the_served_scripts(client, name, where):
    assert name in _served_javascript(client), changed(
        f"the browser name {name}", f"assets/02_dash_seam.js {where}"
    )


def test_the_browser_seam_names_the_same_internals_as_the_python_seam():
    from dashboard.config import REPO_ROOT

    js = (REPO_ROOT / "assets" / "02_dash_seam.js").read_text(encoding="utf-8")
    assert f'PAGE_CONTENT = "{dash_seam.PAGE_CONTENT}"' in js
    assert f'PAGE_LOCATION = "{dash_seam.PAGE_LOCATION}"' in js
    assert 'PLOTLY_URL = "_dashPlotlyJSURL"' in js


@pytest.mark.parametrize(
    "route", [dash_seam.LAYOUT_ROUTE, dash_seam.DEPENDENCIES_ROUTE, dash_seam.UPDATE_ROUTE]
)
def test_dashs_routes_have_the_seams_names(app, route):
    rules = {rule.rule for rule in app.server.url_map.iter_rules()}
    assert f"/{route}" in rules, changed(f"the route /{route}", "dash_seam's route names")


def test_dashs_component_suites_and_loading_placeholder_have_the_seams_names(client):
    from dash import dash as dash_module

    html = client.get("/om").get_data(as_text=True)
    assert f"/{dash_seam.COMPONENT_SUITES}" in html, changed(
        "the component-suites path", "dash_seam.COMPONENT_SUITES"
    )
    assert dash_seam.LOADING_CLASS in dash_module._app_entry, changed(  # noqa: SLF001
        "the loading placeholder's class", "dash_seam.LOADING_CLASS"
    )


def test_dashs_host_built_meta_tags_are_the_ones_dropped(app):
    from dash._pages import _page_meta_tags
    from dash._utils import format_tag

    with app.server.test_request_context("/om", base_url="http://evil.example"):
        # What Dash's index adds to {%metas%} for a pages app (dash.Dash.index).
        metas = _page_meta_tags(app, app.backend.request_adapter())
    rendered = "\n".join(format_tag("meta", m, opened=True, sanitize=True) for m in metas)
    assert "evil.example" in rendered, changed(
        "its meta tags no longer carry the request's host", "dash_seam.without_host_urls (may go)"
    )
    assert "evil.example" not in dash_seam.without_host_urls(rendered), changed(
        "which meta tags carry the request's host", "dash_seam.HOST_URL_METAS"
    )
