"""The yearly survey (#35 item 4): the form's rules without the web, and the whole round
through the admin with Flask's test client — a kommunrapportör kept to their own
municipality, the importer's errors beside the fields, draft → submit → send back →
resubmit → approve, and the approved answers in a new version and on the public side."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import secrets
import time
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from dashboard.config import get_settings
from dashboard.data.loader import get_dataset, load_dataset
from dashboard.data.store import schema, versions
from dashboard.data.store import survey_rules as rules
from dashboard.data.store.db import connect
from dashboard.domain.formatting import day_text
from dashboard.web.admin import clock

YEAR = 2025  # a year the fixture county has: the answers replace its example values
CODE, OTHER = "0764", "0780"  # Alvesta, and Växjö
HTTPS = "https://localhost"  # the admin's cookies are Secure


# --- the rules, without the web ---------------------------------------------------------------


@pytest.fixture(scope="module")
def dataset():
    return get_dataset()


def test_the_default_questions_are_the_survey_s_own_stored_indicators(dataset):
    ids = rules.default_indicators(dataset)
    indicators = dataset.indicators.set_index("id")
    assert {"samordnare", "samordnare_antal", "suv_status", "krit_1_1"} <= set(ids)
    assert all(indicators.loc[i, "source"] == rules.SURVEY_SOURCE for i in ids)
    assert all(indicators.loc[i, "derived"] == "" for i in ids)  # computed ones are not asked
    assert "skyddat_boende_placeringar" not in ids  # another source


def test_a_field_follows_the_indicator_s_type(dataset):
    fields = {f.indicator_id: f for f in rules.fields_for(
        dataset, ["samordnare", "samordnare_antal", "samordnare_tjanstgrad", "krit_1_1"])}  # fmt: skip
    assert fields["samordnare"].kind == "select"
    assert fields["samordnare"].options == [("nej", "Nej"), ("ja", "Ja")]
    assert not fields["samordnare"].own_missing  # the form adds 'Uppgift saknas'
    assert fields["krit_1_1"].own_missing  # the criterion scale has its own level for it
    count = fields["samordnare_antal"]
    assert (count.kind, count.minimum, count.maximum, count.step) == ("number", "0", "100", "1")
    assert "heltal 0–100" in count.expected
    assert fields["samordnare_tjanstgrad"].step == "any"
    assert fields["samordnare"].label_of("ja") == "Ja"
    assert fields["samordnare"].label_of(rules.MISSING) == "Uppgift saknas"
    assert fields["samordnare_tjanstgrad"].label_of("0.75") == "0,75"
    assert fields["samordnare_tjanstgrad"].shown("0.75") == "0,75"
    assert fields["samordnare"].shown("ja") == "ja"


def test_a_draft_counts_errors_and_unfinished_questions_apart(dataset):
    fields = rules.fields_for(dataset, ["samordnare", "samordnare_antal", "krit_1_1"])
    answers = {"samordnare": {"varde": "", "anmarkning": ""},
               "samordnare_antal": {"varde": rules.MISSING, "anmarkning": " "},
               "krit_1_1": {"varde": "uppfyllt", "anmarkning": ""}}  # fmt: skip
    assert rules.unfinished(answers, fields) == (["samordnare"], ["samordnare_antal"])
    assert rules.draft_remarks(1, 2, 1) == [
        "1 fel att rätta", "2 frågor är inte besvarade",
        "1 fråga med ”Uppgift saknas” behöver en anmärkning"]  # fmt: skip
    assert rules.draft_remarks(2, 1, 0) == ["2 fel att rätta", "1 fråga är inte besvarad"]
    assert rules.draft_remarks(0, 0, 0) == []
    assert rules.draft_audit(1, 2, 0) == "sparat, 1 fel, 2 obesvarade frågor"
    assert rules.draft_audit(0, 1, 2) == (
        "sparat, 1 obesvarad fråga, 2 frågor utan anmärkning om varför uppgift saknas"
    )


def test_the_form_is_prefilled_with_the_latest_earlier_year(dataset):
    fields = rules.fields_for(dataset, rules.default_indicators(dataset))
    answers, year = rules.previous_answers(dataset, CODE, YEAR, fields)
    assert year == YEAR - 1
    values = dataset.values
    stored = values[(values["municipality_code"] == CODE) & (values["year"] == YEAR - 1)]
    raw = dict(zip(stored["indicator_id"], stored["raw"], strict=True))
    assert answers["samordnare"]["varde"] == raw["samordnare"]
    # shown with a decimal comma, as the help text asks and as the text field keeps it
    assert answers["samordnare_tjanstgrad"]["varde"] == raw["samordnare_tjanstgrad"].replace(
        ".", ","
    )
    assert "," in answers["samordnare_tjanstgrad"]["varde"]
    assert rules.previous_answers(dataset, CODE, 2000, fields) == ({}, None)


def test_the_answers_become_the_rows_of_a_values_file(dataset):
    fields = rules.fields_for(dataset, ["samordnare", "samordnare_antal", "krit_1_1"])
    answers = {"samordnare": {"varde": "ja", "anmarkning": "två\nrader"},
               "samordnare_antal": {"varde": "", "anmarkning": ""},
               "krit_1_1": {"varde": "saknas", "anmarkning": "vet ej"}}  # fmt: skip
    data, rows = rules.values_file(CODE, YEAR, answers, fields)
    records = list(csv.reader(io.StringIO(data.decode()), delimiter=";"))
    assert records[0] == rules.HEADER
    assert records[1] == [CODE, "samordnare", str(YEAR), "ja", rules.answer_source(YEAR),
                          "två rader"]  # fmt: skip
    assert records[2][1:4] == ["krit_1_1", str(YEAR), "saknas"]
    assert rows == {2: "samordnare", 3: "krit_1_1"}  # the unanswered question has no row


def test_answers_from_the_form_keep_invalid_input(dataset):
    fields = rules.fields_for(dataset, ["samordnare_antal", "samordnare_tjanstgrad"])
    form = {"varde_samordnare_antal": " 5000 ", "anmarkning_samordnare_antal": "a\r\nb",
            "varde_samordnare_tjanstgrad": "1", "saknas_samordnare_tjanstgrad": "1"}  # fmt: skip
    answers = rules.answers_from_form(form, fields)
    assert answers["samordnare_antal"] == {"varde": "5000", "anmarkning": "a b"}
    assert answers["samordnare_tjanstgrad"]["varde"] == rules.MISSING  # the box wins


@pytest.fixture
def store(data_dir, tmp_path):
    """A store of its own with the fixture county as its only version."""
    url = f"sqlite:///{tmp_path / 'enkat.sqlite3'}"
    first = versions.publish(url, versions.snapshot(data_dir), parent_id=0, by="test",
                             source="test")  # fmt: skip
    return url, first.id, load_dataset(data_dir, get_settings().geo_dir)


def test_the_importer_s_errors_land_beside_their_fields(store):
    url, head, ds = store
    fields = rules.fields_for(ds, rules.default_indicators(ds))
    answers, _ = rules.previous_answers(ds, CODE, YEAR, fields)
    answers["samordnare_antal"]["varde"] = "500"
    answers["suv_status"]["varde"] = "snart"
    answers["krit_1_1"] = {"varde": "", "anmarkning": ""}
    answers["krit_1_2"] = {"varde": rules.MISSING, "anmarkning": ""}
    draft = rules.check_answers(url, head, CODE, YEAR, answers, fields, user="t", complete=False)
    assert set(draft.value_errors) == {"samordnare_antal", "suv_status"}
    assert "utanför det tillåtna intervallet (0–100)" in draft.value_errors["samordnare_antal"][0]
    assert "ej_paborjat" in draft.value_errors["suv_status"][0]
    assert not draft.note_errors and not draft.general and draft.outcome is None
    submit = rules.check_answers(url, head, CODE, YEAR, answers, fields, user="t", complete=True)
    assert "Svara på frågan" in submit.value_errors["krit_1_1"][0]
    assert "varför uppgiften saknas" in submit.note_errors["krit_1_2"][0]


def test_valid_answers_import_as_real_values_of_the_survey(store):
    url, head, ds = store
    fields = rules.fields_for(ds, rules.default_indicators(ds))
    answers, _ = rules.previous_answers(ds, CODE, YEAR, fields)
    answers["samordnare_antal"]["varde"] = "7"
    answers["krit_1_1"] = {"varde": rules.MISSING, "anmarkning": "Ingen uppgift i år"}
    check = rules.check_answers(url, head, CODE, YEAR, answers, fields, user="t", complete=True)
    assert check.ok and check.outcome is not None
    rows = _values(check.outcome.files["varden.csv"])
    mine = rows[(CODE, "samordnare_antal", str(YEAR))]
    assert (mine["varde"], mine["exempeldata"], mine["kalla"]) == (
        "7",
        "nej",
        rules.answer_source(YEAR),
    )
    assert rows[(CODE, "krit_1_1", str(YEAR))]["varde"] == ""  # explicit 'uppgift saknas'
    assert rows[(CODE, "krit_1_1", str(YEAR))]["anmarkning"] == "Ingen uppgift i år"


def _values(data: bytes) -> dict[tuple[str, str, str], dict[str, str]]:
    reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";")
    return {(r["kommunkod"], r["indikator"], r["ar"]): r for r in reader}


# --- through the admin ------------------------------------------------------------------------


def _sign_in(client, role: str, code: str | None = None) -> str:
    """A new account with a session row, its token in the client's cookie (as signing in
    would leave it); returns the username."""
    url = get_settings().database_url
    username = f"enkat-{role}-{secrets.token_hex(4)}"
    token = secrets.token_urlsafe(32)
    moment = datetime.now(UTC)
    with connect(url).begin() as conn:
        account_id = conn.execute(sa.insert(schema.account).values(
            username=username, display_name=f"Namn {username}", role=role, municipality_code=code,
            password_hash=None, active=True, created_at=moment).returning(
            schema.account.c.id)).scalar_one()  # fmt: skip
        conn.execute(sa.insert(schema.session).values(
            token_sha=hashlib.sha256(token.encode()).hexdigest(), account_id=account_id,
            created_at=moment, expires_at=moment + timedelta(hours=8), last_seen_at=moment))  # fmt: skip
    client.set_cookie(client.application.config["ADMIN_COOKIE"], token, domain="localhost")
    return username


def _token(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "the form has no CSRF token"
    return found.group(1)


def _get(client, path: str):
    return client.get(path, base_url=HTTPS)


def _post(client, path: str, data: dict, *, token_from: str | None = None):
    page = _get(client, token_from or path)
    return client.post(path, data={"csrf_token": _token(page.get_data(as_text=True)), **data},
                       base_url=HTTPS, headers={"Referer": HTTPS + path})  # fmt: skip


def _audit_rows(username: str) -> list:
    a = schema.audit
    with connect(get_settings().database_url).connect() as conn:
        return list(conn.execute(sa.select(a).where(a.c.username == username)
                                 .order_by(a.c.id)).all())  # fmt: skip


@pytest.fixture
def admin(app):
    """A förvaltare's and Alvesta's kommunrapportör's clients, and a year's survey opened by
    the förvaltare; afterwards the survey is removed and the published version restored."""
    url = get_settings().database_url
    get_dataset()  # the store is seeded and followed
    start = versions.head_id(url)
    manager, reporter = app.server.test_client(), app.server.test_client()
    names = {"manager": _sign_in(manager, "forvaltare"),
             "reporter": _sign_in(reporter, "kommunrapportor", CODE)}  # fmt: skip
    _remove_survey(url)
    answer = _post(manager, "/admin/arsuppfoljning", {
        "year": str(YEAR), "deadline": (clock.today() + timedelta(days=30)).isoformat(),
        "indicators": rules.default_indicators(get_dataset())})  # fmt: skip
    assert answer.status_code == 302, answer.get_data(as_text=True)
    yield manager, reporter, names
    _remove_survey(url)
    if versions.head_id(url) != start:
        versions.restore(url, start, by="test")
        _wait_for(_example_values_again)  # the next tests see the county as it was


def _example_values_again() -> bool:
    values = get_dataset().values
    return bool(values[values["municipality_code"] == CODE]["is_example"].all())


def _remove_survey(url: str) -> None:
    s, r = schema.survey, schema.survey_response
    with connect(url).begin() as conn:
        ids = [row.id for row in conn.execute(sa.select(s.c.id).where(s.c.year == YEAR))]
        conn.execute(sa.delete(r).where(r.c.survey_id.in_(ids)))
        conn.execute(sa.delete(s).where(s.c.year == YEAR))


def _wait_for(condition, seconds: float = 15) -> None:
    """Until the public side serves what the condition asks. The test process runs no
    version-following thread (only a serving worker does), so it moves to the store's newest
    version itself, as that thread would."""
    from dashboard.data import loader
    from dashboard.data.store import live

    settings = get_settings()
    end = time.monotonic() + seconds
    key = (settings.data_dir, settings.database_url)
    while True:
        live.switch_if_newer(settings, key, loader._preload)
        if condition():
            return
        assert time.monotonic() < end, "the condition did not hold in time"
        time.sleep(0.2)


def _form_data(html: str) -> dict[str, str]:
    """What the form would post as it is shown: each field's value or selected option."""
    data = {}
    for name, value in re.findall(r'<input class="form-control[^"]*"[^>]*name="([^"]+)" '
                                  r'[^>]*?value="([^"]*)"', html):  # fmt: skip
        data[name] = value
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected>', body)
        data[name] = chosen.group(1) if chosen else ""
    for name in re.findall(r'<input class="form-check-input" type="checkbox" id="[^"]+" '
                           r'name="([^"]+)" value="1" checked>', html):  # fmt: skip
        data[name] = "1"
    return data


def test_a_kommunrapportor_reaches_only_their_own_municipality(admin):
    _manager, reporter, names = admin
    own = _get(reporter, f"/admin/arsuppfoljning/{YEAR}/{CODE}")
    assert own.status_code == 200
    assert _get(reporter, f"/admin/arsuppfoljning/{YEAR}/{OTHER}").status_code == 403
    written = _post(reporter, f"/admin/arsuppfoljning/{YEAR}/{OTHER}",
                    {"atgard": "spara", "varde_samordnare": "ja"},
                    token_from=f"/admin/arsuppfoljning/{YEAR}/{CODE}")  # fmt: skip
    assert written.status_code == 403
    assert _get(reporter, f"/admin/arsuppfoljning/{YEAR}").status_code == 403  # the overview
    refused = [row for row in _audit_rows(names["reporter"]) if row.refused]
    assert [row.detail for row in refused[:2]] == [
        f"GET /admin/arsuppfoljning/{YEAR}/{OTHER}",
        f"POST /admin/arsuppfoljning/{YEAR}/{OTHER}",
    ]
    url = get_settings().database_url
    r = schema.survey_response
    with connect(url).connect() as conn:
        assert conn.execute(sa.select(r).where(r.c.municipality_code == OTHER)).first() is None
    listing = _get(reporter, "/admin/arsuppfoljning").get_data(as_text=True)
    assert f"/admin/arsuppfoljning/{YEAR}/{CODE}" in listing and OTHER not in listing


def test_an_invalid_value_is_shown_beside_its_field_and_nothing_is_published(admin):
    _manager, reporter, _names = admin
    path = f"/admin/arsuppfoljning/{YEAR}/{CODE}"
    html = _get(reporter, path).get_data(as_text=True)
    assert f"Förifyllt med förra årets svar ({YEAR - 1}) – kontrollera" in html
    head = versions.head_id(get_settings().database_url)
    data = {**_form_data(html), "varde_samordnare_antal": "500", "atgard": "skicka"}
    answer = _post(reporter, path, data)
    text = answer.get_data(as_text=True)
    assert answer.status_code == 400
    assert 'id="varde_samordnare_antal" name="varde_samordnare_antal" value="500"' in text
    assert re.search(r'aria-describedby="hjalp_samordnare_antal fel_varde_samordnare_antal"\s*'
                     r'aria-invalid="true"', text)  # fmt: skip
    beside = re.search(r'id="fel_varde_samordnare_antal">([^<]+)<', text)
    assert beside and "utanför det tillåtna intervallet (0–100)" in beside.group(1)
    assert '<a href="#varde_samordnare_antal">' in text  # the summary links to the field
    assert versions.head_id(get_settings().database_url) == head
    again = _get(reporter, path).get_data(as_text=True)  # the draft kept the invalid input
    assert 'value="500"' in again and "Utkast" in again


def test_from_draft_to_approval_and_the_public_side(admin):
    manager, reporter, names = admin
    url = get_settings().database_url
    path = f"/admin/arsuppfoljning/{YEAR}/{CODE}"
    data = {**_form_data(_get(reporter, path).get_data(as_text=True)),
            "varde_samordnare_antal": "42", "varde_krit_1_1": "ej_uppfyllt",
            "anmarkning_krit_1_1": "Målen ses över"}  # fmt: skip
    assert _post(reporter, path, {**data, "atgard": "spara"}).status_code == 200
    assert _post(reporter, path, {**data, "atgard": "skicka"}).status_code == 302
    shown = _get(reporter, path).get_data(as_text=True)
    assert "kan inte ändras" in shown and "Spara utkast" not in shown  # read-only now
    assert _post(reporter, path, {**data, "atgard": "spara"}, token_from="/admin/arsuppfoljning"
                 ).status_code == 409  # fmt: skip
    overview = _get(manager, f"/admin/arsuppfoljning/{YEAR}").get_data(as_text=True)
    assert re.search(r"Alvesta.*?Inskickad", overview, re.S)
    review = _get(manager, path).get_data(as_text=True)
    assert "42" in review and "Förra året" in review and "Publicerat nu" in review
    # sent back: a comment is required, and the kommunrapportör sees it on top
    assert _post(manager, path, {"atgard": "tillbaka", "kommentar": " "}).status_code == 400
    assert _post(manager, path, {"atgard": "tillbaka",
                                 "kommentar": "Kontrollera antalet."}).status_code == 302  # fmt: skip
    back = _get(reporter, path).get_data(as_text=True)
    assert "Kontrollera antalet." in back and "Återsänd" in back
    data["varde_samordnare_antal"] = "4"
    assert _post(reporter, path, {**data, "atgard": "skicka"}).status_code == 302
    head = versions.head_id(url)
    assert _post(manager, path, {"atgard": "godkann"}).status_code == 302
    info = versions.head(url)
    assert info is not None and info.id == head + 1
    assert info.source == "Årsuppföljningen 2025: Alvesta" and info.created_by == names["manager"]
    rows = _values(versions.files_of(url, info.id)["varden.csv"])
    mine = rows[(CODE, "samordnare_antal", str(YEAR))]
    assert (mine["varde"], mine["exempeldata"], mine["kalla"]) == (
        "4",
        "nej",
        rules.answer_source(YEAR),
    )
    assert rows[(CODE, "krit_1_1", str(YEAR))]["anmarkning"] == "Målen ses över"
    assert rows[(OTHER, "samordnare_antal", str(YEAR))]["exempeldata"] == "ja"  # untouched
    r = schema.survey_response
    with connect(url).connect() as conn:
        saved = conn.execute(sa.select(r).where(r.c.municipality_code == CODE)).one()
    assert (saved.status, saved.published_version_id) == ("godkand", info.id)
    actions = [row.action for row in _audit_rows(names["reporter"])]
    assert actions.count("arsuppfoljning inskickad") == 2 and "arsuppfoljning utkast" in actions
    assert {"arsuppfoljning atersand", "arsuppfoljning godkand"} <= {
        row.action for row in _audit_rows(names["manager"])
    }

    def public_shows_it() -> bool:
        values = get_dataset().values
        row = values[(values["municipality_code"] == CODE) & (values["year"] == YEAR)
                     & (values["indicator_id"] == "samordnare_antal")]  # fmt: skip
        return not row.empty and row["raw"].iloc[0] == "4" and not row["is_example"].iloc[0]

    _wait_for(public_shows_it)


def test_one_survey_a_year_and_only_a_forvaltare_opens_it(admin):
    manager, reporter, names = admin
    again = _post(manager, "/admin/arsuppfoljning", {
        "year": str(YEAR), "deadline": "2026-03-31", "indicators": ["samordnare"]})  # fmt: skip
    text = again.get_data(as_text=True)
    assert again.status_code == 400 and f"Det finns redan en årsuppföljning för {YEAR}" in text
    assert 'aria-invalid="true"' in text and '<a href="#ar">' in text
    refused = _post(reporter, "/admin/arsuppfoljning", {"year": "2024", "deadline": "2026-03-31",
                                                         "indicators": ["samordnare"]})  # fmt: skip
    assert refused.status_code == 403
    assert any(row.refused for row in _audit_rows(names["reporter"]))


def test_a_draft_is_stored_as_the_answers_json(admin):
    """The stored answers are the JSON the form and the review read back."""
    _manager, reporter, _names = admin
    path = f"/admin/arsuppfoljning/{YEAR}/{CODE}"
    data = _form_data(_get(reporter, path).get_data(as_text=True))
    _post(reporter, path, {**data, "atgard": "spara"})
    r = schema.survey_response
    with connect(get_settings().database_url).connect() as conn:
        stored = json.loads(conn.execute(sa.select(r.c.answers)
                                         .where(r.c.municipality_code == CODE)).scalar_one())  # fmt: skip
    assert set(stored["samordnare"]) == {"varde", "anmarkning"}


def _submit(reporter) -> None:
    path = f"/admin/arsuppfoljning/{YEAR}/{CODE}"
    data = _form_data(_get(reporter, path).get_data(as_text=True))
    assert _post(reporter, path, {**data, "atgard": "skicka"}).status_code == 302


def test_after_the_last_day_an_answer_is_still_taken_but_marked(admin):
    manager, reporter, _names = admin
    s = schema.survey
    with connect(get_settings().database_url).begin() as conn:
        conn.execute(sa.update(s).where(s.c.year == YEAR)
                     .values(deadline=clock.today() - timedelta(days=1)))  # fmt: skip
    form = _get(reporter, f"/admin/arsuppfoljning/{YEAR}/{CODE}").get_data(as_text=True)
    assert "har passerat. Du kan fortfarande skicka in" in form
    _submit(reporter)
    overview = _get(manager, f"/admin/arsuppfoljning/{YEAR}").get_data(as_text=True)
    assert re.search(r"Alvesta.*?Inskickad</strong> efter sista dag", overview, re.S)
    assert "(efter sista dag)" in _get(reporter, "/admin/arsuppfoljning").get_data(as_text=True)


def test_a_publish_landing_in_between_is_retried_once_against_the_new_head(admin, monkeypatch):
    from dashboard.web.admin import survey

    manager, reporter, _names = admin
    _submit(reporter)
    url = get_settings().database_url
    real, bases = survey.publishing.publish, []

    def another_publish_first(store, outcome, **kwargs):
        bases.append(outcome.base_id)
        if len(bases) == 1:  # someone else publishes the same files just before
            versions.publish(store, versions.files_of(store, outcome.base_id),
                             parent_id=outcome.base_id, by="någon annan", source="test")  # fmt: skip
            raise versions.ConcurrentPublish("någon annan publicerade under tiden")
        return real(store, outcome, **kwargs)

    monkeypatch.setattr(survey.publishing, "publish", another_publish_first)
    head = versions.head_id(url)
    answer = _post(manager, f"/admin/arsuppfoljning/{YEAR}/{CODE}", {"atgard": "godkann"})
    assert answer.status_code == 302
    assert bases == [head, head + 1]  # imported again against the version that landed
    assert versions.head_id(url) == head + 2
    assert versions.head(url).source == "Årsuppföljningen 2025: Alvesta"


def test_a_decimal_comma_is_kept_and_shown_with_a_comma(admin):
    """A number is a text field: a browser's number input dropped the comma (0,75 → 075)."""
    _manager, reporter, _names = admin
    path = f"/admin/arsuppfoljning/{YEAR}/{CODE}"
    html = _get(reporter, path).get_data(as_text=True)
    field = re.search(r'<input [^>]*id="varde_samordnare_tjanstgrad"[^>]*>', html).group(0)
    assert 'type="text"' in field and 'inputmode="decimal"' in field
    assert re.search(r'value="\d+,\d+"', field)  # the prefilled value, with a comma
    data = {**_form_data(html), "varde_samordnare_tjanstgrad": "0,75", "atgard": "spara"}
    saved = _post(reporter, path, data).get_data(as_text=True)
    assert 'name="varde_samordnare_tjanstgrad" value="0,75"' in saved
    assert "fel_varde_samordnare_tjanstgrad" not in saved
    data["varde_samordnare_tjanstgrad"] = "0.5"  # a point is read too, and shown with a comma
    saved = _post(reporter, path, data).get_data(as_text=True)
    assert 'name="varde_samordnare_tjanstgrad" value="0,5"' in saved


def test_a_draft_s_message_counts_errors_and_unanswered_questions_apart(admin):
    _manager, reporter, names = admin
    path = f"/admin/arsuppfoljning/{YEAR}/{CODE}"
    data = {**_form_data(_get(reporter, path).get_data(as_text=True)), "atgard": "spara",
            "varde_samordnare_antal": "500", "varde_suv_status": "",
            "varde_krit_1_2": rules.MISSING, "anmarkning_krit_1_2": ""}  # fmt: skip
    text = _post(reporter, path, data).get_data(as_text=True)
    assert ("Utkastet är sparat. Innan du kan skicka in: 1 fel att rätta; 1 fråga är inte "
            "besvarad; 1 fråga med ”Uppgift saknas” behöver en anmärkning.") in text  # fmt: skip
    details = [row.detail for row in _audit_rows(names["reporter"])
               if row.action == "arsuppfoljning utkast"]  # fmt: skip
    assert details[-1].endswith("sparat, 1 fel, 1 obesvarad fråga, 1 fråga utan anmärkning "
                                "om varför uppgift saknas")  # fmt: skip


def test_the_error_summary_comes_first_on_a_refused_page(admin):
    """After a failed POST the page reloads at the top: the summary must be what is there."""
    manager, reporter, _names = admin
    path = f"/admin/arsuppfoljning/{YEAR}/{CODE}"
    data = {**_form_data(_get(reporter, path).get_data(as_text=True)),
            "varde_samordnare_antal": "500", "atgard": "skicka"}  # fmt: skip
    text = _post(reporter, path, data).get_data(as_text=True)
    assert (
        text.index('id="felsammanfattning"')
        < text.index("Status:")
        < text.index('class="admin-form survey-form"')
    )
    data["varde_samordnare_antal"] = "5"
    assert _post(reporter, path, data).status_code == 302
    refused = _post(manager, path, {"atgard": "tillbaka", "kommentar": ""})
    text = refused.get_data(as_text=True)
    assert refused.status_code == 400
    summary = text.index('id="felsammanfattning"')
    assert summary < text.index("Status:") < text.index('class="list-unstyled survey-review"')
    assert '<a href="#kommentar">Skriv vad kommunen ska ändra' in text[summary:]


def test_people_are_named_and_the_submit_day_written_out(admin):
    """Display names, not logins; 'Status: Inskickad 7 december 2026', said once."""
    manager, reporter, names = admin
    path = f"/admin/arsuppfoljning/{YEAR}/{CODE}"
    _submit(reporter)
    shown = _get(reporter, path).get_data(as_text=True)
    today = clock.today()
    assert f"Status: <strong>Inskickad {day_text(today)}</strong>." in shown
    assert "inskickad 20" not in shown
    year_page = _get(manager, f"/admin/arsuppfoljning/{YEAR}").get_data(as_text=True)
    assert f"Öppnad av Namn {names['manager']}." in year_page
    assert re.search(rf"<td[^>]*>Namn {names['reporter']}</td>", year_page)
    review = _get(manager, path).get_data(as_text=True)
    assert f"av Namn {names['reporter']}" in review and f"av {names['reporter']}" not in review


def survey_module():
    from dashboard.web.admin import survey

    return survey


def test_approval_says_the_year_is_preliminary_and_links_the_public_page(admin):
    manager, reporter, names = admin
    path = f"/admin/arsuppfoljning/{YEAR}/{CODE}"
    _submit(reporter)
    total = len(get_dataset().municipalities)
    before = _get(manager, f"/admin/arsuppfoljning/{YEAR}").get_data(as_text=True)
    assert f"tills alla kommuner är godkända (0 av {total})" in before
    shown = _get(reporter, path).get_data(as_text=True)  # submitted: date in words, once
    today = clock.today()
    assert re.search(rf"Status: <strong>Inskickad {today.day} \w+ {today.year}</strong>\.", shown)
    assert "inskickad 20" not in shown
    answer = manager.post(path, data={"atgard": "godkann", "csrf_token": _token(
        _get(manager, path).get_data(as_text=True))}, base_url=HTTPS,
        headers={"Referer": HTTPS + path}, follow_redirects=True)  # fmt: skip
    text = answer.get_data(as_text=True)
    expected = (f"{YEAR} visas som preliminärt på den publika sidan tills alla kommuner är "
                f"godkända (1 av {total})")  # fmt: skip
    assert text.count(expected) == 2  # in the message and on the year page
    assert f'href="/kommun/{CODE}?ar={YEAR}"' in text
    review = _get(manager, path).get_data(as_text=True)
    assert expected in review and f'href="/kommun/{CODE}?ar={YEAR}"' in review
    # people are named as they are known, not by their login
    assert f"Namn {names['manager']}" in review and f"av {names['manager']}" not in review
    assert f"Öppnad av Namn {names['manager']}" in text
    assert f'<td data-label="Av">Namn {names["manager"]}</td>' in text
