"""Upload → preview → publish or discard in the admin (issue #35, item 3), with the real app's
Flask test client on a copy of the fixture county whose store is SQLite in that copy.

A förvaltare is signed in by a session row written straight into the store (the cookie holds
its token; dashboard/web/admin/auth.py); the CSRF token is read from the form page, as a
browser would. Every request goes over https, since the admin's cookies are Secure.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import secrets
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import openpyxl
import pytest
import sqlalchemy as sa

from dashboard.config import get_settings
from dashboard.data import loader
from dashboard.data.store import db, live, schema, versions

HTTPS = "https://localhost"
SOURCE = "Kommunens svar på Länsstyrelsens enkät 2026"
HEADER = ["kommunkod", "indikator", "ar", "varde", "kalla"]
CONFIRM = {"bekrafta": "ja"}  # the second step of publish, discard and restore


def values_file(rows: list[tuple[str, str, str]], year: str = "2025") -> bytes:
    """A values file (CSV) of (kommunkod, indikator, värde) for one year."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows([code, ind, year, value, SOURCE] for code, ind, value in rows)
    return buffer.getvalue().encode()


def stored_value(files: dict[str, bytes], code: str, indicator: str, year: str = "2025") -> str:
    reader = csv.DictReader(io.StringIO(files["varden.csv"].decode("utf-8-sig")), delimiter=";")
    found = [r["varde"] for r in reader
             if (r["kommunkod"], r["indikator"], r["ar"]) == (code, indicator, year)]  # fmt: skip
    assert len(found) == 1
    return found[0]


@dataclass
class Admin:
    """The test client of one signed-in account."""

    client: object
    url: str
    token: str = ""

    def get(self, path: str, **kwargs):
        return self.client.get(path, base_url=HTTPS, **kwargs)

    def csrf(self) -> str:
        if not self.token:
            page = self.get("/admin/inlasning").get_data(as_text=True)
            self.token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        return self.token

    def post(self, path: str, data: dict | None = None, **kwargs):
        """A form sent from the admin's own page (over https, Flask-WTF checks the Referer)."""
        return self.client.post(path, base_url=HTTPS, data={"csrf_token": self.csrf(),
                                **(data or {})}, headers={"Referer": HTTPS + "/admin/"},
                                **kwargs)  # fmt: skip

    def upload(self, content: bytes, name: str = "varden-2025.csv", kind: str = "varden",
               **fields: str):  # fmt: skip
        data = {"vad": kind, "fil": (io.BytesIO(content), name), **fields}
        return self.post("/admin/inlasning", data, content_type="multipart/form-data")


def sign_in(app, url: str, username: str, role: str = "forvaltare") -> object:
    """A client with a live session for a new account (the store's rows, as a sign-in makes)."""
    token = secrets.token_urlsafe(32)
    moment = datetime.now(UTC)
    with db.connect(url).begin() as conn:
        account_id = conn.execute(sa.insert(schema.account).values(
            username=username, display_name=username.title(), role=role,
            municipality_code="0780" if role == "kommunrapportor" else None,
            password_hash=None, active=True, created_at=moment,
        ).returning(schema.account.c.id)).scalar_one()  # fmt: skip
        conn.execute(sa.insert(schema.session).values(
            token_sha=hashlib.sha256(token.encode()).hexdigest(), account_id=account_id,
            created_at=moment, expires_at=moment + timedelta(hours=1), last_seen_at=moment))  # fmt: skip
    client = app.server.test_client()
    client.set_cookie(app.server.config["ADMIN_COOKIE"], token, domain="localhost", secure=True)
    return client


@pytest.fixture
def store(app, data_dir, monkeypatch) -> str:
    """The app on a copy of the fixture county: its store seeded with the files (version
    1 or more); the pollers stopped afterwards. Returns the store's URL."""
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(data_dir))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("DASHBOARD_VERSION_POLL_SECONDS", "10")  # the test switches itself
    loader.get_dataset()
    url = get_settings().database_url
    assert url.startswith("sqlite") and str(data_dir) in url
    assert versions.head_id(url) >= 1
    yield url
    live.reset()
    db.dispose_all()


@pytest.fixture
def admin(app, store) -> Admin:
    return Admin(sign_in(app, store, "forvaltaren"), store)


@pytest.fixture
def pg_admin(app, data_dir, postgres_url, monkeypatch) -> Admin:
    """The same on the session's PostgreSQL (DATABASE_URL), as several servers share it."""
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(data_dir))
    monkeypatch.setenv("DATABASE_URL", postgres_url)
    monkeypatch.setenv("DASHBOARD_VERSION_POLL_SECONDS", "10")
    loader.get_dataset()
    assert get_settings().database_url == postgres_url and versions.head_id(postgres_url) >= 1
    yield Admin(sign_in(app, postgres_url, "forvaltaren"), postgres_url)
    live.reset()
    db.dispose_all()


def audit_rows(url: str) -> list[tuple[str, str, bool]]:
    a = schema.audit
    with db.connect(url).connect() as conn:
        return [tuple(r) for r in conn.execute(sa.select(a.c.action, a.c.detail, a.c.refused)
                                               .order_by(a.c.id))]  # fmt: skip


def uploads_in(url: str) -> list[tuple[int, str, int | None]]:
    u = schema.upload
    with db.connect(url).connect() as conn:
        return [tuple(r) for r in conn.execute(sa.select(u.c.id, u.c.status,
                                                         u.c.published_version_id))]  # fmt: skip


def upload_id(response) -> int:
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return int(re.search(r"/admin/inlasning/(\d+)$", response.headers["Location"]).group(1))


def public_value(code: str, indicator: str, year: int = 2025) -> str:
    """What the public side serves after moving to the store's newest version."""
    settings = get_settings()
    live.switch_if_newer(settings, (settings.data_dir, settings.database_url), loader._preload)
    v = loader.get_dataset().values
    row = v[(v.municipality_code == code) & (v.indicator_id == indicator) & (v.year == year)]
    return str(row["raw"].iloc[0])


# --- the whole way: upload, preview, publish, public, undo -------------------------------------


def test_upload_preview_publish_and_the_public_dataset_shows_it(admin):
    url = admin.url
    base = versions.head_id(url)
    before = stored_value(versions.files_of(url, base), "0780", "samordnare_antal")
    new = "9" if before != "9" else "8"
    form = admin.get("/admin/inlasning")
    assert form.status_code == 200
    page = form.get_data(as_text=True)
    assert "Läsa in en fil" in page and 'name="csrf_token"' in page
    assert "uppfoljning-mall.xlsx" in page and "<caption>" not in page  # nothing waits yet

    made = upload_id(admin.upload(values_file([("0780", "samordnare_antal", new)])))
    assert versions.head_id(url) == base  # nothing published by an upload
    preview = admin.get(f"/admin/inlasning/{made}")
    assert preview.status_code == 200
    text = preview.get_data(as_text=True)
    assert "Växjö (0780)" in text and "Antal kvinnofridssamordnare" in text
    assert re.search(
        rf"<td[^>]*>2025</td>\s*<td[^>]*>{before}</td>\s*<td[^>]*>{new}</td>\s*<td[^>]*>ändrad",
        text,
    )
    assert f"version {base}" in text and "Publicera" in text and "Kassera" in text
    assert "Någon annan har publicerat" not in text
    assert "varden-2025.csv" in admin.get("/admin/inlasning").get_data(as_text=True)

    published = admin.post(f"/admin/inlasning/{made}/publicera", CONFIRM)
    assert published.status_code == 302
    head = versions.head(url)
    assert head.id == base + 1 and head.created_by == "forvaltaren"
    assert head.source == "Fil: varden-2025.csv (Värden per kommun och år (årets uppgifter))"
    changes = versions.changes_of(url, head.id)
    assert [(c["kommunkod"], c["indikator"], c["fore"], c["efter"]) for c in changes] == [
        ("0780", "samordnare_antal", before, new)
    ]
    assert uploads_in(url) == [(made, "publicerad", head.id)]
    shown = admin.get(published.headers["Location"]).get_data(as_text=True)
    assert f"Version {head.id} är publicerad. Den publika tjänsten visar den inom 10 sekunder." \
        in shown  # fmt: skip
    assert public_value("0780", "samordnare_antal") == new
    actions = [a for a, _d, _r in audit_rows(url)]
    assert actions.count("inläsning") == 1 and actions.count("publicera") == 1

    again = admin.post(f"/admin/inlasning/{made}/publicera", CONFIRM)  # published once, never twice
    assert again.status_code == 409
    assert "redan publicerad som version" in again.get_data(as_text=True)
    assert versions.head_id(url) == head.id

    history = admin.get("/admin/versioner").get_data(as_text=True)
    assert f"Version {head.id}</a><br><strong>Visas nu</strong>" in history
    restored = admin.post(f"/admin/versioner/{base}/aterstall", CONFIRM)
    assert restored.status_code == 302
    undo = versions.head(url)
    assert undo.id == head.id + 1 and undo.source == f"Återställd till version {base}"
    assert versions.files_of(url, undo.id) == versions.files_of(url, base)
    assert public_value("0780", "samordnare_antal") == before
    assert ("ångra", f"version {base} publicerades igen som version {undo.id}", False) \
        in audit_rows(url)  # fmt: skip


def test_discard_publishes_nothing_and_cannot_be_published_later(admin):
    url = admin.url
    base = versions.head_id(url)
    made = upload_id(admin.upload(values_file([("0760", "samordnare_antal", "4")])))
    gone = admin.post(f"/admin/inlasning/{made}/kassera", CONFIRM)
    assert gone.status_code == 302 and gone.headers["Location"].endswith("/admin/inlasning")
    assert "kasserades" in admin.get("/admin/inlasning").get_data(as_text=True)
    assert uploads_in(url) == [(made, "kasserad", None)]
    late = admin.post(f"/admin/inlasning/{made}/publicera", CONFIRM)
    assert late.status_code == 409 and "redan kasserad" in late.get_data(as_text=True)
    assert versions.head_id(url) == base


def test_two_uploads_from_one_version_only_the_first_publishes(admin):
    url = admin.url
    base = versions.head_id(url)
    first = upload_id(admin.upload(values_file([("0760", "samordnare_antal", "5")]), "a.csv"))
    second = upload_id(admin.upload(values_file([("0761", "samordnare_antal", "6")]), "b.csv"))
    assert admin.post(f"/admin/inlasning/{first}/publicera", CONFIRM).status_code == 302
    late = admin.post(f"/admin/inlasning/{second}/publicera", CONFIRM)
    assert late.status_code == 409
    text = late.get_data(as_text=True)
    assert "Inte publicerad" in text and "läs in filen igen" in text
    assert "Någon annan har publicerat efter att du laddade upp" in text
    head = versions.head(url)
    assert head.id == base + 1
    assert [(c["kommunkod"], c["efter"]) for c in versions.changes_of(url, head.id)] == [
        ("0760", "5")
    ]
    files = versions.files_of(url, head.id)
    assert stored_value(files, "0761", "samordnare_antal") == stored_value(
        versions.files_of(url, base), "0761", "samordnare_antal")  # fmt: skip
    assert dict((i, s) for i, s, _v in uploads_in(url)) == {
        first: "publicerad",
        second: "vantar",
    }  # nothing lost


@pytest.mark.integration
def test_on_postgresql_one_of_two_publishes_lands_and_undo_restores(pg_admin):
    admin, url = pg_admin, pg_admin.url
    base = versions.head_id(url)
    before = stored_value(versions.files_of(url, base), "0760", "samordnare_antal")
    first = upload_id(admin.upload(values_file([("0760", "samordnare_antal", "5")]), "a.csv"))
    second = upload_id(admin.upload(values_file([("0761", "samordnare_antal", "6")]), "b.csv"))
    assert "Uppvidinge (0760)" in admin.get(f"/admin/inlasning/{first}").get_data(as_text=True)
    assert admin.post(f"/admin/inlasning/{first}/publicera", CONFIRM).status_code == 302
    assert admin.post(f"/admin/inlasning/{second}/publicera", CONFIRM).status_code == 409
    assert [(c["kommunkod"], c["efter"]) for c in versions.changes_of(url, base + 1)] == [
        ("0760", "5")
    ]
    assert public_value("0760", "samordnare_antal") == "5"
    assert admin.post(f"/admin/versioner/{base}/aterstall", CONFIRM).status_code == 302
    assert versions.head_id(url) == base + 2
    assert public_value("0760", "samordnare_antal") == before


def test_publish_imports_the_stored_file_again_not_the_stored_preview(admin):
    url = admin.url
    made = upload_id(admin.upload(values_file([("0760", "samordnare_antal", "5")])))
    u = schema.upload
    with db.connect(url).begin() as conn:  # a preview tampered with in the database
        conn.execute(sa.update(u).where(u.c.id == made).values(preview='{"changes": []}'))
    assert admin.post(f"/admin/inlasning/{made}/publicera", CONFIRM).status_code == 302
    head = versions.head_id(url)
    assert stored_value(versions.files_of(url, head), "0760", "samordnare_antal") == "5"


# --- hostile and wrong uploads: refused in Swedish, nothing stored, nothing published ----------


def xlsx_bytes(rows: list[list], sheet: str = "Värden", *others: str) -> bytes:
    book = openpyxl.Workbook()
    book.active.title = sheet
    for name in others:
        book.create_sheet(name)
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


HOSTILE = {
    "formula": ("varden.xlsx", xlsx_bytes([HEADER, ["0780", "samordnare_antal", 2025,
                "=cmd|' /C calc'!A0", SOURCE]]), 400, "cellen innehåller formeln"),
    "unclosed quote": ("varden.csv", b'kommunkod;indikator;ar;varde;kalla\n0780;samordnare_antal;'
                       b'2025;7;"Enk\xc3\xa4t\n', 400, "stängs aldrig"),
    "wrong sheet": ("varden.xlsx", xlsx_bytes([HEADER, ["0780", "samordnare_antal", 2025, 7,
                    SOURCE]], "Blad1", "Blad2"), 400, "arbetsboken har inget blad ”Värden”"),
    "bidi": ("varden.csv", values_file([("0780", "samordnare_antal", "7")]).replace(
             b"Kommunens", "Komm\u202eunens".encode()), 400, "styrtecknet för textriktning"),
    "huge number": ("varden.csv", values_file([("0780", "samordnare_antal", "1e308")]), 400,
                    "utanför det tillåtna intervallet"),
    "exe renamed csv": ("varden.csv", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\xff\xff\x00\x00" * 64,
                        400, "ingen textfil"),
    "exe": ("varden.exe", b"MZ\x90\x00", 415, "bara Excel-filer (.xlsx) och CSV-filer"),
    "20 MB": ("varden.csv", b"kommunkod;indikator;ar;varde\n" + b"0780;x;2025;1\n" * 1_500_000,
              413, "Filen är för stor: högst"),
    "empty": ("varden.csv", b"", 400, "är tom"),
}  # fmt: skip


@pytest.mark.parametrize("case", HOSTILE)
def test_hostile_uploads_are_refused_in_swedish_and_nothing_is_kept(admin, case):
    name, content, status, message = HOSTILE[case]
    url = admin.url
    base = versions.head_id(url)
    admin.csrf()
    refused = admin.upload(content, name)
    text = refused.get_data(as_text=True)
    assert refused.status_code == status, text[:3000]
    assert message in text and "Traceback" not in text
    assert 'id="fel"' in text and 'name="fil"' in text  # the form again, with the reason
    assert uploads_in(url) == [] and versions.head_id(url) == base
    assert audit_rows(url)[-1][0] == "inläsning nekad" and audit_rows(url)[-1][2] is True


def test_the_errors_name_row_and_column(admin):
    bad = values_file([("0780", "samordnare_antal", "många"), ("0781", "finns_inte", "1")])
    text = admin.upload(bad, "fel.csv").get_data(as_text=True)
    assert "Inget lästes in: 2 fel i filen." in text
    assert "fel.csv, rad 2, kolumn ”varde”" in text and "rad 3, kolumn ”indikator”" in text


def test_a_file_that_changes_nothing_is_not_kept(admin):
    url = admin.url
    content = values_file([("0780", "samordnare_antal", "2")])
    admin.post(f"/admin/inlasning/{upload_id(admin.upload(content))}/publicera", CONFIRM)
    response = admin.upload(content)  # the same file again: already published
    assert response.status_code == 200
    assert "ändrar ingenting" in response.get_data(as_text=True)
    assert [status for _i, status, _v in uploads_in(url)] == ["publicerad"]


def test_source_and_year_belong_to_values_only(admin):
    text = admin.upload(b"aktor;ar;beskrivning\n0780;2025;Stod\n", "p.csv", kind="processtod",
                        kalla="X").get_data(as_text=True)  # fmt: skip
    assert "Källa och år gäller bara årets värden" in text


# --- who may do it ---------------------------------------------------------------------------


ADDRESSES = [("get", "/admin/inlasning"), ("get", "/admin/inlasning/1"),
             ("post", "/admin/inlasning/1/publicera"), ("post", "/admin/inlasning/1/kassera"),
             ("get", "/admin/versioner"), ("get", "/admin/versioner/1"),
             ("post", "/admin/versioner/1/aterstall"), ("get", "/admin/versioner/1/filer.zip"),
             ("get", "/admin/mallar/uppfoljning-mall.xlsx")]  # fmt: skip


def test_without_a_session_nothing_is_shown_or_changed(app, store):
    client = app.server.test_client()
    base = versions.head_id(store)
    for method, path in ADDRESSES:
        response = getattr(client, method)(path, base_url=HTTPS)
        assert response.status_code in (302, 401, 403), path
        if response.status_code == 302:
            assert "/admin/logga-in" in response.headers["Location"]
    assert uploads_in(store) == [] and versions.head_id(store) == base


def test_a_kommunrapportor_is_refused_and_logged(app, store):
    client = sign_in(app, store, "rapportoren", role="kommunrapportor")
    for method, path in ADDRESSES:
        response = getattr(client, method)(path, base_url=HTTPS)
        assert response.status_code in (400, 403), path  # POSTs may fail CSRF first
    refused = [(a, d) for a, d, r in audit_rows(store) if r]
    assert ("nekad", "GET /admin/inlasning") in refused


def test_a_post_without_the_csrf_token_is_refused(admin):
    response = admin.client.post("/admin/inlasning", base_url=HTTPS, data={
        "vad": "varden", "fil": (io.BytesIO(values_file([("0780", "samordnare_antal", "2")])),
                                 "v.csv")}, content_type="multipart/form-data")  # fmt: skip
    assert response.status_code in (400, 403)
    assert uploads_in(admin.url) == []


# --- the version history, its files and the templates ----------------------------------------


def test_version_page_zip_and_swedish_local_time(admin):
    url = admin.url
    made = upload_id(admin.upload(values_file([("0780", "samordnare_antal", "2")])))
    admin.post(f"/admin/inlasning/{made}/publicera", CONFIRM)
    head = versions.head(url)
    page = admin.get(f"/admin/versioner/{head.id}").get_data(as_text=True)
    assert "Växjö (0780)" in page and "Hämta versionens filer" in page
    assert "Återställ till version" not in page  # the published one is not offered again
    older = admin.get(f"/admin/versioner/{head.id - 1}").get_data(as_text=True)
    assert f"Återställ till version {head.id - 1} (publiceras som en ny version)" in older
    listing = admin.get("/admin/versioner").get_data(as_text=True)
    local = head.created_at.astimezone(__import__("zoneinfo").ZoneInfo("Europe/Stockholm"))
    assert f"kl. {local:%H.%M}" in listing and "forvaltaren" in listing
    archive = admin.get(f"/admin/versioner/{head.id}/filer.zip")
    assert archive.status_code == 200 and archive.mimetype == "application/zip"
    with zipfile.ZipFile(io.BytesIO(archive.data)) as opened:
        names = set(opened.namelist())
        assert {f"data/{p}" for p in versions.files_of(url, head.id)} == names
        assert opened.read("data/varden.csv") == versions.files_of(url, head.id)["varden.csv"]
    assert admin.get("/admin/versioner/9999").status_code == 404
    first = admin.get("/admin/versioner/1")  # the seed: every file new, no municipality
    assert first.status_code == 200 and "varden.csv" in first.get_data(as_text=True)


def test_the_templates_are_served_and_only_those(admin):
    xlsx = admin.get("/admin/mallar/uppfoljning-mall.xlsx")
    assert xlsx.status_code == 200 and xlsx.data[:2] == b"PK"
    assert "attachment" in xlsx.headers["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(xlsx.data))
    assert "Värden" in book.sheetnames
    for name in ("aktiviteter-mall.csv", "lokala-planer-mall.xlsx", "processtod-mall.csv",
                 "bedomningar-mall.xlsx", "uppfoljning-mall.csv"):  # fmt: skip
        assert admin.get(f"/admin/mallar/{name}").status_code == 200, name
    for name in ("varden.csv", "uppfoljning-mall.exe", "dashboard.sqlite3", "mall.xlsx"):
        assert admin.get(f"/admin/mallar/{name}").status_code == 404, name
    climbing = admin.get("/admin/mallar/..%2Fvarden.csv")  # not this route: no file served
    assert "Content-Disposition" not in climbing.headers


def test_admin_pages_are_never_cached(admin):
    for path in ("/admin/inlasning", "/admin/versioner"):
        response = admin.get(path)
        assert response.headers["Cache-Control"] == "no-store, private"
        assert "noindex" in response.headers["X-Robots-Tag"]


def test_the_upload_form_is_accessible(admin):
    page = admin.get("/admin/inlasning").get_data(as_text=True)
    for field in ("vad", "fil", "kalla", "ar"):
        assert f'<label class="form-label" for="{field}">' in page and f'id="{field}"' in page
    assert "<script" not in page and "style=" not in page  # the CSP allows neither inline


# --- the admin's words, not the command line's or the files' codes (finding 7) ----------------


def test_changes_show_labels_and_errors_name_the_forms_fields(admin):
    url = admin.url
    before = stored_value(versions.files_of(url, versions.head_id(url)), "0780", "suv_status")
    new, label = ("i_bruk", "I bruk") if before != "i_bruk" else ("planering", "Planering")
    made = upload_id(admin.upload(values_file([("0780", "suv_status", new)])))
    text = admin.get(f"/admin/inlasning/{made}").get_data(as_text=True)
    assert re.search(rf"<td[^>]*>2025</td>\s*<td[^>]*>[^<_]+</td>\s*<td[^>]*>{label}</td>", text), (
        text[-3000:]
    )
    assert f">{new}</td>" not in text and f">{before}</td>" not in text

    no_source = values_file([("0780", "suv_status", "i_bruk")]).replace(SOURCE.encode(), b"")
    bad = values_file([("0780", "suv_status", "kanske")])
    for content in (no_source, bad):
        errors = admin.upload(content, "fel.csv").get_data(as_text=True)
        assert "Inget lästes in" in errors and "--" not in errors.split('id="fel"')[1][:2000]
    errors = admin.upload(no_source, "fel.csv").get_data(as_text=True)
    assert "fältet ”Källa för rader utan egen källa” för hela filen" in errors
    errors = admin.upload(bad, "fel.csv").get_data(as_text=True)
    assert "suv_status" not in errors and "”Ej påbörjat”, ”Planering”" in errors, errors[-3000:]
    form = admin.get("/admin/inlasning").get_data(as_text=True)
    assert "År (om filen saknar en kolumn för år)" in form and "kolumnen ar" not in form


def test_the_templates_instructions_tell_the_browser_way_first(admin):
    text = admin.get("/admin/mallar/uppfoljning-mall.csv").get_data(as_text=True)
    assert "Läs in filen under Förvaltning → Läsa in en fil" in text
    assert "fältet ”Källa för rader utan egen källa”" in text
    assert "Starta om" not in text and "python -m dashboard import" in text  # both ways
    book = openpyxl.load_workbook(io.BytesIO(admin.get("/admin/mallar/bedomningar-mall.xlsx").data))
    instructions = " ".join(str(c.value) for c in book["Instruktioner"]["A"] if c.value)
    assert "Förvaltning → Läsa in en fil" in instructions


# --- undo and a second step before publish, restore and discard (finding 11) ------------------


def test_publish_discard_and_restore_ask_first(admin):
    url = admin.url
    base = versions.head_id(url)
    made = upload_id(admin.upload(values_file([("0780", "samordnare_antal", "11")])))
    asked = admin.post(f"/admin/inlasning/{made}/publicera")
    text = asked.get_data(as_text=True)
    assert asked.status_code == 200 and "Är du säker?" in text and "Ja, publicera" in text
    assert 'name="bekrafta" value="ja"' in text and f'href="/admin/inlasning/{made}"' in text
    assert versions.head_id(url) == base and uploads_in(url) == [(made, "vantar", None)]
    asked = admin.post(f"/admin/inlasning/{made}/kassera").get_data(as_text=True)
    assert "Ja, kassera" in asked and uploads_in(url) == [(made, "vantar", None)]

    assert admin.post(f"/admin/inlasning/{made}/publicera", CONFIRM).status_code == 302
    head = versions.head_id(url)
    page = admin.get(f"/admin/versioner/{head}").get_data(as_text=True)
    assert "Ångra den här ändringen" in page  # the published one: restores its parent
    assert f'action="/admin/versioner/{base}/aterstall"' in page
    older = admin.get(f"/admin/versioner/{base}").get_data(as_text=True)
    assert f"Återställ till version {base} (publiceras som en ny version)" in older
    assert "Ångra" not in older.split("<h1>")[1].split("</form>")[0]

    asked = admin.post(f"/admin/versioner/{base}/aterstall").get_data(as_text=True)
    assert "Är du säker?" in asked and f"Ja, återställ till version {base}" in asked
    assert f"Det ångrar den senaste ändringen, version {head}" in asked
    assert versions.head_id(url) == head
    assert admin.post(f"/admin/versioner/{base}/aterstall", CONFIRM).status_code == 302
    assert versions.head(url).source == f"Återställd till version {base}"


def test_the_form_names_the_importers_own_limit(admin):
    from dashboard.data import spreadsheet

    limit = spreadsheet.max_bytes() / 1e6  # the importer counts 10**6 bytes a MB
    text = admin.get("/admin/inlasning").get_data(as_text=True)
    assert f"högst {limit:g} MB)" in text.replace(",", "."), limit
