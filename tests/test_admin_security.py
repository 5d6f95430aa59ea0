"""The admin's security promises, checked on the real app's Flask server.

Every /admin address is read from the server's url_map, so a route added later is covered
without being listed here: without a session it answers a redirect to the sign-in page
(GET) or 401 (anything else), never data. Changes need a CSRF token; sign-in guesses are
throttled; the cookies are Secure, HttpOnly, SameSite; admin answers are never cached or
indexed; public pages and Dash's callbacks stay anonymous and cacheable.
"""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from dashboard.data.store import schema
from dashboard.web.admin import auth
from tests.test_admin_auth import (
    PASSWORD,
    audit_rows,
    csrf_token,
    make_account,
    new_client,
    session_cookie,
    sign_in,
    signed_in,
    store,
)

PUBLIC = {"admin.login", "admin.oidc_start", "admin.oidc_callback"}
EXAMPLE = {"int": "1", "string": "x", "path": "x/y", "default": "x", "float": "1.0"}


def admin_routes(app) -> list[tuple[str, str, str]]:
    """(endpoint, method, an address) of every /admin rule of the server."""
    found = []
    for rule in app.server.url_map.iter_rules():
        if not rule.rule.startswith("/admin"):
            continue
        path = re.sub(
            r"<(?:(\w+)(?:\([^)]*\))?:)?\w+>",
            lambda m: EXAMPLE.get(m.group(1) or "default", "x"),
            rule.rule,
        )
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            found.append((rule.endpoint, method, path))
    return found


def test_every_admin_route_without_a_session_refuses(app):
    routes = admin_routes(app)
    assert len({r[0] for r in routes}) >= 8, routes  # the admin is there, not an empty map
    client = new_client(app)
    for endpoint, method, path in routes:
        response = client.open(path, method=method)
        body = response.get_data(as_text=True)
        where = f"{method} {path} ({endpoint}): {response.status_code}"
        if endpoint in PUBLIC:
            # The sign-in page, a refused form without its token, or no OIDC configured.
            assert response.status_code in (200, 403, 404), where
            assert "<table" not in body, where
            continue
        if method == "GET":
            assert response.status_code == 302, where
            assert response.headers["Location"].startswith("/admin/logga-in?next="), where
        else:
            assert response.status_code == 401, where
            assert "logga in" in body, where
        assert len(body) < 2000 and "<table" not in body and "<form" not in body, where


def test_a_made_up_session_cookie_opens_nothing(app):
    client = new_client(app)
    client.set_cookie("__Host-" + auth.COOKIE, "gissad-" + "x" * 40, path="/")
    assert client.get("/admin/konton").status_code == 302
    client.set_cookie("__Host-" + auth.COOKIE, "x" * 3000, path="/")
    assert client.get("/admin/konton").status_code == 302


def test_a_change_without_csrf_token_is_refused(app):
    client, boss = signed_in(app)
    name = "utan-token@example.se"
    for data in ({}, {"csrf_token": "förfalskad"}):
        refused = client.post("/admin/konton", data={**data, "anvandarnamn": name,
                                                     "roll": "forvaltare", "losenord": PASSWORD})  # fmt: skip
        assert refused.status_code == 403
        assert "säkerhetskod" in refused.get_data(as_text=True)
    with store().connect() as conn:
        a = schema.account
        assert conn.execute(sa.select(a).where(a.c.username == name)).first() is None
    assert [r.action for r in audit_rows(boss)][-2:] == ["nekad csrf"] * 2
    # Signing out is a change too: without the token the session stays.
    assert client.post("/admin/logga-ut").status_code == 403
    assert client.get("/admin/").status_code == 200


def test_another_sessions_csrf_token_is_refused(app):
    first, _ = signed_in(app)
    second, name = signed_in(app)
    stolen = csrf_token(first, "/admin/konton")
    refused = second.post("/admin/konton", data={"csrf_token": stolen, "anvandarnamn": "z@x.se",
                                                 "roll": "forvaltare"})  # fmt: skip
    assert refused.status_code == 403


def test_sign_in_itself_needs_the_csrf_token(app):
    """No login CSRF: a foreign page cannot sign the browser into another account."""
    client = new_client(app)
    name = make_account()
    refused = client.post("/admin/logga-in", data={"anvandarnamn": name, "losenord": PASSWORD})
    assert refused.status_code == 403
    assert session_cookie(client) is None


def test_six_wrong_passwords_are_throttled_even_with_the_right_one_after(app):
    client = new_client(app)
    name = make_account()
    statuses = [sign_in(client, name, f"fel-gissning-{n}").status_code for n in range(6)]
    assert statuses == [401] * 5 + [429]
    right = sign_in(client, name)
    assert right.status_code == 429
    assert "För många misslyckade inloggningar. Vänta 15 minuter." in right.get_data(as_text=True)
    assert session_cookie(client) is None
    assert [r.refused for r in audit_rows(name)] == [True] * 7


def test_throttled_sign_in_does_not_check_the_password(app, monkeypatch):
    client = new_client(app)
    name = make_account()
    for n in range(5):
        sign_in(client, name, f"fel-{n}")
    monkeypatch.setattr(auth, "check_password", lambda *a: pytest.fail("password was checked"))
    assert sign_in(client, name).status_code == 429


def test_cookie_flags(app):
    client = new_client(app)
    form = client.get("/admin/logga-in")
    response = sign_in(client, make_account())
    cookies = response.headers.getlist("Set-Cookie")
    session = next(c for c in cookies if c.startswith(f"__Host-{auth.COOKIE}="))
    flags = [part.strip().lower() for part in session.split(";")[1:]]
    assert {"secure", "httponly", "path=/", "samesite=lax", "max-age=28800"} <= set(flags)
    assert not any(f.startswith("domain") for f in flags)  # __Host-: this host only
    token = session.split(";")[0].split("=", 1)[1]
    assert len(token) >= 43  # 32 random bytes
    with store().connect() as conn:  # the database keeps its hash, never the token
        s = schema.session
        assert conn.execute(sa.select(s).where(s.c.token_sha == token)).first() is None
    form_cookie = form.headers["Set-Cookie"]
    assert form_cookie.startswith(f"__Host-{auth.FORM_COOKIE}=")
    assert {"secure", "httponly", "path=/", "samesite=lax"} <= {
        p.strip().lower() for p in form_cookie.split(";")[1:]
    }


def test_admin_answers_are_never_cached_or_indexed(app):
    client, _ = signed_in(app)
    anonymous = new_client(app)
    answers = [client.get("/admin/"), client.get("/admin/konton"), client.get("/admin/logg"),
               client.get("/admin/finns-inte"), client.post("/admin/konton"),
               anonymous.get("/admin/logga-in"), anonymous.get("/admin/konton"),
               anonymous.post("/admin/konton")]  # fmt: skip
    for response in answers:
        assert "no-store" in response.headers["Cache-Control"], response.status_code
        assert "noindex" in response.headers["X-Robots-Tag"], response.status_code
    assert '<meta name="robots" content="noindex, nofollow">' in answers[0].get_data(as_text=True)


def _pages_callback(client) -> dict:
    deps = client.get("/_dash-dependencies").json
    found = next(d for d in deps if "_pages_content.children" in d["output"])
    values = {"pathname": "/om", "search": ""}
    return {
        "output": found["output"],
        "outputs": [{"id": o.split(".")[0], "property": o.split(".")[1]}
                    for o in found["output"].strip(".").split("...")],
        "inputs": [{"id": i["id"], "property": i["property"], "value": values.get(i["property"])}
                   for i in found["inputs"]],
        "changedPropIds": ["_pages_location.pathname"],
        "state": [{"id": s["id"], "property": s["property"]} for s in found["state"]],
    }  # fmt: skip


def test_public_pages_set_no_cookie_and_stay_cacheable(app):
    """Even for a browser that is signed in to the admin: the public side never sees it."""
    client, _ = signed_in(app)
    assert client.get("/admin/konton").status_code == 200  # the form cookie is set too
    assert client.get_cookie("__Host-" + auth.FORM_COOKIE) is not None
    home = client.get("/")
    assert home.status_code == 200
    assert "Set-Cookie" not in home.headers
    assert "no-store" not in home.headers.get("Cache-Control", "")
    assert "Cookie" not in home.headers.get("Vary", "")
    callback = client.post("/_dash-update-component", json=_pages_callback(client))
    assert callback.status_code == 200
    assert "Set-Cookie" not in callback.headers  # and no CSRF token asked of Dash's POST
    assert "Cookie" not in callback.headers.get("Vary", "")


def test_kommunrapportor_on_a_forvaltare_page_is_refused_and_logged(app):
    client, name = signed_in(app, auth.KOMMUNRAPPORTOR, "0780")
    for path in ("/admin/konton", "/admin/logg"):
        refused = client.get(path)
        assert refused.status_code == 403
        assert "behörighet" in refused.get_data(as_text=True)
    token = csrf_token(client, "/admin/")
    refused = client.post("/admin/konton", data={"csrf_token": token, "anvandarnamn": "y@x.se",
                                                 "roll": "forvaltare", "losenord": PASSWORD})  # fmt: skip
    assert refused.status_code == 403
    rows = [(r.action, r.detail, r.refused) for r in audit_rows(name)]
    assert ("nekad", "GET /admin/konton", True) in rows
    assert ("nekad", "POST /admin/konton", True) in rows


def test_an_inactive_account_cannot_sign_in(app):
    name = make_account()
    a = schema.account
    with store().begin() as conn:
        conn.execute(sa.update(a).where(a.c.username == name).values(active=False))
    assert sign_in(new_client(app), name).status_code == 401


def test_over_https_a_change_must_come_from_this_site(app):
    """Over HTTPS the CSRF check also wants a same-site Referer (the app's Referrer-Policy,
    same-origin, sends it on its own forms)."""
    client = app.server.test_client()
    client.environ_base["REMOTE_ADDR"] = "10.36.0.1"
    site = "https://tjansten.example"
    page = client.get("/admin/logga-in", base_url=site)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True)).group(1)
    name = make_account()
    form = {"csrf_token": token, "anvandarnamn": name, "losenord": PASSWORD}
    for referrer in (None, "https://annan.example/admin/logga-in"):
        headers = {"Referer": referrer} if referrer else {}
        refused = client.post("/admin/logga-in", data=form, base_url=site, headers=headers)
        assert refused.status_code == 403, referrer
    accepted = client.post("/admin/logga-in", data=form, base_url=site,
                           headers={"Referer": site + "/admin/logga-in"})  # fmt: skip
    assert accepted.status_code == 302


def test_csrf_reasons_and_redirects_are_in_swedish(app):
    """The log says why a token was refused in Swedish, and an admin redirect's body is a
    Swedish line, not Werkzeug's English page (#35)."""
    client, boss = signed_in(app)
    csrf_token(client, "/admin/konton")  # the form session holds a token: the posted one counts
    client.post("/admin/konton", data={"anvandarnamn": "x@x.se"})
    client.post("/admin/konton", data={"csrf_token": "förfalskad", "anvandarnamn": "x@x.se"})
    details = [r.detail for r in audit_rows(boss) if r.action == "nekad csrf"][-2:]
    assert details == ["POST /admin/konton: säkerhetskoden saknas",
                       "POST /admin/konton: säkerhetskoden är ogiltig"]  # fmt: skip
    stranger = new_client(app)
    for path in ("/admin/konton", "/admin/logg"):
        response = stranger.get(path)
        body = response.get_data(as_text=True)
        assert response.status_code == 302
        assert body == f"Du skickas vidare till /admin/logga-in?next={path}.\n"
        assert "Redirecting" not in body
