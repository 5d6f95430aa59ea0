"""Who is signed in, and what they may do. (Skeleton: the sign-in helper completes it.)

Sessions are rows in the store (`session`); the cookie holds a random token whose SHA-256
is the row's key, so a stolen database holds no usable session and signing out ends it on
every server. Roles: `forvaltare` (all data, publishing, accounts) and `kommunrapportor`
(their own municipality's survey only).
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from flask import Flask, abort, g, redirect, request, url_for

from dashboard.config import Settings, get_settings
from dashboard.data.store import schema
from dashboard.data.store.db import connect

FORVALTARE = "forvaltare"
KOMMUNRAPPORTOR = "kommunrapportor"
ROLES = {FORVALTARE: "Förvaltare", KOMMUNRAPPORTOR: "Kommunrapportör"}
COOKIE = "kvinnofrid_admin"


@dataclass(frozen=True)
class Account:
    id: int
    username: str
    display_name: str
    role: str
    municipality_code: str | None


def store_url() -> str:
    return get_settings().database_url


def current_account() -> Account | None:
    """The signed-in account of this request, or None."""
    if "account" in g:
        return g.account
    g.account = _account_from_cookie(request.cookies.get(COOKIE, ""))
    return g.account


def _account_from_cookie(token: str) -> Account | None:
    if not token or len(token) > 200:
        return None
    sha = hashlib.sha256(token.encode()).hexdigest()
    s, a = schema.session, schema.account
    query = (sa.select(a).join(s, s.c.account_id == a.c.id)
             .where(s.c.token_sha == sha, s.c.expires_at > datetime.now(UTC), a.c.active))  # fmt: skip
    with connect(store_url()).connect() as conn:
        row = conn.execute(query).first()
    if row is None:
        return None
    return Account(row.id, row.username, row.display_name, row.role, row.municipality_code)


def audit(action: str, detail: str = "", *, refused: bool = False,
          username: str | None = None) -> None:  # fmt: skip
    """One line in the audit log: who, when, what, from where."""
    who = username or (current_account().username if current_account() else "(ej inloggad)")
    with connect(store_url()).begin() as conn:
        conn.execute(sa.insert(schema.audit).values(
            at=datetime.now(UTC), username=who[:200], action=action[:64], detail=detail,
            ip=(request.remote_addr or "")[:64], refused=refused))  # fmt: skip


def require(*roles: str) -> Callable:
    """Only for a signed-in account with one of `roles`: else to the sign-in page (GET) or
    401, and 403 (logged) for a signed-in account without the role."""

    def decorate(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapped(*args: Any, **kwargs: Any):
            account = current_account()
            if account is None:
                if request.method == "GET":
                    return redirect(url_for("admin.login", next=request.full_path.rstrip("?")))
                abort(401)
            if roles and account.role not in roles:
                audit("nekad", f"{request.method} {request.path}", refused=True)
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorate


def init_app(server: Flask, settings: Settings) -> None:
    """CSRF protection, the secret and the cookie settings (completed by the sign-in work)."""
