"""Röjandeskydd applied by one rule wherever a county or group figure appears (#34 fix):
the key-figure table, the trend's means and their table, the downloads built from them and
Strategi's total all show the county's mean or total exactly when domain.county_mean_of /
county_total_of allow it, and a group's mean never where one of its values is hidden. And
a criterion's county share is written with the denominator it rests on."""

from __future__ import annotations

import io
import math
import re
from dataclasses import dataclass, field

import pandas as pd
import pytest
from conftest import COUNTY_DATA

from dashboard import domain
from dashboard.charts.riket import county_texts, riket_reference, riket_strip_svg
from dashboard.charts.svg_lines import municipality_trend_svg
from dashboard.config import REPO_ROOT
from dashboard.data.loader import load_dataset
from dashboard.domain import comparison, hierarchy

pytestmark = pytest.mark.unit
HIDDEN = "Visas inte (röjandeskydd)"


@pytest.fixture(scope="module")
def ds():
    return load_dataset(COUNTY_DATA, REPO_ROOT / "geo")


def _protected(ds) -> list[str]:
    return list(ds.indicators.loc[ds.indicators["disclosure_control"], "id"])


def _hidden_years(ds, indicator_id: str) -> list[int]:
    return [y for y in ds.years if domain.has_suppressed(domain.snapshot(ds, indicator_id, y))]


def test_the_fixture_has_hidden_counts_to_check(ds):
    assert any(_hidden_years(ds, i) for i in _protected(ds))


def test_key_figures_trend_and_strategi_give_the_county_by_one_rule(ds):
    """Where the key-figure table hides the county's figure, the trend, its table (and so
    the downloads made from it) and Strategi hide it too, and where one shows it all do."""
    for indicator_id in _protected(ds):
        ind = domain.indicator(ds, indicator_id)
        county_means = comparison.mean_series(ds, indicator_id).set_index("year")
        for year in _hidden_years(ds, indicator_id):
            allowed = not math.isnan(domain.county_mean_of(ds, indicator_id, year))
            key = comparison.key_figures_table(ds, "0780", year)
            key_text = key.loc[key["Indikator"] == ind["name"], ds.county.words.The]
            trend_text = county_means.loc[year, "text"]
            if not key_text.empty:
                assert key_text.iloc[0] == trend_text, (indicator_id, year)
            assert (trend_text == HIDDEN) == (not allowed), (indicator_id, year)
            assert math.isnan(county_means.loc[year, "score"]) == (not allowed)
            strategi = hierarchy.indicator_summary(ds, indicator_id, year)
            assert ("Totalt i" in strategi) == allowed, (indicator_id, year, strategi)


def test_a_group_mean_is_never_shown_for_a_year_with_a_hidden_value_in_it(ds):
    for indicator_id in _protected(ds):
        for code in ds.municipalities["code"]:
            group = comparison.peers(ds, code)
            means = comparison.municipality_trend_means(ds, code, indicator_id)
            group_mean = means["Liknande kommuner, snitt"].set_index("year")
            for year in ds.years:
                snap = domain.snapshot(ds, indicator_id, year)
                if domain.has_suppressed(snap[snap["code"].isin(group)]):
                    assert math.isnan(group_mean.loc[year, "score"])
                    assert group_mean.loc[year, "text"] == HIDDEN


def _ranges(hidden: list[tuple[float, bool]], total: float, threshold: int
            ) -> list[tuple[float, float]]:  # fmt: skip
    """Each hidden cell's least and greatest value consistent with the shown total: a
    primary ('Färre än T') lies in 0..T-1, a secondary is at least T."""
    bounds = [(0.0, threshold - 1.0) if primary else (float(threshold), total)
              for _, primary in hidden]  # fmt: skip
    out = []
    for i, (low, high) in enumerate(bounds):
        others_low = sum(b[0] for j, b in enumerate(bounds) if j != i)
        others_high = sum(b[1] for j, b in enumerate(bounds) if j != i)
        out.append((max(low, total - others_high), min(high, total - others_low)))
    return out


def test_no_hidden_count_can_be_recovered_from_what_is_shown(ds):
    """With every shown value, the county's total (8 × the shown mean) where shown and the
    group means where shown, each hidden count can still be more than one number."""
    threshold = domain.suppression_threshold()
    stored = ds.values[ds.values["score"].notna()]
    checked = 0
    for indicator_id in _protected(ds):
        for year in _hidden_years(ds, indicator_id):
            snap = domain.snapshot(ds, indicator_id, year)
            mean = comparison.mean_series(ds, indicator_id).set_index("year").loc[year, "score"]
            if math.isnan(mean):
                continue  # nothing but the shown values: the hidden ones are 'Färre än T'
            truth = stored[(stored["indicator_id"] == indicator_id) & (stored["year"] == year)]
            truth = dict(zip(truth["municipality_code"], truth["score"], strict=True))
            hidden = snap[snap["suppressed"]]
            total = round(mean * domain.county_mean_rests_on(ds, indicator_id, year))
            hidden_total = total - snap["score"].sum()
            cells = [(truth[c], truth[c] < threshold) for c in hidden["code"]]
            for (low, high), (value, _) in zip(_ranges(cells, hidden_total, threshold), cells,
                                               strict=True):  # fmt: skip
                assert low <= value <= high
                assert high > low, (indicator_id, year)
            checked += 1
    assert checked


def test_the_trend_legend_says_why_a_mean_has_no_line(ds):
    markup = municipality_trend_svg(ds, "0780", "skyddat_boende_placeringar", "Växjö")
    assert "Liknande kommuner, snitt – röjandeskydd" in markup
    assert "Länssnitt – röjandeskydd" not in markup  # the rule lets the county's mean show
    # and every legend entry fits the chart's width at the legend's generous char width
    from dashboard.charts.svg_lines import LEGEND_CHAR_WIDTH, WIDTH

    assert len("Liknande kommuner, snitt – röjandeskydd") * LEGEND_CHAR_WIDTH + 36 <= WIDTH - 8


# --- a criterion's county share: its denominator, and Riket's year ------------------------


def test_the_county_share_writes_its_denominator(ds):
    met, known = comparison.county_share_counts(ds, "krit_2_3", 2025)
    assert known < len(ds.municipalities)  # the fixture has a missing answer here
    share = comparison.county_share_met(ds, "krit_2_3", 2025)
    assert share == pytest.approx(100 * met / known)
    text = comparison.county_share_text(ds, "krit_2_3", 2025)
    assert text.endswith(f"({met} av {known} med uppgift)") and text.startswith(f"{share:.0f}")
    status = comparison.criteria_status(ds, "0780", 2025)
    table = comparison.criteria_table(ds, status, 2025)
    column = f"{ds.county.words.The}, andel kommuner som uppfyller"
    row = table[status["indicator_id"].to_numpy() == "krit_2_3"].iloc[0]
    assert row[column] == text


def test_the_strip_writes_the_denominator_and_the_county_in_rikets_year(ds):
    riket = riket_reference(ds, "krit_2_3", 2025)
    assert riket is not None and riket.year == 2024 != riket.county_year
    met, known = comparison.county_share_counts(ds, "krit_2_3", 2025)
    markup = riket_strip_svg(riket)
    assert f"({met} av {known} med uppgift)" in markup
    then = comparison.county_share_met(ds, "krit_2_3", 2024)
    met24, known24 = comparison.county_share_counts(ds, "krit_2_3", 2024)
    assert f"Länet 2024, som riket: {then:.0f}\u00a0% ({met24} av {known24})" in markup


def test_the_slides_compact_strip_lines_fit_its_width(ds):
    """The presenter's strip is 240 units wide, its text 13 units: at ~7.5 a character
    (generous) a line may hold 29 characters within the 218 between its margins."""
    for indicator_id in ("krit_2_3", "krit_4_2", "krit_1_1"):
        riket = riket_reference(ds, indicator_id, 2025)
        if riket is None:
            continue
        lines = county_texts(riket, compact=True)
        assert lines and all(len(line) * 7.5 <= 218 for line in lines), lines
        assert f"({riket.county_met} av {riket.county_known})" in lines[0]
        assert len(lines) == 1  # one line: the slide's side column keeps its table whole
    strip = riket_strip_svg(riket_reference(ds, "krit_2_3", 2025), width=240, title="")
    assert "Länet 2024, som riket" in strip  # the like-for-like share in its aria-label


# --- the downloads: a column röjandeskydd hides throughout is still a column of numbers ----


def test_a_wholly_hidden_column_is_blank_with_its_unit_and_the_reason_noted():
    from dashboard.ui import export

    frame = pd.DataFrame({
        "År": ["2024", "2025"],
        "Alvesta": ["Färre än 5", "Färre än 5"],
        "Växjö": ["11\u00a0placeringar", "15\u00a0placeringar"],
        "Liknande kommuner, snitt": [HIDDEN, HIDDEN],
        "Status": ["Ja", "Nej"],
    })  # fmt: skip
    typed = export.typed(frame).frame
    assert list(typed["Alvesta (placeringar)"]) == [None, None]
    assert list(typed["Liknande kommuner, snitt (placeringar)"]) == [None, None]
    assert list(typed["Växjö (placeringar)"]) == [11, 15]
    assert list(typed["Status"]) == ["Ja", "Nej"]  # a status column stays text
    assert "Alvesta: Färre än 5" in typed[export.NOTE_COLUMN].iloc[0]


def test_jamfor_trend_download_has_no_hidden_text_in_a_number_column(app):
    import io

    import openpyxl

    from dashboard.ui import export

    args = {"tabell": "utveckling", "indikator": "skyddat_boende_placeringar", "min": "0780",
            "kommuner": ",".join(ds_codes())}  # fmt: skip
    body, _, _ = export.render("jamfor", "xlsx", args)
    sheet = openpyxl.load_workbook(io.BytesIO(body))["Data"]
    header = [str(c.value) for c in sheet[1]]
    assert any(h.startswith("Växjö") and h.endswith("(placeringar)") for h in header), header
    for row in sheet.iter_rows(min_row=2):
        for name, cell in zip(header, row, strict=True):
            if name.startswith(export.NOTE_COLUMN) or name in ("År", "Exempeldata"):
                continue
            assert not (isinstance(cell.value, str) and export.HIDDEN_VALUE.match(cell.value)), (
                name, cell.value)  # fmt: skip
    municipal = [h for h in header if h not in ("År",) and "Anmärkning" not in h
                 and "Exempeldata" not in h]  # fmt: skip
    assert all(h.endswith("(placeringar)") for h in municipal), header


def ds_codes() -> list[str]:
    return list(load_dataset(COUNTY_DATA, REPO_ROOT / "geo").municipalities["code"])


# --- what the outputs render (#31): no hidden count can be recovered from them -------------
#
# Every download (Översikt, Jämför, Kommun, Uppföljning, Strategi, the slides' table), the
# slides and the Kommunrapport are built for each year with hidden counts; every number they
# show for the indicator is collected: a hidden municipality's cell must show none, and each
# county or group figure (a mean × the municipalities it rests on, or a total) is a sum that,
# beside the shown values, must leave each hidden count anything from 0 to T−1 (a secondary
# one: more than one value).

_UNIT_NUMBER = r"(\d+(?:,\d+)?)\u00a0?\s?{unit}"


def _number(cell: object) -> float | None:
    """The number a cell shows ('3,5', '15 placeringar', '15'), or None."""
    match = re.fullmatch(r"\s*(-?\d+(?:,\d+)?)(?:[\s\u00a0].*)?", str(cell))
    return float(match.group(1).replace(",", ".")) if match else None


def _frame(view: str, args: dict) -> pd.DataFrame:
    from dashboard.ui import export

    body, _, _ = export.render(view, "csv", args)
    lines = [line for line in body.decode("utf-8-sig").splitlines() if not line.startswith("#")]
    return pd.read_csv(io.StringIO("\n".join(lines)), sep=";", dtype=str, keep_default_na=False)


@dataclass
class Shown:
    """What the outputs show for one indicator: sums (low, high, codes, year, where)."""

    sums: list = field(default_factory=list)

    def mean(self, text: object, codes, year: int, where: str, decimals: int = 1) -> None:
        value = _number(text)
        if value is None:
            return
        half = 0.5 * 10**-decimals  # the shown mean is rounded: the total lies in a band
        self.sums.append(((value - half) * len(codes), (value + half) * len(codes),
                          tuple(codes), year, where))  # fmt: skip


def _column(frame: pd.DataFrame, start: str) -> str | None:
    return next((c for c in frame.columns if c.startswith(start)), None)


def _no_hidden_cell(ds, frame, indicator_id, year, by: str, column: str | None, where):
    """The hidden municipalities' cells in `column` (rows keyed by `by`) show no number."""
    if column is None:
        return
    hidden = set(_hidden_codes(ds, indicator_id, year))
    names = dict(zip(ds.municipalities["code"], ds.municipalities["name"], strict=True))
    keys = hidden if by == "Kommunkod" else {names[c] for c in hidden}
    for _, row in frame[frame[by].isin(keys)].iterrows():
        assert _number(row[column]) is None, (where, row[by], row[column])


def _hidden_codes(ds, indicator_id: str, year: int) -> list[str]:
    snap = domain.snapshot(ds, indicator_id, year)
    return list(snap.loc[snap["suppressed"], "code"])


def _collect_downloads(ds, indicator_id: str, shown: Shown) -> None:
    ind = domain.indicator(ds, indicator_id)
    codes = list(ds.municipalities["code"])
    trend = _frame("jamfor", {"tabell": "utveckling", "indikator": indicator_id,
                              "kommuner": ",".join(codes)})  # fmt: skip
    for year in _hidden_years(ds, indicator_id):
        rests = _rests_on(ds, indicator_id, year)
        args = {"indikator": indicator_id, "ar": str(year)}
        over = _frame("oversikt", args)
        for start in (ind["short_name"] or ind["name"], "Förändring"):
            _no_hidden_cell(ds, over, indicator_id, year, "Kommunkod", _column(over, start),
                            "oversikt")  # fmt: skip
        ranking = _frame("jamfor", {"tabell": "rangordning", **args})
        _no_hidden_cell(
            ds,
            ranking,
            indicator_id,
            year,
            "Kommun",
            _column(ranking, ind["short_name"] or ind["name"]),
            "rangordning",
        )
        row = trend[trend["År"] == str(year)]
        shown.mean(row[_column(trend, "Länssnitt")].iloc[0], rests, year, "jamfor utveckling")
        for code in codes:
            key = _frame("kommun", {"kod": code, "ar": str(year)})
            line = key[key["Indikator"] == ind["name"]]
            if not line.empty:
                shown.mean(line[ds.county.words.The].iloc[0], rests, year, f"kommun {code}")
                if code in _hidden_codes(ds, indicator_id, year):
                    assert _number(line[str(year)].iloc[0]) is None, (code, year)
        deck = _frame("presentera", {"ar": str(year), "indikatorer": indicator_id})
        _no_hidden_cell(
            ds,
            deck,
            indicator_id,
            year,
            "Kommunkod",
            _column(deck, ind["short_name"] or ind["name"]),
            "presentera",
        )
    for code in codes:  # the municipality's trend: its own values, the county's, its group's
        own = _frame("kommun", {"kod": code, "tabell": "utveckling", "indikator": indicator_id})
        group = comparison.peers(ds, code)
        for year in _hidden_years(ds, indicator_id):
            row = own[own["År"] == str(year)]
            if code in _hidden_codes(ds, indicator_id, year):
                name = comparison.municipality_name(ds, code)
                assert _number(row[_column(own, name)].iloc[0]) is None, (code, year)
            shown.mean(
                row[_column(own, "Länssnitt")].iloc[0],
                _rests_on(ds, indicator_id, year),
                year,
                f"kommun {code} utveckling",
            )
            shown.mean(
                row[_column(own, "Liknande kommuner")].iloc[0],
                group,
                year,
                f"kommun {code} liknande",
            )


def _rests_on(ds, indicator_id: str, year: int) -> list[str]:
    """The municipalities a county figure rests on: those with a stored value that year."""
    stored = ds.values[(ds.values["indicator_id"] == indicator_id) & (ds.values["year"] == year)]
    codes = list(stored.loc[stored["score"].notna(), "municipality_code"])
    assert len(codes) == domain.county_mean_rests_on(ds, indicator_id, year)
    return codes


def _collect_followup(ds, indicator_id: str, shown: Shown) -> None:
    """Uppföljning's download: the first and last value (county means over the panel of
    'Antal kommuner med värde' municipalities, stored both years)."""
    frame = _frame("uppfoljning", {})
    name = domain.indicator(ds, indicator_id)["name"]
    for _, row in frame[frame["Tjänstens indikator (tjänstens val)"] == name].iterrows():
        first, last = int(row["Första år"] or 0), int(row["Senaste år"] or 0)
        if not first:
            continue
        panel = sorted(set(_rests_on(ds, indicator_id, first))
                       & set(_rests_on(ds, indicator_id, last)))  # fmt: skip
        if _number(row["Första värde"]) is not None:
            assert int(row["Antal kommuner med värde"]) == len(panel)
        shown.mean(row["Första värde"], panel, first, "uppfoljning första")
        shown.mean(row["Senaste värde"], panel, last, "uppfoljning senaste")


def _possible(ds, indicator_id: str, band) -> dict[str, set[int]]:
    """Each hidden count's possible values given one shown sum band over `codes`."""
    low, high, codes, year, _ = band
    threshold = domain.suppression_threshold()
    stored = ds.values[(ds.values["indicator_id"] == indicator_id) & (ds.values["year"] == year)]
    truth = dict(zip(stored["municipality_code"], stored["score"], strict=True))
    hidden = [c for c in codes if c in set(_hidden_codes(ds, indicator_id, year))]
    shown_sum = sum(truth[c] for c in codes if c not in hidden)
    cells = [(truth[c], truth[c] < threshold) for c in hidden]
    out: dict[str, set[int]] = {c: set() for c in hidden}
    for total in range(math.ceil(low - 1e-9), math.floor(high + 1e-9) + 1):
        ranges = _ranges(cells, total - shown_sum, threshold)
        if any(lo > hi for lo, hi in ranges):
            continue  # a total the shown values rule out
        for code, (lo, hi) in zip(hidden, ranges, strict=True):
            out[code] |= set(range(math.ceil(lo), math.floor(hi) + 1))
    return out


def test_no_hidden_count_in_rendered_outputs(ds, app):
    """The downloads, the slides and the Kommunrapport, as rendered, leave each hidden count
    anything from 0 to T−1 (a larger hidden one more than one value)."""
    threshold = domain.suppression_threshold()
    checked = 0
    for indicator_id in _protected(ds):
        shown = Shown()
        _collect_downloads(ds, indicator_id, shown)
        _collect_followup(ds, indicator_id, shown)
        _check_documents(ds, indicator_id)
        for band in shown.sums:
            for code, values in _possible(ds, indicator_id, band).items():
                stored = domain.snapshot(ds, indicator_id, band[3]).set_index("code")
                primary = stored.loc[code, "label"].startswith("Färre än")
                if primary:
                    assert values == set(range(threshold)), (band[4], band[3], code, values)
                else:
                    assert len(values) > 1, (band[4], band[3], code, values)
                checked += 1
    assert checked, "the fixture has shown county figures beside hidden counts"


def _check_documents(ds, indicator_id: str) -> None:
    """The slides and the Kommunrapport: every number they write with the indicator's unit
    is a value the rule shows (a shown municipality's, or a county mean the domain allows),
    never a hidden one: the interval check above covers what the domain allows."""
    from dashboard.domain import presenter
    from dashboard.pages import kommunrapport, presentera
    from tests.test_plan_words import text_of

    ind = domain.indicator(ds, indicator_id)
    unit = str(ind["unit"]).split()[0] if str(ind.get("unit", "")).strip() else ""
    assert unit, indicator_id
    allowed = _allowed_numbers(ds, indicator_id)
    for year in _hidden_years(ds, indicator_id):
        texts = []
        params = {"ar": str(year), "indikatorer": indicator_id}
        state = presenter.resolve_deck(ds, params)
        for slide in range(1, len(presenter.deck_slides(ds, state)) + 1):
            texts.append(text_of(presentera.layout(**params, bild=str(slide))))
        for code in ds.municipalities["code"]:
            texts.append(text_of(kommunrapport.layout(kod=code, ar=str(year))))
        for text in texts:
            for match in re.finditer(_UNIT_NUMBER.format(unit=re.escape(unit)), text):
                number = float(match.group(1).replace(",", "."))
                assert number in allowed, (
                    year,
                    match.group(0),
                    text[match.start() - 80 : match.end() + 20],
                )


def _allowed_numbers(ds, indicator_id: str) -> set[float]:
    """Shown municipalities' values, their changes between years, and the county means the
    domain shows (rounded as written) and their changes."""
    shown: dict[str, list[float]] = {}
    means = []
    for year in ds.years:
        snap = domain.snapshot(ds, indicator_id, year)
        for code, score in zip(snap["code"], snap["score"], strict=True):
            if not math.isnan(score):
                shown.setdefault(code, []).append(float(score))
        mean = domain.county_mean_of(ds, indicator_id, year)
        if not math.isnan(mean):  # the mean, and the total it is × the municipalities
            means.append(round(mean, 1))
            total = domain.county_total_of(ds, indicator_id, year)
            assert total == pytest.approx(
                mean * domain.county_mean_rests_on(ds, indicator_id, year)
            )
            shown.setdefault("total", []).append(float(total))
    allowed = {v for values in shown.values() for v in values} | set(means)
    for values in [*shown.values(), means]:
        allowed |= {round(abs(a - b), 1) for a in values for b in values}
    return allowed
