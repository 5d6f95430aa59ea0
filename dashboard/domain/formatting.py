"""Swedish number formats: decimal comma, a narrow space between thousands, '12,5 %'."""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

NBSP = "\u00a0"
MISSING = "Uppgift saknas"


# Units in the indicator catalogue are plural; one of them reads in the singular.
SINGULAR_UNITS = {"personer": "person", "placeringar": "placering", "kommuner": "kommun"}


def unit_for(unit: str, value: float | None) -> str:
    """'1 person', '3 personer'."""
    return SINGULAR_UNITS.get(unit, unit) if value == 1 else unit


def is_missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def format_number(value: float | None, decimals: int = 0) -> str:
    if is_missing(value):
        return MISSING
    text = f"{value:,.{decimals}f}"
    return text.replace(",", NBSP).replace(".", ",").replace("-", "−")


def format_percent(value: float | None, decimals: int = 0) -> str:
    if is_missing(value):
        return MISSING
    return f"{format_number(value, decimals)}{NBSP}%"


def format_change(delta: float | None, unit: str = "", decimals: int = 0) -> str:
    """A signed change such as '+12 procentenheter' or '−1'; '±0' when unchanged."""
    if delta is None or is_missing(delta):
        return ""
    rounded = round(delta, decimals)
    sign = "+" if rounded > 0 else ("±" if rounded == 0 else "")
    body = format_number(rounded, decimals)
    return f"{sign}{body}{(NBSP + unit) if unit else ''}"


_SHOWN_NUMBER = re.compile(
    r"(?P<number>[−-]?\d{1,3}(?:\u00a0\d{3})*(?:,(?P<decimals>\d+))?|[−-]?\d+(?:,(?P<decimals2>\d+))?)"
    r"(?:[\u00a0 ](?P<unit>%|[a-zåäö]+))?"
)
PLURAL_UNITS = {singular: plural for plural, singular in SINGULAR_UNITS.items()}


@dataclass(frozen=True)
class ShownNumber:
    """A number as format_number / format_percent wrote it, read back (for downloads)."""

    value: float
    decimals: int
    unit: str  # '%', a plural unit ('personer'), or ''
    grouped: bool  # written with a space between thousands


def parse_shown(text: object) -> ShownNumber | None:
    """The number in a text this module wrote ('87 %', '19 830', '1,25 årsarbetare',
    '3 personer'); None for any other text. A code with a leading zero ('0780') is text."""
    if not isinstance(text, str):
        return None
    match = _SHOWN_NUMBER.fullmatch(text)
    if match is None:
        return None
    number = match["number"]
    digits = number.lstrip("−-")
    if len(digits) > 1 and digits[0] == "0" and digits[1].isdigit():
        return None
    decimals = match["decimals"] or match["decimals2"] or ""
    unit = match["unit"] or ""
    value = float(number.replace("\u00a0", "").replace(",", ".").replace("−", "-"))
    return ShownNumber(value, len(decimals), PLURAL_UNITS.get(unit, unit), "\u00a0" in number)


def genitive(name: str) -> str:
    """Swedish genitive of a name: 'Växjös', but 'Borås' and 'Höganäs' stay as they are."""
    return name if name[-1:].lower() in {"s", "x", "z"} else f"{name}s"


MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
          "september", "oktober", "november", "december")  # fmt: skip


def day_text(day: dt.date) -> str:
    """'14 mars 2025': a day as a Swedish reader writes it."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
