"""The printed notice (#34): a view with partly real values says on every printed page that
some values are invented, not that all are."""

from __future__ import annotations

import pytest

from dashboard.ui.components import example_data_notice
from tests import print_pdf
from tests.test_print import body_lines, margin_text

MIXED_MARGIN = "Exempeldata: en del värden är påhittade; se Om data."


def test_the_mixed_notice_is_marked_for_print_and_the_plain_one_is_not():
    assert example_data_notice(mixed=True).className.split() == ["example-notice", "notice-mixed"]
    assert example_data_notice(mixed=False).className.split() == ["example-notice"]


@pytest.mark.browser
def test_a_view_with_some_real_values_prints_the_mixed_notice_on_every_page(
    page, base_url, page_log
):
    page.goto(base_url + "/kommun/0780", wait_until="networkidle")
    # the fixture county is all example values: the notice is made the mixed one, as
    # example_data_notice(mixed=True) writes it
    page.eval_on_selector(".example-notice", "n => n.classList.add('notice-mixed')")
    sheets = print_pdf.read(page.pdf(format="A4", print_background=True))
    assert len(sheets) >= 2
    assert body_lines(sheets[0])[0].startswith("Exempeldata.")
    for number, sheet in enumerate(sheets[1:], start=2):
        assert margin_text(sheet, top=True) == MIXED_MARGIN, f"page {number}"
    page_log.assert_clean()
