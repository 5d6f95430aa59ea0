"""Refusing malformed requests, and the app's Swedish error pages for every status.

A browser running the app never sends a malformed callback request: such a request comes
from a script or a scanner. It gets a 4xx with a short Swedish message and costs one
warning line in the log, never a traceback. Dash's own dispatch assumes the body's shape
(`body["output"]`, lists of `{"id", "property"}`), so the shape is checked here, against the
app's registered callbacks, before Dash sees it. Values are not checked here: each page
validates its own (and the app's `on_error` is the safety net).
"""

from __future__ import annotations

import json
import logging
from html import escape
from typing import Any

import dash
from flask import Flask, Response, abort, jsonify, request
from werkzeug.exceptions import HTTPException

from dashboard import dash_seam

log = logging.getLogger(__name__)

# Short Swedish messages by status; anything else gets the message of its class (4xx/5xx).
MESSAGES = {
    400: "Begäran kunde inte tolkas.",
    401: "Du behöver logga in för att göra det här.",
    403: "Du har inte behörighet till den här sidan.",
    404: "Sidan eller filen finns inte.",
    405: "Den här adressen tar inte emot den sortens begäran.",
    413: "Begäran är för stor.",
    414: "Adressen är för lång.",
    415: "Begäran har fel innehållstyp (JSON väntades).",
    429: "För många begäranden på kort tid. Vänta en stund och försök igen.",
    431: "Begärans huvudfält är för stora.",
    500: "Något gick fel på servern. Försök igen om en stund.",
    503: "Tjänsten är tillfälligt otillgänglig. Försök igen om en stund.",
}
TITLES = {404: "Sidan finns inte", 500: "Något gick fel"}
CLIENT_ERROR = "Begäran kunde inte hanteras."
CLIENT_TITLE = "Sidan kunde inte visas"
SERVER_ERROR = MESSAGES[500]

PAGE = """<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} – Kvinnofrid</title></head>
<body style="font-family:system-ui,sans-serif;margin:2rem;max-width:40rem">
<h1>{title}</h1><p>{message}</p><p>Felkod {status}. Gå till <a href="{home}">startsidan</a>.</p>
</body></html>"""

# Dash's JSON endpoints: their errors are answered in JSON, read by scripts, not people.
JSON_ROUTES = (dash_seam.UPDATE_ROUTE, dash_seam.LAYOUT_ROUTE, dash_seam.DEPENDENCIES_ROUTE)
# Wildcards of pattern-matching ids, as Dash writes them into a callback's id string.
WILDCARDS = (["MATCH"], ["ALL"], ["ALLSMALLER"])


def message(status: int) -> str:
    return MESSAGES.get(status) or (CLIENT_ERROR if status < 500 else SERVER_ERROR)


def error_response(status: int, home: str = "/") -> Response:
    """The Swedish error for `status`: JSON for Dash's endpoints, text for other files
    (scripts, styles, data), an HTML page for everything a browser shows."""
    text = message(status)
    relative = request.path[len(home) :] if request.path.startswith(home) else request.path
    if relative in JSON_ROUTES:
        response = jsonify(status=status, message=text)
        response.status_code = status
    elif relative.startswith(("_", "assets/", "geo/", "nedladdning/")):
        response = Response(text + "\n", status=status, content_type="text/plain; charset=utf-8")
    else:
        # A heading of its own: the message below it says what happened.
        title = TITLES.get(status) or ("Något gick fel" if status >= 500 else CLIENT_TITLE)
        page = PAGE.format(title=escape(title), message=escape(text), status=status, home=home)
        response = Response(page, status=status, content_type="text/html; charset=utf-8")
    response.cache_control.no_store = True
    return response


def callback_problem(body: Any, callback_map: dict) -> tuple[int, str] | None:
    """Why `body` is no request the renderer could send for a registered callback (status,
    reason for the log), or None when its shape is one Dash's dispatch can handle."""
    if not isinstance(body, dict):
        return 400, f"body is {type(body).__name__}, not an object"
    output = body.get("output")
    if not isinstance(output, str):
        return 400, "no output key"
    spec = callback_map.get(output)
    if spec is None or "callback" not in spec:  # clientside callbacks have no server function
        return 404, f"no server callback for output {output[:80]!r}"
    # Dash reads a missing "state" as [], which fits only a callback without State.
    for key, default in (("inputs", None), ("state", [])):
        problem = _dependency_problem(key, body.get(key, default), spec[key])
        if problem:
            return 400, problem
    if not spec.get("no_output"):
        expected = dash_seam.callback_outputs(output)
        outputs = body.get("outputs")
        if isinstance(expected, list):
            if not isinstance(outputs, list) or len(outputs) != len(expected):
                return 400, "outputs do not match the callback's outputs"
            pairs = zip(outputs, expected, strict=True)
        else:
            pairs = [(outputs, expected)]
        for item, dep in pairs:
            if not _item_matches(item, dep):
                return 400, "outputs do not match the callback's outputs"
    changed = body.get("changedPropIds", [])
    if not isinstance(changed, list) or not all(isinstance(c, str) for c in changed):
        return 400, "changedPropIds is not a list of strings"
    return None


def _dependency_problem(key: str, items: Any, expected: list[dict]) -> str | None:
    if not isinstance(items, list) or len(items) != len(expected):
        return f"{key} is not a list of the callback's {len(expected)} {key}"
    for item, dep in zip(items, expected, strict=True):
        if not _item_matches(item, dep):
            return f"{key} do not match the callback's {key}"
    return None


def _item_matches(item: Any, dep: dict) -> bool:
    """One input, state or output of the body against its registered dependency.

    A pattern-matching dependency (id written as JSON, with wildcards) matches one
    concrete id, or for ALL/ALLSMALLER a list of them."""
    pattern = _pattern(dep["id"])
    if pattern is not None and isinstance(item, list):
        return all(_item_matches(one, dep) for one in item)
    if not isinstance(item, dict) or not isinstance(item.get("property"), str):
        return False
    # Outputs with allow_duplicate carry "@<hash>" in the callback's key, not in the body.
    if item["property"] != dep["property"].split("@")[0]:
        return False
    if pattern is None:
        return item.get("id") == dep["id"]
    concrete = item.get("id")
    if not isinstance(concrete, dict) or concrete.keys() != pattern.keys():
        return False
    for name, value in pattern.items():
        if value in WILDCARDS:
            if not isinstance(concrete[name], str | int | float | bool):
                return False
        elif concrete[name] != value:
            return False
    return True


def _pattern(component_id: str) -> dict | None:
    if not component_id.startswith("{"):
        return None
    try:
        parsed = json.loads(component_id)
    except ValueError:
        return None
    return parsed if isinstance(parsed, dict) else None


def install(app: dash.Dash, home: str) -> None:
    """Register the callback-body check and the error handlers on the app's Flask server."""
    server: Flask = app.server
    callback_path = f"{home}{dash_seam.UPDATE_ROUTE}"

    @server.before_request
    def refuse_malformed_callback():
        # Only the shape; Dash's dispatch parses the same (cached) JSON after this.
        if request.path != callback_path or request.method != "POST":
            return None
        if not request.is_json:
            abort(415, "content type is not JSON")
        try:
            request.get_data(cache=True)  # read once: get_json and Dash's dispatch reuse it
        except HTTPException:
            raise  # 413 too large, 400 client gone: Werkzeug's own verdicts
        except Exception as error:  # the WSGI server's input stream failed
            # (gunicorn raises its own ParseException for a bad chunk in a chunked body)
            abort(400, f"body could not be read ({type(error).__name__})")
        try:
            body = request.get_json(silent=True)
        except RecursionError:  # deeply nested arrays: json.loads gives up, not a ValueError
            abort(400, "JSON nested too deeply")
        if body is None:
            abort(400, "body is not JSON (or null)")
        problem = callback_problem(body, app.callback_map)
        if problem:
            abort(*problem)
        return None

    @server.errorhandler(dash.exceptions.DependencyException)
    def unknown_component_file(error):
        # A component-suite path (<package>/<path>) for a file Dash does not serve: Dash's
        # own check (validate_js_path) says no; that is a 404, not a server error.
        log.warning("refused %s %r: 404 not a served component file", request.method,
                    request.path[:200])  # fmt: skip
        return error_response(404, home)

    @server.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        # Every status Werkzeug or a view raises (400 bad JSON, 404, 405, 413, ...), and
        # unhandled exceptions as 500: Flask has already logged those with their traceback.
        status = error.code or 500
        if status < 500:
            reason = error.description if error.description != type(error).description else ""
            reason = " ".join(str(reason)[:200].split())  # one line, whatever it quotes
            log.warning("refused %s %r: %d %s", request.method, request.path[:200], status,
                        reason)  # fmt: skip
        return error_response(status, home)
