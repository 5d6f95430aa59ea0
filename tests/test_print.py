"""Printing (issue #19): a page printed to PDF from headless Chromium never ends with a
heading whose content went to the next page, and no page but the last is near empty."""

from __future__ import annotations

import io

import pypdf
import pytest

pytestmark = pytest.mark.browser


def page_lines(pdf: bytes) -> list[list[str]]:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return [[line.strip() for line in page.extract_text().splitlines() if line.strip()]
            for page in reader.pages]  # fmt: skip


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/jamfor",
        "/kommun/0780",
        "/strategi/2/2.3",
        "/om",
        "/?indikator=krit_2_3",
        "/uppfoljning",
    ],
)
def test_no_heading_alone_at_a_page_foot(page, base_url, page_log, path):
    page.goto(base_url + path, wait_until="networkidle")
    page.wait_for_timeout(300)  # parts filled after the first paint
    headings = set(page.eval_on_selector_all(
        "main h1, main h2, main h3", "hs => hs.map(h => h.innerText.trim())"))  # fmt: skip
    pages = page_lines(page.pdf(format="A4", print_background=True))
    assert len(pages) >= 2, "every one of these views is longer than a page"
    for number, lines in enumerate(pages[:-1], start=1):
        assert lines, f"page {number} is empty"
        # not the last line, nor the one before it (a heading and one line of its intro)
        ending = [line for line in lines[-2:] if line in headings]
        assert not ending, f"page {number} ends with the heading {ending[0]!r}"
        assert len(lines) >= 8, f"page {number} is nearly empty: {lines}"
    assert "Exempeldata" in pages[0][0]  # the notice prints, first on the first page
    page_log.assert_clean()
