"""Times in the admin as a Swedish reader reads them. The store keeps UTC (SQLite hands it
back without its zone); every page shows Stockholm time, summer time included, and "today"
is Stockholm's day: between midnight and 01:00 (02:00 in summer) UTC is still yesterday."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from dashboard.domain.formatting import day_text

LOCAL = ZoneInfo("Europe/Stockholm")


def local(moment: datetime) -> datetime:
    """A stored moment in Stockholm time."""
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(LOCAL)


def today() -> date:
    """Today's date in Stockholm."""
    return datetime.now(LOCAL).date()


def day(moment: datetime) -> str:
    """'7 december 2026'."""
    return day_text(local(moment).date())


def moment_text(moment: datetime | None) -> str:
    """'7 december 2026 kl. 21.34'; empty for no moment."""
    if moment is None:
        return ""
    here = local(moment)
    return f"{day_text(here.date())} kl. {here:%H.%M}"


def minute_text(moment: datetime | None) -> str:
    """'2026-12-07 21:34', for tables where dates line up; empty for no moment."""
    return "" if moment is None else f"{local(moment):%Y-%m-%d %H:%M}"
