"""Sign-in, sessions, accounts (command line and /admin/konton), the audit log and sign-in
through an identity provider (OpenID Connect, against a small fake provider in a thread).

The app is built once per session on the fixture county, whose store is SQLite in the
session's temporary folder; every test makes accounts of its own (unique names) and signs
in from an address of its own, so the per-address throttle of one test never meets another.
"""

from __future__ import annotations

import getpass
import io
import itertools
import re
import secrets
import threading
import time
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
import sqlalchemy as sa

from dashboard.config import get_settings
from dashboard.data.store import schema
from dashboard.data.store.db import connect
from dashboard.web.admin import accounts, auth

PASSWORD = "ett-långt-lösenord-1"
_NUMBERS = itertools.count(1)


def store() -> sa.Engine:
    return connect(get_settings().database_url)


def make_account(role: str = auth.FORVALTARE, municipality: str | None = None,
                 password: str = PASSWORD, prefix: str = "") -> str:  # fmt: skip
    """A new account with a name no other test uses; its username."""
    name = f"{prefix or role}-{next(_NUMBERS)}-{secrets.token_hex(3)}@example.se"
    known = {municipality: "Kommunen"} if municipality else {}
    accounts.create(get_settings().database_url, name, role, municipality=municipality,
                    password=password, known=known)  # fmt: skip
    return name


def new_client(app):
    """A test client at an address of its own (sign-in attempts are counted per address)."""
    client = app.server.test_client()
    client.environ_base["REMOTE_ADDR"] = f"10.35.{next(_NUMBERS) % 250}.{next(_NUMBERS) % 250}"
    return client


def csrf_token(client, path: str = "/admin/logga-in") -> str:
    page = client.get(path)
    assert page.status_code == 200, page.status_code
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True))
    assert found, "no CSRF token on " + path
    return found.group(1)


def sign_in(client, username: str, password: str = PASSWORD, next_path: str = ""):
    token = csrf_token(client)
    return client.post("/admin/logga-in", data={"csrf_token": token, "anvandarnamn": username,
                                                "losenord": password, "next": next_path})  # fmt: skip


def signed_in(app, role: str = auth.FORVALTARE, municipality: str | None = None):
    """A client signed in with a new account: (client, username)."""
    client = new_client(app)
    name = make_account(role, municipality)
    response = sign_in(client, name)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return client, name


def audit_rows(username: str) -> list:
    log = schema.audit
    with store().connect() as conn:
        return conn.execute(sa.select(log).where(log.c.username == username)
                            .order_by(log.c.id)).all()  # fmt: skip


def session_cookie(client) -> str | None:
    cookie = client.get_cookie("__Host-" + auth.COOKIE)
    return cookie.value if cookie else None


# --- signing in and out ----------------------------------------------------------------------


def test_sign_in_goes_to_next_and_shows_the_start_page(app):
    client = new_client(app)
    name = make_account()
    first = client.get("/admin/konton")
    assert first.status_code == 302
    assert first.headers["Location"] == "/admin/logga-in?next=/admin/konton"
    response = sign_in(client, name.upper(), next_path="/admin/konton")  # names ignore case
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/konton"
    page = client.get("/admin/")
    assert page.status_code == 200
    assert "Förvaltning av uppgifterna" in page.get_data(as_text=True)
    assert "Logga ut" in page.get_data(as_text=True)
    assert [r.action for r in audit_rows(name)] == ["inloggning"]


def test_wrong_password_and_unknown_name_look_alike(app):
    client = new_client(app)
    name = make_account()
    wrong = sign_in(client, name, "fel-lösenord-helt")
    unknown = sign_in(client, "finns-inte-" + name, "fel-lösenord-helt")
    assert wrong.status_code == unknown.status_code == 401
    for response in (wrong, unknown):
        assert auth.WRONG_PASSWORD in response.get_data(as_text=True)
    assert session_cookie(client) is None
    assert [(r.action, r.refused) for r in audit_rows(name)] == [("inloggning misslyckad", True)]


def test_unknown_name_still_verifies_a_hash(app, monkeypatch):
    """No early answer for a name that does not exist (the time would tell)."""
    calls = []

    class Counting:
        def verify(self, stored: str, password: str) -> bool:
            calls.append(stored)
            return real.verify(stored, password)

    real = auth.hasher
    monkeypatch.setattr(auth, "hasher", Counting())
    client = new_client(app)
    assert sign_in(client, "ingen-sadan@example.se", "något-lösenord").status_code == 401
    assert len(calls) == 1


@pytest.mark.parametrize("target", ["https://annan.example/admin/", "//annan.example/admin",
                                    "/admin/../nedladdning/x.csv", "/admin/%2e%2e/x", "/om",
                                    "/admin\\@annan.example", "javascript:alert(1)"])  # fmt: skip
def test_next_is_only_ever_a_local_admin_address(app, target):
    client = new_client(app)
    response = sign_in(client, make_account(), next_path=target)
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/"


def test_sign_out_ends_the_session_on_the_server(app):
    client, name = signed_in(app)
    token = session_cookie(client)
    assert token
    out = client.post("/admin/logga-ut", data={"csrf_token": csrf_token(client, "/admin/")})
    assert out.status_code == 302 and out.headers["Location"] == "/admin/logga-in"
    assert session_cookie(client) is None
    # The old cookie, replayed (say, copied before), opens nothing any more.
    thief = new_client(app)
    thief.set_cookie("__Host-" + auth.COOKIE, token, path="/")
    assert thief.get("/admin/").status_code == 302
    assert "utloggning" in [r.action for r in audit_rows(name)]
    assert "Du är utloggad." in client.get("/admin/logga-in").get_data(as_text=True)


def test_several_devices_keep_their_own_sessions(app):
    name = make_account()
    phone, desk = new_client(app), new_client(app)
    assert sign_in(phone, name).status_code == sign_in(desk, name).status_code == 302
    phone.post("/admin/logga-ut", data={"csrf_token": csrf_token(phone, "/admin/")})
    assert phone.get("/admin/").status_code == 302
    assert desk.get("/admin/").status_code == 200


def _age_session(client, **ago: timedelta) -> None:
    import hashlib

    sha = hashlib.sha256(session_cookie(client).encode()).hexdigest()
    s = schema.session
    moment = auth.now()
    values = {column: moment - delta for column, delta in ago.items()}
    with store().begin() as conn:
        conn.execute(sa.update(s).where(s.c.token_sha == sha).values(**values))


def test_a_session_ends_after_an_idle_hour(app):
    client, _ = signed_in(app)
    _age_session(client, last_seen_at=timedelta(minutes=59))
    assert client.get("/admin/").status_code == 200  # and the idle clock restarts
    _age_session(client, last_seen_at=timedelta(minutes=61))
    assert client.get("/admin/").status_code == 302


def test_a_session_ends_after_eight_hours_however_busy(app):
    client, _ = signed_in(app)
    _age_session(client, expires_at=timedelta(seconds=1))
    assert client.get("/admin/").status_code == 302


def test_last_seen_is_written_at_most_once_a_minute(app, monkeypatch):
    client, _ = signed_in(app)
    writes = []
    real_update = sa.update
    monkeypatch.setattr(auth.sa, "update", lambda t: writes.append(t.name) or real_update(t))
    client.get("/admin/")
    assert writes.count("session") == 0
    _age_session(client, last_seen_at=timedelta(minutes=2))
    client.get("/admin/")
    assert writes.count("session") == 2  # the test's own aging, then the one touch


def test_an_old_hash_is_upgraded_at_sign_in(app):
    from argon2 import PasswordHasher

    name = make_account()
    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(PASSWORD)
    a = schema.account
    with store().begin() as conn:
        conn.execute(sa.update(a).where(a.c.username == name).values(password_hash=weak))
    assert sign_in(new_client(app), name).status_code == 302
    with store().connect() as conn:
        stored = conn.execute(sa.select(a.c.password_hash).where(a.c.username == name)).scalar()
    assert stored != weak and not auth.hasher.check_needs_rehash(stored)


# --- throttling ----------------------------------------------------------------------------


def test_five_failures_for_a_name_stop_the_sixth_guess_from_that_address(app):
    name = make_account()
    client = new_client(app)
    for _ in range(5):
        assert sign_in(client, name, "fel-lösenord-igen").status_code == 401
    refused = sign_in(client, name)  # the right password, from the same address
    assert refused.status_code == 429
    assert auth.THROTTLED in refused.get_data(as_text=True)
    assert refused.headers["Retry-After"] == "900"
    assert session_cookie(client) is None
    assert audit_rows(name)[-1].action == "inloggning spärrad"


def test_a_stranger_elsewhere_cannot_lock_a_name_out(app):
    """Five failures, and more refused tries, from one address lock the name there only:
    the person signs in from their own address (#35)."""
    name = make_account()
    stranger = new_client(app)
    for _ in range(5):
        assert sign_in(stranger, name, "fel-lösenord-igen").status_code == 401
    for _ in range(60):  # refused without a check, and not counted towards the name's bound
        assert auth.throttled(name, stranger.environ_base["REMOTE_ADDR"])
    assert sign_in(stranger, name).status_code == 429
    assert sign_in(new_client(app), name).status_code == 302


def test_guesses_at_one_name_from_many_addresses_stop_at_fifty(app):
    name = make_account()
    t = schema.login_attempt
    with store().begin() as conn:
        conn.execute(sa.insert(t), [{"at": auth.now(), "username": name, "ip": f"10.77.0.{n}",
                                     "ok": False} for n in range(49)])  # fmt: skip
    assert sign_in(new_client(app), name, "en-till-gissning").status_code == 401
    assert sign_in(new_client(app), name).status_code == 429


def test_a_refusal_logs_the_path_as_it_was_sent(app):
    client, name = signed_in(app, auth.KOMMUNRAPPORTOR, "0764")
    assert client.get("/admin/mallar/mall%20x.xlsx").status_code == 403
    assert audit_rows(name)[-1].detail == "GET /admin/mallar/mall%20x.xlsx"
    client.post("/admin/konton", data={"anvandarnamn": "x"})
    assert audit_rows(name)[-1].detail == "POST /admin/konton: säkerhetskoden saknas"


def test_an_address_with_twenty_failures_is_stopped_for_every_name(app):
    client = new_client(app)
    for number in range(20):
        assert sign_in(client, f"gissning-{number}@example.se", "fel").status_code == 401
    assert sign_in(client, make_account()).status_code == 429


def test_failures_older_than_the_window_do_not_count(app):
    name = make_account()
    t = schema.login_attempt
    ip = "10.99.99.99"
    with store().begin() as conn:
        conn.execute(sa.insert(t), [{"at": auth.now() - timedelta(minutes=16), "username": name,
                                     "ip": ip, "ok": False} for _ in range(30)])  # fmt: skip
    assert not auth.throttled(name, ip)


def test_attempts_older_than_a_day_are_deleted(app):
    t = schema.login_attempt
    with store().begin() as conn:
        conn.execute(sa.insert(t).values(at=auth.now() - timedelta(days=2), username="gammal",
                                         ip="10.1.1.1", ok=False))  # fmt: skip
    sign_in(new_client(app), "vem-som-helst@example.se", "fel")
    with store().connect() as conn:
        assert not conn.execute(sa.select(t).where(t.c.username == "gammal")).first()


def test_forwarded_address_is_trusted_only_from_the_proxy(app, monkeypatch):
    monkeypatch.setenv("FORWARDED_ALLOW_IPS", "10.0.0.10")
    with app.server.test_request_context(environ_base={"REMOTE_ADDR": "10.0.0.10"},
                                         headers={"X-Forwarded-For": "1.2.3.4, 5.6.7.8"}):  # fmt: skip
        assert auth.client_ip() == "5.6.7.8"  # the one the proxy appended
    with app.server.test_request_context(environ_base={"REMOTE_ADDR": "10.0.0.99"},
                                         headers={"X-Forwarded-For": "5.6.7.8"}):  # fmt: skip
        assert auth.client_ip() == "10.0.0.99"


# --- accounts from the command line ------------------------------------------------------------


def _cli(*argv: str, stdin: str = "") -> tuple[int, str]:
    out = io.StringIO()
    code = accounts.cli(list(argv), stdin=io.StringIO(stdin), out=out)
    return code, out.getvalue()


def test_cli_creates_lists_changes_and_deactivates(app, capsys):
    name = f"cli-{secrets.token_hex(3)}@example.se"
    code, said = _cli("skapa", name, "--roll", "kommunrapportor", "--kommun", "0780",
                      "--namn", "Karin K", stdin=f"{PASSWORD}\n{PASSWORD}\n")  # fmt: skip
    assert code == 0 and "är skapat" in said
    assert sign_in(new_client(app), name).status_code == 302
    code, said = _cli("lista")
    line = next(x for x in said.splitlines() if x.startswith(name))
    assert "Kommunrapportör\t0780\taktivt" in line and "Karin K" in line
    assert "senast inloggad: 20" in line
    assert _cli("losenord", name, stdin="ett-annat-lösenord-2\n")[0] == 0
    assert sign_in(new_client(app), name).status_code == 401
    assert sign_in(new_client(app), name, "ett-annat-lösenord-2").status_code == 302
    assert _cli("inaktivera", name)[0] == 0
    assert sign_in(new_client(app), name, "ett-annat-lösenord-2").status_code == 401
    assert [r.action for r in audit_rows(f"{getpass.getuser()} (kommandoraden)")
            if name in r.detail][-3:] == ["konto skapat", "lösenord bytt", "konto inaktiverat"]  # fmt: skip


@pytest.mark.parametrize("argv,stdin,said", [
    (["--roll", "kommunrapportor", "--kommun", "9999"], PASSWORD, "kommunkod i länet"),
    (["--roll", "kommunrapportor"], PASSWORD, "kommunkod i länet"),
    (["--roll", "forvaltare", "--kommun", "0780"], PASSWORD, "hör inte till någon kommun"),
    (["--roll", "forvaltare"], "kort\nkort\n", "minst 12 tecken"),
    (["--roll", "forvaltare"], f"{PASSWORD}\n{PASSWORD}x\n", "inte lika"),
])  # fmt: skip
def test_cli_refuses_in_swedish(app, capsys, argv, stdin, said):
    name = f"nekad-{secrets.token_hex(3)}@example.se"
    code, _ = _cli("skapa", name, *argv, stdin=stdin)
    assert code == 1
    assert said in capsys.readouterr().err
    assert name not in _cli("lista")[1]


def test_cli_refuses_a_second_account_with_the_same_name(app, capsys):
    name = make_account()
    assert _cli("skapa", name.upper(), "--roll", "forvaltare", stdin=PASSWORD)[0] == 1
    assert "finns redan" in capsys.readouterr().err


@pytest.mark.integration
def test_the_cli_runs_as_a_command(app):
    """`python -m dashboard konto` as a person types it, password from a pipe."""
    import os
    import subprocess
    import sys

    name = f"kommando-{secrets.token_hex(3)}@example.se"
    result = subprocess.run(
        [sys.executable, "-m", "dashboard", "konto", "skapa", name, "--roll", "forvaltare"],
        input=f"{PASSWORD}\n{PASSWORD}\n", capture_output=True, text=True, timeout=120,
        env={**os.environ, "DASHBOARD_PREWARM": "0"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert f"Kontot {name} är skapat." in result.stdout


# --- /admin/konton and /admin/logg -----------------------------------------------------------


def test_forvaltare_creates_an_account_with_a_start_password_shown_once(app):
    client, boss = signed_in(app)
    name = f"ny-{secrets.token_hex(3)}@example.se"
    token = csrf_token(client, "/admin/konton")
    page = client.post("/admin/konton", data={"csrf_token": token, "anvandarnamn": name,
                                              "namn": "Nils N", "roll": "kommunrapportor",
                                              "kommun": "0780", "losenord": ""})  # fmt: skip
    assert page.status_code == 200
    shown = re.search(r'id="nytt-losenord">([^<]+)<', page.get_data(as_text=True)).group(1)
    assert len(shown) == 23
    assert shown not in client.get("/admin/konton").get_data(as_text=True)  # once only
    assert sign_in(new_client(app), name, shown).status_code == 302
    assert any(r.action == "konto skapat" and name in r.detail for r in audit_rows(boss))


def test_account_form_errors_stand_beside_the_field(app):
    client, _ = signed_in(app)
    token = csrf_token(client, "/admin/konton")
    page = client.post("/admin/konton", data={"csrf_token": token, "anvandarnamn": "x@example.se",
                                              "roll": "kommunrapportor", "kommun": "9999"})  # fmt: skip
    assert page.status_code == 400
    assert re.search(r'id="fel-kommun">[^<]*kommunkod i länet', page.get_data(as_text=True))


def test_deactivating_ends_the_accounts_sessions_and_is_logged(app):
    boss_client, boss = signed_in(app)
    reporter_client, reporter = signed_in(app, auth.KOMMUNRAPPORTOR, "0780")
    assert reporter_client.get("/admin/").status_code == 200
    a = schema.account
    with store().connect() as conn:
        reporter_id = conn.execute(sa.select(a.c.id).where(a.c.username == reporter)).scalar()
    token = csrf_token(boss_client, "/admin/konton")
    asked = boss_client.post(f"/admin/konton/{reporter_id}/inaktivera", data={"csrf_token": token})
    page = asked.get_data(as_text=True)
    assert asked.status_code == 200 and "Ja, inaktivera kontot" in page  # asked, not done
    assert f'action="/admin/konton/{reporter_id}/inaktivera"' in page
    assert reporter_client.get("/admin/").status_code == 200
    done = boss_client.post(f"/admin/konton/{reporter_id}/inaktivera",
                            data={"csrf_token": token, "bekrafta": "ja"})  # fmt: skip
    assert done.status_code == 200 and "är inaktiverat" in done.get_data(as_text=True)
    assert reporter_client.get("/admin/").status_code == 302
    assert any(r.action == "konto inaktiverat" and r.detail == reporter for r in audit_rows(boss))


def test_a_forvaltare_cannot_deactivate_themselves(app):
    client, name = signed_in(app)
    a = schema.account
    with store().connect() as conn:
        own = conn.execute(sa.select(a.c.id).where(a.c.username == name)).scalar()
    token = csrf_token(client, "/admin/konton")
    for what in ("inaktivera", "losenord"):
        refused = client.post(f"/admin/konton/{own}/{what}",
                              data={"csrf_token": token, "bekrafta": "ja"})  # fmt: skip
        assert refused.status_code == 400
    assert client.get("/admin/").status_code == 200
    page = client.get("/admin/konton").get_data(as_text=True)
    row = page[page.index(f">{name}</th>") :]
    row = row[: row.index("</tr>")]
    assert "Nytt lösenord" not in row and "Inaktivera" not in row
    assert 'href="/admin/losenord">Byt ditt lösenord' in row


def test_a_new_password_for_someone_is_asked_again_first(app):
    boss_client, _boss = signed_in(app)
    reporter_client, reporter = signed_in(app, auth.KOMMUNRAPPORTOR, "0780")
    a = schema.account
    with store().connect() as conn:
        reporter_id = conn.execute(sa.select(a.c.id).where(a.c.username == reporter)).scalar()
    token = csrf_token(boss_client, "/admin/konton")
    path = f"/admin/konton/{reporter_id}/losenord"
    asked = boss_client.post(path, data={"csrf_token": token}).get_data(as_text=True)
    assert "Ja, ge ett nytt lösenord" in asked and 'id="nytt-losenord"' not in asked
    assert reporter_client.get("/admin/").status_code == 200
    done = boss_client.post(path, data={"csrf_token": token, "bekrafta": "ja"})
    assert 'id="nytt-losenord"' in done.get_data(as_text=True)
    assert reporter_client.get("/admin/").status_code == 302


def test_audit_log_is_newest_first_paged_and_filtered(app):
    client, boss = signed_in(app)
    someone = f"loggad-{secrets.token_hex(3)}"
    for number in range(105):
        auth_row = {"at": auth.now(), "username": someone, "action": "provhändelse",
                    "detail": f"nummer {number}", "ip": "10.0.0.1", "refused": False}  # fmt: skip
        with store().begin() as conn:
            conn.execute(sa.insert(schema.audit).values(**auth_row))
    first = client.get("/admin/logg", query_string={"anvandare": someone[3:]}).get_data(
        as_text=True
    )
    assert "105 händelser, sida 1 av 2" in first
    assert first.index("nummer 104") < first.index("nummer 5<")
    assert "nummer 4<" not in first
    second = client.get("/admin/logg", query_string={"anvandare": someone, "sida": "2"})
    assert "nummer 4<" in second.get_data(as_text=True)
    sign_ins = client.get("/admin/logg", query_string={"handling": "inloggning",
                                                       "anvandare": boss}).get_data(as_text=True)  # fmt: skip
    assert (
        'role="status">1 händelse.' in sign_ins
        and "provhändelse" not in sign_ins.split("<tbody>")[1]
    )


# --- OpenID Connect against a fake identity provider --------------------------------------------


class FakeProvider:
    """An identity provider in a thread: discovery, keys, authorize, token."""

    def __init__(self) -> None:
        from flask import Flask
        from joserfc.jwk import RSAKey
        from werkzeug.serving import make_server

        self.key = RSAKey.generate_key(2048, parameters={"kid": "prov"})
        self.signing_key = self.key  # a test swaps in another key: a forged token
        self.changed_claims: dict = {}  # a test's wrong nonce, audience or issuer
        self.person = {"sub": "person-1", "email": "x@example.se", "email_verified": True}
        self.codes: dict[str, str] = {}
        app = Flask("fake_idp")
        self._routes(app)
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.issuer = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def _routes(self, app) -> None:
        from flask import jsonify, redirect, request

        @app.get("/.well-known/openid-configuration")
        def discovery():
            return jsonify(issuer=self.issuer, authorization_endpoint=self.issuer + "/authorize",
                           token_endpoint=self.issuer + "/token", jwks_uri=self.issuer + "/jwks",
                           id_token_signing_alg_values_supported=["RS256"])  # fmt: skip

        @app.get("/jwks")
        def jwks():
            return jsonify(keys=[{**self.key.as_dict(private=False), "use": "sig", "alg": "RS256"}])

        @app.get("/authorize")
        def authorize():
            code = secrets.token_urlsafe(8)
            self.codes[code] = request.args["nonce"]
            target = request.args["redirect_uri"]
            return redirect(f"{target}?code={code}&state={request.args['state']}")

        @app.post("/token")
        def token():
            nonce = self.codes.pop(request.form["code"])
            return jsonify(access_token="at", token_type="Bearer", expires_in=300,
                           id_token=self.id_token(nonce))  # fmt: skip

    def id_token(self, nonce: str) -> str:
        from joserfc import jwt

        moment = int(time.time())
        claims = {"iss": self.issuer, "aud": "tjansten", "iat": moment, "exp": moment + 300,
                  "nonce": nonce, **self.person, **self.changed_claims}  # fmt: skip
        return jwt.encode({"alg": "RS256", "kid": "prov"}, claims, self.signing_key)

    def stop(self) -> None:
        self.server.shutdown()


@pytest.fixture
def provider(app):
    fake = FakeProvider()
    auth.enable_oidc(app.server, fake.issuer, "tjansten", "hemligt")
    yield fake
    auth.disable_oidc(app.server)
    fake.stop()


def _through_provider(client, next_path: str = "/admin/konton"):
    """Start, follow the provider's authorize step, come back: the app's last answer."""
    import requests

    start = client.get("/admin/oidc/start", query_string={"next": next_path})
    assert start.status_code == 302
    to_provider = urlsplit(start.headers["Location"])
    asked = parse_qs(to_provider.query)
    assert asked["client_id"] == ["tjansten"] and "openid" in asked["scope"][0]
    assert asked["state"][0] and asked["nonce"][0]
    back = requests.get(start.headers["Location"], allow_redirects=False, timeout=10)
    answer = urlsplit(back.headers["Location"])
    assert answer.path == "/admin/oidc/svar"
    return client.get(answer.path, query_string=answer.query)


def test_oidc_button_shows_only_when_configured(app, provider):
    client = new_client(app)
    page = client.get("/admin/logga-in").get_data(as_text=True)
    assert "Logga in med organisationens konto" in page
    auth.disable_oidc(app.server)
    assert "organisationens konto" not in client.get("/admin/logga-in").get_data(as_text=True)
    assert client.get("/admin/oidc/start").status_code == 404


def test_oidc_signs_in_a_known_account_and_links_its_subject(app, provider):
    name = make_account(password="", prefix="oidc")
    provider.person = {"sub": f"sub-{name}", "email": name.upper(), "email_verified": True}
    client = new_client(app)
    back = _through_provider(client)
    assert back.status_code == 302, back.get_data(as_text=True)[:400]
    assert back.headers["Location"] == "/admin/konton"
    assert client.get("/admin/konton").status_code == 200
    a = schema.account
    with store().connect() as conn:
        subject = conn.execute(sa.select(a.c.oidc_subject).where(a.c.username == name)).scalar()
    assert subject == f"sub-{name}"
    # Later the subject alone finds the account, whatever the address says.
    provider.person = {"sub": f"sub-{name}", "email": "byt@annan.example"}
    assert _through_provider(new_client(app)).status_code == 302
    assert [r.detail for r in audit_rows(name)][-2:] == ["organisationens konto"] * 2


def test_oidc_refuses_a_person_without_an_account(app, provider):
    provider.person = {"sub": "okand-person", "email": "okand@example.se", "email_verified": True}
    client = new_client(app)
    refused = _through_provider(client)
    assert refused.status_code == 403
    assert "inte kopplat till något konto" in refused.get_data(as_text=True)
    assert session_cookie(client) is None
    assert audit_rows("okand@example.se")[-1].refused


def test_oidc_refuses_an_unverified_address_and_a_forged_state(app, provider):
    name = make_account(password="", prefix="oidc")
    provider.person = {"sub": f"sub-{name}", "email": name, "email_verified": False}
    assert _through_provider(new_client(app)).status_code == 403
    client = new_client(app)
    client.get("/admin/oidc/start")
    forged = client.get("/admin/oidc/svar", query_string={"code": "x", "state": "forfalskad"})
    assert forged.status_code == 403
    assert session_cookie(client) is None


@pytest.mark.parametrize("forgery", ["another key", "nonce", "aud", "iss", "exp"])
def test_oidc_refuses_an_id_token_it_cannot_trust(app, provider, forgery):
    from joserfc.jwk import RSAKey

    name = make_account(password="", prefix="oidc")
    provider.person = {"sub": f"sub-{name}", "email": name, "email_verified": True}
    if forgery == "another key":
        provider.signing_key = RSAKey.generate_key(2048, parameters={"kid": "prov"})
    else:
        wrong = {"nonce": "en-annan", "aud": "annan-tjanst", "iss": "https://falsk.example",
                 "exp": int(time.time()) - 600}  # fmt: skip
        provider.changed_claims = {forgery: wrong[forgery]}
    client = new_client(app)
    refused = _through_provider(client)
    assert refused.status_code == 403, forgery
    assert session_cookie(client) is None


def test_changing_ones_own_password_ends_the_other_sessions(app):
    name = make_account(auth.KOMMUNRAPPORTOR, "0780")
    here, there = new_client(app), new_client(app)
    assert sign_in(here, name).status_code == sign_in(there, name).status_code == 302
    token = csrf_token(here, "/admin/losenord")
    new = "ett-helt-nytt-lösenord-3"
    for form, field in (({"nuvarande": "fel-lösenord-xx", "nytt": new, "igen": new}, "nuvarande"),
                        ({"nuvarande": PASSWORD, "nytt": "kort", "igen": "kort"}, "nytt"),
                        ({"nuvarande": PASSWORD, "nytt": new, "igen": new + "x"}, "igen")):  # fmt: skip
        refused = here.post("/admin/losenord", data={"csrf_token": token, **form})
        assert refused.status_code == 400
        assert f'id="fel-{field}"' in refused.get_data(as_text=True)
    done = here.post("/admin/losenord", data={"csrf_token": token, "nuvarande": PASSWORD,
                                              "nytt": new, "igen": new})  # fmt: skip
    assert done.status_code == 302 and done.headers["Location"] == "/admin/"
    assert "Lösenordet är bytt" in here.get("/admin/").get_data(as_text=True)
    assert there.get("/admin/").status_code == 302  # the other device is signed out
    assert sign_in(new_client(app), name, new).status_code == 302
    assert [r.action for r in audit_rows(name)].count("lösenord bytt") == 1


@pytest.mark.integration
def test_sign_in_sessions_throttle_and_log_on_postgresql(app, postgres_url, monkeypatch):
    """The same SQL on the database several servers share (booleans, times with zones,
    the log's escaped search, the accounts' last sign-in)."""
    monkeypatch.setenv("DATABASE_URL", postgres_url)
    assert get_settings().database_url == postgres_url
    name = make_account()
    client = new_client(app)
    assert sign_in(client, name).status_code == 302
    assert client.get("/admin/").status_code == 200
    _age_session(client, last_seen_at=timedelta(minutes=61))
    assert client.get("/admin/").status_code == 302
    guesser = new_client(app)
    for n in range(5):
        assert sign_in(guesser, name, f"fel-{n}").status_code == 401
    assert sign_in(guesser, name).status_code == 429
    boss, boss_name = signed_in(app)
    log = boss.get("/admin/logg", query_string={"anvandare": name[:12] + "%_"})
    assert log.status_code == 200 and "0 händelser" in log.get_data(as_text=True)
    log = boss.get("/admin/logg", query_string={"anvandare": name, "handling": "inloggning"})
    assert 'role="status">1 händelse.' in log.get_data(as_text=True)
    code, said = _cli("lista")
    assert code == 0 and f"{boss_name}\tFörvaltare" in said and "senast inloggad: 20" in said


# --- a form posted after the session lapsed (#35) -------------------------------------------


def _hidden_fields(html: str) -> list[tuple[str, str]]:
    from html import unescape

    return [(unescape(n), unescape(v)) for n, v in
            re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', html)]  # fmt: skip


def test_a_survey_draft_posted_after_the_session_lapsed_is_saved_after_signing_in(app):
    """The session row goes (idle hour, a new password, deactivation) while the form is
    open: the POST gets the sign-in page with the answers kept, and after signing in one
    click saves them; nothing is saved before that click."""
    import json

    import test_admin_survey as survey_tests

    fixture = survey_tests.admin.__wrapped__(app)
    _manager, reporter, names = next(fixture)
    try:
        https = survey_tests.HTTPS
        path = f"/admin/arsuppfoljning/{survey_tests.YEAR}/{survey_tests.CODE}"
        html = survey_tests._get(reporter, path).get_data(as_text=True)
        data = {
            **survey_tests._form_data(html),
            "anmarkning_samordnare": "Skrivet före <utloggningen>",
            "atgard": "spara",
            "csrf_token": survey_tests._token(html),
        }
        accounts.set_password(get_settings().database_url, names["reporter"], PASSWORD)
        lapsed = reporter.post(path, data=data, base_url=https, headers={"Referer": https + path})
        page = lapsed.get_data(as_text=True)
        assert lapsed.status_code == 401
        assert auth.SIGNED_OUT in page and 'name="losenord"' in page
        assert _stored_note(names["reporter"]) is None  # nothing saved yet
        carried = dict(_hidden_fields(page))
        assert carried["next"] == path and auth.CARRY_FIELD in carried
        signed = reporter.post("/admin/logga-in", base_url=https, headers={"Referer": https}, data={
            **carried, "anvandarnamn": names["reporter"], "losenord": PASSWORD})  # fmt: skip
        again = signed.get_data(as_text=True)
        assert signed.status_code == 200, again[:300]
        assert "Du är inloggad igen" in again and "Spara det du skrev" in again
        assert f'action="{path}"' in again
        fields = _hidden_fields(again)
        assert ("anmarkning_samordnare", "Skrivet före <utloggningen>") in fields
        from werkzeug.datastructures import MultiDict

        saved = reporter.post(
            path, data=MultiDict(fields), base_url=https, headers={"Referer": https}
        )
        assert saved.status_code == 200, saved.get_data(as_text=True)[:300]
        assert json.loads(_stored_note(names["reporter"]))["samordnare"]["anmarkning"] == (
            "Skrivet före <utloggningen>"
        )
    finally:
        next(fixture, None)


def _stored_note(username: str) -> str | None:
    r = schema.survey_response
    with store().connect() as conn:
        return conn.execute(sa.select(r.c.answers).where(r.c.updated_by == username)).scalar()


def test_a_carried_form_is_refused_when_altered_or_posted_by_another_site(app):
    """Only the browser's own form (its CSRF token valid) is carried, and only a carried
    value with the app's signature comes back after signing in."""
    client = new_client(app)
    name = make_account()
    stranger = client.post("/admin/konton", data={"anvandarnamn": "x"})
    assert stranger.status_code == 401 and auth.CARRY_FIELD not in stranger.get_data(as_text=True)
    token = csrf_token(client)
    carried = client.post("/admin/konton", data={"csrf_token": token, "anvandarnamn": "ny"})
    value = dict(_hidden_fields(carried.get_data(as_text=True)))[auth.CARRY_FIELD]
    signed = client.post("/admin/logga-in", data={
        "csrf_token": token, "anvandarnamn": name, "losenord": PASSWORD, "next": "/admin/konton",
        auth.CARRY_FIELD: value[:-2] + ("AA" if not value.endswith("AA") else "BB")})  # fmt: skip
    assert signed.status_code == 302 and signed.headers["Location"] == "/admin/konton"


def test_the_log_and_the_accounts_show_swedish_time(app):
    """As the versions, uploads and survey do: a summer 10:00 UTC is 12:00 here (#35)."""
    from datetime import UTC, datetime

    client, boss = signed_in(app)
    reporter = make_account(prefix="tid")
    with store().begin() as conn:
        conn.execute(sa.insert(schema.audit).values(
            at=datetime(2026, 7, 1, 10, 0, 5, tzinfo=UTC), username=reporter,
            action="inloggning", detail="lösenord", ip="10.0.0.1", refused=False))  # fmt: skip
    log = client.get("/admin/logg?anvandare=" + reporter).get_data(as_text=True)
    assert "2026-07-01 12:00:05" in log and "UTC" not in log
    listing = client.get("/admin/konton").get_data(as_text=True)
    row = listing[listing.index(reporter) :]
    assert "2026-07-01 12:00" in row[:800] and "UTC" not in listing
