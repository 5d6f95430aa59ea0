"""Every page opens in real headless Chromium with no errors and no third-party request."""

from __future__ import annotations

import re

import dash
import pytest

from dashboard import dash_seam
from dashboard.config import REPO_ROOT
from tests.conftest import screenshot

pytestmark = pytest.mark.browser

# Every page module Dash imports (it skips files starting with "_"), read from the folder so
# that a new page is tested without being listed here; its address comes from Dash's page
# registry once the app is built (page_address). The 404 page has its own test below.
PAGE_MODULES = sorted(
    path.stem
    for path in (REPO_ROOT / "dashboard" / "pages").glob("*.py")
    if not path.name.startswith("_") and path.stem != "not_found_404"
)
# Path variables for pages whose registered `path` is not an address of their own: a
# municipality and a delmål of the test data.
EXAMPLE_VARIABLES = {"kod": "0780", "mal": "2", "delmal": "2.5"}
EXTRA_PAGES = {"kommun-0780": "/kommun/0780"}  # the municipality page, besides its list


def page_address(module: str) -> str:
    """The page's `path` when Dash's router takes it to that page, else its path template
    filled in with EXAMPLE_VARIABLES."""
    page = dash.page_registry[f"dashboard.pages.{module}"]
    found, _ = dash_seam.page_at(page["path"].strip("/"))
    if found and found["module"] == page["module"]:
        return page["path"]
    return re.sub(r"<(\w+)>", lambda m: EXAMPLE_VARIABLES[m.group(1)], page["path_template"])


def open_page(page, base_url: str, path: str) -> None:
    page.goto(base_url + path, wait_until="networkidle")
    page.wait_for_selector("#main h1")


@pytest.mark.parametrize("name", PAGE_MODULES + list(EXTRA_PAGES))
def test_page_renders_clean(app, strict_page, base_url, page_log, name):
    """Every page loads under the real CSP: no console error, failed or foreign request."""
    path = EXTRA_PAGES.get(name) or page_address(name)
    page = strict_page
    open_page(page, base_url, path)
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "sv"
    assert page.locator("nav").first.is_visible()
    assert "Exempeldata" in page.inner_text("body")
    screenshot(page, f"shell-{name}-desktop")
    page.mouse.wheel(0, 20_000)  # draw the charts below the first screen too
    page.wait_for_timeout(3_500)  # Chromium reports an unused preload ~3 s after load
    assert not page_log.console_warnings, page_log.console_warnings
    page_log.assert_clean()


def test_unknown_path_gives_swedish_404(page, base_url, page_log):
    response = page.goto(base_url + "/finns-inte/alls", wait_until="networkidle")
    assert response.status == 404  # the status a browser, crawler or proxy expects
    page_log.bad_status.remove(f"404 {base_url}/finns-inte/alls")
    page_log.console_errors.remove(
        "Failed to load resource: the server responded with a status of 404 (NOT FOUND)"
    )
    page.wait_for_selector("#main h1")
    assert "Sidan finns inte" in page.inner_text("#main")
    page.click("#main >> text=Om data")
    page.wait_for_url(base_url + "/om")
    page.wait_for_selector("text=Tillgänglighetsredogörelse")
    page_log.assert_clean()


def test_navbar_works_on_phone(phone_page, base_url, page_log):
    open_page(phone_page, base_url, "/om")
    screenshot(phone_page, "shell-om-phone")
    menu = phone_page.get_by_role("button", name="Meny")
    nav = phone_page.get_by_role("navigation", name="Huvudmeny")
    assert menu.get_attribute("aria-expanded") == "false"
    assert not nav.get_by_role("link", name="Strategi").is_visible()
    menu.click()
    assert menu.get_attribute("aria-expanded") == "true"
    assert nav.get_by_role("link", name="Om data").get_attribute("aria-current") == "page"
    nav.get_by_role("link", name="Strategi").click()
    phone_page.wait_for_url(base_url + "/strategi")
    phone_page.wait_for_selector("#main h1")
    # The menu closes after navigating and marks the new page (it is plain HTML: 05_menu.js).
    assert menu.get_attribute("aria-expanded") == "false"
    assert not nav.get_by_role("link", name="Strategi").is_visible()
    current = nav.locator("[aria-current=page]")
    assert current.count() == 1 and current.inner_text() == "Strategi"
    assert "active" in (current.get_attribute("class") or "")
    phone_page.go_back()
    phone_page.wait_for_url(base_url + "/om")
    assert nav.locator("[aria-current=page]").inner_text() == "Om data"
    page_log.assert_clean()


def test_escape_closes_the_phone_menu(phone_page, base_url, page_log):
    open_page(phone_page, base_url, "/om")
    menu = phone_page.get_by_role("button", name="Meny")
    menu.focus()
    phone_page.keyboard.press("Enter")
    assert menu.get_attribute("aria-expanded") == "true"
    phone_page.keyboard.press("Tab")  # into the menu's first link
    assert phone_page.evaluate("document.activeElement.textContent") == "Översikt"
    phone_page.keyboard.press("Escape")
    assert menu.get_attribute("aria-expanded") == "false"
    assert phone_page.evaluate("document.activeElement.id") == "navbar-toggler"
    page_log.assert_clean()


def test_skip_link_moves_focus_to_main(page, base_url):
    open_page(page, base_url, "/om")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Hoppa till innehållet"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
