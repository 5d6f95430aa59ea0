"""The admin's times are Stockholm's: a survey submitted at 00:30 Swedish time on 8 December is
'8 december', though the server's clock (UTC) still says 7 December. CI found the test that
expected the UTC day failing after 23:00 UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime
from types import SimpleNamespace

from dashboard.web.admin import clock
from dashboard.web.admin.survey import is_late


def test_a_moment_after_midnight_in_stockholm_is_the_next_day():
    winter = datetime(2026, 12, 7, 23, 30, tzinfo=UTC)
    assert clock.day(winter) == "8 december 2026"
    assert clock.moment_text(winter) == "8 december 2026 kl. 00.30"
    assert clock.minute_text(winter) == "2026-12-08 00:30"
    summer = datetime(2026, 6, 30, 22, 15)  # as SQLite hands it back: UTC without its zone
    assert clock.day(summer) == "1 juli 2026"
    assert clock.moment_text(summer) == "1 juli 2026 kl. 00.15"
    assert clock.moment_text(None) == clock.minute_text(None) == ""


def test_lateness_is_judged_by_the_swedish_day():
    survey = SimpleNamespace(deadline=date(2026, 12, 7))
    on_time = SimpleNamespace(submitted_at=datetime(2026, 12, 7, 22, 59, tzinfo=UTC))
    late = SimpleNamespace(submitted_at=datetime(2026, 12, 7, 23, 1, tzinfo=UTC))
    assert not is_late(survey, on_time)
    assert is_late(survey, late)
    assert not is_late(survey, None)


def test_today_is_stockholms_day(monkeypatch):
    class Frozen(datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime(2026, 12, 7, 23, 30, tzinfo=UTC).astimezone(tz)

    monkeypatch.setattr(clock, "datetime", Frozen)
    assert clock.today() == date(2026, 12, 8)
