"""The yearly survey in a browser (#35 item 4), on a server of its own (gunicorn as the
Procfile starts it, plain HTTP, its own copy of the county and its own database): a
förvaltare opens the year's survey; Alvesta's kommunrapportör signs in, sees an error beside
a field, saves a draft and submits; the förvaltare approves; the public municipality page
shows the answer within 10 seconds. Screenshots of the form with an error and of the review
at three sizes go to /tmp/shots35/survey/."""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import procfile_server
import pytest
import sqlalchemy as sa
from conftest import COUNTY_DATA

from dashboard.data.store import schema
from dashboard.data.store.db import connect
from dashboard.web.admin import clock

pytestmark = [pytest.mark.browser, pytest.mark.integration]

YEAR, CODE = 2025, "0764"  # Alvesta; the fixture county has 2025 as example values
SHOTS = Path("/tmp/shots35/fix-survey")
SIZES = [(1366, 768), (1024, 768), (390, 844)]
PASSWORD = "ett långt lösenord för testet"
# Kommun's criteria table: the criterion, its symbol and its status in words
MAPPED = re.compile(r"aktuell kartläggning av våld i nära relationer i kommunen\s*✓\s*Uppfyllt")


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[tuple[str, str]]:
    root = tmp_path_factory.mktemp("enkat-server")
    data = root / "data"
    shutil.copytree(COUNTY_DATA, data, ignore=shutil.ignore_patterns(".historik", ".versioner",
                                                                     "dashboard.sqlite3*"))  # fmt: skip
    url = f"sqlite:///{data / 'dashboard.sqlite3'}"
    srv = procfile_server.start(root / "gunicorn.log", workers=2, extra_env={
        "DASHBOARD_DATA_DIR": str(data), "DASHBOARD_CACHE_DIR": str(root / "cache"),
        "DATABASE_URL": url, "DASHBOARD_COOKIE_SECURE": "0",
        "DASHBOARD_VERSION_POLL_SECONDS": "1"})  # fmt: skip
    try:
        _account(url, "forvaltaren", "forvaltare", None)
        _account(url, "alvesta", "kommunrapportor", CODE)
        yield srv.url, url
    finally:
        srv.stop()


def _account(url: str, username: str, role: str, code: str | None) -> None:
    from dashboard.web.admin.auth import hash_password

    with connect(url).begin() as conn:
        conn.execute(sa.insert(schema.account).values(
            username=username, display_name=username.capitalize(), role=role,
            municipality_code=code, password_hash=hash_password(PASSWORD), active=True,
            created_at=datetime.now(UTC)))  # fmt: skip


def _sign_in(browser, base: str, username: str, size=(1366, 768)):
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    page.goto(base + "/admin/logga-in")
    page.fill("#anvandarnamn", username)
    page.fill("#losenord", PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(base + "/admin/")
    return context, page


def _shots(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=str(SHOTS / f"{name}-{width}x{height}.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 768})


def _no_target_too_small(page) -> None:
    """On a phone every button, field and link in the form is at least 44 px tall."""
    small = page.evaluate("""() => [...document.querySelectorAll(
        'main button, main select, main input:not([type=hidden]):not([type=checkbox]), '
        + 'main .form-check-label')].filter(e => e.getBoundingClientRect().height < 44)
        .map(e => e.id || e.name || e.textContent.trim())""")
    assert small == []


def _in_view(page, selector: str) -> None:
    """The element is inside the window as the page loads (no scrolling needed to see it)."""
    box = page.evaluate(f"""() => {{ const r = document.querySelector({selector!r})
        .getBoundingClientRect(); return [r.top, r.bottom, window.innerHeight]; }}""")
    assert box[0] >= 0 and box[1] <= box[2], box


def _fits_the_phone(page, selector: str) -> None:
    """On a phone the element is within the screen's width and nothing scrolls sideways."""
    right, width, scroll = page.evaluate(f"""() => [Math.max(...[...document.querySelectorAll(
        {selector!r})].map(e => e.getBoundingClientRect().right)), window.innerWidth,
        document.documentElement.scrollWidth]""")
    assert right <= width and scroll <= width, (right, width, scroll)


def _published_value(url: str, indicator: str) -> str:
    import csv
    import io

    from dashboard.data.store import versions

    data = versions.files_of(url, versions.head_id(url))["varden.csv"].decode("utf-8-sig")
    for row in csv.DictReader(io.StringIO(data), delimiter=";"):
        if (row["kommunkod"], row["indikator"], row["ar"]) == (CODE, indicator, str(YEAR)):
            return row["varde"]
    raise AssertionError(f"{indicator} {YEAR} is not in the published values")


def test_from_draft_to_the_public_page(server, browser):
    base, url = server
    manager, mpage = _sign_in(browser, base, "forvaltaren")
    mpage.goto(base + "/admin/arsuppfoljning")
    mpage.fill("#ar", str(YEAR))
    mpage.fill("#sista_dag", (clock.today() + timedelta(days=14)).isoformat())
    mpage.get_by_role("button", name="Öppna årsuppföljningen").click()
    mpage.wait_for_url(f"{base}/admin/arsuppfoljning/{YEAR}")
    assert "Ej påbörjad" in mpage.inner_text("main")

    reporter, rpage = _sign_in(browser, base, "alvesta")
    rpage.get_by_role("link", name="Årsuppföljningen för din kommun").click()
    rpage.get_by_role("link", name=f"Årsuppföljningen {YEAR}").click()
    assert "Förifyllt med förra årets svar (2024) – kontrollera" in rpage.inner_text("main")
    rpage.get_by_label("Svar (personer)").first.fill("500")
    rpage.get_by_role("button", name="Skicka in").click()
    error = rpage.locator("#fel_varde_samordnare_antal")
    assert "utanför det tillåtna intervallet (0–100)" in error.inner_text()
    assert rpage.get_attribute("#varde_samordnare_antal", "aria-invalid") == "true"
    assert rpage.locator("#felsammanfattning a[href='#varde_samordnare_antal']").count() == 1
    _in_view(rpage, "#felsammanfattning")  # the page reloads at the top: the summary is there
    # a decimal comma, typed key by key, stays a comma (a number input made it 075)
    rpage.fill("#varde_samordnare_tjanstgrad", "")
    rpage.locator("#varde_samordnare_tjanstgrad").press_sequentially("0,75")
    assert rpage.input_value("#varde_samordnare_tjanstgrad") == "0,75"
    rpage.set_viewport_size({"width": 390, "height": 844})
    _no_target_too_small(rpage)
    heights = rpage.evaluate("""() => [...document.querySelectorAll('.survey-form .form-check')]
        .map(e => e.getBoundingClientRect().height)""")
    assert heights and min(heights) >= 44  # 'Uppgift saknas': box and label, 44 px to tap
    boxes = rpage.evaluate("""() => [...document.querySelectorAll(
        '.survey-form .form-check-input')].map(e => e.getBoundingClientRect())
        .map(r => Math.min(r.width, r.height))""")
    assert boxes and min(boxes) >= 24  # and the box itself is not a 16 px speck
    _shots(rpage, "formular-med-fel")

    rpage.fill("#varde_samordnare_antal", "37")
    rpage.select_option("#varde_krit_1_3", "uppfyllt")  # 2025's published value: Ej uppfyllt
    rpage.get_by_role("button", name="Spara utkast").click()
    assert "Utkastet är sparat." in rpage.inner_text("main")
    assert rpage.input_value("#varde_samordnare_tjanstgrad") == "0,75"
    rpage.get_by_role("button", name="Skicka in").click()
    assert "är inskickade" in rpage.inner_text("main")
    assert rpage.get_by_role("button", name="Spara utkast").count() == 0  # read-only now
    rpage.set_viewport_size({"width": 390, "height": 844})
    _fits_the_phone(rpage, "main td")  # the submitted answers: one card per question
    _shots(rpage, "inskickad")

    mpage.goto(f"{base}/admin/arsuppfoljning/{YEAR}")
    assert "Inskickad" in mpage.locator("tr", has_text="Alvesta").inner_text()
    mpage.set_viewport_size({"width": 390, "height": 844})
    _fits_the_phone(mpage, "main .btn")  # the rows are cards: 'Granska' is on the screen
    _shots(mpage, "arets-kommuner")
    mpage.get_by_role("link", name="Granska Alvesta").click()
    assert "37" in mpage.locator("li", has_text="Antal kvinnofridssamordnare").inner_text()
    assert "0,75" in mpage.locator("li", has_text="Samordnartid").inner_text()
    _shots(mpage, "granskning")
    mpage.get_by_role("button", name="Skicka tillbaka").click()  # no comment: refused
    assert "Svaren skickades inte tillbaka" in mpage.inner_text("#felsammanfattning")
    _in_view(mpage, "#felsammanfattning")
    _shots(mpage, "granskning-utan-kommentar")
    mpage.get_by_role("button", name="Godkänn och publicera").click()
    main = mpage.inner_text("main")
    assert "publicerade som version" in main
    assert (
        "visas som preliminärt på den publika sidan tills alla kommuner är godkända (1 av 8)"
        in main
    )
    assert "Godkänd" in mpage.locator("tr", has_text="Alvesta").inner_text()
    _shots(mpage, "godkand")
    mpage.get_by_role("link", name="Granska Alvesta").click()
    assert f"/kommun/{CODE}?ar={YEAR}" in mpage.inner_html("#preliminart")
    _shots(mpage, "granskning-godkand")
    assert _published_value(url, "samordnare_tjanstgrad") == "0,75"  # 0.75 årsarbetare

    public = browser.new_page()
    public.goto(f"{base}/kommun/{CODE}?ar={YEAR}", wait_until="networkidle")
    deadline = time.monotonic() + 10
    while not MAPPED.search(public.inner_text("main")):
        assert time.monotonic() < deadline, "the public page did not show the answer in 10 s"
        public.wait_for_timeout(500)
        public.reload(wait_until="networkidle")
    for context in (manager, reporter):
        context.close()
    public.close()
