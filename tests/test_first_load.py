"""What makes the first view fast (issue #8): the page built into the layout, lean scripts,
preloads, memoised layouts and the shared compression cache. Timings are the benchmark's
job (scripts/benchmark.py); these tests check the behaviour the timings depend on."""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import re

import brotli
import pytest
from conftest import cache_entry_count

from dashboard import dash_seam
from dashboard.data.loader import DataError
from dashboard.ui import menu
from dashboard.ui.components import json_ready
from dashboard.web import first_view, page_cache, serving


def _layout(client, referrer: str | None) -> dict:
    headers = {"Referer": referrer} if referrer is not None else {}
    response = client.get("/_dash-layout", headers=headers)
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]
    assert "Referer" in response.headers["Vary"]
    return response.get_json()


def _find(node, component_id: str):
    """The component with this id in a layout as JSON."""
    if isinstance(node, list):
        for child in node:
            found = _find(child, component_id)
            if found is not None:
                return found
    elif isinstance(node, dict):
        props = node.get("props", {})
        if props.get("id") == component_id:
            return node
        return _find(props.get("children"), component_id)
    return None


def _text(node) -> str:
    """The text in a layout as JSON, that of HTML blocks (html_block.frozen) included."""
    if isinstance(node, str):
        return node
    if isinstance(node, list):
        return " ".join(_text(child) for child in node)
    if isinstance(node, dict):
        props = node.get("props", {})
        if node.get("type") == "HtmlBlock":
            return re.sub(r"<[^>]+>", " ", props.get("html", ""))
        return _text(props.get("children"))
    return ""


def _components_outside(node, skip_id: str) -> int:
    """Dash components in a layout as JSON, not counting the one with skip_id and its own."""
    if isinstance(node, list):
        return sum(_components_outside(child, skip_id) for child in node)
    if not isinstance(node, dict) or "namespace" not in node:
        return 0
    props = node.get("props", {})
    if props.get("id") == skip_id:
        return 0
    return 1 + _components_outside(props.get("children"), skip_id)


def test_shell_is_a_few_blocks_of_html(client):
    """Skip link, menu, notice, share control and footer are HTML written once (about 35
    components fewer for the renderer on every page); the menu marks the page it was
    asked for, as the preview does."""
    layout = _layout(client, "http://localhost/jamfor?ar=2024")
    assert _components_outside(layout, dash_seam.PAGE_CONTENT) <= 12
    html = "".join(
        block["props"]["html"]
        for block in _blocks(layout)
        if "site-navbar" in block["props"]["html"]
    )
    assert _menu_links(html) == {
        item.href: "current" if item.href == "/jamfor" else "" for item in menu.menu_items()
    }
    assert 'id="navbar-toggler"' in html and 'aria-expanded="false"' in html
    home = "".join(b["props"]["html"] for b in _blocks(_layout(client, "http://localhost/")))
    assert _menu_links(home)["/"] == "current" and _menu_links(home)["/jamfor"] == ""


def _menu_links(html: str) -> dict[str, str]:
    """href -> "current" (class active and aria-current=page) or "" for each menu link."""
    links = {}
    for tag in re.findall(r"<a [^>]*data-current-paths[^>]*>", html):
        href = re.search(r'href="([^"]*)"', tag).group(1)
        active = 'class="nav-link active"' in tag
        assert active == ('aria-current="page"' in tag), tag
        links[href] = "current" if active else ""
    return links


def _blocks(node) -> list[dict]:
    """The HtmlBlocks in a layout as JSON."""
    if isinstance(node, list):
        return [block for child in node for block in _blocks(child)]
    if not isinstance(node, dict):
        return []
    own = [node] if node.get("type") == "HtmlBlock" else []
    return own + _blocks(node.get("props", {}).get("children"))


def test_layout_carries_the_referring_page(client):
    layout = _layout(client, "http://localhost/jamfor?ar=2024&indikator=suv")
    content = _find(layout, dash_seam.PAGE_CONTENT)
    assert content["props"]["data-first-view"] == "/jamfor?ar=2024&indikator=suv"
    assert "Jämför kommuner" in _text(content)
    location = _find(layout, dash_seam.PAGE_LOCATION)["props"]
    assert (location["pathname"], location["search"]) == ("/jamfor", "?ar=2024&indikator=suv")
    assert _find(layout, dash_seam.PAGE_STORE)["props"]["data"] == {
        "title": "Jämför kommuner – Kvinnofrid"
    }


def test_layout_of_a_municipality_and_of_an_unknown_path(client):
    kommun = _find(_layout(client, "http://localhost/kommun/0780"), dash_seam.PAGE_CONTENT)
    assert "Växjö" in _text(kommun)
    unknown = _find(_layout(client, "http://localhost/finns-inte"), dash_seam.PAGE_CONTENT)
    assert "Sidan finns inte" in _text(unknown)


@pytest.mark.parametrize("referrer", [None, "", "http://annan.example/jamfor", "inte en adress"])
def test_layout_without_a_same_site_referrer_leaves_routing_to_dash(client, referrer):
    content = _find(_layout(client, referrer), dash_seam.PAGE_CONTENT)
    assert "data-first-view" not in content["props"]
    assert not content["props"].get("children")
    assert "pathname" not in _find(_layout(client, referrer), dash_seam.PAGE_LOCATION)["props"]


def test_page_scripts_drop_unused_bundles_and_add_the_graph_chunk(client):
    html = client.get("/om").get_data(as_text=True)
    scripts = re.findall(r'<script src="([^"]+)"', html)
    assert not [s for s in scripts if "polyfill" in s or "dash_table" in s]
    dcc_index = next(i for i, s in enumerate(scripts) if "/dcc/dash_core_components.v" in s)
    assert "/dcc/async-graph.v" in scripts[dcc_index + 1]
    assert client.get(scripts[dcc_index + 1]).status_code == 200
    # A page of text has no plotly.js; dcc.Graph would load the bundle in the meta tag.
    assert not [s for s in scripts if "plotly" in s]
    plotly_url = re.search(r'<meta name="dashboard-plotly" content="([^"]+)"', html).group(1)
    assert re.fullmatch(r"/_bundle/plotly\.[0-9a-f]{10}\.js", plotly_url)
    assert client.get(plotly_url).status_code == 200
    # Every script deferred (the HTML shows first), Dash's start waits for them.
    assert len(re.findall(r"<script src=", html)) == len(
        re.findall(r"<script src=[^>]+ defer>", html)
    )
    assert 'addEventListener("DOMContentLoaded", function () { window.renderer = new Dash' in html
    assert app_csp_allows_the_start(client, html)
    bundle = client.get(next(s for s in scripts if "/_bundle/app." in s))
    assert b"regeneratorRuntime = runtime" in bundle.data  # what Dash used the polyfill for
    assert "immutable" in bundle.headers["Cache-Control"]


def app_csp_allows_the_start(client, html: str) -> bool:
    start = re.search(r'<script id="_dash-renderer"[^>]*>(.*?)</script>', html, re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(start.encode()).digest()).decode()
    return f"'sha256-{digest}'" in client.get("/om").headers["Content-Security-Policy"]


@pytest.mark.parametrize(
    "path", ["/", "/jamfor", "/kommun/0780", "/strategi", "/om", "/strategi/2/2.5", "/presentera"]
)
def test_no_page_comes_with_plotly(client, path):
    """No first screen needs plotly.js: the maps and the matrix are SVG from the server."""
    html = client.get(path).get_data(as_text=True)
    scripts = re.findall(r'<script src="([^"]+)" defer>', html)
    assert scripts and not [s for s in scripts if "plotly" in s]
    if path in ("/", "/jamfor", "/kommun/0780"):  # their first chart is in the HTML
        assert '<svg class="svg-' in html


def test_preloads_the_layout_and_callbacks_only(client):
    """The maps are SVG in the page (charts/svg_map.py): no page fetches map geometry."""

    def preloads(path):
        html = client.get(path).get_data(as_text=True)
        return re.findall(r'<link rel="preload" href="([^"]+)" as="fetch"', html)

    for path in ("/", "/kommun/0780", "/om"):
        assert preloads(path) == ["/_dash-layout", "/_dash-dependencies"]


def test_page_scripts_leave_other_tags_alone():
    scripts = '<script src="/x/deps/react@18.js"></script>\n<script>inline()</script>'
    assert dash_seam.page_scripts(scripts) == (
        '<script src="/x/deps/react@18.js" defer></script>\n<script>inline()</script>'
    )


def test_memoized_layout_builds_each_page_state_once(monkeypatch, fresh_cache):
    calls = []

    def layout(**kwargs):
        calls.append(kwargs)
        return {"props": {"children": kwargs.get("ar", "")}}

    def canonical(_ds, params):  # the page's validation: a known year or the default
        year = params.get("ar")
        return {"ar": year if year in ("2024", "2025") else "2025"}

    memo = page_cache.memoized(layout, canonical)
    assert memo(ar="2024") == memo(ar="2024") == {"props": {"children": "2024"}}
    assert len(calls) == 1
    memo(ar=["2024", "2025"])  # repeated parameters: the default state
    memo(ar="x" * 5000)  # junk: the default state, built once
    for n in range(200):
        memo(ar=f"junk{n}", utm_source=str(n))
    assert len(calls) == 2
    assert calls[-1] == {"ar": "2025"}  # the layout only ever sees validated parameters
    assert cache_entry_count(fresh_cache) == 2

    def broken():
        raise DataError("trasig fil")

    monkeypatch.setattr(page_cache, "get_dataset", broken)
    memo(ar="2024")
    memo(ar="2024")
    assert len(calls) == 4  # a data error is never cached


def test_a_page_that_declares_no_state_ignores_its_query_string(fresh_cache):
    calls = []
    memo = page_cache.memoized(lambda **kwargs: calls.append(kwargs) or {"props": {}})
    for n in range(50):
        memo(utm_x=str(n))
    assert calls == [{}]


def test_only_a_layout_that_cannot_differ_by_url_is_cached(fresh_cache):
    """Safe by default: a layout reading the URL without canonical_query is built per call."""
    calls = []

    def reads_url(ar=None, **_other):
        calls.append(ar)
        return {"props": {"children": ar}}

    def reads_nothing():
        calls.append("fixed")
        return {"props": {}}

    pages = [{"module": "a", "layout": reads_url, "path_template": "/a/<id>"},
             {"module": "b", "layout": reads_nothing}]  # fmt: skip
    assert page_cache.prepare_layouts(pages) == 1
    assert pages[0]["layout"](ar="2020") == {"props": {"children": "2020"}}
    assert pages[0]["layout"](ar="2021") == {"props": {"children": "2021"}}
    pages[1]["layout"]()
    pages[1]["layout"]()
    assert calls == ["2020", "2021", "fixed"]
    assert page_cache.prepare_layouts(pages) == 0  # once


def test_a_data_error_in_any_layout_shows_the_swedish_message():
    def broken(**_params):
        raise DataError("trasig fil")

    pages = [{"module": "c", "layout": broken}]
    page_cache.prepare_layouts(pages)
    assert "trasig fil" in json.dumps(json_ready(pages[0]["layout"](x="1")))


def test_compressed_files_are_shared_through_the_cache(fresh_cache, monkeypatch):
    body = b"var x = 1;\n" * 500
    first = serving.compressed("br", body)
    assert brotli.decompress(first) == body
    assert cache_entry_count(fresh_cache) == 1

    def must_not_compress(*_args, **_kwargs):
        raise AssertionError("compressed again")

    monkeypatch.setattr(serving.brotli, "compress", must_not_compress)
    assert serving.compressed("br", body) == first  # another worker reads the same file
    assert gzip.decompress(serving.compressed("gzip", body)) == body


@pytest.mark.browser
def test_first_view_needs_no_router_round_trip(page, base_url, page_log):
    posts = []
    page.on("request", lambda r: posts.append(r.post_data or "") if r.method == "POST" else None)
    page.goto(base_url + "/jamfor?ar=2024", wait_until="networkidle")
    page.wait_for_selector("#main h1:has-text('Jämför kommuner')")
    assert not [body for body in posts if "_pages_content" in body]
    # Navigation still goes through Dash's router.
    page.get_by_role("link", name="Strategi", exact=True).first.click()
    page.wait_for_selector("#main h1:has-text('Strategi')")
    assert [body for body in posts if "_pages_content" in body]
    page_log.assert_clean()


@pytest.mark.browser
def test_wrong_page_in_the_layout_is_corrected(page, base_url, page_log):
    """A proxy that rewrites the Referer must not leave the visitor on the wrong page."""

    def wrong_referrer(route):
        route.continue_(headers={**route.request.headers, "referer": base_url + "/om"})

    page.route("**/_dash-layout", wrong_referrer)
    page.goto(base_url + "/jamfor", wait_until="networkidle")
    page.wait_for_selector("#main h1:has-text('Jämför kommuner')")
    assert page.locator("#main h1").count() == 1
    page_log.assert_clean()


def test_dataset_fingerprint_follows_the_values():
    import dataclasses

    from dashboard.data.loader import get_dataset

    ds = get_dataset()
    changed = dataclasses.replace(ds, values=ds.values.assign(raw="ja"))
    assert changed.fingerprint != ds.fingerprint
    assert dataclasses.replace(ds).fingerprint == ds.fingerprint


def test_long_parts_below_the_first_screen_fill_themselves_after_the_paint(client):
    """Jämför's ranking and trends and Kommun's lower sections and trends are deferred
    HtmlBlocks: React draws them empty, the block fills itself after the paint
    (assets/04_html_block.js), with no Dash callback round; the first paint's HTML has them."""
    layout = _layout(client, "http://localhost/jamfor")
    for block, chart in (("jamfor-rangordning-sektion", "jamfor-rangordning"),
                         ("jamfor-utveckling-innehall", "jamfor-utveckling")):  # fmt: skip
        box = _find(layout, block)
        assert box["type"] == "HtmlBlock" and box["props"]["deferred"] is True
        # SVG from the server inside the block: no plotly.js, one Dash component
        assert re.search(
            f'<div class="html-block svg-figure[^"]*" id="{chart}">(<div class="chart-narrow">)?<svg ',
            box["props"]["html"],
        )
    assert "Rangordning" in _find(layout, "jamfor-rangordning-sektion")["props"]["html"]
    # the controls beside them are Dash components from the start (no store, no callback)
    assert _find(layout, "jamfor-kommuner")["type"] == "Checklist"
    assert "jamfor-resten-innehallsdata" not in json.dumps(layout)
    kommun = _layout(client, "http://localhost/kommun/0780")
    assert _find(kommun, "kommun-utveckling-innehall")["props"]["deferred"] is True
    assert _find(kommun, "kommun-indikator")["type"] == "Select"
    page = client.get("/jamfor").get_data(as_text=True)
    assert 'id="forhandsvisning"' in page and "Rangordning" in page


@pytest.mark.browser
def test_deferred_blocks_are_drawn_empty_then_filled(page, base_url, page_log):
    """React's copy of Jämför first has the ranking block empty (the page's first draw does
    not wait for it), then the block fills itself; a choice made afterwards still rewrites
    it (its html prop from the callback is shown at once)."""
    page.add_init_script(
        """window.__seen = [];
        new MutationObserver(function () {
          var block = document.querySelector('#react-entry-point #jamfor-rangordning-sektion');
          if (block) { window.__seen.push(block.innerHTML.length); }
        }).observe(document, {childList: true, subtree: true});"""
    )
    page.goto(base_url + "/jamfor", wait_until="networkidle")
    page.wait_for_selector("#react-entry-point #jamfor-rangordning svg")
    seen = page.evaluate("window.__seen")
    assert seen[0] == 0 and seen[-1] > 1000, seen
    assert page.locator(".deferred-content").count() == 0
    before = page.inner_text("#jamfor-rangordning-rubrik")
    page.select_option("#jamfor-ar", "2023")
    page.wait_for_function(
        "t => document.querySelector('#jamfor-rangordning-rubrik').innerText !== t", arg=before
    )
    assert "2023" in page.inner_text("#jamfor-rangordning-rubrik")
    page_log.assert_clean()


def test_a_plotly_chart_further_down_travels_in_a_store(client):
    layout = _layout(client, "http://localhost/strategi")
    box = _find(layout, "strategi-hierarki")
    # No dcc.Graph yet (not even an empty one): the browser puts it there, from the stores.
    assert box["type"] == "Div" and not box["props"].get("children")
    assert box["props"]["style"]["--graph-height"].endswith("px")
    figure = _find(layout, "strategi-hierarki-figurdata")["props"]["data"]
    assert figure["data"] and figure["layout"]["height"]
    props = _find(layout, "strategi-hierarki-diagraminstallningar")
    assert props["props"]["data"]["config"]["displaylogo"] is False


@pytest.mark.browser
def test_charts_further_down_are_drawn_when_they_come_near(page, base_url, page_log):
    page.goto(base_url + "/strategi", wait_until="networkidle")
    page.wait_for_selector("#strategi-hierarki-text")
    page.wait_for_timeout(500)  # time enough to draw, were it drawn at once
    box = page.locator("#strategi-hierarki")
    assert box.locator(".js-plotly-plot").count() == 0
    height = box.evaluate("el => el.getBoundingClientRect().height")
    assert height >= 300  # the chart's place is kept, so nothing moves when it comes
    box.scroll_into_view_if_needed()
    page.wait_for_selector("#strategi-hierarki .main-svg g.trace")
    assert abs(box.evaluate("el => el.getBoundingClientRect().height") - height) < 2
    page_log.assert_clean()


@pytest.mark.browser
def test_print_draws_the_charts_not_yet_drawn(page, base_url, page_log):
    page.goto(base_url + "/strategi", wait_until="networkidle")
    page.wait_for_selector("#strategi-hierarki-text")
    assert page.locator("#strategi-hierarki .js-plotly-plot").count() == 0
    page.emulate_media(media="print")  # a printout made before it is drawn: no blank box
    assert page.locator("#strategi-hierarki").evaluate("el => getComputedStyle(el).display") == (
        "none"
    )
    page.emulate_media(media="screen")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    page.wait_for_selector("#strategi-hierarki .main-svg g.trace")
    page.emulate_media(media="print")
    assert page.locator("#strategi-hierarki").evaluate("el => getComputedStyle(el).display") == (
        "block"
    )
    page_log.assert_clean()


# --- the first paint: the page as HTML before the scripts (static_html.py) --------------------


def test_static_html_writes_the_components_the_app_uses():
    import dash_bootstrap_components as dbc
    from dash import dcc, html

    from dashboard.ui import static_html
    from dashboard.ui.components import json_ready

    layout = json_ready(
        dbc.Container(
            dbc.Row([
                dbc.Col(html.H1("Rubrik <b>", id="x", className="h2"), md=8, xs=12),
                dbc.Col(dbc.Select(id="s", value="b", options=[
                    {"label": "A", "value": "a"}, {"label": "B", "value": "b"}])),
                dcc.Link("Länk", href="/om"),
                dcc.Graph(id="g", figure={"data": [], "layout": {"height": 320}}),
                dcc.Store(id="st", data={"a": 1}),
                html.Td("1", colSpan=2, style={"minWidth": 10}),
            ]),
            fluid="xl",
        )
    )  # fmt: skip
    out = static_html.render(layout)
    assert 'id="' not in out  # React's copy has the ids
    assert '<div class="container-xl"><div class="row">' in out
    assert '<div class="col-12 col-md-8"><h1 class="h2">Rubrik &lt;b&gt;</h1></div>' in out
    assert '<select class="form-select"><option value="a">A</option>' in out
    assert '<option value="b" selected>B</option>' in out
    assert '<a href="/om">Länk</a>' in out
    assert 'class="dash-graph" style="min-height: 320px"' in out
    assert '<td style="min-width: 10px" colspan="2">1</td>' in out


def test_start_page_carries_the_page_as_html(client):
    html = client.get("/jamfor?ar=2024").get_data(as_text=True)
    preview = html[html.index('<div id="forhandsvisning">') : html.index('id="react-entry-point"')]
    assert "Jämför kommuner" in preview and "Exempeldata." in preview
    assert 'class="nav-link active" href="/jamfor"' in preview
    assert '<option value="2024" selected>' in preview
    assert 'id="react-entry-point" class="vantar"' in html


def test_preview_never_reflects_hostile_input(client):
    html = client.get("/jamfor?ar=%3Cscript%3Ealert(1)%3C/script%3E&x=%22%3E%3Cimg").get_data(
        as_text=True
    )
    assert "<script>alert(1)" not in html and '"><img' not in html
    assert "Jämför kommuner" in html
    # A long junk address shows the page's default state, from the same cache entry.
    long = client.get("/jamfor?x=" + "a" * 3000).get_data(as_text=True)
    plain = client.get("/jamfor").get_data(as_text=True)
    preview = re.compile(r'<div id="forhandsvisning">.*?id="react-entry-point"', re.S)
    assert preview.search(long).group(0) == preview.search(plain).group(0)
    assert "a" * 100 not in preview.search(long).group(0)


def test_junk_addresses_share_the_preview_of_the_page_they_show(client, fresh_cache, monkeypatch):
    built = []
    preview = first_view._preview
    monkeypatch.setattr(first_view, "_preview", lambda *args: built.append(args) or preview(*args))
    for n in range(100):
        client.get(f"/jamfor?utm_x={n}&ar=junk{n}").close()
        client.get(f"/kommun/{9000 + n}").close()
    assert len(built) == 2


@pytest.mark.browser
def test_preview_gives_way_to_the_app(page, base_url, page_log):
    page.goto(base_url + "/kommun/0780", wait_until="networkidle")
    page.wait_for_selector("#_pages_content #kommun-karta svg.svg-map")
    assert page.locator("#forhandsvisning").count() == 0
    assert page.get_attribute("#react-entry-point", "class") == ""
    assert page.locator("h1", has_text="Växjö kommun").count() == 1
    page_log.assert_clean()


def test_the_title_callback_does_not_run_on_opening(client):
    """Dash pages' title callback is the only one that would run as a page opens; the
    server has written the title already (app.DashboardApp.dependencies)."""
    callbacks = client.get("/_dash-dependencies").get_json()
    title = [c for c in callbacks if c["output"] == "_pages_dummy.children"]
    assert len(title) == 1 and title[0]["prevent_initial_call"] is True
    assert not [c for c in callbacks if not c["prevent_initial_call"]
                and "_pages" in c["output"]]  # fmt: skip


@pytest.mark.browser
def test_opening_runs_no_callback_and_navigating_sets_the_title(page, base_url, page_log):
    page.add_init_script(
        """window.__callbacks = 0;
        (function hook() {
          if (!window.store) { return window.setTimeout(hook, 0); }
          var dispatch = window.store.dispatch;
          window.store.dispatch = function (action) {
            if (action && action.type === 'Callbacks.Aggregate') { window.__callbacks += 1; }
            return dispatch.apply(this, arguments);
          };
        })();"""
    )
    page.goto(base_url + "/om", wait_until="networkidle")
    page.wait_for_selector("#_pages_content h1")
    page.wait_for_timeout(300)
    assert page.evaluate("window.__callbacks") == 0
    assert page.title().startswith("Om data")
    page.click(".site-navbar >> text=Jämför")
    page.wait_for_selector("#_pages_content #jamfor-matris svg")
    page.wait_for_function("() => document.title.startsWith('Jämför')")
    assert page.evaluate("window.__callbacks") > 0
    page_log.assert_clean()


@pytest.mark.browser
def test_page_text_without_javascript(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "/strategi/2/2.5")
    assert page.locator("#forhandsvisning h1").is_visible()
    assert "Exempeldata" in page.inner_text("#forhandsvisning")
    link = page.locator("#forhandsvisning a", has_text="Om data").first
    assert link.get_attribute("href") == "/om"
    assert page.title() == "Strategi – delmål 2.5 – Kvinnofrid" or "2.5" in page.title()
    context.close()


@pytest.mark.browser
def test_without_javascript_the_menu_is_open_and_dead_buttons_hidden(browser, base_url):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(base_url + "/kommun/0780")
    assert page.locator("#forhandsvisning .nav-link", has_text="Om data").is_visible()
    assert not page.locator("#forhandsvisning button", has_text="Kopiera länk").is_visible()
    # The sections the app adds after its first paint are in the page too.
    assert page.locator("#forhandsvisning h2", has_text="Utveckling över tid").is_visible()
    # and the map, which is SVG from the server (a group of links to the other municipalities)
    assert page.get_by_role(
        "group", name="Växjö markerad på kartan över länets kommuner."
    ).is_visible()
    context.close()


@pytest.mark.browser
def test_no_chart_button_sends_anything_away(page, base_url, page_log):
    """plotly.js 4 adds a 'Share chart...' button that uploads to Plotly Cloud.

    The app's charts have fixed axes and so almost no mode bar; a zoomable chart drawn with
    the config the app gives its graphs (read from a drawn one) shows the full bar."""
    page.goto(base_url + "/strategi", wait_until="networkidle")
    page.locator("#strategi-hierarki").scroll_into_view_if_needed()
    page.wait_for_selector("#strategi-hierarki .main-svg")
    titles = page.evaluate(
        """async () => {
            const config = document.querySelector('#strategi-hierarki .js-plotly-plot')._context;
            const box = document.createElement('div');
            document.body.appendChild(box);
            await Plotly.newPlot(box, [{x: [1, 2], y: [1, 2]}], {}, {
                locale: config.locale, displaylogo: config.displaylogo,
                modeBarButtonsToRemove: config.modeBarButtonsToRemove});
            return Array.from(box.querySelectorAll('.modebar-btn'))
                .map(e => e.getAttribute('data-title'));
        }"""
    )
    assert len(titles) >= 4 and any(t.startswith("Återställ") for t in titles), titles  # Swedish
    assert not [t for t in titles if "Share" in t or "Cloud" in t or "Moln" in t], titles
    page_log.assert_clean()


@pytest.mark.browser
def test_plotly_is_loaded_only_where_a_chart_needs_it(page, base_url, page_log):
    """Om, Jämför and Kommun draw no plotly chart (theirs are SVG from the server): plotly.js
    is neither run nor fetched there. Strategi's goal tree, reached from them, loads the
    partial bundle (fetched ahead once the page is quiet), never Dash's own 3.5 MB copy."""
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url) if "plotly" in r.url else None)
    page.goto(base_url + "/om", wait_until="networkidle")
    page.wait_for_selector("#main h1")
    assert page.evaluate("window._dashPlotlyJSURL").startswith("/_bundle/plotly.")
    for link, last in (("Jämför", "#jamfor-utveckling svg:visible"), ("Kommun", "#main h1"),
                       ("Översikt", "#oversikt-karta svg")):  # fmt: skip
        page.click(f".site-navbar >> text={link}")
        page.wait_for_selector(last)
        page.mouse.wheel(0, 20_000)  # every section below the first screen too
        page.wait_for_timeout(700)
    page.goto(base_url + "/kommun/0780", wait_until="networkidle")
    page.wait_for_selector("#kommun-utveckling svg.svg-lines")
    page.wait_for_timeout(1500)
    assert page.evaluate("typeof window.Plotly") == "undefined"
    assert requested == []
    page.click(".site-navbar >> text=Strategi")
    page.wait_for_selector("#strategi-hierarki")
    page.locator("#strategi-hierarki").scroll_into_view_if_needed()
    page.wait_for_selector("#strategi-hierarki .main-svg")
    assert page.evaluate("typeof window.Plotly") == "object"
    assert requested and all("/_bundle/plotly." in url for url in requested), requested
    page_log.assert_clean()
