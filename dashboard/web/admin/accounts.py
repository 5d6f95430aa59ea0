"""Accounts and the audit log: from the command line (`python -m dashboard konto …`) and for
the förvaltare at /admin/konton and /admin/logg. Every change is audited.

Usernames are kept in lower case (an e-mail address is the natural name, and it is what the
identity provider's sign-in matches the first time). A kommunrapportör belongs to one
municipality of the county; a förvaltare to none.
"""

from __future__ import annotations

import argparse
import getpass
import re
import secrets
import sys
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TextIO

import sqlalchemy as sa
from flask import Response, flash, render_template, request, url_for

from dashboard.config import get_settings
from dashboard.data.store import schema
from dashboard.data.store.db import connect
from dashboard.web.admin import auth, blueprint, clock
from dashboard.web.admin.auth import (
    FORVALTARE,
    KOMMUNRAPPORTOR,
    ROLES,
    audit,
    current_account,
    hash_password,
    normalise_username,
    now,
    require,
)

MIN_PASSWORD = 12
MAX_PASSWORD = 1024
USERNAME = re.compile(r"[a-z0-9][a-z0-9._@+-]{1,199}")
PAGE_SIZE = 100
# A start password someone reads off the screen: no 0/O, 1/l/I.
READABLE = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


class AccountError(Exception):
    """Why an account could not be changed, in Swedish."""


@dataclass(frozen=True)
class AccountRow:
    id: int
    username: str
    display_name: str
    role: str
    municipality_code: str | None
    active: bool
    has_password: bool
    oidc: bool
    last_sign_in: datetime | None


def county_municipalities() -> dict[str, str]:
    """The county's municipalities in the published version: code -> name."""
    from dashboard.data.loader import get_dataset

    frame = get_dataset().municipalities
    return dict(zip(frame["code"], frame["name"], strict=True))


def generate_password() -> str:
    """A start password: 4 groups of 5 readable characters, about 116 bits."""
    return "-".join("".join(secrets.choice(READABLE) for _ in range(5)) for _ in range(4))


def check_new_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"lösenordet ska ha minst {MIN_PASSWORD} tecken.")
    if len(password) > MAX_PASSWORD:
        raise AccountError(f"lösenordet får ha högst {MAX_PASSWORD} tecken.")


def check_new_account(username: str, role: str, municipality: str | None,
                      known: dict[str, str]) -> None:  # fmt: skip
    if not USERNAME.fullmatch(username):
        raise AccountError("användarnamnet ska ha 2–200 tecken: små bokstäver a–z, siffror "
                           "och . _ @ + - (till exempel en e-postadress).")  # fmt: skip
    if role not in ROLES:
        raise AccountError(f"rollen ska vara {' eller '.join(ROLES)}, inte ”{role}”.")
    if role == KOMMUNRAPPORTOR and municipality not in known:
        raise AccountError(f"en kommunrapportör behöver en kommunkod i länet "
                           f"({', '.join(sorted(known))}), inte ”{municipality or ''}”.")  # fmt: skip
    if role == FORVALTARE and municipality:
        raise AccountError("en förvaltare hör inte till någon kommun: ange ingen kommun.")


def create(url: str, username: str, role: str, *, municipality: str | None = None,
           display_name: str = "", password: str, known: dict[str, str]) -> int:  # fmt: skip
    """A new active account; its id. `password` empty: only sign-in via the organisation."""
    username = normalise_username(username)
    municipality = (municipality or "").strip() or None
    check_new_account(username, role, municipality, known)
    if password:
        check_new_password(password)
    a = schema.account
    values = {"username": username, "display_name": (display_name.strip() or username)[:200],
              "role": role, "municipality_code": municipality, "active": True,
              "password_hash": hash_password(password) if password else None,
              "created_at": now()}  # fmt: skip
    try:
        with connect(url).begin() as conn:
            return int(conn.execute(sa.insert(a).values(**values).returning(a.c.id)).scalar_one())
    except sa.exc.IntegrityError as exc:
        raise AccountError(f"det finns redan ett konto med användarnamnet {username}.") from exc


def _find(conn: sa.Connection, username: str) -> Any:
    a = schema.account
    row = conn.execute(sa.select(a).where(a.c.username == normalise_username(username))).first()
    if row is None:
        raise AccountError(f"det finns inget konto med användarnamnet {username}.")
    return row


def set_password(url: str, username: str, password: str) -> None:
    """A new password; the account's sessions end (a lost or shared password stops working
    on every device at once)."""
    check_new_password(password)
    a, s = schema.account, schema.session
    with connect(url).begin() as conn:
        row = _find(conn, username)
        conn.execute(sa.update(a).where(a.c.id == row.id)
                     .values(password_hash=hash_password(password)))  # fmt: skip
        conn.execute(sa.delete(s).where(s.c.account_id == row.id))


def set_active(url: str, username: str, active: bool) -> None:
    """Deactivate (and end every session at once) or activate again; never deleted, so
    the audit log's names keep meaning someone."""
    a, s = schema.account, schema.session
    with connect(url).begin() as conn:
        row = _find(conn, username)
        conn.execute(sa.update(a).where(a.c.id == row.id).values(active=active))
        if not active:
            conn.execute(sa.delete(s).where(s.c.account_id == row.id))


def listing(url: str) -> list[AccountRow]:
    a, log = schema.account, schema.audit
    last = (sa.select(log.c.username, sa.func.max(log.c.at).label("last"))
            .where(log.c.action == "inloggning", log.c.refused == sa.false())
            .group_by(log.c.username).subquery())  # fmt: skip
    query = (sa.select(a, last.c.last).outerjoin(last, last.c.username == a.c.username)
             .order_by(a.c.active.desc(), a.c.role, a.c.username))  # fmt: skip
    with connect(url).connect() as conn:
        rows = conn.execute(query).all()
    return [AccountRow(r.id, r.username, r.display_name, r.role, r.municipality_code,
                       bool(r.active), bool(r.password_hash), bool(r.oidc_subject),
                       clock.local(r.last) if r.last else None) for r in rows]  # fmt: skip


def username_of(url: str, account_id: int) -> str | None:
    a = schema.account
    with connect(url).connect() as conn:
        return conn.execute(sa.select(a.c.username).where(a.c.id == account_id)).scalar()


# --- /admin/konton --------------------------------------------------------------------------


def accounts_page(*, errors: dict[str, str] | None = None, form: dict[str, str] | None = None,
                  shown_password: tuple[str, str] | None = None, done: str = "",
                  confirm: dict[str, str] | None = None, status: int = 200) -> Response:  # fmt: skip
    body = render_template(
        "admin/accounts.html", accounts=listing(get_settings().database_url),
        municipalities=county_municipalities(), roles=ROLES, errors=errors or {},
        form=form or {}, shown_password=shown_password, done=done, me=current_account(),
        confirm=confirm,
    )  # fmt: skip
    return Response(body, status=status, content_type="text/html; charset=utf-8")


@blueprint.get("/konton")
@require(FORVALTARE)
def accounts():
    return accounts_page()


def _form_errors(message: str) -> dict[str, str]:
    """Which field a refusal is about, so the message stands beside it."""
    for field, words in (("losenord", "lösenord"), ("kommun", "kommun"), ("roll", "rollen"),
                         ("anvandarnamn", "användarnamn")):  # fmt: skip
        if words in message:
            return {field: message[0].upper() + message[1:]}
    return {"anvandarnamn": message[0].upper() + message[1:]}


@blueprint.post("/konton")
@require(FORVALTARE)
def create_account():
    form = {k: request.form.get(k, "").strip() for k in ("anvandarnamn", "namn", "roll", "kommun")}
    chosen = request.form.get("losenord", "")
    password = chosen or generate_password()
    try:
        create(get_settings().database_url, form["anvandarnamn"], form["roll"],
               municipality=form["kommun"] if form["roll"] == KOMMUNRAPPORTOR else None,
               display_name=form["namn"], password=password,
               known=county_municipalities())  # fmt: skip
    except AccountError as refused:
        return accounts_page(errors=_form_errors(str(refused)), form=form, status=400)
    username = normalise_username(form["anvandarnamn"])
    audit("konto skapat", f"{username}: {ROLES[form['roll']]}"
          + (f", kommun {form['kommun']}" if form["roll"] == KOMMUNRAPPORTOR else ""))  # fmt: skip
    return accounts_page(shown_password=(username, "" if chosen else password),
                         done=f"Kontot {username} är skapat.")  # fmt: skip


# Changes that end someone's sessions at once: asked again before they are made.
CONFIRM = {
    "konto inaktiverat": ("Inaktivera kontot {}? Personen loggas ut direkt och kan inte logga in "
                          "förrän kontot aktiveras igen.", "Ja, inaktivera kontot"),
    "lösenord bytt": ("Ge kontot {} ett nytt lösenord? Det nuvarande slutar gälla, personen "
                      "loggas ut direkt och det nya visas här en gång.",
                      "Ja, ge ett nytt lösenord"),
}  # fmt: skip
OWN_REFUSED = {
    "konto inaktiverat": "Du kan inte inaktivera ditt eget konto.",
    "lösenord bytt": "Ditt eget lösenord byter du under Byt lösenord, med det nuvarande.",
}


def _change(account_id: int, change, action: str, done: str) -> Response:
    url = get_settings().database_url
    username = username_of(url, account_id)
    if username is None:
        return accounts_page(errors={"lista": "Kontot finns inte."}, status=404)
    me = current_account()
    if me is not None and username == me.username and action in OWN_REFUSED:
        return accounts_page(errors={"lista": OWN_REFUSED[action]}, status=400)
    if action in CONFIRM and request.form.get("bekrafta") != "ja":  # one more click first
        question, button = CONFIRM[action]
        return accounts_page(confirm={"question": question.format(username), "button": button,
                                      "action": request.path})  # fmt: skip
    result = change(url, username)
    audit(action, username)
    return accounts_page(shown_password=(username, result) if result else None,
                         done=done.format(username))  # fmt: skip


@blueprint.post("/konton/<int(max=2147483647):account_id>/inaktivera")
@require(FORVALTARE)
def deactivate_account(account_id: int):
    return _change(account_id, lambda url, name: set_active(url, name, False), "konto inaktiverat",
                   "Kontot {} är inaktiverat och dess sessioner avslutade.")  # fmt: skip


@blueprint.post("/konton/<int(max=2147483647):account_id>/aktivera")
@require(FORVALTARE)
def activate_account(account_id: int):
    return _change(account_id, lambda url, name: set_active(url, name, True), "konto aktiverat",
                   "Kontot {} är aktivt igen.")  # fmt: skip


def _new_password(url: str, username: str) -> str:
    password = generate_password()
    set_password(url, username, password)
    return password


@blueprint.post("/konton/<int(max=2147483647):account_id>/losenord")
@require(FORVALTARE)
def reset_password(account_id: int):
    return _change(account_id, _new_password, "lösenord bytt",
                   "Kontot {} har fått ett nytt lösenord; dess sessioner är avslutade.")  # fmt: skip


@blueprint.route("/losenord", methods=["GET", "POST"])
@require()
def own_password():
    """Change one's own password: the current one first (counted like a sign-in, so a
    session left open is no way to guess it), then the new one twice. Every other session
    of the account ends; this device gets a new one."""
    me = current_account()
    assert me is not None
    if request.method == "GET":
        return render_template("admin/password.html", errors={})
    ip = auth.client_ip()
    if auth.throttled(me.username, ip):
        audit("lösenord spärrat", "för många misslyckade försök", refused=True)
        body = render_template("admin/password.html", errors={"nuvarande": auth.THROTTLED})
        return Response(body, status=429, content_type="text/html; charset=utf-8")
    right = auth.check_password(me.username, request.form.get("nuvarande", "")) is not None
    auth.record_attempt(me.username, ip, ok=right)
    errors = _new_password_errors(right, request.form.get("nytt", ""),
                                  request.form.get("igen", ""))  # fmt: skip
    if errors:
        if not right:
            audit("lösenord fel", "nuvarande lösenord", refused=True)
        body = render_template("admin/password.html", errors=errors)
        return Response(body, status=400, content_type="text/html; charset=utf-8")
    set_password(get_settings().database_url, me.username, request.form["nytt"])
    audit("lösenord bytt", me.username)
    # A new session clears the form session (and its flashed messages): flash after it.
    response = auth.start_session(me, url_for("admin.start"))
    flash("Lösenordet är bytt. Andra enheter där du var inloggad är utloggade.", "ok")
    return response


def _new_password_errors(right: bool, new: str, again: str) -> dict[str, str]:
    if not right:
        return {"nuvarande": "Det nuvarande lösenordet stämmer inte."}
    try:
        check_new_password(new)
    except AccountError as refused:
        return {"nytt": str(refused)[0].upper() + str(refused)[1:]}
    if new != again:
        return {"igen": "Lösenorden är inte lika."}
    return {}


# --- /admin/logg ----------------------------------------------------------------------------


def _page_number(text: str | None) -> int:
    return int(text) if text and text.isdigit() and 0 < len(text) < 7 and int(text) > 0 else 1


@blueprint.get("/logg")
@require(FORVALTARE)
def audit_log():
    """The audit log, newest first, 100 a page; filtered by a part of the username and by
    the action."""
    log = schema.audit
    who = request.args.get("anvandare", "").strip()[:200]
    action = request.args.get("handling", "").strip()[:64]
    page = _page_number(request.args.get("sida"))
    where = []
    if who:
        escaped = who.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        where.append(log.c.username.ilike(f"%{escaped}%", escape="\\"))
    if action:
        where.append(log.c.action == action)
    with connect(get_settings().database_url).connect() as conn:
        total = conn.execute(sa.select(sa.func.count()).select_from(log).where(*where)).scalar()
        rows = conn.execute(sa.select(log).where(*where).order_by(log.c.id.desc())
                            .limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)).all()  # fmt: skip
        actions = conn.execute(sa.select(log.c.action).distinct().order_by(log.c.action)).scalars()
        actions = list(actions)
    pages = max(1, -(-int(total or 0) // PAGE_SIZE))

    def link(number: int) -> str:
        return url_for("admin.audit_log", anvandare=who or None, handling=action or None,
                       sida=number)  # fmt: skip

    return render_template("admin/audit.html", rows=[(r, clock.local(r.at)) for r in rows],
                           who=who, action=action, actions=actions, page=page, pages=pages,
                           total=total, link=link)  # fmt: skip


# --- python -m dashboard konto ------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m dashboard konto",
        description="Konton för förvaltningen (/admin). Lösenordet läses från terminalen "
        "(två gånger), eller från standard in när den inte är en terminal.",
    )
    commands = parser.add_subparsers(dest="kommando", required=True, metavar="KOMMANDO")
    make = commands.add_parser("skapa", help="lägg upp ett konto")
    make.add_argument("anvandarnamn", metavar="ANVÄNDARNAMN")
    make.add_argument("--roll", required=True, choices=sorted(ROLES), help="kontots roll")
    make.add_argument("--kommun", metavar="KOD", help="kommunkoden (för en kommunrapportör)")
    make.add_argument("--namn", default="", help="namnet som visas, t.ex. ”Anna Andersson”")
    make.add_argument("--utan-losenord", action="store_true",
                      help="bara inloggning via organisationens konto (OpenID Connect)")  # fmt: skip
    commands.add_parser("lista", help="visa alla konton")
    for name, text in (("inaktivera", "stäng av ett konto och avsluta dess sessioner"),
                       ("aktivera", "aktivera ett inaktiverat konto igen"),
                       ("losenord", "sätt ett nytt lösenord")):  # fmt: skip
        commands.add_parser(name, help=text).add_argument("anvandarnamn", metavar="ANVÄNDARNAMN")
    return parser


def read_password(stdin: TextIO) -> str:
    """The new password, twice: hidden at a terminal; from standard input otherwise (one
    line, or two that must be alike), for scripts."""
    if stdin.isatty():
        first = getpass.getpass("Nytt lösenord: ")
        second = getpass.getpass("Samma lösenord igen: ")
    else:
        lines = stdin.read(2 * MAX_PASSWORD + 4).splitlines()
        first = lines[0] if lines else ""
        second = lines[1] if len(lines) > 1 else first
    if first != second:
        raise AccountError("lösenorden är inte lika.")
    check_new_password(first)
    return first


def _list(url: str, out: TextIO) -> None:
    rows = listing(url)
    if not rows:
        print("Inga konton ännu. Lägg upp ett: python -m dashboard konto skapa --help", file=out)
    for r in rows:
        when = r.last_sign_in.strftime("%Y-%m-%d %H:%M") if r.last_sign_in else "aldrig"
        state = "aktivt" if r.active else "inaktiverat"
        print(f"{r.username}\t{ROLES.get(r.role, r.role)}\t{r.municipality_code or '–'}\t"
              f"{state}\tsenast inloggad: {when}\t{r.display_name}", file=out)  # fmt: skip


def cli(argv: list[str], stdin: TextIO | None = None, out: TextIO | None = None) -> int:
    """`python -m dashboard konto …`: 0 when done, 1 when refused (said in Swedish)."""
    stdin, out = stdin or sys.stdin, out or sys.stdout
    args = _parser().parse_args(argv)
    url = get_settings().database_url
    who = f"{getpass.getuser()} (kommandoraden)"
    try:
        if args.kommando == "lista":
            _list(url, out)
            return 0
        if args.kommando == "skapa":
            known = county_municipalities() if args.roll == KOMMUNRAPPORTOR else {}
            if args.roll == KOMMUNRAPPORTOR:  # refused before a password is asked for
                check_new_account(normalise_username(args.anvandarnamn), args.roll, args.kommun,
                                  known)  # fmt: skip
            password = "" if args.utan_losenord else read_password(stdin)
            create(url, args.anvandarnamn, args.roll, municipality=args.kommun,
                   display_name=args.namn, password=password, known=known)  # fmt: skip
            done = f"Kontot {normalise_username(args.anvandarnamn)} är skapat."
        elif args.kommando == "losenord":
            set_password(url, args.anvandarnamn, read_password(stdin))
            done = f"Kontot {args.anvandarnamn} har fått ett nytt lösenord."
        else:
            set_active(url, args.anvandarnamn, args.kommando == "aktivera")
            done = f"Kontot {args.anvandarnamn} är {args.kommando}t."
    except AccountError as refused:
        print(f"Fel: {refused}", file=sys.stderr)
        return 1
    _cli_audit(url, who, args)
    print(done, file=out)
    return 0


def _cli_audit(url: str, who: str, args: argparse.Namespace) -> None:
    action = {"skapa": "konto skapat", "losenord": "lösenord bytt",
              "inaktivera": "konto inaktiverat", "aktivera": "konto aktiverat"}[args.kommando]  # fmt: skip
    detail = normalise_username(args.anvandarnamn)
    if args.kommando == "skapa":
        detail += f": {ROLES[args.roll]}" + (f", kommun {args.kommun}" if args.kommun else "")
    with connect(url).begin() as conn:
        conn.execute(sa.insert(schema.audit).values(at=now(), username=who[:200], action=action,
                                                    detail=detail, ip="kommandoraden",
                                                    refused=False))  # fmt: skip
