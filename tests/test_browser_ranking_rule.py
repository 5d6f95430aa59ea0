"""Jämför states its ranking rule, and ranks a criterion by its levels (#34): Uppfyllt
before Delvis uppfyllt before Ej uppfyllt, ties shared, in the page as first drawn and
after choosing another indicator."""

from __future__ import annotations

import pytest

from dashboard.data.loader import get_dataset
from tests.conftest import screenshot

pytestmark = pytest.mark.browser

RULE = "#jamfor-rangordning-regel"


def rule_text(page) -> str:
    return page.locator(RULE).text_content() or ""


def placings(page) -> list[str]:
    return page.eval_on_selector_all(
        "#jamfor-rangordning-tabell tbody tr td:first-child, "
        "#jamfor-rangordning-tabell tbody tr th:first-child",
        "cells => cells.map(c => c.textContent.trim())",
    )


def test_jamfor_ranks_a_criterion_and_states_the_rule(page, base_url, page_log):
    ds = get_dataset()
    criterion = str(ds.indicators[ds.indicators["is_criterion"]]["id"].iloc[0])
    page.goto(f"{base_url}/jamfor?indikator={criterion}", wait_until="networkidle")
    page.wait_for_selector(RULE, state="attached")
    text = rule_text(page)
    assert text.startswith(
        "Rangordnat efter kriteriets nivå: Uppfyllt före Delvis uppfyllt före Ej uppfyllt."
    ), text
    assert "bokstavsordning" in text
    assert "rangordnas inte" not in page.locator("#main").text_content()
    shown = placings(page)
    assert shown and shown[0] in ("1:a", "delad 1:a"), shown
    assert any(p.startswith("delad ") for p in shown), shown  # ties stay ties
    screenshot(page, "jamfor-kriterium-rangordning")

    page.select_option("#jamfor-indikator", "samordnare")
    page.wait_for_function(
        f"() => (document.querySelector('{RULE}') || {{}}).textContent"
        "?.startsWith('Rangordnat efter svaret: Ja före Nej.')"
    )
    page_log.assert_clean()
