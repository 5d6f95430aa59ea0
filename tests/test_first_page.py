"""A page written exactly as Dash's pages documentation teaches works here, and a page the app
could not serve right stops it at start with a message saying what to change (issue #32).

Each test writes a page module into a temporary copy of the project (dashboard/, assets/,
data/, geo/) and starts that copy the way docs/architecture.md's walk-through "Your first
page" does: `python -m dashboard`. The new page, copied from that walk-through, knows no
house rule: a layout taking the query string, a plotly express bar chart and a callback."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from dashboard.config import REPO_ROOT
from tests.conftest import _make_page, screenshot
from tests.procfile_server import free_port

GUIDE = REPO_ROOT / "docs" / "architecture.md"


def first_page_from_the_guide() -> str:
    """The page of docs/architecture.md's walk-through "Your first page", as a reader copies
    it: the first python block after that heading. As in https://dash.plotly.com/urls
    (query strings, callbacks in pages), with nothing from this project."""
    text = GUIDE.read_text(encoding="utf-8")
    section = text[text.index("## Your first page") :]
    return section.split("```python\n", 1)[1].split("```", 1)[0]


FIRST_PAGE = first_page_from_the_guide()


def project_copy(root: Path, page: str, name: str) -> Path:
    """The project's code, assets and data in root, with one more page module."""
    for part in ("dashboard", "assets", "data", "geo"):
        shutil.copytree(REPO_ROOT / part, root / part,
                        ignore=shutil.ignore_patterns("__pycache__", ".historik"))  # fmt: skip
    (root / "dashboard" / "pages" / f"{name}.py").write_text(textwrap.dedent(page), "utf-8")
    return root


def env_for(root: Path) -> dict[str, str]:
    return {**os.environ, "DASHBOARD_PREWARM": "0", "DASHBOARD_CACHE_DIR": str(root / "cache"),
            "DASHBOARD_DATA_DIR": str(root / "data"), "PYTHONDONTWRITEBYTECODE": "1"}  # fmt: skip


@pytest.fixture(scope="module")
def first_page_url(tmp_path_factory):
    root = project_copy(tmp_path_factory.mktemp("first-page"), FIRST_PAGE, "min_sida")
    port = free_port()
    log = (root / "server.log").open("wb")
    server = subprocess.Popen([sys.executable, "-m", "dashboard", "--port", str(port)],
                              cwd=root, env=env_for(root), stdout=log, stderr=subprocess.STDOUT)  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            urllib.request.urlopen(url + "/_halsa", timeout=5).close()
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail((root / "server.log").read_text("utf-8", "replace")[-3000:])
            time.sleep(0.3)
    yield url
    server.terminate()
    server.wait(timeout=20)


@pytest.mark.browser
def test_a_page_written_as_dash_teaches_works(browser, first_page_url, page_log):
    context, page = _make_page(browser, first_page_url, page_log, 1366, 768)
    bars = page.locator("#min-sida-diagram .barlayer .point")
    for year in ("2020", "2021"):  # each query its own page, none cached under another's key
        page.goto(f"{first_page_url}/min-sida?ar={year}")
        expect(page.locator("h1", has_text="Året är")).to_have_text(f"Året är {year}")
        # The bars are bars: plotly draws a bar trace as paths in a .barlayer; the partial
        # plotly bundle alone would draw px.bar as a line (.js-line)
        expect(bars).to_have_count(3, timeout=30_000)
        assert page.locator("#min-sida-diagram .js-line").count() == 0
        expect(page.locator("#min-sida-text")).to_have_text("Du valde Alvesta")
    page.locator("#min-sida-val").click()
    page.get_by_role("option", name="Växjö").click()
    expect(page.locator("#min-sida-text")).to_have_text("Du valde Växjö")
    screenshot(page, "forsta-sidan")
    context.close()
    page_log.assert_clean()


# --- what the app refuses at start, each in a copy of its own --------------------------------

FROZEN_OUTPUT = """
import dash
from dash import Input, Output, callback, dcc, html
from dashboard.ui.html_block import frozen

dash.register_page(__name__, path="/fryst")

layout = html.Div([dcc.Input(id="fryst-in"), frozen(html.P(id="fryst-ut"))])


@callback(Output("fryst-ut", "children"), Input("fryst-in", "value"))
def echo(value):
    return value
"""

UNKNOWN_ID = """
import dash
from dash import Input, Output, callback, html

dash.register_page(__name__, path="/stavfel")

layout = html.Div([html.Button("Klicka", id="stavfel-knapp"), html.P(id="stavfel-ut")])


@callback(Output("stavfel-utt", "children"), Input("stavfel-knapp", "n_clicks"))
def count(clicks):
    return clicks
"""

CANONICAL_NOT_ACCEPTED = """
import dash
from dash import html

dash.register_page(__name__, path="/arsida", canonical_query=lambda ds, params: {"ar": "2025"})


def layout(kommun=None):
    return html.P(kommun)
"""

FOUND_NOT_A_FUNCTION = """
import dash
from dash import html

dash.register_page(__name__, path_template="/sak/<sak_id>", found=True)


def layout(sak_id=None, **kwargs):
    return html.P(sak_id)
"""


@pytest.mark.integration
@pytest.mark.parametrize(
    ("page", "name", "expected"),
    [
        (FROZEN_OUTPUT, "fryst", ["Sidan dashboard.pages.fryst kan inte visas rätt",
                                  "'fryst-ut.children' ligger i ett frozen()", "Page "]),
        (UNKNOWN_ID, "stavfel", ["Sidan dashboard.pages.stavfel kan inte visas rätt",
                                 "id:t 'stavfel-utt', som ingen sidas layout har"]),
        (CANONICAL_NOT_ACCEPTED, "arsida", ["Sidan dashboard.pages.arsida",
                                            "layouten tar inte emot parametrarna ['ar']"]),
        (FOUND_NOT_A_FUNCTION, "sak", ["Sidan dashboard.pages.sak", "`found=`",
                                       "must be a function of (dataset, parameters)"]),
    ],
)  # fmt: skip
def test_the_app_refuses_to_start_with_a_page_it_cannot_serve(tmp_path, page, name, expected):
    root = project_copy(tmp_path, page, name)
    result = subprocess.run([sys.executable, "-m", "dashboard", "--port", str(free_port())],
                            cwd=root, env=env_for(root), capture_output=True, text=True,
                            timeout=120)  # fmt: skip
    assert result.returncode == 2, result.stdout + result.stderr
    for text in expected:
        assert text in result.stderr, result.stderr
    assert "Traceback" not in result.stderr  # a message for a person, not a stack trace
