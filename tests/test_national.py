"""Sweden beside the county (issue #19): the national value with its year and source, the
latest earlier one when a year has none, and a plain sentence where there is none."""

from __future__ import annotations

import io

import openpyxl

from dashboard.data.loader import get_dataset
from dashboard.domain import comparison, national
from dashboard.ui import export


def test_value_of_the_year_or_the_latest_before_it():
    ds = get_dataset()
    value = national.national_value(ds, "krit_2_4", 2023)
    assert (value.year, value.value, value.shown) == (2023, 28.0, "28\u00a0%")
    assert national.national_value(ds, "krit_2_4", 2022).year == 2020  # latest before
    assert national.national_value(ds, "krit_2_4", 2025).year == 2023
    assert national.national_value(ds, "krit_2_4", 2019) is None  # none yet
    assert national.national_value(ds, "sosfs_alla", 2025) is None  # no counterpart


def test_sentences_name_year_and_source_or_say_why_there_is_none():
    ds = get_dataset()
    text = national.national_text(ds, "krit_2_3", 2025)
    assert text.startswith(
        "Riket 2024: 37\u00a0% av landets kommuner (senaste uppgiften före 2025)"
    )
    assert "Källa: Socialstyrelsen, Öppna jämförelser" in text
    assert national.national_text(ds, "krit_2_3", 2024).startswith("Riket 2024: 37\u00a0%")
    assert national.national_text(ds, "krit_2_3", 2020) == (
        "Riket: Öppna jämförelser har uppgiften först från 2024."
    )
    assert national.national_text(ds, "samordnare", 2025) == national.NO_COUNTERPART
    assert national.short_text(ds, "krit_2_3", 2024) == "Riket 2024: 37\u00a0% av landets kommuner"


def test_criteria_table_has_the_county_and_the_national_share():
    ds = get_dataset()
    table = comparison.criteria_table(ds, comparison.criteria_status(ds, "0780", 2024), 2024)
    row = table[table["Kriterium"].str.startswith("Skriftlig, ledningsförankrad överenskommelse "
                                                  "med kvinnojour")].iloc[0]  # fmt: skip
    assert row["Riket, andel kommuner som uppfyller"] == "37\u00a0%"
    assert row["Riket, år"] == "2024"
    share = comparison.county_share_met(ds, "krit_2_3", 2024)
    assert row["Länet, andel kommuner som uppfyller"].startswith(f"{share:.0f}")
    no_counterpart = table[table["Kriterium"].str.startswith("Socialnämnden har fastställt")]
    assert no_counterpart.iloc[0]["Riket, andel kommuner som uppfyller"] == "–"


def test_downloads_carry_the_national_value(app):
    for view, args in [("oversikt", {"indikator": "krit_2_3", "ar": "2024"}),
                       ("jamfor", {"tabell": "rangordning", "indikator": "krit_2_3", "ar": "2024"}),
                       ("presentera", {"indikatorer": "krit_2_3", "ar": "2024"})]:  # fmt: skip
        body, _, _ = export.render(view, "xlsx", args)
        about = list(openpyxl.load_workbook(io.BytesIO(body))["Om uttaget"].iter_rows(
            min_row=2, values_only=True))  # fmt: skip
        riket = [text for key, text in about if key.startswith("Riket")]
        assert riket and riket[0].startswith("Riket 2024: 37\u00a0%"), view
    body, _, _ = export.render(
        "kommun", "csv", {"kod": "0780", "ar": "2024", "tabell": "kriterier"}
    )
    text = body.decode("utf-8-sig")
    assert "Riket, andel kommuner som uppfyller" in text and "Riket: Socialstyrelsen" in text
