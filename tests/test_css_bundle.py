"""assets/01_bootstrap.min.css is Bootstrap trimmed to the classes the app uses
(scripts/build-css.sh). Every Bootstrap class on a page in the browser must have kept its
rules; otherwise a page would silently lose its styling after a change."""

from __future__ import annotations

import re

import pytest

from dashboard.config import REPO_ROOT

pytestmark = pytest.mark.browser

FULL = REPO_ROOT / "scripts" / "css-bundle" / "bootstrap-5.3.9.min.css"
TRIMMED = REPO_ROOT / "assets" / "01_bootstrap.min.css"
PAGES = [
    "/", "/jamfor?min=0780&grupp=storlek", "/kommun/0780", "/kommun", "/strategi",
    "/strategi/2", "/strategi/2/2.5", "/strategi/sammanhang", "/om", "/presentera",
    "/presentera?kommun=0780&bild=1", "/presentera?kommun=0780&bild=4", "/finns-inte",
]  # fmt: skip
# The selectors (of those given) that match an element on the page, states and
# pseudo-elements aside (':hover', '::before': the element they style is what counts).
MATCHING = """selectors => selectors.filter(selector => {
    const base = selector.replace(/::?[a-z-]+(\\([^)]*\\))?/g, match =>
        match.startsWith(':not(') ? match : '');
    try { return document.querySelector(base || '*') !== null; } catch (e) { return false; }
})"""


def class_names(css: str) -> set[str]:
    return set(re.findall(r"\.(-?[_a-zA-Z][_a-zA-Z0-9-]*)", css))


def selectors(css: str) -> set[str]:
    """Every selector of the sheet (inside @media too) that names a class."""
    found = set()
    for prelude in re.findall(r"(?:^|[{}])([^{}@]+)\{", css):
        found.update(part.strip() for part in prelude.split(",") if "." in part)
    return found


def test_trimmed_sheet_keeps_the_banner_and_is_small():
    trimmed = TRIMMED.read_text(encoding="utf-8")
    assert "Bootstrap  v5.3.9" in trimmed and "Licensed under MIT" in trimmed
    assert len(trimmed) < FULL.stat().st_size / 3
    assert class_names(trimmed) <= class_names(FULL.read_text(encoding="utf-8"))


@pytest.mark.parametrize("width", [1280, 390])
def test_every_bootstrap_rule_for_the_pages_is_kept(browser, base_url, width):
    """Each selector of the full sheet that matches something on a page is in the trimmed
    one (a rule like `.nav-fill .nav-item` may go when nothing uses `nav-fill`)."""
    full = sorted(selectors(FULL.read_text(encoding="utf-8")))
    trimmed = selectors(TRIMMED.read_text(encoding="utf-8"))
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    needed: dict[str, str] = {}
    for path in PAGES:
        page.goto(base_url + path, wait_until="networkidle")
        page.wait_for_selector("#main h1, .presenter-deck")
        page.mouse.wheel(0, 20_000)  # the sections and charts drawn further down
        page.wait_for_timeout(600)
        if width < 992 and page.locator("#navbar-toggler").is_visible():
            page.click("#navbar-toggler")  # the open menu's classes
        for selector in page.evaluate(MATCHING, full):
            needed.setdefault(selector, path)
    context.close()
    assert len(needed) > 100  # the check sees the pages' markup
    missing = {selector: path for selector, path in needed.items() if selector not in trimmed}
    assert not missing, f"run scripts/build-css.sh; rules missing (selector: page): {missing}"
