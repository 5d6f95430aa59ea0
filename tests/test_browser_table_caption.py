"""A wide table on a phone (#33): the table scrolls sideways, its caption wraps within the
screen's width above it and stays in view while the columns scroll."""

from __future__ import annotations

import pytest

from tests.conftest import screenshot

pytestmark = pytest.mark.browser

TABLE = "#kommun-lokala-planer-historik"


def test_a_scrolling_tables_caption_wraps_on_a_phone(phone_page, base_url, page_log):
    phone_page.goto(f"{base_url}/kommun/0780", wait_until="networkidle")
    phone_page.wait_for_selector(f"{TABLE} caption")
    phone_page.locator(TABLE).scroll_into_view_if_needed()
    box = phone_page.eval_on_selector(
        TABLE, """t => { const s = t.parentElement, c = t.caption.getBoundingClientRect();
                        return {scrolls: s.scrollWidth > s.clientWidth, right: c.right,
                                lines: Math.round(c.height / parseFloat(
                                    getComputedStyle(t.caption).lineHeight))}; }""")  # fmt: skip
    assert box["scrolls"], "the table is wider than a phone (else there is nothing to test)"
    assert box["right"] <= 390 and box["lines"] >= 2  # wrapped, not cut off at the edge
    phone_page.eval_on_selector(TABLE, "t => { t.parentElement.scrollLeft = 200; }")
    left = phone_page.eval_on_selector(TABLE, "t => t.caption.getBoundingClientRect().left")
    assert left >= 0  # still readable after a sideways scroll
    screenshot(phone_page, "kommun-planer-over-tid-rubrik-telefon")
    page_log.assert_clean()
