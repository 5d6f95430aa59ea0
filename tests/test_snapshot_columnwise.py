"""domain._snapshot joins a year's values to the municipalities column-wise (issue #21: the
lookup per municipality cost 0.3 s a snapshot at 290 municipalities). The reference below is
the row-by-row version it replaced; both must give the same frame, to the column types, for
every indicator and year (and the year before the first), suppressed values included."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from dashboard import domain
from dashboard.domain.formatting import MISSING


def reference_snapshot(ds, indicator_id: str, year: int) -> pd.DataFrame:
    ind = domain.indicator(ds, indicator_id)
    values = domain.all_values(ds)
    values = values[values["indicator_id"] == indicator_id]
    current = values[values["year"] == year].set_index("municipality_code")
    previous = values[values["year"] == year - 1].set_index("municipality_code")
    rows = []
    for _, m in ds.municipalities.iterrows():
        row = current.loc[m["code"]] if m["code"] in current.index else None
        prev = previous.loc[m["code"]] if m["code"] in previous.index else None
        raw = str(row["raw"]) if row is not None else ""
        score = float(row["score"]) if row is not None else math.nan
        hidden = bool(row["suppressed"]) if row is not None else False
        prev_score = float(prev["score"]) if prev is not None else math.nan

        def text(key: str, row=row) -> str:
            value = row[key] if row is not None else ""
            return "" if pd.isna(value) else str(value)

        rows.append({
            "code": m["code"], "name": m["name"], "population": int(m["population"]),
            "raw": raw, "score": score,
            "label": domain.label_for(ds, ind, raw, score, hidden,
                                      bool(row["secondary"]) if row is not None else False),
            "is_example": bool(row["is_example"]) if row is not None else False,
            "source": text("source"), "origin": text("origin"), "updated": text("updated"),
            "note": text("note"), "suppressed": hidden, "previous_score": prev_score,
            "previous_label": domain.label_for(ds, ind, str(prev["raw"]), prev_score,
                                               bool(prev["suppressed"]), bool(prev["secondary"]))
            if prev is not None else MISSING,
            "change": score - prev_score,
            "partly_example": bool(row["partly_example"]) if row is not None else False,
            "previous_is_example": bool(prev["is_example"]) if prev is not None else False,
            "previous_partly_example":
                bool(prev["partly_example"]) if prev is not None else False,
            "previous_note": "" if prev is None or pd.isna(prev["note"]) else str(prev["note"]),
        })  # fmt: skip
    return pd.DataFrame(rows)


def cases(ds) -> list[tuple[str, int]]:
    """Indicators and years to compare: every indicator on the eight municipalities; on a
    bigger county, where the reference is slow, one of each kind in the catalogue (type,
    stored or derived, under disclosure control or not); the year before the first (no
    previous values), the first and the last."""
    indicators = ds.indicators[ds.indicators["id"].isin(domain.all_values(ds)["indicator_id"])]
    if len(ds.municipalities) > 8:
        kind = [indicators["type"], indicators["derived"] != "", indicators["disclosure_control"]]
        indicators = indicators.groupby(kind, sort=False).head(1)
    years = sorted(ds.years)
    chosen = sorted({years[0] - 1, years[0], years[-1]})
    return [(indicator_id, year) for indicator_id in indicators["id"] for year in chosen]


@pytest.mark.parametrize("suppress_below", ["5", "40"])  # 40: many counts hidden
def test_snapshot_is_the_row_by_row_frame(monkeypatch, county, suppress_below):
    monkeypatch.setenv("DASHBOARD_SUPPRESS_BELOW", suppress_below)
    domain._all_values.cache_clear()
    domain._snapshot.cache_clear()
    try:
        hidden = 0
        for indicator_id, year in cases(county):
            expected = reference_snapshot(county, indicator_id, year)
            actual = domain.snapshot(county, indicator_id, year)
            pd.testing.assert_frame_equal(actual, expected)
            hidden += int(actual["suppressed"].sum())
        assert hidden > 0 or suppress_below == "5"
    finally:
        domain._all_values.cache_clear()
        domain._snapshot.cache_clear()
