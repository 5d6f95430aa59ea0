"""The first-paint preview (web/first_view.preview_html, ui/static_html.py) shows what the drawn
page shows: the same headings, the same tables and the same links, on every menu page and a
municipality's page. The preview stays because it puts the content on a phone's screen about
2 s sooner (docs/performance.md); a preview that said something else would be worse than none.
"""

from __future__ import annotations

import re

import pytest

from dashboard.ui import menu
from tests.conftest import _make_page

pytestmark = pytest.mark.browser

# What a reader takes from a page before it is interactive: headings, table cells, link texts.
READ = """root => Array.from(root.querySelectorAll('h1, h2, h3, th, td, a'))
    .filter(e => !e.closest('.visually-hidden, .no-print, nav, script, [hidden]'))
    .map(e => e.tagName + ':' + e.textContent.replace(/\\s+/g, ' ').trim())
    .filter(t => !t.endsWith(':'))"""


def _pages() -> list[str]:
    return [*menu.page_addresses(), "/kommun/0780"]


@pytest.fixture(scope="module")
def page_paths(app) -> list[str]:
    return _pages()


def test_the_preview_says_what_the_drawn_page_says(browser, base_url, page_log, page_paths):
    without_js = browser.new_context(viewport={"width": 1366, "height": 768},
                                     java_script_enabled=False, locale="sv-SE")  # fmt: skip
    preview_page = without_js.new_page()
    context, drawn_page = _make_page(browser, base_url, page_log, 1366, 768)
    differences = {}
    for path in page_paths:
        preview_page.goto(base_url + path)
        preview = preview_page.locator("#forhandsvisning main")
        assert preview.count() == 1, f"{path}: no preview"
        before = preview.evaluate(READ)
        drawn_page.goto(base_url + path, wait_until="networkidle")
        drawn_page.wait_for_selector("#forhandsvisning", state="detached")
        drawn_page.wait_for_function(  # deferred blocks below the fold fill after the paint
            "!document.querySelector('.html-block[data-deferred]:empty')", polling=100
        )
        after = drawn_page.locator("#react-entry-point main").evaluate(READ)
        after = [t for t in after if not re.fullmatch(r"A:\s*", t)]
        if before != after:
            missing = [t for t in before if t not in after][:5]
            extra = [t for t in after if t not in before][:5]
            differences[path] = {"only in preview": missing, "only when drawn": extra}
    without_js.close()
    context.close()
    assert before, "the pages have headings, tables and links to compare"
    assert not differences, differences
    page_log.assert_clean()
