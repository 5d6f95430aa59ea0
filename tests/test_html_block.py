"""Tables as one component of server-written HTML (dashboard/ui/html_block.py)."""

from __future__ import annotations

import pytest
from dash import dcc, html

from dashboard.ui import static_html
from dashboard.ui.components import json_ready, simple_table
from dashboard.ui.html_block import NAMESPACE, HtmlBlock, frozen


def test_frozen_writes_the_same_markup_with_ids_and_escapes_everything():
    block = frozen(
        html.Table(
            [
                html.Caption("Tabell <b>"),
                html.Tbody(
                    html.Tr(
                        [
                            html.Th(
                                dcc.Link("Växjö", href="/kommun/0780?ar=2025&x=1"), scope="row"
                            ),
                            html.Td('<script>alert("x")</script>', title='a" onmouseover="x'),
                            html.Td(html.Span("1", **{"aria-hidden": "true"}), colSpan=2),
                        ]
                    )
                ),
            ],
            id="min-tabell",
            className="table",
        )
    )
    assert isinstance(block, HtmlBlock)
    markup = block.html
    assert markup.startswith('<table class="table" id="min-tabell"><caption>Tabell &lt;b&gt;')
    assert (
        '<th scope="row"><a href="/kommun/0780?ar=2025&amp;x=1" data-app-link>Växjö</a>' in markup
    )
    assert "<script>" not in markup and "&lt;script&gt;" in markup
    assert 'title="a&quot; onmouseover=&quot;x"' in markup
    assert '<td colspan="2"><span aria-hidden="true">1</span></td>' in markup
    as_json = json_ready(block)
    assert as_json["namespace"] == NAMESPACE and as_json["type"] == "HtmlBlock"
    assert as_json["props"]["className"] == "html-block"


def test_first_paint_leaves_the_ids_of_a_block_out():
    block = json_ready(simple_table(["A"], [["1"]], caption="C", table_id="t-id"))
    assert 'id="t-id"' in block["props"]["html"]
    preview = static_html.render(block)
    assert "t-id" not in preview and "<caption>C</caption>" in preview
    assert preview.startswith('<div class="html-block"><div class="table-responsive">')


def test_a_block_inside_a_frozen_part_keeps_its_id():
    """An image button names its chart by the id of the SVG block (Kommun's sections)."""
    inner = HtmlBlock(html='<svg id="x"></svg>', id="diagram", className="html-block")
    outer = frozen(html.Div([html.P("a"), inner]))
    assert '<div class="html-block" id="diagram"><svg id="x"></svg></div>' in outer.html
    preview = static_html.render(json_ready(html.Div(inner)))
    assert 'id="' not in preview  # the first paint has no ids (React's copy has them)


def test_a_frozen_label_and_input_stay_linked():
    """The share control is frozen: its label names the input by id, which 06_share.js
    fills and focuses."""
    block = frozen([
        html.Label("Länk", htmlFor="falt"),
        dcc.Input(id="falt", type="text", readOnly=True, style={"display": "none"}),
    ])  # fmt: skip
    assert '<label for="falt">Länk</label>' in block.html
    assert '<input style="display: none" id="falt" type="text" readonly>' in block.html
    preview = static_html.render(json_ready(html.Label("Länk", htmlFor="falt")))
    assert "for=" not in preview  # the first paint has no ids to name


def test_html_block_takes_only_its_own_props():
    with pytest.raises(TypeError):
        HtmlBlock(html="x", onclick="alert(1)")


def test_the_component_class_is_what_dashs_generator_writes():
    """dashboard/ui/html_block_component.py is generated (scripts/generate_html_block.py):
    the committed file must be that output, so a prop changed in one place fails here."""
    import runpy

    from dashboard.config import REPO_ROOT

    generator = runpy.run_path(str(REPO_ROOT / "scripts" / "generate_html_block.py"))
    assert generator["TARGET"].read_text(encoding="utf-8") == generator["source"](), (
        "run: .venv/bin/python scripts/generate_html_block.py"
    )
    assert json_ready(HtmlBlock(id="b", html="<b>x</b>")) == {
        "type": "HtmlBlock", "namespace": NAMESPACE, "props": {"id": "b", "html": "<b>x</b>"},
    }  # fmt: skip


@pytest.mark.browser
def test_tables_are_blocks_and_their_links_open_pages_in_the_app(page, base_url, page_log):
    page.goto(base_url + "/", wait_until="networkidle")
    page.wait_for_selector("#react-entry-point .html-block #oversikt-tabell")
    assert page.locator("#oversikt-tabell").count() == 1  # the preview's copy has no id
    page.evaluate("window.__same_page = true")
    page.locator("#oversikt-tabell a", has_text="Växjö").click()
    page.wait_for_selector("h1:has-text('Växjö kommun')")
    assert "/kommun/0780" in page.url
    assert page.evaluate("window.__same_page") is True  # no reload
    page.go_back()
    page.wait_for_selector("#oversikt-tabell")
    assert page.evaluate("window.__same_page") is True
    page_log.assert_clean()
