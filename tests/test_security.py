"""Production serving, security headers and hostile input to every page and callback."""

from __future__ import annotations

import itertools
import json

import pytest

HOSTILE = [
    None,
    "",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "../../../../etc/passwd",
    "x" * 20_000,
    12345,
    -1,
    3.5,
    True,
    [1, "a", None],
    {"a": {"b": 1}},
]
PAGES = ["/", "/jamfor", "/kommun", "/kommun/0780", "/strategi", "/strategi/2/2.5", "/om",
         "/presentera"]  # fmt: skip


@pytest.fixture(scope="module")
def client(dash_app):
    client = dash_app.server.test_client()
    assert client.get("/").status_code == 200
    return client


def test_debug_and_dev_tools_are_off(dash_app, client):
    assert dash_app.server.debug is False
    assert not dash_app._dev_tools.ui
    assert not dash_app._dev_tools.hot_reload
    assert client.get("/_reload-hash").status_code != 200


@pytest.mark.parametrize("path", ["/", "/om", "/_dash-layout", "/assets/02_app.css",
                                  "/nedladdning/oversikt.csv"])  # fmt: skip
def test_security_headers(client, path):
    response = client.get(path)
    assert response.status_code == 200
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-eval" not in csp
    script_src = next(d for d in csp.split(";") if d.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_src and "http" not in script_src
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_large_request_is_refused(client):
    response = client.post("/_dash-update-component", data=b"x" * 400_000,
                           content_type="application/json")  # fmt: skip
    assert response.status_code == 413


def test_server_error_shows_no_stack_trace(client):
    response = client.post("/_dash-update-component", data=b"{not json",
                           content_type="application/json")  # fmt: skip
    assert response.status_code == 400  # refused before Dash's dispatch (errors.py)
    body = response.get_data(as_text=True)
    assert "Traceback" not in body and 'File "' not in body
    assert response.json["message"] == "Begäran kunde inte tolkas."


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("value", ["<script>alert(1)</script>", '"><svg onload=alert(1)>',
                                   "1066", "x" * 5000])  # fmt: skip
def test_hostile_query_parameters_give_a_page(client, path, value):
    params = {"ar": value, "indikator": value, "kommuner": value, "min": value,
              "grupp": value, "bild": value, "sortera": value, "tabell": value}  # fmt: skip
    page = client.get(path, query_string=params)
    assert page.status_code == 200
    assert "<script>alert(1)" not in page.get_data(as_text=True)
    # The page content itself is built by the layout function from the query.
    layout = client.post(
        "/_dash-update-component",
        json=_pages_payload(client, path, params),
    )
    assert layout.status_code in (200, 204), layout.get_data(as_text=True)[:300]


@pytest.mark.parametrize("view", ["oversikt", "jamfor", "kommun", "strategi"])
@pytest.mark.parametrize("value", ["<script>alert(1)</script>", "9999", "", "x" * 5000])
def test_hostile_download_parameters(client, view, value):
    params = {"ar": value, "indikator": value, "kommuner": value, "min": value, "kod": value,
              "tabell": value, "grupp": value}  # fmt: skip
    response = client.get(f"/nedladdning/{view}.csv", query_string=params)
    assert response.status_code in (200, 404)
    assert b"<script>alert(1)" not in response.data
    assert client.get("/nedladdning/finns-inte.csv").status_code == 404
    assert client.get(f"/nedladdning/{view}.exe").status_code == 404


def _pages_payload(client, path, params):
    deps = client.get("/_dash-dependencies").json
    pages_cb = next(d for d in deps if "_pages_content.children" in d["output"])
    from urllib.parse import urlencode

    values = {"pathname": path, "search": "?" + urlencode(params)}
    return {
        "output": pages_cb["output"],
        "outputs": [
            {"id": o.split(".")[0], "property": o.split(".")[1]}
            for o in pages_cb["output"].strip(".").split("...")
        ],  # fmt: skip
        "inputs": [
            {"id": i["id"], "property": i["property"], "value": values.get(i["property"])}
            for i in pages_cb["inputs"]
        ],  # fmt: skip
        "changedPropIds": ["_pages_location.pathname"],
        "state": [{"id": s["id"], "property": s["property"]} for s in pages_cb["state"]],
    }


def _server_callbacks(client):
    deps = client.get("/_dash-dependencies").json
    return [d for d in deps if not d.get("clientside_function")
            and "_pages" not in d["output"]]  # fmt: skip


def test_every_callback_survives_hostile_payloads(client):
    callbacks = _server_callbacks(client)
    assert len(callbacks) >= 3
    failures = []
    for callback in callbacks:
        outputs = [
            {"id": _parse_id(o.rsplit(".", 1)[0]), "property": o.rsplit(".", 1)[1]}
            for o in callback["output"].strip(".").split("...")
        ]
        for value in HOSTILE:
            for changed in itertools.islice(range(len(callback["inputs"])), 3):
                payload = {
                    "output": callback["output"],
                    "outputs": outputs if len(outputs) > 1 else outputs[0],
                    "inputs": [
                        {"id": _parse_id(i["id"]), "property": i["property"], "value": value}
                        for i in callback["inputs"]
                    ],  # fmt: skip
                    "changedPropIds": [
                        f"{callback['inputs'][changed]['id']}."
                        f"{callback['inputs'][changed]['property']}"
                    ],  # fmt: skip
                    "state": [
                        {"id": _parse_id(s["id"]), "property": s["property"], "value": value}
                        for s in callback["state"]
                    ],  # fmt: skip
                }
                response = client.post("/_dash-update-component", json=payload)
                if response.status_code >= 500:
                    failures.append((callback["output"][:60], repr(value)[:40]))
                elif b"<script>alert(1)</script>" in response.data:
                    failures.append(("reflected", callback["output"][:60]))
    assert not failures, failures[:20]
    assert client.get("/").status_code == 200  # still serving


def _parse_id(component_id: str):
    return json.loads(component_id) if component_id.startswith("{") else component_id
