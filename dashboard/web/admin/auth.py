"""Who is signed in, and what they may do: sign-in (a local password or the organisation's
identity provider), sessions, CSRF, throttling and the audit log.

Sessions are rows in the store (`session`); the cookie holds a random token whose SHA-256
is the row's key, so a stolen database holds no usable session and signing out ends it on
every server. A session lasts at most 8 hours and ends after an hour without a request.
Roles: `forvaltare` (all data, publishing, accounts) and `kommunrapportor` (their own
municipality's survey only).

Everything under /admin except the sign-in itself needs a session (`guard`, before any
view), so a view that forgets `require` still shows nothing to a stranger. Every request
that changes something carries a CSRF token; Dash's public callback POSTs are not checked,
they change nothing and carry no session.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from html import escape
from typing import Any
from urllib.parse import quote, unquote, urlsplit

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import (
    Flask,
    Response,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_wtf.csrf import CSRFError, CSRFProtect
from itsdangerous import BadSignature, URLSafeTimedSerializer

from dashboard.config import Settings, get_settings
from dashboard.data.store import schema
from dashboard.data.store.db import connect, shared_secret
from dashboard.web import errors
from dashboard.web.admin import PREFIX, blueprint, is_admin_path

log = logging.getLogger(__name__)

FORVALTARE = "forvaltare"
KOMMUNRAPPORTOR = "kommunrapportor"
ROLES = {FORVALTARE: "Förvaltare", KOMMUNRAPPORTOR: "Kommunrapportör"}
COOKIE = "kvinnofrid_admin"  # the session; "__Host-" in front when Secure
FORM_COOKIE = "kvinnofrid_formular"  # Flask's signed session: the CSRF token, OIDC state
SESSION_LIFETIME = timedelta(hours=8)  # absolute: a stolen cookie is useless after a day's work
IDLE_TIMEOUT = timedelta(hours=1)
TOUCH_AFTER = timedelta(minutes=1)  # last_seen_at written at most once a minute per session
THROTTLE_WINDOW = timedelta(minutes=15)
MAX_FAILS_PER_USER_AND_IP = 5  # the lock: a stranger elsewhere cannot lock Anna out
MAX_FAILS_PER_USER = 50  # guesses at one name from many addresses (docs/security.md)
MAX_FAILS_PER_IP = 20  # an office behind one address still signs in after a few typos
ATTEMPTS_KEPT = timedelta(days=1)
MAX_PASSWORD = 1024  # argon2 hashes anything; a bound keeps a request's cost known
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
PUBLIC_ENDPOINTS = {"admin.login", "admin.oidc_start", "admin.oidc_callback"}
THROTTLED = "För många misslyckade inloggningar. Vänta 15 minuter."
WRONG_PASSWORD = "Fel användarnamn eller lösenord."
SIGNED_OUT = ("Du har blivit utloggad. Logga in igen – det du skrev finns kvar och sparas när "
              "du klickar Spara.")  # fmt: skip
CARRY_FIELD = "sparat_formular"  # the signed form a POST brought after its session lapsed
CARRY_LIMIT = 64 * 1024  # a survey's answers and notes fit; a bound keeps the page small
CARRY_SALT = "admin-formular-efter-utloggning"
CSRF_REFUSED = ("Formuläret saknar en giltig säkerhetskod (den kan ha gått ut). "
                "Gå tillbaka, ladda om sidan och försök igen.")  # fmt: skip

# flask-wtf's reasons, as the log and the förvaltare read them.
CSRF_REASONS = {
    "The CSRF token is missing.": "säkerhetskoden saknas",
    "The CSRF session token is missing.": "säkerhetskoden saknas i webbläsarens kaka",
    "The CSRF token has expired.": "säkerhetskoden har gått ut",
    "The CSRF token is invalid.": "säkerhetskoden är ogiltig",
    "The CSRF tokens do not match.": "säkerhetskoden stämmer inte",
    "The referrer header is missing.": "sidan som skickade formuläret är okänd (Referer saknas)",
    "The referrer does not match the host.": "formuläret skickades från en annan webbplats",
}
REDIRECT_BODY = "Du skickas vidare till {}."

hasher = PasswordHasher()  # argon2id with argon2-cffi's current recommended cost
csrf = CSRFProtect()
_DUMMY: list[str] = []


@dataclass(frozen=True)
class Account:
    id: int
    username: str
    display_name: str
    role: str
    municipality_code: str | None


def store_url() -> str:
    return get_settings().database_url


def now() -> datetime:
    return datetime.now(UTC)


def aware(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; everything stored is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def normalise_username(text: str) -> str:
    return text.strip().lower()[:200]


def account_of(row: Any) -> Account:
    return Account(row.id, row.username, row.display_name, row.role, row.municipality_code)


def cookie_name() -> str:
    return current_app.config.get("ADMIN_COOKIE", COOKIE)


# --- who is signed in ----------------------------------------------------------------------


def current_account() -> Account | None:
    """The signed-in account of this request, or None."""
    if "account" in g:
        return g.account
    g.account = _account_from_cookie(request.cookies.get(cookie_name(), ""))
    return g.account


def _account_from_cookie(token: str) -> Account | None:
    if not token or len(token) > 200:
        return None
    sha = hashlib.sha256(token.encode()).hexdigest()
    s, a = schema.session, schema.account
    moment = now()
    query = (sa.select(a, s.c.last_seen_at).join(s, s.c.account_id == a.c.id)
             .where(s.c.token_sha == sha, s.c.expires_at > moment,
                    s.c.last_seen_at > moment - IDLE_TIMEOUT, a.c.active))  # fmt: skip
    eng = connect(store_url())
    with eng.connect() as conn:
        row = conn.execute(query).first()
    if row is None:
        return None
    if aware(row.last_seen_at) < moment - TOUCH_AFTER:  # the idle clock restarts
        with eng.begin() as conn:
            conn.execute(sa.update(s).where(s.c.token_sha == sha).values(last_seen_at=moment))
    return account_of(row)


def client_ip() -> str:
    """The client's address: behind a proxy that gunicorn trusts (FORWARDED_ALLOW_IPS, as
    gunicorn reads it), the address the proxy appended to X-Forwarded-For, not the proxy's
    own; otherwise the connection's."""
    remote = request.remote_addr or ""
    trusted = {p.strip() for p in os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1").split(",")}
    forwarded = request.headers.get("X-Forwarded-For", "")
    if forwarded and ("*" in trusted or remote in trusted):
        last = forwarded.split(",")[-1].strip()
        if last:
            return last[:64]
    return remote[:64]


def audit(action: str, detail: str = "", *, refused: bool = False,
          username: str | None = None) -> None:  # fmt: skip
    """One line in the audit log: who, when, what, from where."""
    who = username or (current_account().username if current_account() else "(ej inloggad)")
    with connect(store_url()).begin() as conn:
        conn.execute(sa.insert(schema.audit).values(
            at=now(), username=who[:200], action=action[:64], detail=detail[:2000],
            ip=client_ip(), refused=refused))  # fmt: skip


def shown_path() -> str:
    """The request's path as the log shows it: percent-encoded as sent, so `/0764%20` is
    not read as `/0764` (someone's own municipality)."""
    return quote(request.path, safe="/")


def login_address() -> str:
    return url_for("admin.login", next=request.full_path.rstrip("?"))


def require(*roles: str) -> Callable:
    """Only for a signed-in account with one of `roles`: else to the sign-in page (GET) or
    401, and 403 (logged) for a signed-in account without the role."""

    def decorate(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapped(*args: Any, **kwargs: Any):
            account = current_account()
            if account is None:
                return signed_out()
            if roles and account.role not in roles:
                audit("nekad", f"{request.method} {shown_path()}", refused=True)
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorate


@blueprint.before_request
def guard() -> Response | None:
    """Before any admin view: a session (else sign-in or 401), then the CSRF token on every
    request that may change something (else 403)."""
    if request.endpoint not in PUBLIC_ENDPOINTS and current_account() is None:
        return signed_out()
    if request.method not in SAFE_METHODS:
        csrf.protect()
    return None


def signed_out() -> Response:
    """A request without a session: a GET goes to the sign-in page; a POST that carries this
    browser's valid CSRF token (a form typed in before the session lapsed) gets the sign-in
    page with what was typed kept in one signed hidden field, so nothing is lost; any
    other POST (a stranger's, another site's) a plain 401."""
    if request.method in ("GET", "HEAD"):
        return redirect(login_address())
    carried = carry_form() if request.endpoint != "admin.logout" else None
    if carried is None:
        abort(401)
    return login_page(carried_path(), error=SIGNED_OUT, status=401, carried=carried)


def _carrier() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=CARRY_SALT)


def carried_path() -> str:
    return safe_next(request.full_path.rstrip("?"))


def carry_form() -> str | None:
    """The posted form (no CSRF token, no files) and its address, signed with the app's
    secret: the sign-in page hands it back unchanged, and only a valid signature brings it
    back. None when the form's own CSRF token is not valid (then nobody typed it here),
    when it is too large, or when its address is no admin page."""
    try:
        csrf.protect()
    except CSRFError:
        return None
    path = carried_path()
    if path == url_for("admin.start") and request.path != path:
        return None  # safe_next fell back: not an address to send a form to
    fields = [[k, v] for k, v in request.form.items(multi=True) if k != "csrf_token"]
    if sum(len(k) + len(v) for k, v in fields) > CARRY_LIMIT:
        return None
    return _carrier().dumps({"path": path, "fields": fields, "files": bool(request.files)})


def carried_form(value: str) -> dict | None:
    """The form `carry_form` signed, or None when it is missing, altered or older than a
    session can be."""
    if not value or len(value) > 4 * CARRY_LIMIT:
        return None
    try:
        form = _carrier().loads(value, max_age=int(SESSION_LIFETIME.total_seconds()))
    except BadSignature:
        return None
    if not isinstance(form, dict) or safe_next(form.get("path")) != form.get("path"):
        return None
    return form


def refusal(status: int, text: str) -> Response:
    """The app's error page (dashboard/web/errors.py) with this message."""
    title = errors.TITLES.get(status) or errors.CLIENT_TITLE
    page = errors.PAGE.format(title=escape(title), message=escape(text), status=status,
                              home=escape(PREFIX + "/"))  # fmt: skip
    response = Response(page, status=status, content_type="text/html; charset=utf-8")
    response.cache_control.no_store = True
    return response


def csrf_reason(error: CSRFError) -> str:
    return CSRF_REASONS.get(str(error.description), "säkerhetskoden godtogs inte")


def csrf_refused(error: CSRFError) -> Response:
    reason = csrf_reason(error)
    log.warning("refused %s %r: 403 CSRF %s", request.method, request.path[:200], reason)
    if current_account() is not None:  # a stranger's tokenless POSTs only reach the server log
        audit("nekad csrf", f"{request.method} {shown_path()}: {reason}", refused=True)
    return refusal(403, CSRF_REFUSED)


def swedish_redirect(response: Response) -> Response:
    """An admin redirect says where it goes in Swedish, not Werkzeug's English
    "Redirecting..." page (seen with curl, in proxies, when a browser stops a redirect)."""
    location = response.headers.get("Location")
    if is_admin_path(request.path) and location and 300 <= response.status_code < 400:
        response.set_data(REDIRECT_BODY.format(location) + "\n")
        response.content_type = "text/plain; charset=utf-8"
    return response


# --- passwords and throttling ---------------------------------------------------------------


def hash_password(password: str) -> str:
    return hasher.hash(password)


def _dummy_hash() -> str:
    if not _DUMMY:
        _DUMMY.append(hasher.hash(secrets.token_urlsafe(16)))
    return _DUMMY[0]


def check_password(username: str, password: str) -> Account | None:
    """The active account when the password is right. An unknown name verifies a dummy
    hash, so the answer takes as long and does not tell which names exist."""
    a = schema.account
    eng = connect(store_url())
    with eng.connect() as conn:
        row = conn.execute(sa.select(a).where(a.c.username == username, a.c.active)).first()
    stored = row.password_hash if row is not None and row.password_hash else None
    try:
        hasher.verify(stored or _dummy_hash(), password[:MAX_PASSWORD])
    except (VerificationError, InvalidHashError):
        return None
    if stored is None or len(password) > MAX_PASSWORD:
        return None
    if hasher.check_needs_rehash(stored):  # the cost was raised since: store the new hash
        with eng.begin() as conn:
            conn.execute(sa.update(a).where(a.c.id == row.id)
                         .values(password_hash=hasher.hash(password)))  # fmt: skip
    return account_of(row)


def throttled(username: str, ip: str) -> bool:
    """Too many failed sign-ins lately: for this name from this address (the lock a typo-
    prone user meets), for this address whatever the name, or for this name from all
    addresses together (distributed guessing). Counted in the store, so it holds across
    workers and servers. A refused attempt is not counted, so hammering a locked name from
    one address never adds up to the name's own bound."""
    t = schema.login_attempt
    failed = sa.select(sa.func.count()).where(t.c.at > now() - THROTTLE_WINDOW,
                                              t.c.ok == sa.false())  # fmt: skip
    with connect(store_url()).connect() as conn:
        by_pair = conn.execute(failed.where(t.c.username == username, t.c.ip == ip)).scalar()
        by_user = conn.execute(failed.where(t.c.username == username)).scalar() or 0
        by_ip = conn.execute(failed.where(t.c.ip == ip)).scalar() or 0
    return ((by_pair or 0) >= MAX_FAILS_PER_USER_AND_IP or by_user >= MAX_FAILS_PER_USER
            or by_ip >= MAX_FAILS_PER_IP)  # fmt: skip


def record_attempt(username: str, ip: str, ok: bool) -> None:
    t = schema.login_attempt
    moment = now()
    with connect(store_url()).begin() as conn:
        conn.execute(sa.delete(t).where(t.c.at < moment - ATTEMPTS_KEPT))  # the table stays small
        conn.execute(sa.insert(t).values(at=moment, username=username, ip=ip, ok=ok))


# --- sessions -------------------------------------------------------------------------------


def safe_next(value: str | None) -> str:
    """Where to go after signing in: only a local /admin address, never another site."""
    default = url_for("admin.start")
    if not value or len(value) > 500 or value.startswith("//"):
        return default
    if any(c in value for c in "\\\r\n\t") or any(ord(c) < 32 for c in value):
        return default
    parts = urlsplit(value)
    segments = unquote(parts.path).split("/")
    if parts.scheme or parts.netloc or not is_admin_path(parts.path) or ".." in segments:
        return default
    if parts.path.rstrip("/") in (url_for("admin.login"), url_for("admin.logout")):
        return default
    return value


def start_session(account: Account, target: str,
                  page: Callable[[], Response] | None = None) -> Response:  # fmt: skip
    """A new session for the account: a fresh random token (never one the browser brought),
    a new CSRF token, the cookie."""
    token = secrets.token_urlsafe(32)
    moment = now()
    s = schema.session
    with connect(store_url()).begin() as conn:
        conn.execute(sa.delete(s).where(sa.or_(s.c.expires_at < moment,
                                               s.c.last_seen_at < moment - IDLE_TIMEOUT)))  # fmt: skip
        conn.execute(sa.insert(s).values(
            token_sha=hashlib.sha256(token.encode()).hexdigest(), account_id=account.id,
            created_at=moment, expires_at=moment + SESSION_LIFETIME, last_seen_at=moment))  # fmt: skip
    session.clear()
    response = page() if page is not None else redirect(target)
    response.set_cookie(cookie_name(), token, max_age=int(SESSION_LIFETIME.total_seconds()),
                        path="/", secure=current_app.config["ADMIN_COOKIE_SECURE"],
                        httponly=True, samesite="Lax")  # fmt: skip
    return response


def end_session() -> None:
    token = request.cookies.get(cookie_name(), "")
    if token and len(token) <= 200:
        sha = hashlib.sha256(token.encode()).hexdigest()
        with connect(store_url()).begin() as conn:
            conn.execute(sa.delete(schema.session).where(schema.session.c.token_sha == sha))


# --- the sign-in pages ----------------------------------------------------------------------


def login_page(target: str, *, error: str = "", status: int = 200, username: str = "",
               carried: str = "") -> Response:  # fmt: skip
    body = render_template("admin/login.html", next=target, error=error, username=username,
                           oidc=oidc_client() is not None and not carried,
                           carried=carried, carry_field=CARRY_FIELD)  # fmt: skip
    return Response(body, status=status, content_type="text/html; charset=utf-8")


def signed_in_again(account: Account, form: dict) -> Response:
    """After a sign-in that brought a carried form: the form's fields as hidden inputs with
    a fresh CSRF token and one button that posts them to where they were going. Nothing is
    saved until the person clicks it."""
    g.account = account
    body = render_template("admin/login.html", again=form, next=form["path"])
    return Response(body, status=200, content_type="text/html; charset=utf-8")


@blueprint.route("/logga-in", methods=["GET", "POST"])
def login():
    target = safe_next(request.values.get("next"))
    carried = request.form.get(CARRY_FIELD, "") if request.method == "POST" else ""
    if request.method == "GET":
        if current_account() is not None:
            return redirect(target)
        return login_page(target)
    username = normalise_username(request.form.get("anvandarnamn", ""))
    password = request.form.get("losenord", "")
    ip = client_ip()
    shown = username or "(tomt)"
    if throttled(username, ip):  # before the password is looked at: no guess is checked
        audit("inloggning spärrad", "för många misslyckade försök", refused=True, username=shown)
        response = login_page(target, error=THROTTLED, status=429, username=username,
                              carried=carried)  # fmt: skip
        response.headers["Retry-After"] = str(int(THROTTLE_WINDOW.total_seconds()))
        return response
    account = check_password(username, password) if username and password else None
    record_attempt(username, ip, ok=account is not None)
    if account is None:
        audit("inloggning misslyckad", "lösenord", refused=True, username=shown)
        return login_page(target, error=WRONG_PASSWORD, status=401, username=username,
                          carried=carried)  # fmt: skip
    audit("inloggning", "lösenord", username=account.username)
    form = carried_form(carried)
    if form is not None:
        return start_session(account, target, page=lambda: signed_in_again(account, form))
    return start_session(account, target)


@blueprint.post("/logga-ut")
def logout():
    account = current_account()
    end_session()
    if account is not None:
        audit("utloggning", username=account.username)
    session.clear()
    flash("Du är utloggad.", "ok")
    response = redirect(url_for("admin.login"))
    response.delete_cookie(cookie_name(), path="/", secure=current_app.config["ADMIN_COOKIE_SECURE"],
                           httponly=True, samesite="Lax")  # fmt: skip
    return response


# --- OpenID Connect -------------------------------------------------------------------------


def enable_oidc(server: Flask, issuer: str, client_id: str, client_secret: str) -> None:
    """Sign-in through the organisation's identity provider. It only authenticates: the
    account must exist here, with its role."""
    from authlib.integrations.flask_client import OAuth

    oauth = OAuth(server)
    client = oauth.register(
        name="oidc", client_id=client_id, client_secret=client_secret,
        server_metadata_url=issuer.rstrip("/") + "/.well-known/openid-configuration",
        client_kwargs={"scope": "openid email profile"},
    )  # fmt: skip
    server.extensions["admin_oidc"] = client


def disable_oidc(server: Flask) -> None:
    server.extensions.pop("admin_oidc", None)


def oidc_client() -> Any:
    return current_app.extensions.get("admin_oidc")


@blueprint.get("/oidc/start")
def oidc_start():
    client = oidc_client()
    if client is None:
        abort(404)
    session["admin_next"] = safe_next(request.args.get("next"))
    return client.authorize_redirect(url_for("admin.oidc_callback", _external=True))


def oidc_account(subject: str, email: str, verified: Any) -> Account | None:
    """The account the IdP's person is: by subject, or the first time by username == e-mail
    (then the subject is stored, so a later change of address does not matter)."""
    a = schema.account
    eng = connect(store_url())
    with eng.connect() as conn:
        row = conn.execute(sa.select(a).where(a.c.oidc_subject == subject)).first()
        if row is None and email and verified is not False:
            row = conn.execute(sa.select(a).where(a.c.username == email,
                                                  a.c.oidc_subject.is_(None))).first()  # fmt: skip
            if row is not None:
                with eng.begin() as write:
                    write.execute(sa.update(a).where(a.c.id == row.id)
                                  .values(oidc_subject=subject))  # fmt: skip
    if row is None or not row.active:
        return None
    return account_of(row)


@blueprint.get("/oidc/svar")
def oidc_callback():
    client = oidc_client()
    if client is None:
        abort(404)
    from authlib.integrations.base_client import OAuthError
    from joserfc.errors import JoseError  # Authlib checks the ID token with joserfc
    from requests import RequestException

    try:
        claims = client.authorize_access_token().get("userinfo") or {}
    except (OAuthError, JoseError, RequestException, KeyError, ValueError) as failed:
        audit("inloggning misslyckad", f"organisationens konto: {failed}"[:500], refused=True)
        return refusal(403, "Inloggningen via organisationens konto misslyckades. Försök igen.")
    subject = str(claims.get("sub") or "")[:300]
    email = normalise_username(str(claims.get("email") or ""))
    account = oidc_account(subject, email, claims.get("email_verified")) if subject else None
    if account is None:
        audit("inloggning okänt konto", f"organisationens konto: sub={subject} e-post={email}",
              refused=True, username=email or subject or "(okänd)")  # fmt: skip
        return refusal(403, "Ditt konto i organisationen är inte kopplat till något konto "
                            "här. Be förvaltaren att lägga upp det.")  # fmt: skip
    audit("inloggning", "organisationens konto", username=account.username)
    return start_session(account, session.pop("admin_next", None) or url_for("admin.start"))


# --- setup ----------------------------------------------------------------------------------


def has_page(endpoint: str) -> bool:
    """Whether a part of the admin is installed (templates link only to those)."""
    return endpoint in current_app.view_functions


def init_app(server: Flask, settings: Settings) -> None:
    """The secret, the cookies' settings, CSRF protection and, when configured, OIDC."""
    secure = settings.cookie_secure
    prefix = "__Host-" if secure else ""  # Secure, Path=/, no Domain: no subdomain can set it
    server.secret_key = settings.secret_key or shared_secret(settings.database_url)
    server.config.update(
        ADMIN_COOKIE=prefix + COOKIE,
        ADMIN_COOKIE_SECURE=secure,
        SESSION_COOKIE_NAME=prefix + FORM_COOKIE,
        SESSION_COOKIE_SECURE=secure,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_PATH="/",
        WTF_CSRF_CHECK_DEFAULT=False,  # Dash's callback POSTs are public and unchecked
        WTF_CSRF_TIME_LIMIT=int(SESSION_LIFETIME.total_seconds()),
    )
    csrf.init_app(server)
    server.register_error_handler(CSRFError, csrf_refused)
    server.after_request(swedish_redirect)
    server.jinja_env.globals["has_page"] = has_page
    if settings.oidc_issuer and settings.oidc_client_id and settings.oidc_client_secret:
        enable_oidc(server, settings.oidc_issuer, settings.oidc_client_id,
                    settings.oidc_client_secret)  # fmt: skip
