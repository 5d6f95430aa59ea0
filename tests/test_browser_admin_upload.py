"""The förvaltare's way through the admin in a browser (issue #35): sign in, upload a values
file that changes one municipality's value, read the preview, publish, see the public page
show the new value within 10 s, undo from the version history and see the old value again.

The app runs under gunicorn as the Procfile starts it (two workers, each polling the store
every second), on a copy of the fixture county with its own SQLite store, over plain HTTP
(DASHBOARD_COOKIE_SECURE=0). The account is made by `python -m dashboard konto skapa`.
Screenshots of the upload, preview and version pages at three sizes go to SHOTS.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import procfile_server
import pytest
from conftest import REPO

pytestmark = pytest.mark.browser

SHOTS = Path(os.environ.get("DASHBOARD_SHOTS_DIR", "/tmp/shots35/uploads"))
SIZES = [(1366, 768), (1024, 768), (390, 844)]
USER, PASSWORD = "anna.forvaltare", "ett-langt-losenord-for-testet"
ROW = "Antal kvinnofridssamordnare"
PUBLIC_WITHIN = 10.0  # seconds: the promise for every worker


@pytest.fixture
def server(tmp_path, data_dir):
    env = {**os.environ, "DASHBOARD_DATA_DIR": str(data_dir)}
    env.pop("DATABASE_URL", None)
    made = subprocess.run([sys.executable, "-m", "dashboard", "konto", "skapa", USER, "--roll",
                           "forvaltare", "--namn", "Anna Förvaltare"], cwd=REPO, env=env,
                          input=f"{PASSWORD}\n{PASSWORD}\n", capture_output=True, text=True,
                          timeout=120)  # fmt: skip
    assert made.returncode == 0, made.stderr
    srv = procfile_server.start(tmp_path / "gunicorn.log", workers=2, extra_env={
        "DASHBOARD_DATA_DIR": str(data_dir), "DASHBOARD_COOKIE_SECURE": "0",
        "DASHBOARD_VERSION_POLL_SECONDS": "1", "DATABASE_URL": ""})  # fmt: skip
    yield srv
    srv.stop()


def new_page(browser, width: int = 1366, height: int = 768):
    """A page with the app's Content-Security-Policy enforced, collecting console errors."""
    context = browser.new_context(viewport={"width": width, "height": height}, locale="sv-SE")
    page = context.new_page()
    page.errors = []
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.bad = []
    page.on("response", lambda r: page.bad.append(f"{r.status} {r.url}") if r.status >= 400
            and not r.url.endswith("/favicon.ico") else None)  # fmt: skip
    return page


def shots(page, name: str) -> None:
    """The page at each size, full length; and at a phone's width every control is 44 px."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=str(SHOTS / f"{name}-{width}x{height}.png"), full_page=True)
    small = page.eval_on_selector_all(
        "main button, main select, main input:not([type=hidden]), main a.btn",
        "els => els.map(e => [e.id || e.textContent.trim(), e.getBoundingClientRect().height])"
        ".filter(([_, h]) => h < 44)",
    )
    assert small == [], f"{name}: under 44 px on a phone: {small}"
    links = page.eval_on_selector_all(
        "main a",
        "els => els.map(e => [e.textContent.trim(), e.getBoundingClientRect().height])"
        ".filter(([_, h]) => h < 44)",
    )
    assert links == [], f"{name}: links under 44 px on a phone: {links}"
    cut = page.eval_on_selector_all(  # a table's column off-screen, behind a sideways scroll
        "main td, main th",
        "els => els.filter(e => e.getBoundingClientRect().width > 1 && "
        "e.getBoundingClientRect().right > window.innerWidth).map(e => e.textContent.trim())",
    )
    assert cut == [], f"{name}: cells off-screen on a phone: {cut}"
    page.set_viewport_size({"width": 1366, "height": 768})


def public_row(page, url: str, expected: str) -> float:
    """Reload /kommun/0780 until its row shows `expected`; the seconds it took."""
    started = time.monotonic()
    while True:
        page.goto(url + "/kommun/0780", wait_until="networkidle")
        text = page.locator("tr", has_text=ROW).first.inner_text()
        if expected in text:
            return time.monotonic() - started
        if time.monotonic() - started > PUBLIC_WITHIN + 5:
            pytest.fail(f"the public page still shows {text!r}, not {expected!r}")
        time.sleep(0.5)


def sign_in(page, url: str) -> None:
    page.goto(url + "/admin/inlasning")
    assert "/admin/logga-in" in page.url  # no session: the sign-in page first
    page.get_by_label("Användarnamn").fill(USER)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url("**/admin/inlasning")


def upload(page, tmp_path: Path, value: str) -> None:
    file = tmp_path / "varden-2025.csv"
    file.write_text("kommunkod;indikator;ar;varde;kalla\n"
                    f"0780;samordnare_antal;2025;{value};Kommunens svar 2026\n",
                    encoding="utf-8")  # fmt: skip
    page.get_by_label("Vilken sorts fil").select_option("varden")
    page.get_by_label("Fil (Excel .xlsx eller CSV .csv").set_input_files(str(file))
    page.get_by_role("button", name="Ladda upp och förhandsgranska").click()
    page.wait_for_url("**/admin/inlasning/*")


def test_upload_preview_publish_public_and_undo(browser, server, tmp_path):
    admin = new_page(browser)
    public = new_page(browser)
    url = server.url
    before = public_row(public, url, "3\xa0personer")  # the fixture county's value
    assert before < 5
    sign_in(admin, url)
    assert admin.get_by_role("heading", level=1).inner_text() == "Läsa in en fil"
    shots(admin, "inlasning")

    upload(admin, tmp_path, "7")
    table = admin.get_by_role("table", name="Växjö (0780): 1 ändring av värden")
    assert " ".join(table.locator("tbody tr").inner_text().split()) == (
        "Antal kvinnofridssamordnare 2025 3 7 ändrad"
    )
    assert "Gjord mot" in admin.inner_text("main")
    shots(admin, "forhandsgranska")

    admin.get_by_role("button", name="Publicera").click()
    assert admin.get_by_role("heading", level=1).inner_text() == "Är du säker?"
    shots(admin, "publicera-bekrafta")
    admin.get_by_role("button", name="Ja, publicera").click()
    published = time.monotonic()
    admin.wait_for_url("**/admin/versioner/*")
    status = admin.get_by_role("status").inner_text()
    assert "är publicerad. Den publika tjänsten visar den inom 10 sekunder." in status
    new_version = int(admin.url.rsplit("/", 1)[1])
    public_row(public, url, "7\xa0personer")
    assert time.monotonic() - published < PUBLIC_WITHIN, "the public page took over 10 s"

    admin.goto(url + "/admin/versioner")
    first = admin.locator("tbody tr").first
    assert f"Version {new_version}" in first.inner_text() and "Visas nu" in first.inner_text()
    assert "anna.forvaltare" in first.inner_text() and "Fil: varden-2025.csv" in first.inner_text()
    shots(admin, "versioner")

    admin.get_by_role("link", name=f"Version {new_version - 1}", exact=True).click()
    restore = f"Återställ till version {new_version - 1} (publiceras som en ny version)"
    admin.get_by_role("button", name=restore).wait_for(state="visible")  # its page has loaded
    admin.goto(f"{url}/admin/versioner/{new_version}")  # the one shown now
    shots(admin, "version")
    admin.get_by_role("button", name="Ångra den här ändringen").click()  # restores its parent
    assert "Det ångrar den senaste ändringen" in admin.inner_text("main")
    shots(admin, "angra-bekrafta")
    admin.get_by_role("button", name=f"Ja, återställ till version {new_version - 1}").click()
    undone = time.monotonic()
    admin.wait_for_url("**/admin/versioner")
    assert "med samma uppgifter som version" in admin.get_by_role("status").inner_text()
    assert f"Version {new_version + 1}" in admin.locator("tbody tr").first.inner_text()
    shots(admin, "versioner-efter-angra")
    public_row(public, url, "3\xa0personer")
    assert time.monotonic() - undone < PUBLIC_WITHIN, "the undo took over 10 s to show"
    # The admin's pages run under the CSP, with no script: no console error, no failed
    # response. Chromium's "Failed to load resource" lines are the responses, listed with
    # their address (a /favicon.ico of Chromium's own asking is not the pages' doing).
    assert admin.bad == [], admin.bad
    assert [e for e in admin.errors if not e.startswith("Failed to load resource")] == []
