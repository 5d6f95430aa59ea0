"""The app factory: importing builds nothing; create_app builds once; gunicorn warms once.

Importing any module of the package must start no thread and send no request (issue 18):
each module is imported in a fresh interpreter that records threads, sockets and test-client
requests. The app is built by create_app(settings), once per process (Dash's page registry is
global), and gunicorn's master warms it before forking, so workers (also those that
--max-requests starts later) serve with Dash's setup done and nothing warmed twice.
"""

from __future__ import annotations

import json
import pkgutil
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import dash
import procfile_server
import pytest
import requests
from conftest import ARTIFACTS, REPO

import dashboard

# Run in a fresh interpreter: record every socket created and every request made through a
# Flask/werkzeug test client, import the module, then report what happened.
PROBE = """
import json, socket, sys, threading
import werkzeug.test

events = []
before = threading.active_count()


class RecordingSocket(socket.socket):
    def __init__(self, *args, **kwargs):
        events.append("socket")
        super().__init__(*args, **kwargs)


socket.socket = RecordingSocket
original_open = werkzeug.test.Client.open


def recording_open(self, *args, **kwargs):
    events.append("request " + repr(args[:1]))
    return original_open(self, *args, **kwargs)


werkzeug.test.Client.open = recording_open
import importlib
error = None
try:
    if sys.argv[1] == "create_app()":
        from dashboard.web.app import create_app
        create_app()
    else:
        importlib.import_module(sys.argv[1])
except Exception as exc:
    error = type(exc).__module__ + "." + type(exc).__name__ + ": " + str(exc)[:300]
print(json.dumps({"threads": threading.active_count() - before, "error": error,
                  "names": [t.name for t in threading.enumerate()], "events": events}))
"""


def package_modules() -> list[str]:
    """Every module of the package. From the files, not pkgutil alone: dashboard/pages is a
    namespace package (Dash's pages folder), which pkgutil.walk_packages does not enter."""
    root = REPO / "dashboard"
    names = {module.name for module in pkgutil.walk_packages(dashboard.__path__, "dashboard.")}
    for path in root.rglob("*.py"):
        parts = path.relative_to(REPO).with_suffix("").parts
        names.add(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    # Alembic's scripts (#35) are run by Alembic inside its migration context, never imported.
    return sorted(n for n in names if not n.startswith(MIGRATIONS))


MIGRATIONS = "dashboard.data.store.migrations"


def import_alone(module: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, module],
        cwd=REPO, capture_output=True, text=True, timeout=120,
        env={"PATH": "/usr/bin:/bin", "DASHBOARD_PREWARM": "1"},
    )  # fmt: skip
    assert done.returncode == 0, f"the probe of {module} failed:\n{done.stderr[-2000:]}"
    result = json.loads(done.stdout.strip().splitlines()[-1])
    # A page module calls dash.register_page, which Dash allows only while it builds an app
    # with use_pages (it imports the pages then): alone, its import stops there, on purpose.
    if module.startswith("dashboard.pages.") and (result["error"] or "").startswith(
        "dash.exceptions.PageError"
    ):
        result["error"] = None
    assert result["error"] is None, f"importing {module} failed: {result['error']}"
    return result


def test_the_package_has_the_modules_this_test_walks():
    names = package_modules()
    assert "dashboard.web.app" in names and "dashboard.web.prewarm" in names
    assert "dashboard.__main__" in names and "dashboard.pages.oversikt" in names


@pytest.mark.integration
def test_importing_any_module_starts_no_thread_and_sends_no_request():
    # DASHBOARD_PREWARM=1 above: warming turned on, so only the import itself is tested.
    modules = package_modules()
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = dict(zip(modules, pool.map(import_alone, modules), strict=True))
    threads = {m: r["names"] for m, r in results.items() if r["threads"] != 0}
    events = {m: r["events"] for m, r in results.items() if r["events"]}
    assert not threads, f"importing these modules started threads: {threads}"
    assert not events, f"importing these modules opened sockets or sent requests: {events}"


@pytest.mark.integration
def test_building_the_app_starts_no_thread_and_sends_no_request():
    # create_app imports every page (Dash does, for use_pages): they too start nothing.
    result = import_alone("create_app()")
    assert result["threads"] == 0, f"create_app started threads: {result['names']}"
    assert not result["events"], f"create_app opened sockets or sent requests: {result['events']}"


def test_the_app_module_defines_no_app_at_import():
    import dashboard.web.app as web_app

    assert not hasattr(web_app, "server"), "dashboard.web.app must not build a server at import"
    assert not hasattr(web_app, "app"), "dashboard.web.app must not build an app at import"
    assert callable(web_app.create_app) and callable(web_app.create_server)


def test_the_app_fixture_serves_through_the_client(app, client):
    assert isinstance(app, dash.Dash)
    assert client.get("/_halsa").get_json() == {"status": "ok"}
    assert client.get("/").status_code == 200
    deps = client.get("/_dash-dependencies").get_json()
    assert deps, "Dash's setup did not collect the pages' callbacks"


def test_a_second_create_app_says_once_per_process_and_breaks_nothing(app, client):
    from dashboard.web.app import create_app

    pages = {key: page["path"] for key, page in dash.page_registry.items()}
    deps = client.get("/_dash-dependencies").get_json()
    with pytest.raises(RuntimeError, match="already built this process's app"):
        create_app()
    # Nothing was registered again, and the first app serves exactly as before.
    assert {key: page["path"] for key, page in dash.page_registry.items()} == pages
    assert client.get("/_dash-dependencies").get_json() == deps
    assert client.get("/jamfor").status_code == 200


def test_the_procfile_builds_the_app_with_the_factory():
    argv = procfile_server.procfile_web_command({})
    assert argv[:3] == ["gunicorn", "-c", "gunicorn.conf.py"], argv
    assert argv[-1] == "dashboard.web.app:create_server()", argv


def test_gunicorn_preloads_and_warms_in_the_master():
    config = (REPO / "gunicorn.conf.py").read_text(encoding="utf-8")
    assert re.search(r"^preload_app = True$", config, re.M), "gunicorn.conf.py: preload_app"
    assert re.search(r"^def when_ready\(arbiter\):", config, re.M), "gunicorn.conf.py: warming"


@pytest.mark.slow
def test_workers_forked_from_the_warm_master_serve_also_after_recycling(tmp_path):
    """Warming runs once, in the master; every worker, also those --max-requests forks later,
    has Dash's setup (the full callback list) and serves pages and callbacks. On a cache of
    its own: a server an earlier test started on the session's cache leaves it warm, and
    warming would then (rightly) skip what it counts here."""
    log = ARTIFACTS / "gunicorn-factory.log"
    server = procfile_server.start(
        log, workers=2, extra_args=["--max-requests", "5", "--max-requests-jitter", "0"],
        extra_env={"DASHBOARD_PREWARM": "1", "DASHBOARD_CACHE_DIR": str(tmp_path / "cache")},
    )  # fmt: skip
    try:
        expected = None
        for _ in range(40):  # many times the workers' max_requests: several are recycled
            response = requests.get(server.url + "/_dash-dependencies", timeout=30)
            assert response.status_code == 200
            deps = response.json()
            expected = expected or deps
            assert deps == expected and len(deps) > 5
            assert requests.get(server.url + "/jamfor", timeout=30).status_code == 200
        text = server.log_text()
    finally:
        server.stop()
    for label in ("static files", "page layouts", "Översikt views"):
        count = len(re.findall(rf"\d+ {label} prewarmed", text))
        assert count == 1, f"{label} warmed {count} times, not once in the master:\n{text[-3000:]}"
    loaded = len(re.findall(r"data loaded and checked", text))
    assert loaded == 1, f"data loaded {loaded} times, not once in the master:\n{text[-3000:]}"
    booted = len(re.findall(r"Booting worker", text))
    assert booted > 2, f"no worker was recycled (max_requests), so this tested nothing:\n{text}"
