"""Swedish number formats: decimal comma, a narrow space between thousands, '12,5 %'."""

from __future__ import annotations

import math

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
