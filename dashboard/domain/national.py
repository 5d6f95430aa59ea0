"""Sweden beside the county: the national value of an indicator (data/riksreferens.csv, from
Socialstyrelsen's Öppna jämförelser), with its year and source, or a plain statement that
there is none. Pure functions over a loaded Dataset.

Öppna jämförelser gives, per criterion, the share of Sweden's municipalities that meet it; a
year without a published value shows the latest earlier one, with its own year.
"""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.data.loader import Dataset
from dashboard.domain.formatting import format_number, format_percent

NO_COUNTERPART = "Öppna jämförelser har ingen motsvarande uppgift för riket."


@dataclass(frozen=True)
class NationalValue:
    indicator_id: str
    year: int
    value: float
    unit: str
    source: str
    note: str

    @property
    def shown(self) -> str:
        """'37 %' or '12 personer'."""
        if self.unit == "%":
            return format_percent(self.value)
        decimals = 0 if float(self.value).is_integer() else 1
        return f"{format_number(self.value, decimals)}{' ' + self.unit if self.unit else ''}"


def national_value(ds: Dataset, indicator_id: str, year: int) -> NationalValue | None:
    """The value for Sweden in `year`, else the latest earlier one; None when there is none."""
    reference = ds.national_reference
    rows = reference[(reference["indicator_id"] == indicator_id) & (reference["year"] <= year)]
    if rows.empty:
        return None
    row = rows.sort_values("year").iloc[-1]
    return NationalValue(
        indicator_id=indicator_id, year=int(row["year"]), value=float(row["value"]),
        unit=str(row["unit"] or ""), source=str(row["source"]), note=str(row["note"] or ""),
    )  # fmt: skip


def has_counterpart(ds: Dataset, indicator_id: str) -> bool:
    """Whether Öppna jämförelser has the indicator for Sweden in any year."""
    return bool((ds.national_reference["indicator_id"] == indicator_id).any())


def national_text(ds: Dataset, indicator_id: str, year: int) -> str:
    """One Swedish sentence for a view: the national value with its year and source, or
    why there is none."""
    value = national_value(ds, indicator_id, year)
    if value is None:
        if has_counterpart(ds, indicator_id):
            first = int(
                ds.national_reference.loc[
                    ds.national_reference["indicator_id"] == indicator_id, "year"
                ].min()
            )
            return f"Riket: Öppna jämförelser har uppgiften först från {first}."
        return NO_COUNTERPART
    subject = " av landets kommuner" if value.unit == "%" else ""
    latest = f" (senaste uppgiften före {year})" if value.year != year else ""
    return f"Riket {value.year}: {value.shown}{subject}{latest}. Källa: {value.source}."


def short_text(ds: Dataset, indicator_id: str, year: int) -> str:
    """For a slide (its source line names the source): 'Riket 2024: 37 % av landets
    kommuner', or 'Riket: ingen jämförbar uppgift'."""
    value = national_value(ds, indicator_id, year)
    if value is None:
        return "Riket: ingen jämförbar uppgift i Öppna jämförelser"
    subject = " av landets kommuner" if value.unit == "%" else ""
    return f"Riket {value.year}: {value.shown}{subject}"


def national_note_row(ds: Dataset, indicator_id: str, year: int) -> tuple[str, str]:
    """('Riket', text) for a download's notes."""
    return ("Riket", national_text(ds, indicator_id, year))


def sources(ds: Dataset, indicator_ids: list[str], year: int) -> list[str]:
    """The distinct sources of the national values shown for these indicators."""
    found = (national_value(ds, i, year) for i in indicator_ids)
    return list(dict.fromkeys(f"Riket: {v.source}" for v in found if v is not None))
