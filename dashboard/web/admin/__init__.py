"""The admin: sign-in, upload–preview–publish, version history, the yearly survey, accounts
and the audit log. Server-written HTML forms (a Flask blueprint), not Dash pages: every
change is a plain POST with a CSRF token, works without JavaScript, and keeps sessions away
from the public pages and Dash's callback endpoint, which stay anonymous and cacheable.

Every response under /admin is private: never cached, never indexed.
"""

from __future__ import annotations

from flask import Blueprint, Flask, Response, request

from dashboard.config import Settings
from dashboard.data.spreadsheet import max_bytes

PREFIX = "/admin"
blueprint = Blueprint("admin", __name__, url_prefix=PREFIX, template_folder="templates")
UPLOAD_LIMIT = max_bytes()  # the largest file an upload may be: the importer's own bound
# Every id or year in an admin address: a bounded integer, so a huge number is no match (the
# Swedish 404), never a value the database cannot hold (SQLite's OverflowError, PostgreSQL's
# NumericValueOutOfRange: a 500). 2**31 - 1 is the largest INTEGER in either database.
ID = "int(max=2147483647)"


NOT_FOUND = ("Det finns ingen sådan sida i förvaltningen. Kontrollera adressen, eller gå till "
             "förvaltningens startsida och välj därifrån.")  # fmt: skip


@blueprint.route("/<path:rest>", methods=["GET", "POST"])
def not_found(rest: str):
    """Any other address under /admin: the admin's Swedish 404 (after the sign-in check and
    the CSRF check, which the blueprint's guard makes first), never the public app's page
    shell, which Dash would otherwise serve with 200 for any path."""
    from dashboard.web.admin.auth import refusal

    return refusal(404, NOT_FOUND)


def is_admin_path(path: str) -> bool:
    return path == PREFIX or path.startswith(PREFIX + "/")


def install(server: Flask, settings: Settings, css_href: str) -> None:
    """Register the admin on the app's Flask server."""
    from dashboard.web.admin import auth, home  # noqa: F401 - their routes register on import

    _feature_modules()
    server.config["ADMIN_CSS_HREF"] = css_href
    server.jinja_env.globals["role_name"] = lambda role: auth.ROLES.get(role, role)
    auth.init_app(server, settings)
    if "admin" not in server.blueprints:
        server.register_blueprint(blueprint)

    @server.before_request
    def larger_uploads() -> None:
        if is_admin_path(request.path):  # the public app takes 256 kB; an Excel file more
            request.max_content_length = UPLOAD_LIMIT

    @server.after_request
    def private(response: Response) -> Response:
        if is_admin_path(request.path):
            response.headers["Cache-Control"] = "no-store, private"
            response.headers["X-Robots-Tag"] = "noindex, nofollow"
            response.vary.add("Cookie")
        return response


def _feature_modules() -> list:
    """The admin's parts; each adds its routes to the blueprint when imported."""
    import importlib

    found = []
    for name in ("uploads", "versions_view", "survey", "accounts"):
        try:
            found.append(importlib.import_module(f"dashboard.web.admin.{name}"))
        except ModuleNotFoundError as exc:
            if exc.name != f"dashboard.web.admin.{name}":
                raise
    return found
