"""Signing in and out of the admin in headless Chromium, with the keyboard only, under the
app's Content-Security-Policy; screenshots of the sign-in page at three sizes."""

from __future__ import annotations

import pytest

from tests.conftest import _make_page, screenshot
from tests.test_admin_auth import PASSWORD, make_account

pytestmark = pytest.mark.browser

SIZES = {"desktop": (1366, 768), "surfplatta": (1024, 768), "mobil": (390, 844)}


def _local(base_url: str) -> str:
    # "localhost" is a secure context over plain HTTP, so Chromium keeps the admin's
    # Secure, __Host- cookies there as it does on the HTTPS site.
    return base_url.replace("127.0.0.1", "localhost")


@pytest.mark.parametrize("size", SIZES)
def test_sign_in_page_at_every_size(browser, base_url, page_log, size):
    width, height = SIZES[size]
    context, page = _make_page(browser, _local(base_url), page_log, width, height, bypass_csp=False)
    try:
        page.goto(_local(base_url) + "/admin/logga-in", wait_until="networkidle")
        assert page.get_by_role("heading", name="Logga in").is_visible()
        for label in ("Användarnamn", "Lösenord"):
            box = page.get_by_label(label).bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= width, label
            assert box["height"] >= 24, label  # a target a finger can hit
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, f"the page scrolls sideways at {width} px"
        screenshot(page, f"admin-logga-in-{size}")
        page_log.assert_clean()
    finally:
        context.close()


def _tab_to(page, text: str, limit: int = 15) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == text:
            return
    pytest.fail(f"Tab never reached {text!r}")


def test_sign_in_and_out_with_the_keyboard(browser, base_url, page_log):
    name = make_account(prefix="webblasare")
    context, page = _make_page(browser, _local(base_url), page_log, 1366, 768, bypass_csp=False)
    try:
        base = _local(base_url)
        page.goto(base + "/admin/", wait_until="networkidle")
        assert page.url == base + "/admin/logga-in?next=/admin/"
        # The name field has the focus as the page opens: type, Tab, type, Enter.
        assert page.evaluate("document.activeElement.id") == "anvandarnamn"
        page.keyboard.type(name)
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") == "losenord"
        page.keyboard.type(PASSWORD)
        page.keyboard.press("Enter")
        page.wait_for_url(base + "/admin/")
        assert page.get_by_role("heading", name="Förvaltning av uppgifterna").is_visible()
        assert "Inloggad:" in page.inner_text("header")
        screenshot(page, "admin-start-desktop")
        cookies = {c["name"]: c for c in context.cookies()}
        session = cookies["__Host-kvinnofrid_admin"]
        assert session["httpOnly"] and session["secure"] and session["sameSite"] == "Lax"
        assert page.evaluate("document.cookie") == ""  # nothing readable by a script
        page.goto(base + "/admin/", wait_until="networkidle")  # Tab from the page's top
        _tab_to(page, "Logga ut")
        page.keyboard.press("Enter")
        page.wait_for_url(base + "/admin/logga-in")
        assert "Du är utloggad." in page.inner_text("main")
        page.goto(base + "/admin/", wait_until="networkidle")
        assert "/admin/logga-in" in page.url  # the session is gone
        page_log.assert_clean()
    finally:
        context.close()


def test_a_wrong_password_is_said_beside_the_form(browser, base_url, page_log):
    name = make_account(prefix="webblasare")
    context, page = _make_page(browser, _local(base_url), page_log, 390, 844, bypass_csp=False)
    try:
        page.goto(_local(base_url) + "/admin/logga-in", wait_until="networkidle")
        page.fill("#anvandarnamn", name)
        page.fill("#losenord", "inte-det-ratta-losenordet")
        page.keyboard.press("Enter")
        page.wait_for_selector("#inloggning-fel")
        assert page.inner_text("#inloggning-fel") == "Fel användarnamn eller lösenord."
        described = page.get_attribute("#anvandarnamn", "aria-describedby")
        assert described == "inloggning-fel"
        assert page.evaluate("document.activeElement.id") == "losenord"  # the name is kept
        screenshot(page, "admin-logga-in-fel-mobil")
        # The refused sign-in answers 401 on purpose; nothing else may fail.
        page_log.bad_status = [s for s in page_log.bad_status if "/admin/logga-in" not in s]
        page_log.console_errors = [e for e in page_log.console_errors if "401" not in e]
        page_log.assert_clean()
    finally:
        context.close()


@pytest.mark.parametrize("size", ["desktop", "mobil"])
def test_accounts_and_log_pages_fit(browser, base_url, page_log, size):
    from tests.test_admin_auth import PASSWORD as SECRET

    width, height = SIZES[size]
    name = make_account(prefix="webblasare")
    context, page = _make_page(browser, _local(base_url), page_log, width, height,
                               bypass_csp=False)  # fmt: skip
    try:
        base = _local(base_url)
        page.goto(base + "/admin/logga-in?next=/admin/konton", wait_until="networkidle")
        page.fill("#anvandarnamn", name)
        page.fill("#losenord", SECRET)
        page.keyboard.press("Enter")
        page.wait_for_url(base + "/admin/konton")
        assert page.get_by_role("heading", name="Lägg upp ett konto").is_visible()
        page.select_option("#roll", "kommunrapportor")
        page.select_option("#kommun", "0780")
        page.fill("#namn", "Maja M")
        page.fill("#anvandarnamn", f"maja-{size}-{name}")
        page.get_by_role("button", name="Lägg upp kontot").click()
        page.wait_for_selector("#nytt-losenord")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        _assert_within_and_tall_enough(page, width)
        screenshot(page, f"admin-konton-{size}")
        page.goto(base + "/admin/logg", wait_until="networkidle")
        assert page.get_by_role("heading", name="Logg").is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        _assert_within_and_tall_enough(page, width)
        screenshot(page, f"admin-logg-{size}")
        page_log.assert_clean()
    finally:
        context.close()


def _assert_within_and_tall_enough(page, width: int) -> None:
    """Every cell and button of the table is on screen (no sideways scroll inside the
    table either: on a phone its rows stack), and the header's links are >= 44 px high."""
    right = page.evaluate("Math.max(...[...document.querySelectorAll('main table tbody th, main "
                          "table td, main table .btn')].map(e => e.getBoundingClientRect().right))")  # fmt: skip
    widest = page.evaluate("[...document.querySelectorAll('main table tbody th, main table td, main "
                           "table .btn')].sort((a, b) => b.getBoundingClientRect().right - "
                           "a.getBoundingClientRect().right)[0].outerHTML.slice(0, 200)")  # fmt: skip
    assert right <= width, (right, widest)
    heights = page.evaluate("[...document.querySelectorAll('.admin-header a')]"
                            ".map(a => a.getBoundingClientRect().height)")  # fmt: skip
    assert heights and min(heights) >= 44, heights
