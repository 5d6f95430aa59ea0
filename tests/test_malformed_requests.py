"""Malformed requests get a 4xx with a short Swedish message and one warning line; error
pages are Swedish for every status; no software versions and no Host header in pages."""

from __future__ import annotations

import copy
import json
import logging
import platform
import re
import socket
import sys
from importlib import metadata

import dash
import procfile_server
import pytest
from flask import abort

CALLBACK = "/_dash-update-component"
SECURITY_HEADERS = ("Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options",
                    "Referrer-Policy")  # fmt: skip
SWEDISH = re.compile(r"[åäöÅÄÖ]|Begäran|Sidan|finns inte|för stor|för lång|Något gick fel")


@pytest.fixture(scope="module")
def client(dash_app):
    client = dash_app.server.test_client()
    assert client.get("/").status_code == 200
    return client


@pytest.fixture(scope="module")
def deps(client):
    return client.get("/_dash-dependencies").json


@pytest.fixture(scope="module")
def valid(deps):
    """A valid body for a multi-output callback with State (Jämför's development chart)."""
    dep = procfile_server.find_callback(deps, "jamfor-utveckling-innehall")
    assert dep["state"] and dep["output"].startswith("..")
    return procfile_server.callback_body(dep, {"jamfor-indikator.value": "samordnare"})


def _warnings(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.levelno >= logging.WARNING]


def _edit(body: dict, **changes) -> dict:
    body = copy.deepcopy(body)
    for key, value in changes.items():
        if value is ...:
            body.pop(key, None)
        else:
            body[key] = value
    return body


def _malformed(valid: dict, deps: list[dict]) -> list[tuple[str, bytes, str, int]]:
    """(name, raw body, content type, expected status)."""
    clientside = next(d for d in deps if d.get("clientside_function"))
    as_json = "application/json"
    cases: list[tuple[str, object, int]] = [
        ("empty object", {}, 400),
        ("null", None, 400),
        ("empty list", [], 400),
        ("string", "x", 400),
        ("number", 1, 400),
        ("output only", {"output": "x"}, 404),
        ("output is a list", _edit(valid, output=["a.b"]), 400),
        ("output missing", _edit(valid, output=...), 400),
        ("unknown output", _edit(valid, output="finns-inte.children"), 404),
        ("unknown multi output", _edit(valid, output="..a.b...c.d.."), 404),
        ("clientside output", _edit(valid, output=clientside["output"]), 404),
        ("inputs missing", _edit(valid, inputs=...), 400),
        ("inputs null", _edit(valid, inputs=None), 400),
        ("inputs object", _edit(valid, inputs={"id": "x"}), 400),
        ("inputs string", _edit(valid, inputs="x"), 400),
        ("inputs too few", _edit(valid, inputs=valid["inputs"][:1]), 400),
        ("inputs too many", _edit(valid, inputs=valid["inputs"] * 2), 400),
        ("input item string", _edit(valid, inputs=["x"] * len(valid["inputs"])), 400),
        ("input item null", _edit(valid, inputs=[None] * len(valid["inputs"])), 400),
        ("input item no property",
         _edit(valid, inputs=[{"id": i["id"]} for i in valid["inputs"]]), 400),
        ("input wrong id",
         _edit(valid, inputs=[{**i, "id": "annan"} for i in valid["inputs"]]), 400),
        ("input id object",
         _edit(valid, inputs=[{**i, "id": {"a": 1}} for i in valid["inputs"]]), 400),
        ("input property number",
         _edit(valid, inputs=[{**i, "property": 5} for i in valid["inputs"]]), 400),
        ("state missing", _edit(valid, state=...), 400),
        ("state null", _edit(valid, state=None), 400),
        ("state wrong id", _edit(valid, state=[{**s, "id": "x"} for s in valid["state"]]), 400),
        ("outputs missing", _edit(valid, outputs=...), 400),
        ("outputs null", _edit(valid, outputs=None), 400),
        ("outputs single for multi", _edit(valid, outputs=valid["outputs"][0]), 400),
        ("outputs too few", _edit(valid, outputs=valid["outputs"][:1]), 400),
        ("outputs wrong id",
         _edit(valid, outputs=[{**o, "id": "x"} for o in valid["outputs"]]), 400),
        ("changedPropIds string", _edit(valid, changedPropIds="jamfor-indikator.value"), 400),
        ("changedPropIds null", _edit(valid, changedPropIds=None), 400),
        ("changedPropIds numbers", _edit(valid, changedPropIds=[1, 2]), 400),
    ]  # fmt: skip
    raw = [(name, json.dumps(body).encode(), as_json, status) for name, body, status in cases]
    return raw + [
        ("invalid JSON", b"{not json", as_json, 400),
        ("empty body", b"", as_json, 400),
        ("truncated JSON", json.dumps(valid).encode()[:-3], as_json, 400),
        ("not UTF-8", b'{"output": "\xff\xfe"}', as_json, 400),
        ("deeply nested", b"[" * 100_000 + b"]" * 100_000, as_json, 400),
        ("text/plain", json.dumps(valid).encode(), "text/plain", 415),
        ("form", b"output=x&inputs=y", "application/x-www-form-urlencoded", 415),
        ("no content type", json.dumps(valid).encode(), "", 415),
        ("too large", b'{"a": "' + b"x" * 300_000 + b'"}', as_json, 413),
    ]


def test_malformed_callback_bodies_get_a_4xx_and_one_warning(client, valid, deps, caplog):
    results = []
    for name, raw, content_type, expected in _malformed(valid, deps):
        caplog.clear()
        with caplog.at_level(logging.INFO):
            headers = {"Content-Type": content_type} if content_type else {}
            response = client.post(CALLBACK, data=raw, headers=headers)
        warnings = _warnings(caplog)
        results.append((name, response.status_code, len(warnings)))
        assert response.status_code == expected, (name, response.get_data(as_text=True)[:200])
        assert response.is_json, name
        assert SWEDISH.search(response.json["message"]), (name, response.json)
        assert len(warnings) == 1, (name, [r.getMessage() for r in warnings])
        (warning,) = warnings
        assert warning.levelno == logging.WARNING and warning.exc_info is None, name
        assert "\n" not in warning.getMessage() and len(warning.getMessage()) < 400, name
        for header in SECURITY_HEADERS:
            assert header in response.headers, (name, header)
    assert len(results) >= 40
    # Valid requests work exactly as before, after all that.
    response = client.post(CALLBACK, json=valid)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert set(response.json["response"]) == {o["id"] for o in valid["outputs"]}


def test_every_valid_callback_request_still_works(dash_app, client, deps, caplog):
    """The shape check lets through what the renderer sends, for every server callback."""
    server_side = [d for d in deps if not d.get("clientside_function")]
    registered = [key for key, spec in dash_app.callback_map.items() if "callback" in spec]
    assert len(server_side) == len(registered) >= 5
    for dep in server_side:
        outputs = procfile_server.callback_outputs(dep["output"])
        body = procfile_server.callback_body(dep, {"_pages_location.pathname": "/jamfor"})
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="dashboard.web.errors"):
            response = client.post(CALLBACK, json=body)
        assert response.status_code in (200, 204), (dep["output"], response.data[:300])
        assert not [r for r in caplog.records if r.name == "dashboard.web.errors"], dep["output"]
        if response.status_code == 200:
            assert set(response.json["response"]) <= {o["id"] for o in outputs}
    pages = procfile_server.find_callback(deps, "_pages_content")
    body = procfile_server.callback_body(pages, {"_pages_location.pathname": "/jamfor"})
    response = client.post(CALLBACK, json=body)
    assert "jamfor" in json.dumps(response.json["response"]["_pages_content"])


def test_valid_body_with_extra_keys_is_accepted(client, valid):
    # The renderer may send more keys than Dash reads (parsedChangedPropsIds, end_id, ...).
    body = {**valid, "parsedChangedPropsIds": valid["changedPropIds"], "nytt": {"x": 1}}
    assert client.post(CALLBACK, json=body).status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/_dash-component-suites/dash/dash.py",
        "/_dash-component-suites/dash/__init__.py",
        "/_dash-component-suites/dash/version.py",
        "/_dash-component-suites/okant/x.js",
        "/_dash-component-suites/os/path.py",
        "/_dash-component-suites/dash/../../../../etc/passwd",
        "/_dash-component-suites/dash/%2e%2e/%2e%2e/etc/passwd",
        "/_dash-component-suites/dash/dcc/..%2f..%2fdash.py",
        "/_dash-component-suites/dash/dcc/dash_core_components.v1m1.py",
        "/_dash-component-suites/dash_bootstrap_components/../dash/dash.py",
    ],
)
def test_component_suite_requests_outside_the_served_files_get_404(client, path, caplog):
    with caplog.at_level(logging.INFO):
        response = client.get(path)
    assert response.status_code == 404
    assert response.mimetype == "text/plain"
    assert "finns inte" in response.get_data(as_text=True)
    warnings = _warnings(caplog)
    assert len(warnings) == 1 and warnings[0].exc_info is None, [r.getMessage() for r in warnings]
    assert b"import " not in response.data and b"Traceback" not in response.data


def test_served_component_files_still_load(client):
    page = client.get("/").get_data(as_text=True)
    scripts = re.findall(r'src="(/_dash-component-suites/[^"]+)"', page)
    assert len(scripts) >= 4
    for src in scripts:
        response = client.get(src)
        assert response.status_code == 200, src


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", CALLBACK, 404),  # GET falls through to Dash's page route: no such page
        ("PUT", CALLBACK, 405),
        ("POST", "/_dash-layout", 405),
        ("POST", "/_dash-dependencies", 405),
        ("DELETE", "/_dash-layout", 405),
        ("POST", "/_favicon.ico", 405),
        ("POST", "/", 405),
        ("POST", "/jamfor", 405),
        ("PATCH", "/_halsa", 405),
        ("GET", "/_reload-hash", 404),
        ("POST", "/_reload-hash", 404),  # off in production, for every method
        ("GET", "/_bundle/finns-inte.js", 404),
        ("GET", "/nedladdning/finns-inte.csv", 404),
    ],
)
def test_dash_routes_refuse_malformed_variants_in_swedish(client, method, path, status, caplog):
    with caplog.at_level(logging.INFO):
        response = client.open(path, method=method)
    assert response.status_code == status
    body = response.json["message"] if response.is_json else response.get_data(as_text=True)
    assert SWEDISH.search(body), body[:200]
    assert "Not Found" not in body and "Method Not Allowed" not in body
    assert not [r for r in caplog.records if r.exc_info], "no traceback for a client error"
    for header in SECURITY_HEADERS:
        assert header in response.headers


def test_unknown_dash_like_paths_are_the_404_page(client):
    for path in ("/_alive_abc", "/_dash-okand", "/_dash-layout/x", "/assets/../app.py",
                 "/assets/%2e%2e/dashboard/web/app.py", "/assets/finns-inte.css", "/static/x.js",
                 "/static/../dashboard/web/app.py", "/_bundle/../app.py", "/geo/../data/x"):  # fmt: skip
        response = client.get(path)
        assert response.status_code == 404, path
        assert "Traceback" not in response.get_data(as_text=True)


def test_bad_json_page_is_swedish_not_werkzeug(client):
    response = client.post(CALLBACK, data=b"{not json", content_type="application/json")
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "Bad Request" not in text and "Failed to decode" not in text
    assert response.json["message"] == "Begäran kunde inte tolkas."


@pytest.mark.parametrize("status", [400, 403, 404, 405, 413, 414, 415, 429, 431, 500, 503])
@pytest.mark.parametrize("path", ["/_halsa", CALLBACK])
def test_error_pages_for_every_status(dash_app, client, monkeypatch, status, path):
    """Each status, raised by a view, answers Swedish with the security headers: an HTML
    page for a browser's address, JSON for the callback endpoint."""
    server = dash_app.server
    endpoint = "health" if path == "/_halsa" else CALLBACK
    if status == 500:

        def view(*_args, **_kwargs):
            raise RuntimeError("provfel")  # an unhandled bug, not an HTTP error

    else:

        def view(*_args, **_kwargs):
            abort(status)

    monkeypatch.setitem(server.view_functions, endpoint, view)
    if path == CALLBACK:
        # The shape check runs first; a valid body reaches the (replaced) view.
        body = procfile_server.callback_body(
            procfile_server.find_callback(client.get("/_dash-dependencies").json, "_pages_content"),
            {"_pages_location.pathname": "/"},
        )
        response = client.post(path, json=body)
    else:
        response = client.get(path)
    assert response.status_code == status
    text = response.get_data(as_text=True)
    assert "provfel" not in text and "Traceback" not in text and "RuntimeError" not in text
    if path == CALLBACK:
        assert response.is_json and SWEDISH.search(response.json["message"])
    else:
        assert response.mimetype == "text/plain"  # _halsa is no page: short text
        assert SWEDISH.search(text)
    for header in SECURITY_HEADERS:
        assert header in response.headers
    assert response.headers.get("Cache-Control") == "no-store"


@pytest.mark.parametrize("status", [400, 404, 405, 413, 414, 431, 500])
def test_html_error_page_for_a_browser(dash_app, status):
    from dashboard.web import errors

    with dash_app.server.test_request_context("/kommun/0780"):
        response = errors.error_response(status)
    assert response.status_code == status and response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert '<html lang="sv">' in page and f"Felkod {status}" in page
    assert errors.message(status) in page and 'href="/"' in page


def test_no_software_versions_in_served_pages(client):
    """The Dash config JSON carried the Python, Dash and plotly versions; none is served."""
    versions = {
        "python": platform.python_version(),
        "python full": sys.version,
        "dash": dash.__version__,
        "plotly": metadata.version("plotly"),
        "flask": metadata.version("flask"),
        "werkzeug": metadata.version("werkzeug"),
        "gunicorn": metadata.version("gunicorn"),
    }
    paths = ["/", "/jamfor", "/kommun/0780", "/strategi", "/om", "/finns-inte", "/_dash-layout",
             "/_dash-dependencies", "/_halsa", "/_dash-component-suites/dash/x.py"]  # fmt: skip
    for path in paths:
        response = client.get(path, headers={"Referer": "http://localhost/jamfor"})
        body = response.get_data(as_text=True)
        headers = str(response.headers)
        for name, version in versions.items():
            assert version not in body, (path, name)
            assert version not in headers, (path, name)
    page = client.get("/").get_data(as_text=True)
    config = json.loads(re.search(r'id="_dash-config"[^>]*>(.*?)</script>', page).group(1))
    # If this fails after a Dash upgrade: dash_seam.SeamDash._config no longer overrides Dash's
    # front-end config (renamed or restructured), and the versions are back in every page.
    assert hasattr(dash.Dash, "_config"), "Dash renamed _config: see dash_seam.SeamDash._config"
    assert config["url_base_pathname"] == "/", "Dash's config format changed"
    leaked = {key for key in config if "version" in key} - {"disable_version_check"}
    assert not leaked, f"Dash's _config now carries {leaked}: extend dash_seam.VERSION_CONFIG_KEYS"


@pytest.mark.parametrize("path", ["/", "/jamfor?ar=2025", "/kommun/0780", "/om", "/finns-inte"])
def test_host_header_is_not_reflected(client, path):
    hostile = "evil.example"
    response = client.get(
        path,
        headers={"Host": hostile, "X-Forwarded-Host": hostile, "Forwarded": f"host={hostile}"},
    )
    assert response.status_code in (200, 404)
    assert hostile not in response.get_data(as_text=True)
    assert hostile not in str(response.headers)
    page = response.get_data(as_text=True)
    assert 'property="twitter:url"' not in page and 'property="og:url"' not in page
    assert 'property="og:title"' in page  # the rest of Dash pages' meta tags stay


def test_csv_download_content_type_names_the_charset_once(client):
    response = client.get("/nedladdning/oversikt.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    xlsx = client.get("/nedladdning/oversikt.xlsx")
    assert xlsx.headers["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


# --- gunicorn, started as the Procfile says (gunicorn.conf.py) ------------------------------


@pytest.fixture(scope="module")
def gunicorn():
    from conftest import ARTIFACTS

    srv = procfile_server.start(ARTIFACTS / "gunicorn-malformed.log", workers=1)
    yield srv
    srv.stop()


def _raw(server, data: bytes) -> tuple[int, dict[str, str], bytes]:
    """Send bytes as they are (no client library would send these) and read the answer."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(data)
        answer = b""
        while True:  # every request here ends the connection (Connection: close, or refused)
            try:
                chunk = sock.recv(65536)
            except TimeoutError:
                break
            if not chunk:
                break
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return status, headers, body


GUNICORN_REFUSALS = [
    ("request line too long", b"GET /" + b"a" * 5000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", 414),
    ("header too long", b"GET / HTTP/1.1\r\nHost: x\r\nX-A: " + b"a" * 9000 + b"\r\n\r\n", 431),
    ("too many headers",
     b"GET / HTTP/1.1\r\nHost: x\r\n" + b"".join(b"X-%d: 1\r\n" % i for i in range(120))
     + b"\r\n", 431),
    ("garbage", b"\x00\x01\x02<script>alert(1)</script> garbage\r\n\r\n", 400),
    ("bad method", b"G<T / HTTP/1.1\r\nHost: x\r\n\r\n", 400),
    ("bad version", b"GET / HTTP/9.9\r\nHost: x\r\n\r\n", 400),
    ("bad header name", b"GET / HTTP/1.1\r\nHost: x\r\nBad<Header: 1\r\n\r\n", 400),
]  # fmt: skip


@pytest.mark.slow
def test_gunicorn_refusals_are_swedish_with_security_headers_and_no_server(gunicorn):
    """Requests gunicorn refuses itself (gunicorn.conf.py: write_error, post_worker_init).
    If this fails after a gunicorn upgrade, gunicorn.util.write_error or
    gunicorn.http.wsgi.Response.default_headers moved: see post_worker_init."""
    for name, data, expected in GUNICORN_REFUSALS:
        status, headers, body = _raw(gunicorn, data)
        assert status == expected, name
        assert "server" not in headers, (name, headers)
        assert headers["x-content-type-options"] == "nosniff", name
        assert headers["x-frame-options"] == "DENY", name
        assert "default-src 'none'" in headers["content-security-policy"], name
        text = body.decode("utf-8")
        assert SWEDISH.search(text) and len(text) < 100, (name, text)
        assert "<script>" not in text and "aaaa" not in text and "Invalid" not in text, name


@pytest.mark.slow
def test_gunicorn_sends_no_server_header_and_the_app_still_answers(gunicorn):
    status, headers, body = _raw(
        gunicorn, b"GET /om HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    )
    assert status == 200 and b'<html lang="sv">' in body
    assert "server" not in headers, headers
    assert "content-security-policy" in headers
    # A chunked callback body with a broken chunk: a 400 from the app, not a 500.
    status, headers, body = _raw(
        gunicorn,
        b"POST /_dash-update-component HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
        b"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
    )
    assert status == 400 and "server" not in headers
    assert json.loads(body)["message"] == "Begäran kunde inte tolkas."
    log = gunicorn.log_text()
    assert "Traceback" not in log, log[-2000:]


@pytest.mark.parametrize(
    "referer",
    ["", "x", "javascript:alert(1)", "http://evil.example/jamfor", "/%%%",
     "http://localhost/kommun/" + "9" * 5000, "http://localhost/strategi/../../etc",
     "http://[::1"],  # urlsplit raises ValueError on an unclosed IPv6 bracket
)  # fmt: skip
def test_layout_with_hostile_referer_is_no_server_error(client, referer):
    response = client.get("/_dash-layout", headers={"Referer": referer})
    assert response.status_code == 200
    assert "evil.example" not in response.get_data(as_text=True)


def test_gunicorn_config_reads_the_environment_and_sets_its_limits(monkeypatch):
    import runpy

    argv = procfile_server.procfile_web_command({})
    assert argv[:3] == ["gunicorn", "-c", "gunicorn.conf.py"], argv
    monkeypatch.setenv("PORT", "9123")
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    conf = runpy.run_path(str(procfile_server.REPO / "gunicorn.conf.py"))
    assert conf["bind"] == "0.0.0.0:9123" and conf["workers"] == 3
    assert (conf["limit_request_line"], conf["limit_request_fields"],
            conf["limit_request_field_size"]) == (4094, 100, 8190)  # fmt: skip
    monkeypatch.delenv("PORT")
    monkeypatch.delenv("WEB_CONCURRENCY")
    conf = runpy.run_path(str(procfile_server.REPO / "gunicorn.conf.py"))
    assert conf["bind"] == "0.0.0.0:8050" and conf["workers"] == 2  # the Procfile's defaults
