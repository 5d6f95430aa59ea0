"""Scale-out: two gunicorn workers (Procfile settings) answer every request identically.

The app keeps no per-user state on the server, so any worker (or replica) may answer any
request. Each check repeats a request until both workers have answered it (the access log
records the worker's pid next to a probe id sent in a header) and compares the answers.
Also checks that debug and dev tools are off under gunicorn.
"""

from __future__ import annotations

import io
import json
import re
import time
import uuid
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor

import procfile_server
import pytest
import requests
from conftest import ARTIFACTS

pytestmark = pytest.mark.slow  # starts gunicorn: not a unit test

# Access log line: "<probe id> <pid> <status>"; gunicorn's %(p)s is the worker's pid.
LOG_FORMAT = "PROBE %({x-probe}i)s %(p)s %(s)s"
LOG_LINE = re.compile(r"PROBE (\S+) <?(\d+)>? (\d{3})")
PAGES = ["/", "/jamfor", "/kommun/0780", "/strategi", "/strategi/2/2.5", "/om", "/404-finns-inte"]
MAX_ATTEMPTS = 400  # per request: stop once both workers have answered, or give up
MAX_SECONDS = 30
END_ID = re.compile(rb'"end_id":"[^"]*"')


@pytest.fixture(scope="module")
def server():
    log = ARTIFACTS / "gunicorn-scaleout.log"
    srv = procfile_server.start(log, workers=2, extra_args=["--access-logformat", LOG_FORMAT])
    try:
        yield srv
    finally:
        srv.stop()


def _pids(server) -> dict[str, str]:
    found = {}
    for match in LOG_LINE.finditer(server.log_text()):
        found[match.group(1)] = match.group(2)
    return found


def on_both_workers(server, method: str, path: str, **kwargs) -> dict[str, list]:
    """Send the request until two worker pids have answered; return responses per pid."""
    probes: dict[str, requests.Response] = {}
    extra_headers = kwargs.pop("headers", {})

    def one(_):
        probe = uuid.uuid4().hex
        headers = {"X-Probe": probe, "Accept-Encoding": "br", **extra_headers}
        # A new connection each time, so the kernel may hand it to either worker.
        with requests.Session() as session:
            response = session.request(
                method, server.url + path, headers=headers, timeout=30, **kwargs
            )
        return probe, response

    by_pid: dict[str, list] = defaultdict(list)
    deadline = time.monotonic() + MAX_SECONDS  # a worker may still be starting
    with ThreadPoolExecutor(max_workers=8) as pool:
        while time.monotonic() < deadline and len(probes) < MAX_ATTEMPTS:
            probes.update(pool.map(one, range(8)))
            pids = _pids(server)
            by_pid.clear()
            for probe, response in probes.items():
                if probe in pids:
                    by_pid[pids[probe]].append(response)
            if len(by_pid) >= 2:
                break
    assert len(by_pid) >= 2, f"only one worker answered {method} {path}: {list(by_pid)}"
    return by_pid


def page_body(response) -> bytes:
    # Dash signs a random token into each page load (end_id, for background callbacks,
    # which this app has none of); everything else must be byte-identical.
    return END_ID.sub(b'"end_id":"-"', response.content)


def assert_identical(by_pid: dict[str, list], key=page_body) -> None:
    seen = {}
    for pid, responses in by_pid.items():
        for response in responses:
            assert response.status_code < 500, (pid, response.status_code)
            seen.setdefault((response.status_code, key(response)), set()).add(pid)
    if len(seen) > 1:  # show where: a file changed on disk between two workers' start, say
        (_, a), (_, b) = list(seen)[:2]
        a, b = (x if isinstance(x, str) else x.decode("utf-8", "replace") for x in (a, b))
        first = next(
            (i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b))
        )
        pytest.fail(
            f"workers {[sorted(p) for p in seen.values()]} answered differently at {first}: "
            f"{a[max(0, first - 80) : first + 80]!r} vs {b[max(0, first - 80) : first + 80]!r}"
        )


@pytest.mark.parametrize("path", PAGES)
def test_pages_identical_on_every_worker(server, path):
    by_pid = on_both_workers(server, "GET", path)
    assert_identical(by_pid)
    status = next(iter(by_pid.values()))[0].status_code
    assert status == (404 if path == "/404-finns-inte" else 200)


def test_layout_and_dependencies_identical(server):
    for path in ("/_dash-layout", "/_dash-dependencies"):
        assert_identical(
            on_both_workers(server, "GET", path), key=lambda r: json.dumps(r.json(), sort_keys=True)
        )


@pytest.fixture(scope="module")
def dependencies(server) -> list[dict]:
    return requests.get(server.url + "/_dash-dependencies", timeout=30).json()


@pytest.mark.parametrize(
    "output_id,values",
    [
        ("oversikt-karta", {"oversikt-indikator.value": "suv_status", "oversikt-ar.value": "2024",
                            "oversikt-sortera.value": "varde"}),
        ("oversikt-karta", {"oversikt-indikator.value": "sosfs_alla", "oversikt-ar.value": "2023",
                            "oversikt-sortera.value": "kommun"}),
        ("jamfor-matris-sektion", {"jamfor-ar.value": "2024", "jamfor-min.value": "0780",
                                   "jamfor-grupp.value": None, "jamfor-indikator.value": "sosfs_alla"}),
        ("_pages_content", {"_pages_location.pathname": "/strategi",
                            "_pages_location.search": ""}),
    ],
)  # fmt: skip
def test_callback_identical_on_every_worker(server, dependencies, output_id, values):
    body = procfile_server.callback_body(
        procfile_server.find_callback(dependencies, output_id), values
    )
    by_pid = on_both_workers(
        server, "POST", "/_dash-update-component", json=body,
        headers={"Content-Type": "application/json"},
    )  # fmt: skip
    assert_identical(by_pid, key=lambda r: json.dumps(r.json(), sort_keys=True))
    assert next(iter(by_pid.values()))[0].status_code == 200


def _xlsx_cells(response) -> str:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(response.content), read_only=True)
    return repr([
        (sheet.title, [tuple(row) for row in sheet.iter_rows(values_only=True)])
        for sheet in book.worksheets
    ])  # fmt: skip


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_downloads_identical_on_every_worker(server, fmt):
    path = f"/nedladdning/oversikt.{fmt}?indikator=suv_status&ar=2024&sortera=varde"
    by_pid = on_both_workers(server, "GET", path)
    # An .xlsx file carries its creation time, so compare the cells, not the bytes.
    assert_identical(by_pid, key=(lambda r: r.content) if fmt == "csv" else _xlsx_cells)
    response = next(iter(by_pid.values()))[0]
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]


def test_dev_tools_off(server):
    response = requests.get(server.url + "/_reload-hash", timeout=10)
    assert response.status_code != 200, "hot reload endpoint answers: debug mode is on"
    page = requests.get(server.url + "/", timeout=10).text
    config = json.loads(re.search(r'id="_dash-config"[^>]*>(.*?)</script>', page, re.S).group(1))
    assert not config.get("ui"), "Dash dev tools UI is on"
    assert not config.get("props_check"), "Dash props check (debug) is on"
    assert "hot_reload" not in config
    assert "dash_renderer.dev" not in page and ".dev.js" not in page


def test_no_debugger_on_error(server):
    # A malformed callback request makes Dash raise; the visitor must not see a traceback.
    response = requests.post(
        server.url + "/_dash-update-component", data="{not json",
        headers={"Content-Type": "application/json"}, timeout=10,
    )  # fmt: skip
    assert response.status_code >= 400
    text = response.text
    for marker in ("Traceback", "Werkzeug Debugger", "__debugger__", "console.png", 'File "'):
        assert marker not in text, f"debug output on error: {marker}"
    debugger = requests.get(
        server.url + "/?__debugger__=yes&cmd=resource&f=debugger.js", timeout=10
    )
    assert "Werkzeug" not in debugger.text and "CONSOLE_MODE" not in debugger.text


def test_health_endpoint(server):
    response = requests.get(server.url + "/_halsa", timeout=10)
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
