"""The yearly survey (Länsstyrelsens årsuppföljning, extern) in the admin.

The förvaltare opens a year's survey (its questions and last day); each kommunrapportör
fills in their own municipality's form, prefilled with last year's answers, saves drafts and
submits; the förvaltare sees who has, reviews each answer beside last year's and the
published value, sends it back with a comment or approves it, and approval publishes the
answers as a new version of the dataset. The answers are checked by the values importer
itself (store/survey_rules.py), so a survey accepts exactly what an uploaded file would.

A kommunrapportör reaches only their own municipality: any other is refused and logged,
whether read or written. Every save, submit, return and approval is in the audit log.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for

from dashboard.data.import_validate import ImportFailed
from dashboard.data.loader import MIN_YEAR, DataError, get_dataset
from dashboard.data.store import publishing, schema, versions
from dashboard.data.store import survey_rules as rules
from dashboard.data.store.db import StoreError, connect
from dashboard.web.admin import blueprint, clock
from dashboard.web.admin.auth import (
    FORVALTARE,
    Account,
    audit,
    current_account,
    refusal,
    require,
    store_url,
)

COMMENT_LIMIT = 2000


# --- the store ------------------------------------------------------------------------------


def _engine() -> sa.Engine:
    return connect(store_url())


def survey_of(year: int) -> Any:
    s = schema.survey
    with _engine().connect() as conn:
        return conn.execute(sa.select(s).where(s.c.year == year)).first()


def all_surveys() -> list[Any]:
    s = schema.survey
    with _engine().connect() as conn:
        return list(conn.execute(sa.select(s).order_by(s.c.year.desc())).all())


def responses_of(survey_id: int) -> dict[str, Any]:
    r = schema.survey_response
    with _engine().connect() as conn:
        rows = conn.execute(sa.select(r).where(r.c.survey_id == survey_id)).all()
    return {row.municipality_code: row for row in rows}


def response_of(survey_id: int, code: str) -> Any:
    r = schema.survey_response
    with _engine().connect() as conn:
        return conn.execute(sa.select(r).where(r.c.survey_id == survey_id,
                                               r.c.municipality_code == code)).first()  # fmt: skip


def write_response(survey_id: int, code: str, **values: Any) -> None:
    """Insert or update the municipality's response (one per survey and municipality)."""
    r = schema.survey_response
    values.setdefault("updated_at", datetime.now(UTC))
    where = (r.c.survey_id == survey_id) & (r.c.municipality_code == code)
    with _engine().begin() as conn:
        done = conn.execute(sa.update(r).where(where).values(**values)).rowcount
        if not done:
            values.setdefault("comment", "")
            values.setdefault("answers", "{}")
            conn.execute(sa.insert(r).values(survey_id=survey_id, municipality_code=code,
                                             **values))  # fmt: skip


# --- shared bits ----------------------------------------------------------------------------


local_time = clock.minute_text


@blueprint.app_template_global()
def swedish_date(moment: datetime) -> str:
    """'7 december 2026': the day in Swedish time, as the status line reads it."""
    return clock.day(moment)


def display_names() -> dict[str, str]:
    """username -> the name people know each other by; the pages show that, not the login."""
    a = schema.account
    with _engine().connect() as conn:
        rows = conn.execute(sa.select(a.c.username, a.c.display_name)).all()
    return {row.username: row.display_name or row.username for row in rows}


def approved_count(survey_id: int) -> int:
    return sum(1 for r in responses_of(survey_id).values() if r.status == "godkand")


def preliminary_text(year: int, approved: int, total: int) -> str:
    """What the public pages do with the survey's year while municipalities are missing: it
    is preliminary (and the pages open on an earlier year) until every one is approved."""
    if approved >= total:
        return (
            f"Alla {total} kommuner är godkända: {year} visas som ett helt år på den publika sidan."
        )
    return (f"{year} visas som preliminärt på den publika sidan tills alla kommuner är godkända "
            f"({approved} av {total}). Sidorna öppnar på ett tidigare år tills dess; välj {year} "
            "för att se svaren.")  # fmt: skip


def public_url(code: str, year: int) -> str:
    """The public municipality page with the survey's year chosen."""
    return f"/kommun/{code}?ar={year}"


def is_late(survey: Any, response: Any) -> bool:
    """Submitted after the survey's last day (Swedish time)."""
    if response is None or response.submitted_at is None:
        return False
    return clock.local(response.submitted_at).date() > survey.deadline


def municipality_names() -> dict[str, str]:
    frame = get_dataset().municipalities
    return dict(zip(frame["code"], frame["name"], strict=True))


def survey_fields(survey: Any) -> list[rules.Field]:
    return rules.fields_for(get_dataset(), json.loads(survey.indicators))


def status_of(response: Any) -> str:
    return "ej_paborjad" if response is None else response.status


@blueprint.app_template_global()
def survey_status_name(status: str) -> str:
    return rules.STATUSES.get(status, status)


def _refuse_other_municipality(account: Account, code: str) -> None:
    """A kommunrapportör reaches their own municipality only; anything else is logged."""
    if account.role != FORVALTARE and account.municipality_code != code:
        audit("nekad arsuppfoljning", f"{request.method} {request.path}", refused=True)
        abort(403)


# --- the list, and opening a year's survey --------------------------------------------------


@blueprint.route("/arsuppfoljning", methods=["GET", "POST"])
@require()
def surveys():
    account = current_account()
    assert account is not None
    if request.method == "POST":
        if account.role != FORVALTARE:
            audit("nekad arsuppfoljning", f"POST {request.path}", refused=True)
            abort(403)
        return open_survey(account)
    if account.role == FORVALTARE:
        return _manager_list(form=None, errors={})
    return _reporter_list(account)


def _manager_list(form: dict[str, Any] | None, errors: dict[str, str], status: int = 200):
    ds = get_dataset()
    listed = []
    for row in all_surveys():
        answered = responses_of(row.id)
        counts = {key: sum(1 for r in answered.values() if r.status == key)
                  for key in ("inskickad", "godkand")}  # fmt: skip
        listed.append({"row": row, "count": len(json.loads(row.indicators)), **counts})
    indicators = rules.surveyable(ds)
    if form is None:
        form = {"year": str(clock.today().year - 1), "deadline": "",
                "indicators": rules.default_indicators(ds)}  # fmt: skip
    choices = list(zip(indicators["id"], indicators["name"], indicators["source"], strict=True))
    return render_template("admin/surveys.html", surveys=listed, choices=choices, form=form,
                           errors=errors, municipalities=len(ds.municipalities)), status  # fmt: skip


def _reporter_list(account: Account):
    code = account.municipality_code or ""
    listed = []
    for row in all_surveys():
        response = response_of(row.id, code)
        listed.append({"row": row, "status": status_of(response),
                       "late": is_late(row, response)})  # fmt: skip
    return render_template("admin/survey_mine.html", surveys=listed, code=code,
                           name=municipality_names().get(code, code))  # fmt: skip


def _opening_errors(form: dict[str, Any], known: set[str]) -> dict[str, str]:
    errors = {}
    year = form["year"]
    last = clock.today().year
    if not year.isdigit() or not MIN_YEAR <= int(year) <= last:
        errors["year"] = f"Ange året som ett årtal {MIN_YEAR}–{last}."
    elif survey_of(int(year)) is not None:
        errors["year"] = f"Det finns redan en årsuppföljning för {year}: en per år."
    try:
        date.fromisoformat(form["deadline"])
    except ValueError:
        errors["deadline"] = "Ange sista dag som ett datum, t.ex. 2026-03-31."
    chosen = form["indicators"]
    if not chosen:
        errors["indicators"] = "Välj minst en indikator."
    elif set(chosen) - known:
        errors["indicators"] = "Välj bara indikatorer i listan."
    return errors


def open_survey(account: Account):
    ds = get_dataset()
    form = {"year": request.form.get("year", "").strip(),
            "deadline": request.form.get("deadline", "").strip(),
            "indicators": request.form.getlist("indicators")}  # fmt: skip
    known = set(rules.surveyable(ds)["id"])
    errors = _opening_errors(form, known)
    if errors:
        return _manager_list(form, errors, status=400)
    chosen = [i for i in rules.surveyable(ds)["id"] if i in set(form["indicators"])]
    try:
        with _engine().begin() as conn:
            conn.execute(sa.insert(schema.survey).values(
                year=int(form["year"]), indicators=json.dumps(chosen),
                deadline=date.fromisoformat(form["deadline"]), opened_by=account.username,
                opened_at=datetime.now(UTC), closed=False))  # fmt: skip
    except sa.exc.IntegrityError:
        errors = {"year": f"Det finns redan en årsuppföljning för {form['year']}: en per år."}
        return _manager_list(form, errors, status=400)
    audit("arsuppfoljning oppnad", f"{form['year']}: {len(chosen)} indikatorer, sista dag "
          f"{form['deadline']}")  # fmt: skip
    flash(f"Årsuppföljningen {form['year']} är öppnad. Kommunrapportörerna kan nu fylla i den.",
          "ok")  # fmt: skip
    return redirect(url_for("admin.survey_year", ar=int(form["year"])))


# --- one year: who has answered -------------------------------------------------------------


@blueprint.get("/arsuppfoljning/<int(max=2147483647):ar>")
@require(FORVALTARE)
def survey_year(ar: int):
    survey = survey_of(ar)
    if survey is None:
        abort(404)
    answered = responses_of(survey.id)
    people = display_names()
    rows = []
    for code, name in municipality_names().items():
        response = answered.get(code)
        rows.append({"code": code, "name": name, "status": status_of(response),
                     "late": is_late(survey, response), "public": public_url(code, ar),
                     "updated": local_time(response.updated_at) if response else "",
                     "by": people.get(response.updated_by, response.updated_by)
                     if response and response.updated_by else ""})  # fmt: skip
    approved = sum(1 for row in rows if row["status"] == "godkand")
    return render_template("admin/survey_year.html", survey=survey, rows=rows,
                           overdue=clock.today() > survey.deadline,
                           opened_by=people.get(survey.opened_by, survey.opened_by),
                           preliminary=preliminary_text(ar, approved, len(rows)))  # fmt: skip


# --- one municipality's answers -------------------------------------------------------------


@blueprint.route("/arsuppfoljning/<int(max=2147483647):ar>/<kommunkod>", methods=["GET", "POST"])
@require()
def survey_response(ar: int, kommunkod: str):
    account = current_account()
    assert account is not None
    _refuse_other_municipality(account, kommunkod)
    survey = survey_of(ar)
    names = municipality_names()
    if survey is None or kommunkod not in names:
        abort(404)
    if request.method == "POST":
        return _post_response(account, survey, kommunkod, names[kommunkod])
    if account.role == FORVALTARE:
        return _review_page(survey, kommunkod, names[kommunkod])
    return _form_page(survey, kommunkod, names[kommunkod])


def _post_response(account: Account, survey: Any, code: str, name: str):
    action = request.form.get("atgard", "")
    reporter_actions = {"spara": False, "skicka": True}
    if account.role == FORVALTARE and action == "tillbaka":
        return _send_back(account, survey, code, name)
    if account.role == FORVALTARE and action == "godkann":
        return _approve(account, survey, code, name)
    if account.role != FORVALTARE and action in reporter_actions:
        return _save(account, survey, code, name, submit=reporter_actions[action])
    return refusal(400, "Okänd åtgärd i formuläret. Ladda om sidan och försök igen.")


def _form_page(survey: Any, code: str, name: str, *, answers: dict | None = None,
               check: rules.Check | None = None, status: int = 200):  # fmt: skip
    """The kommunrapportör's form: the saved answers, else last year's; read-only once
    submitted, until the förvaltare sends it back."""
    ds = get_dataset()
    fields = survey_fields(survey)
    response = response_of(survey.id, code)
    prefilled_from = None
    if answers is None and response is not None:
        answers = json.loads(response.answers)
    if answers is None:
        answers, prefilled_from = rules.previous_answers(ds, code, survey.year, fields)
    state = status_of(response)
    editable = state in rules.EDITABLE
    if check is None and editable and response is not None:  # a saved draft: what is wrong
        check = rules.check_answers(store_url(), versions.head_id(store_url()), code,
                                    survey.year, answers, fields, user="kontroll",
                                    complete=False)  # fmt: skip
    return render_template(
        "admin/survey_form.html", survey=survey, code=code, name=name, fields=fields,
        answers=answers, check=check or rules.Check(), state=state, editable=editable,
        response=response, prefilled_from=prefilled_from, late=clock.today() > survey.deadline,
        missing=rules.MISSING, missing_label=rules.MISSING_LABEL), status  # fmt: skip


def _save(account: Account, survey: Any, code: str, name: str, *, submit: bool):
    response = response_of(survey.id, code)
    state = status_of(response)
    if state not in rules.EDITABLE:
        audit("nekad arsuppfoljning", f"{survey.year} {code}: {survey_status_name(state)}, "
              "kan inte ändras", refused=True)  # fmt: skip
        return refusal(409, "Svaren är redan inskickade och kan inte ändras förrän "
                       "förvaltaren skickar tillbaka dem.")  # fmt: skip
    fields = survey_fields(survey)
    answers = rules.answers_from_form(request.form, fields)
    url = store_url()
    check = rules.check_answers(url, versions.head_id(url), code, survey.year, answers,
                                fields, user=account.username, complete=submit)  # fmt: skip
    draft_state = "atersand" if state == "atersand" else "utkast"
    now = datetime.now(UTC)
    if submit and check.ok:
        write_response(survey.id, code, status="inskickad", answers=json.dumps(answers),
                       updated_at=now, updated_by=account.username, submitted_at=now)  # fmt: skip
        late = clock.today() > survey.deadline
        audit("arsuppfoljning inskickad", f"{survey.year} {code} ({name})"
              + (", efter sista dag" if late else ""))  # fmt: skip
        flash(f"Svaren för {name} är inskickade" + (", efter sista dag" if late else "")
              + ". Förvaltaren granskar dem.", "ok")  # fmt: skip
        return redirect(url_for("admin.survey_response", ar=survey.year, kommunkod=code))
    write_response(survey.id, code, status=draft_state, answers=json.dumps(answers),
                   updated_at=now, updated_by=account.username)  # fmt: skip
    counts = _draft_counts(check, answers, fields)
    audit("arsuppfoljning utkast", f"{survey.year} {code} ({name}): {rules.draft_audit(*counts)}"
          + (", inskickning nekad" if submit else ""))  # fmt: skip
    remarks = rules.draft_remarks(*counts)
    if submit:
        flash("Inte inskickat: rätta felen nedan. Dina svar är sparade som utkast.", "fel")
    elif remarks:
        flash("Utkastet är sparat. Innan du kan skicka in: " + "; ".join(remarks) + ".", "ok")
    else:
        flash("Utkastet är sparat.", "ok")
    return _form_page(survey, code, name, answers=answers, check=check,
                      status=400 if submit else 200)  # fmt: skip


def _draft_counts(check: rules.Check, answers: dict,
                  fields: list[rules.Field]) -> tuple[int, int, int]:  # fmt: skip
    """Questions with errors, questions not answered, and 'Uppgift saknas' without a note:
    counted apart, since a draft's check does not ask for the last two but a submit does."""
    unanswered, without_note = rules.unfinished(answers, fields)
    wrong = (set(check.value_errors) | set(check.note_errors)) - set(unanswered) - set(
        without_note)  # fmt: skip
    return len(wrong) + len(check.general), len(unanswered), len(without_note)


# --- the förvaltare's review ----------------------------------------------------------------


def _review_page(survey: Any, code: str, name: str, *, comment: str = "",
                 comment_error: str = "", status: int = 200):  # fmt: skip
    ds = get_dataset()
    fields = survey_fields(survey)
    response = response_of(survey.id, code)
    answers = json.loads(response.answers) if response is not None else {}
    last, last_year = rules.previous_answers(ds, code, survey.year, fields)
    published = rules.published_values(ds, code, survey.year)
    return render_template(
        "admin/survey_review.html", survey=survey, code=code, name=name, fields=fields,
        answers=answers, last=last, last_year=last_year, published=published,
        response=response, state=status_of(response), late=is_late(survey, response),
        comment=comment, comment_error=comment_error, local_time=local_time,
        updated_by=display_names().get(response.updated_by, response.updated_by)
        if response is not None and response.updated_by else "",
        public=public_url(code, survey.year),
        preliminary=preliminary_text(survey.year, approved_count(survey.id),
                                     len(municipality_names()))), status  # fmt: skip


def _send_back(account: Account, survey: Any, code: str, name: str):
    response = response_of(survey.id, code)
    if status_of(response) != "inskickad":
        return refusal(409, "Bara inskickade svar kan skickas tillbaka.")
    comment = request.form.get("kommentar", "").strip()[:COMMENT_LIMIT]
    if not comment:
        return _review_page(survey, code, name, comment_error="Skriv vad kommunen ska ändra: "
                            "kommentaren visas överst i deras formulär.", status=400)  # fmt: skip
    write_response(survey.id, code, status="atersand", comment=comment,
                   reviewed_by=account.username, updated_by=account.username)  # fmt: skip
    audit("arsuppfoljning atersand", f"{survey.year} {code} ({name}): {comment}")
    flash(f"Svaren för {name} är skickade tillbaka med din kommentar.", "ok")
    return redirect(url_for("admin.survey_year", ar=survey.year))


def _import_answers(account: Account, survey: Any, code: str,
                    answers: dict) -> publishing.Outcome:  # fmt: skip
    fields = survey_fields(survey)
    data, _rows = rules.values_file(code, survey.year, answers, fields)
    url = store_url()
    return publishing.import_bytes(url, "varden", f"arsuppfoljning-{survey.year}-{code}.csv",
                                   data, base_id=versions.head_id(url), user=account.username,
                                   year=survey.year)  # fmt: skip


def _approve(account: Account, survey: Any, code: str, name: str):
    """Publish the answers as a new version, imported against the published one. If another
    publish lands in between, the same answers are imported once more against it."""
    response = response_of(survey.id, code)
    if status_of(response) != "inskickad":
        return refusal(409, "Bara inskickade svar kan godkännas.")
    answers = json.loads(response.answers)
    source = f"Årsuppföljningen {survey.year}: {name}"
    info = None
    try:
        for attempt in (1, 2):
            outcome = _import_answers(account, survey, code, answers)
            try:
                info = publishing.publish(store_url(), outcome, by=account.username,
                                          source=source)  # fmt: skip
                break
            except versions.ConcurrentPublish:
                if attempt == 2:
                    raise
    except versions.ConcurrentPublish:
        flash("Någon annan publicerade samtidigt, två gånger i rad. Ingenting är publicerat; "
              "försök igen om en stund.", "fel")  # fmt: skip
        return redirect(url_for("admin.survey_response", ar=survey.year, kommunkod=code))
    except (ImportFailed, DataError, StoreError) as exc:
        audit("arsuppfoljning godkand", f"{survey.year} {code}: kunde inte publiceras: {exc}",
              refused=True)  # fmt: skip
        flash(f"Svaren kunde inte publiceras: {exc}", "fel")
        return redirect(url_for("admin.survey_response", ar=survey.year, kommunkod=code))
    write_response(survey.id, code, status="godkand", reviewed_by=account.username,
                   updated_by=account.username, published_version_id=info.id)  # fmt: skip
    audit("arsuppfoljning godkand", f"{survey.year} {code} ({name}): version {info.id}")
    flash(f"Svaren för {name} är godkända och publicerade som version {info.id}. Den publika "
          "tjänsten visar dem inom 10 sekunder. " + preliminary_text(
              survey.year, approved_count(survey.id), len(municipality_names())), "ok")  # fmt: skip
    return redirect(url_for("admin.survey_year", ar=survey.year))
