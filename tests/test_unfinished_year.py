"""A year still running is preliminary (#33): its activities are partly planned, not done, so
Uppföljning, the follow-up report and the Verksamhetsplan page say so while it runs, and stop
saying it once it is over."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from dashboard.charts import report_charts
from dashboard.data.loader import get_dataset
from dashboard.domain import activity_plan, progress
from dashboard.ui import followup_report, report_content
from tests.test_plan_words import squash, text_of

RUNNING = dt.date(2026, 12, 7)
OVER = dt.date(2027, 1, 12)


@pytest.fixture(scope="module")
def ds():
    return get_dataset()


def test_the_sentence_names_the_running_year_and_a_year_not_begun():
    assert progress.unfinished_year_text(2026, RUNNING) == (
        "2026 är inte slut: årets uppgifter är preliminära.")  # fmt: skip
    assert progress.unfinished_year_text(2027, RUNNING).startswith("2027 har inte börjat")
    assert progress.unfinished_year_text(2026, OVER) == ""
    assert progress.unfinished_year_text(2025, RUNNING) == ""


def test_uppfoljning_says_2026_is_preliminary_while_it_runs(ds, app):
    from dashboard.pages import uppfoljning

    assert 2026 in ds.activities["year"].tolist()  # the example data reaches 2026
    running = squash(text_of(uppfoljning.layout(datum=RUNNING.isoformat())))
    over = squash(text_of(uppfoljning.layout(datum=OVER.isoformat())))
    assert "2026 är inte slut: årets uppgifter är preliminära." in running
    assert "är inte slut" not in over


def _report_text(ds, made: dt.date) -> str:
    document = followup_report.build(ds, {"fran": "2018", "till": "2026"}, report_charts, made)
    facts = " ".join(value for _, value in document.facts)  # the title page
    return facts + " ".join(str(getattr(b, "text", "")) for b in document.blocks
                            if not isinstance(b, report_content.Figure))  # fmt: skip


def test_the_report_says_so_on_its_title_page(ds):
    assert "2026 är inte slut" in _report_text(ds, RUNNING)
    assert "2026 är inte slut" not in _report_text(ds, OVER)


def test_the_activity_plan_page_marks_the_running_year_and_keys_its_cache_on_it(ds, app,
                                                                                monkeypatch):  # fmt: skip
    from dashboard.pages import verksamhetsplan

    class Running(dt.date):
        @classmethod
        def today(cls):
            return RUNNING

    monkeypatch.setattr(verksamhetsplan, "dt", SimpleNamespace(date=Running))
    monkeypatch.setattr(activity_plan, "dt", SimpleNamespace(date=Running))
    assert "2026 är inte slut" in squash(text_of(verksamhetsplan.layout(ar="2026")))
    assert "är inte slut" not in squash(text_of(verksamhetsplan.layout(ar="2025")))
    assert activity_plan.canonical_query(ds, {"ar": "2026"})["pagar"] == "ja"
    assert "pagar" not in activity_plan.canonical_query(ds, {"ar": "2025"})
