"""A slide's chart can be saved as an image like the pages' charts: the slides draw the
same SVG (dashboard/charts/svg_*.py), which assets/06_export.js frames with the title, the
source and the example-data notice."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import _make_page

pytestmark = pytest.mark.browser

DECK = "/presentera?ar=2025&indikatorer=samordnare,suv_status&kommun=0780"


@pytest.mark.parametrize(
    ("number", "block"),
    [(4, "presentera-karta"), (6, "presentera-varmekarta"), (999, "presentera-kommundiagram")],
)
# 999: the last slide, whatever the deck's length (the municipality's)
def test_slide_chart_exports_as_framed_svg(browser, base_url, page_log, number, block):
    context, page = _make_page(browser, base_url, page_log, 1366, 768)
    page.goto(f"{base_url}{DECK}&bild={number}", wait_until="networkidle")
    page.wait_for_selector(f"#{block} svg")
    assert page.locator(".slide-notice").is_visible()  # the notice stays on the slide
    with page.expect_download() as download:
        page.evaluate(
            "id => window.dashboardExportImage(id, 'svg', 'Bildens rubrik', 'Källa: X', "
            "'Exempeldata')",
            block,
        )
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert text.count("<svg") == 2  # the chart inside the framed image
    assert "Bildens rubrik" in text and "Exempeldata" in text
    context.close()
    page_log.assert_clean()
