"""A partial year in the browser (issue #31): after Växjö alone has answered for 2026 and its
answers are imported, every page opens on 2025, the latest complete year; 2026 can be chosen
and then says "preliminär – 1 av 8 kommuner" on Översikt, Jämför, Kommun, the slides and the
download. Served by gunicorn as the Procfile says, on a copy of data/."""

from __future__ import annotations

import shutil
import urllib.request

import pytest
from playwright.sync_api import expect

from dashboard.config import REPO_ROOT
from dashboard.data import importer
from tests import procfile_server
from tests.conftest import _make_page, screenshot

pytestmark = pytest.mark.browser

PRELIMINARY = "preliminär – 1 av 8 kommuner"


@pytest.fixture(scope="module")
def partial_year(tmp_path_factory):
    root = tmp_path_factory.mktemp("partial-year")
    data = root / "data"
    # The repository's data files only: a store left in data/ by a local run (the gitignored
    # dashboard.sqlite3 and its .versioner) would be copied too, and the server would then
    # serve that store's older version instead of the files with Växjö's 2026 answers.
    local_store = shutil.ignore_patterns(".historik", ".versioner", "dashboard.sqlite3*")
    shutil.copytree(REPO_ROOT / "data", data, ignore=local_store)
    answers = root / "vaxjo-2026.csv"
    answers.write_text("kommunkod;indikator;ar;varde;kalla\n"
                       "0780;samordnare;2026;nej;Växjö kommuns svar 2026\n"
                       "0780;suv_status;2026;i_bruk;Växjö kommuns svar 2026\n",
                       encoding="utf-8")  # fmt: skip
    result = importer.run_import(answers, data_dir=data, geo_dir=REPO_ROOT / "geo", user="test")
    assert "Ofullständigt 2026" in result.summary
    server = procfile_server.start(
        root / "gunicorn.log", workers=1,
        extra_env={"DASHBOARD_DATA_DIR": str(data), "DASHBOARD_CACHE_DIR": str(root / "cache"),
                   "DASHBOARD_PREWARM": "0"},
    )  # fmt: skip
    yield server.url
    server.stop()


@pytest.fixture
def partial_page(browser, partial_year, page_log):
    context, page = _make_page(browser, partial_year, page_log, 1366, 768)
    yield page, partial_year
    context.close()
    page_log.assert_clean()


def test_oversikt_opens_on_the_complete_year_and_labels_the_partial_one(partial_page):
    page, url = partial_page
    page.goto(url + "/?indikator=samordnare")
    year = page.locator("#oversikt-ar")
    expect(year).to_have_value("2025")
    expect(page.locator("#oversikt-ar option[value='2026']")).to_have_text("2026 (prel.)")
    page.goto(url + "/?indikator=samordnare&ar=2026")
    # #main is filled after the first paint: wait for it rather than read it once (a CI run
    # read it empty)
    expect(page.locator("#main")).to_contain_text(PRELIMINARY)
    title = page.locator("h2", has_text="Kvinnofridssamordnare 2026").first.inner_text()
    assert PRELIMINARY in title
    screenshot(page, "preliminar-oversikt-2026")


@pytest.mark.parametrize("path", ["/jamfor?ar=2026&indikator=samordnare", "/kommun/0780?ar=2026"])
def test_jamfor_and_kommun_say_the_year_is_preliminary(partial_page, path):
    page, url = partial_page
    page.goto(url + path.split("?")[0])
    page.wait_for_selector("select")
    assert page.locator(".preliminary-notice").count() == 0  # the default year: 2025
    page.goto(url + path)
    text = page.locator(".preliminary-notice").first.inner_text()  # waits for the page
    assert "Preliminärt år." in text and "1 av 8 kommuner" in text
    assert "Det senaste fullständiga året är 2025." in text


def test_the_slides_say_the_year_is_preliminary(partial_page):
    page, url = partial_page
    for slide in (1, 2):  # the title slide and the key figures
        page.goto(url + f"/presentera?ar=2026&bild={slide}")
        expect(page.locator("body")).to_contain_text(PRELIMINARY)
    screenshot(page, "preliminar-bild-2")


def test_the_download_says_the_year_is_preliminary(partial_year):
    query = "/nedladdning/oversikt.csv?indikator=samordnare&ar=2026"
    with urllib.request.urlopen(partial_year + query, timeout=30) as response:
        body = response.read().decode("utf-8-sig")
    assert f"Kvinnofridssamordnare, Kronobergs län, 2026 ({PRELIMINARY})" in body
    assert f"Samordnare 2026 ({PRELIMINARY})" in body  # the value column's heading


@pytest.mark.parametrize("query", [
    "/nedladdning/jamfor.csv?tabell=rangordning&indikator=samordnare&ar=2026",
    "/nedladdning/jamfor.csv?tabell=matris&ar=2026",
    "/nedladdning/kommun.csv?kod=0780&tabell=nyckeltal&ar=2026",
    "/nedladdning/kommun.csv?kod=0780&tabell=malomraden&ar=2026",
])  # fmt: skip
def test_jamfor_and_kommun_downloads_say_the_year_is_preliminary(partial_year, query):
    """The title of Jämför's and Kommun's downloads of 2026 says the year is preliminary, as
    the pages' notices do; the complete year's download does not."""
    with urllib.request.urlopen(partial_year + query, timeout=30) as response:
        body = response.read().decode("utf-8-sig")
    title = body.splitlines()[0]
    assert "2026" in title and "preliminär" in title, title
    assert "av 8 kommuner" in title, title
    complete = query.replace("ar=2026", "ar=2025")
    with urllib.request.urlopen(partial_year + complete, timeout=30) as response:
        assert "preliminär" not in response.read().decode("utf-8-sig").splitlines()[0]


def test_the_summary_never_hides_an_indicator_that_got_worse(partial_page):
    """Uppföljning counts indicators as well as delmål: as many 'sämre' in the summary as
    indicator rows say so, and a delmål holding one is sämre or blandat."""
    page, url = partial_page
    page.goto(url + "/uppfoljning")
    page.wait_for_selector(".progress-indicators li")  # the tables may come after the paint
    page.wait_for_function("document.querySelectorAll('.progress-table').length >= 4")
    summary = page.locator("#uppfoljning-sammanfattning-indikatorer").inner_text()
    rows = page.locator(".progress-indicators li").all_inner_texts()
    worse_rows = [r for r in rows if "(sämre)" in r]
    counted = int(summary.split("Sämre")[1].split()[0])
    assert counted == len(worse_rows)
    assert counted > 0, "the example data should hold an indicator that got worse"
    for row in page.locator(".progress-table tbody tr").all():
        if "(sämre)" in row.inner_text():
            verdict = row.locator(".progress-verdict").inner_text()
            assert "Sämre" in verdict or "Blandat" in verdict, verdict
    screenshot(page, "uppfoljning-sammanfattning")


def test_real_values_on_a_slide_are_not_called_invented(partial_page):
    """Växjö's 2026 answers are real (imported): the key-figures slide, which rests on them
    alone, does not say its values are example data, and the notice says which are."""
    page, url = partial_page
    page.goto(url + "/presentera?ar=2026&bild=2")
    expect(page.locator("body")).to_contain_text("En del värden är påhittade")
    body = page.locator("body").inner_text()
    assert "Värdena är exempeldata" not in body
    assert "En del värden är påhittade" in body
