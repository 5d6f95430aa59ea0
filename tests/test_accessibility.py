"""WCAG 2.1 A/AA checks with axe-core (vendored in tests/vendor, no CDN) in headless Chromium."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
PAGES = [
    "/",
    "/?indikator=suv_status&ar=2020",
    "/?indikator=sosfs_mal2",
    "/jamfor",
    "/kommun",
    "/kommun/0780",
    "/kommun/0761",
    "/kommun/9999",
    "/strategi",
    "/strategi/2",
    "/strategi/2/2.5",
    "/strategi/sammanhang",
    "/strategi/9",
    "/om",
    "/finns-inte",
    "/presentera",
    "/presentera?bild=1",
    "/presentera?bild=3",
    "/presentera?bild=4",
    "/?indikator=lokal_handlingsplan",
    "/strategi/1/1.1",
    "/uppfoljning",
    "/uppfoljning?fran=2019&till=2023",
    "/kommun/0780/rapport",
    "/kommun/0763/rapport?ar=2021",
]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def axe_violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(f"axe.run(document, {json.dumps(AXE_OPTIONS)})")
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "targets": [n["target"] for n in v["nodes"][:5]],
        }
        for v in result["violations"]
    ]


def assert_no_violations(page, url: str) -> None:
    page.goto(url, wait_until="networkidle")
    page.wait_for_selector("#main h1, h1")
    page.wait_for_timeout(300)  # let charts finish drawing
    violations = axe_violations(page)
    assert not violations, json.dumps(violations, ensure_ascii=False, indent=1)
    # axe accepts any name; a screen-reader user needs one that says which table it is.
    unnamed = page.evaluate(
        """() => Array.from(document.querySelectorAll('[role=region][tabindex]'))
            .map(r => r.getAttribute('aria-label') || '')
            .filter(name => !name || name.startsWith('Rullbart område'))"""
    )
    assert not unnamed, f"scroll regions without a telling name: {unnamed}"
    names = page.evaluate(
        "() => Array.from(document.querySelectorAll('[role=region][tabindex]'))"
        ".map(r => r.getAttribute('aria-label'))"
    )
    assert all(len(name) < 120 for name in names), f"a region name is a whole text: {names}"


@pytest.mark.parametrize("path", PAGES)
def test_no_wcag_violations_desktop(page, base_url, path):
    assert_no_violations(page, base_url + path)


@pytest.mark.parametrize("path", ["/", "/jamfor", "/kommun/0780", "/strategi/2/2.5"])
def test_no_wcag_violations_phone(phone_page, base_url, path):
    assert_no_violations(phone_page, base_url + path)


def test_every_control_is_reachable_by_keyboard(page, base_url):
    """Tab through the Översikt page: every select and link in main gets focus in turn."""
    page.goto(base_url + "/", wait_until="networkidle")
    page.wait_for_selector("#oversikt-karta svg.svg-map path")
    wanted = page.evaluate(
        "Array.from(document.querySelectorAll('#main select, #main a[href]'))"
        ".filter(e => e.offsetParent !== null).map(e => e.id || e.textContent.trim())"
    )
    seen = set()
    for _ in range(200):
        page.keyboard.press("Tab")
        active = page.evaluate(
            "(() => { const e = document.activeElement;"
            " return e && (e.closest('#main') ? (e.id || e.textContent.trim()) : null); })()"
        )
        if active:
            seen.add(active)
        if set(wanted) <= seen:
            break
    assert set(wanted) <= seen, sorted(set(wanted) - seen)


def test_focus_is_visible(page, base_url):
    page.goto(base_url + "/", wait_until="networkidle")
    page.focus("#oversikt-indikator")
    outline = page.evaluate(
        "getComputedStyle(document.activeElement).outlineStyle + ' ' +"
        " getComputedStyle(document.activeElement).boxShadow"
    )
    assert "solid" in outline or "rgb" in outline
