"""Shared fixtures: the app served on loopback, and headless Chromium via Playwright."""

from __future__ import annotations

import atexit
import itertools
import os
import re
import shutil
import sys
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from werkzeug.serving import make_server

REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _session_folders() -> tuple[Path, Path, Path]:
    """The data folder the app would read (checked once, by tests/test_data.py), the session's
    own folder, and the fixture county in it. pytest imports this file as `conftest` and
    tests that import `tests.conftest` run it again: that second run takes the first one's
    folders instead of making new ones and pointing the environment elsewhere."""
    for name in ("conftest", "tests.conftest"):
        twin = sys.modules.get(name)
        if name != __name__ and twin is not None and hasattr(twin, "COUNTY_DATA"):
            return twin.SHIPPED_DATA, twin.SESSION_ROOT, twin.COUNTY_DATA
    from generated_county import build_example_county

    shipped = Path(os.environ.get("DASHBOARD_DATA_DIR") or REPO / "data").resolve()
    root = Path(tempfile.mkdtemp(prefix="kvinnofrid-test-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    county = build_example_county(root / "data")
    # The tests share no cache with a running app or an earlier test run (dashboard/cache.py),
    # and run on the fixture county, never on data/ (which may hold a real year): the app finds
    # both through the environment, and the gunicorn servers and child Pythons the tests start
    # inherit them.
    os.environ["DASHBOARD_CACHE_DIR"] = str(root / "cache")
    os.environ["DASHBOARD_DATA_DIR"] = str(county)
    return shipped, root, county


SHIPPED_DATA, SESSION_ROOT, COUNTY_DATA = _session_folders()


def chromium_path() -> str | None:
    return (
        os.environ.get("CHROMIUM_PATH")
        or shutil.which("chromium")
        or shutil.which("chromium-browser")
    )


@pytest.fixture(scope="session")
def app():
    """The app, built by the factory (Flask tutorial style), once per session: Dash's page
    registry is global, so a process holds one app (dashboard.web.app.create_app). Dash's
    first-request setup is done as gunicorn's master does it (prewarm.first_request); the
    caches are not warmed (DASHBOARD_PREWARM is off under pytest)."""
    from dashboard.config import get_settings
    from dashboard.web import prewarm
    from dashboard.web.app import create_app

    built = create_app(get_settings())
    prewarm.first_request(built.server)
    return built


@pytest.fixture(scope="session")
def dash_app(app):
    """The same app, under the name the older tests use."""
    return app


KINDS = ("integration", "browser", "slow")


def pytest_collection_modifyitems(items):
    """Every test without another kind is a unit test: `pytest -m unit` runs those alone."""
    for item in items:
        if not any(item.get_closest_marker(kind) for kind in KINDS):
            item.add_marker(pytest.mark.unit)


@pytest.fixture(autouse=True)
def _session_dataset_stays_loaded():
    """The fixture county's dataset is loaded once for the session. A test that points the
    app at a folder of its own, or clears the loader, would otherwise make the next tests
    load it again as a new object, and rebuild every result the domain caches per dataset
    (seconds in all): afterwards it is put back as it was (the county's files never change).
    A test that wants a fresh load still gets one: it clears the loader first."""
    from dashboard.config import get_settings
    from dashboard.data import loader

    yield
    settings = get_settings()
    if settings.data_dir != COUNTY_DATA.resolve():
        return  # the test's monkeypatch is still being undone: nothing to put back
    key = (settings.data_dir, settings.geo_dir)
    if key in loader._LOADED:
        _SESSION_DATASET[key] = loader._LOADED[key]
    elif key in _SESSION_DATASET:
        loader._LOADED[key] = _SESSION_DATASET[key]


_SESSION_DATASET: dict = {}


@pytest.fixture
def data_dir(tmp_path) -> Path:
    """A copy of the session's fixture county (COUNTY_DATA) that a test may change."""
    target = tmp_path / "data"
    # Without the session's database (#35): the copy's first load seeds a store of its own.
    shutil.copytree(COUNTY_DATA, target, ignore=shutil.ignore_patterns(
        ".historik", ".versioner", "dashboard.sqlite3*"))  # fmt: skip
    return target


@pytest.fixture(scope="session")
def west_county(tmp_path_factory) -> tuple[Path, Path, list[str]]:
    """A generated county of 49 municipalities (Västra Götaland's boundaries, made-up
    populations, example values), built once per session: data/, geo/ and the codes."""
    from generated_county import SOURCE, build_county

    if not SOURCE.exists():
        pytest.fail(f"Sveriges kommungränser saknas ({SOURCE}): de behövs för testlänet.")
    data, geo, codes = build_county(tmp_path_factory.mktemp("county-49"), "14")
    assert len(codes) == 49
    return data, geo, codes


@pytest.fixture(scope="session", params=["8", "49"])
def county(request):
    """The dataset of each fixture county in turn: the session's eight municipalities and the
    generated 49, for logic that must hold whatever the county's size."""
    from dashboard.data.loader import get_dataset, load_dataset

    if request.param == "8":
        return get_dataset()
    data, geo, _codes = request.getfixturevalue("west_county")
    return load_dataset(data, geo)


@pytest.fixture
def fresh_cache(tmp_path):
    """The app's cache (dashboard/cache.py) on an empty directory of its own for one test;
    the session's cache is put back afterwards. Yields the directory."""
    import dataclasses

    from dashboard import cache
    from dashboard.config import get_settings

    before = cache.backend()
    directory = tmp_path / "cache"
    cache.configure(dataclasses.replace(get_settings(), cache_dir=directory))
    yield directory
    cache.backend().close()
    cache._backend = before


def cache_entry_count(directory) -> int:
    """How many entries the app's cache (diskcache) in this directory holds."""
    import diskcache

    with diskcache.Cache(str(directory)) as opened:
        return len(opened)


@pytest.fixture
def client(app):
    """A Flask test client of the app's server."""
    return app.server.test_client()


@pytest.fixture(scope="session")
def base_url(app) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def postgres_server():
    """A throwaway PostgreSQL cluster for the session (tests/postgres_server.py), on a unix
    socket only; stopped and removed at the end. Fails, never skips, without the server
    binaries: scripts/test.sh installs them."""
    from postgres_server import PostgresMissing, PostgresServer

    try:
        server = PostgresServer().start()
    except PostgresMissing as missing:
        pytest.fail(str(missing))
    yield server
    server.stop()


_DATABASE_NUMBERS = itertools.count(1)


@pytest.fixture
def postgres_url(postgres_server, request) -> str:
    """A new, empty database in the session's cluster for this test: its SQLAlchemy URL
    (postgresql+psycopg://…). The test's name is in the database's, for the server log."""
    slug = re.sub(r"[^a-z0-9_]+", "_", request.node.name.lower())[:40]
    return postgres_server.create_database(f"t{next(_DATABASE_NUMBERS)}_{slug}")


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if not path:
        pytest.fail(
            "Chromium saknas: installera paketen chromium och chromium-driver "
            "(eller sätt CHROMIUM_PATH). scripts/test.sh gör det automatiskt som root."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class PageLog:
    console_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    bad_status: list[str] = field(default_factory=list)
    # console.warn / console.trace: plotly.js and Chromium report quiet mistakes here
    # (an invalid colour, a preloaded file not used).
    console_warnings: list[str] = field(default_factory=list)

    def expect_not_found(self, url: str) -> None:
        """The page at url answered 404 on purpose (a helpful Swedish page): take its status
        and Chromium's console line about it out of what assert_clean checks."""
        self.bad_status.remove(f"404 {url}")
        line = "Failed to load resource: the server responded with a status of 404 (NOT FOUND)"
        self.console_errors.remove(line)

    def assert_clean(self) -> None:
        assert not self.foreign, f"requests to other origins: {self.foreign}"
        assert not self.failed, f"failed requests: {self.failed}"
        assert not self.bad_status, f"HTTP errors: {self.bad_status}"
        assert not self.console_errors, f"console errors: {self.console_errors}"


@pytest.fixture
def page_log() -> PageLog:
    return PageLog()


def _make_page(browser, base_url: str, log: PageLog, width: int, height: int,
               bypass_csp: bool = True):  # fmt: skip
    # Playwright's wait_for_function evaluates strings, which the app's Content-Security-Policy
    # forbids; feature tests bypass CSP, and `strict_page` keeps it for the page-load tests.
    context = browser.new_context(
        viewport={"width": width, "height": height}, locale="sv-SE", bypass_csp=bypass_csp
    )
    page = context.new_page()
    origin = base_url.rstrip("/")

    def on_request(request):
        if not request.url.startswith(origin) and not request.url.startswith(("data:", "blob:")):
            log.foreign.append(request.url)

    page.on("request", on_request)
    page.on("requestfailed", lambda r: log.failed.append(f"{r.url} {r.failure}"))
    page.on(
        "response",
        lambda r: log.bad_status.append(f"{r.status} {r.url}") if r.status >= 400 else None,
    )

    def on_console(message):
        if message.type == "error":
            log.console_errors.append(message.text)
        elif message.type in ("warning", "trace"):
            log.console_warnings.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda e: log.console_errors.append(str(e)))
    return context, page


@pytest.fixture
def page(browser, base_url, page_log):
    context, page = _make_page(browser, base_url, page_log, 1366, 768)
    yield page
    context.close()


@pytest.fixture
def strict_page(browser, base_url, page_log):
    """A page with the app's Content-Security-Policy enforced (violations are console errors)."""
    context, page = _make_page(browser, base_url, page_log, 1366, 768, bypass_csp=False)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser, base_url, page_log):
    context, page = _make_page(browser, base_url, page_log, 390, 844)
    yield page
    context.close()


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot under test-artifacts/ for a person to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def without_value(frame, code: str = "0780"):
    """A map snapshot (domain.snapshot) in which one municipality's value is missing."""
    import math

    from dashboard.domain.formatting import MISSING

    frame = frame.copy()
    mask = frame["code"] == code
    frame.loc[mask, ["raw", "label"]] = ["", MISSING]
    frame.loc[mask, "score"] = math.nan
    return frame
