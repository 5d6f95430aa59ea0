"""The follow-up report and the Kommunrapport as PDF (ui/report_pdf.py), opened with pypdf as
a reader would: every page numbered "sida N av M" with the example-data notice and the date,
text that can be searched and copied, a table of contents, no heading left alone at the foot
of a page; and the charts' text at least 9 pt at the printed size (charts/report_charts.py).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re

import matplotlib.text
import pypdf
import pytest

from dashboard.charts import report_charts
from dashboard.data.loader import get_dataset
from dashboard.domain import progress
from dashboard.ui import followup_report, municipality_report, report_content, report_pdf

MADE = dt.date(2026, 3, 9)
FURNITURE = re.compile(
    r"^(sida \d+ av \d+|Exempeldata – .*|.* · sammanställd \d{4}-\d{2}-\d{2}.*)$"
)


@pytest.fixture(scope="module")
def followup():
    ds = get_dataset()
    document = followup_report.build(ds, {}, report_charts, MADE)
    return ds, document, pypdf.PdfReader(io.BytesIO(report_pdf.render(document)))


def lines_of(page: pypdf.PageObject) -> list[str]:
    return [line.strip() for line in page.extract_text().splitlines() if line.strip()]


def body_lines(page: pypdf.PageObject) -> list[str]:
    """The page's text without the notice, the footer and 'sida N av M'."""
    lines = [re.sub(r"\s*sida \d+ av \d+$", "", line) for line in lines_of(page)]
    return [line for line in lines if line and not FURNITURE.match(line)]


def heading_ends_page(lines: list[str], headings: list[str]) -> bool:
    """Whether the page ends with a heading: its last line, or last lines (a heading wrapped
    over two or three), are exactly a heading's text."""
    ends = {" ".join(lines[-count:]) for count in (1, 2, 3) if len(lines) >= count}
    return any(h in ends for h in headings)


def is_contents_page(page: pypdf.PageObject) -> bool:
    return bool(body_lines(page)) and body_lines(page)[0] == "Innehåll"


def test_the_report_has_pages_numbered_n_of_m_each_with_the_notice_and_the_date(followup):
    _, document, reader = followup
    total = len(reader.pages)
    assert total > 1
    assert document.notice == report_content.EXAMPLE_NOTICE
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        assert f"sida {number} av {total}" in text, number
        assert report_content.EXAMPLE_NOTICE in text, number
        assert MADE.isoformat() in text, number


def test_the_example_notice_is_the_pages_own_words():
    assert report_content.EXAMPLE_NOTICE.startswith("Exempeldata – påhittade värden")
    assert report_content.EXAMPLE_NOTICE.lower().endswith(report_content.EXAMPLE_DATA_SHORT.lower())


def test_the_text_is_extractable_a_delmal_and_the_summarys_numbers(followup):
    ds, _, reader = followup
    text = " ".join(" ".join(lines_of(page)) for page in reader.pages)
    text = re.sub(r"\s+", " ", text.replace("\u00a0", " "))
    first_subgoal = " ".join(str(ds.plan.subgoals["text"].iloc[0]).split())
    assert first_subgoal[:60] in text
    items = progress.all_progress(ds)
    counts = progress.verdict_counts(i.verdict for i in items)
    assert re.search(rf"Bättre {counts[progress.BETTER]} ", text)
    assert re.search(rf"Kan inte bedömas {counts[progress.UNKNOWN]} ", text)
    assert f"Summa {len(items)} " in text
    assert "Beräknad utveckling" in text
    title_page = re.sub(r"\s+", " ", reader.pages[0].extract_text().replace("\u00a0", " "))
    assert progress.RULE_TEXT.replace("\u00a0", " ")[:120] in title_page  # the rule, on page 1


def test_no_heading_is_the_last_line_of_a_page(followup):
    _, document, reader = followup
    headings = document.heading_texts()
    ending = [number for number, page in enumerate(reader.pages, start=1)
              if not is_contents_page(page) and heading_ends_page(body_lines(page), headings)]  # fmt: skip
    assert not ending, f"a heading ends page(s) {ending}"


def test_the_heading_check_sees_a_heading_at_the_foot():
    headings = ["Mål 2: Förbättrad upptäckt av våld samt starkare skydd", "Källor"]
    assert heading_ends_page(["Text.", "Källor"], headings)
    assert heading_ends_page(["Text.", "Mål 2: Förbättrad upptäckt av våld samt", "starkare skydd"],
                             headings)  # fmt: skip
    assert not heading_ends_page(["Text.", "Vi tar upp källor."], headings)
    assert not heading_ends_page(["Text om", "starkare skydd"], headings)


def test_the_contents_list_the_goals_with_the_pages_they_start_on(followup):
    _, document, reader = followup
    contents = [page for page in reader.pages if is_contents_page(page)]
    assert contents, "no table of contents"
    # pypdf reads each entry's dot leader and page number before its text
    listed = [line for page in contents for line in body_lines(page)]
    first_pages = {}  # after the title page and the contents
    last_contents = max(n for n, page in enumerate(reader.pages, start=1) if is_contents_page(page))
    for number, page in enumerate(reader.pages, start=1):
        if number <= last_contents:
            continue
        for line in body_lines(page):
            first_pages.setdefault(line, number)
    for heading in ("Sammanfattning", "Indikatorsammanställning", "Källor"):
        assert heading in document.heading_texts()
        assert heading in listed, heading
        leader = listed[listed.index(heading) - 1]
        assert re.fullmatch(r"[ .]*\d+", leader), leader
        assert int(leader.split()[-1]) == first_pages[heading], heading
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert "Sammanfattning" in outline


def test_real_data_has_no_notice(followup):
    _, document, _ = followup
    reader = pypdf.PdfReader(
        io.BytesIO(report_pdf.render(dataclasses.replace(document, notice="")))
    )
    assert not any("Exempeldata –" in page.extract_text() for page in reader.pages)
    assert all(f"av {len(reader.pages)}" in page.extract_text() for page in reader.pages)


def test_the_kommunrapport_is_a_numbered_pdf_with_its_municipality():
    ds = get_dataset()
    code = str(ds.municipalities["code"].iloc[0])
    name = str(ds.municipalities["name"].iloc[0])
    document = municipality_report.build(ds, {"kod": code}, report_charts, MADE)
    reader = pypdf.PdfReader(io.BytesIO(report_pdf.render(document)))
    total = len(reader.pages)
    assert total > 1
    for number, page in enumerate(reader.pages, start=1):
        assert f"sida {number} av {total}" in page.extract_text()
        assert report_content.EXAMPLE_NOTICE in page.extract_text()
    assert f"Kommunrapport: {name}" in reader.pages[0].extract_text()
    headings = document.heading_texts()
    assert not any(heading_ends_page(body_lines(p), headings) for p in reader.pages
                   if not is_contents_page(p))  # fmt: skip


FIGURES = {
    "verdicts": lambda: report_charts.verdict_figure(
        [("bättre", 9), ("blandat", 1), ("oförändrat", 0), ("sämre", 2), ("kan inte bedömas", 6)],
        "Beräknad utveckling av planens 16 delmål 2018–2025", 16.0, 6.5),
    "compliance": lambda: report_charts.grouped_figure(
        ["Målområde 1: Förebyggande arbete", "Målområde 2: Upptäckt, skydd och stöd"],
        [("Alvesta", [67.0, None]), ("Länssnitt", [79.0, 75.0]),
         ("Liknande kommuner, snitt", [100.0, 70.0])], "Andel uppfyllda kriterier", 16.0, 9.0),
    "trend": lambda: report_charts.trend_figure(
        [2018, 2019, 2020], [("Alvesta", [47.0, None, 67.0]), ("Länssnitt", [28.0, 48.0, 57.0])],
        "Efterlevnad av SOSFS 2014:4", 16.0, 8.0),
}  # fmt: skip


class RecordingDrawer:
    """The charts module as the builders use it, keeping every figure it draws."""

    def __init__(self) -> None:
        self.figures: list = []

    def _keep(self, figure) -> bytes:
        self.figures.append(figure)
        return report_charts.png(figure)

    def verdict_bars(self, *args) -> bytes:
        return self._keep(report_charts.verdict_figure(*args))

    def grouped_bars(self, *args) -> bytes:
        return self._keep(report_charts.grouped_figure(*args))

    def trend_lines(self, *args) -> bytes:
        return self._keep(report_charts.trend_figure(*args))


def test_every_text_in_the_documents_charts_is_at_least_9_pt():
    ds = get_dataset()
    drawer = RecordingDrawer()
    followup_report.build(ds, {}, drawer, MADE)
    municipality_report.build(ds, {"kod": str(ds.municipalities["code"].iloc[0])}, drawer, MADE)
    assert len(drawer.figures) == 3
    for figure in drawer.figures:
        texts = [
            t for t in figure.findobj(matplotlib.text.Text) if t.get_visible() and t.get_text()
        ]
        assert texts and min(t.get_fontsize() for t in texts) >= 9


@pytest.mark.parametrize("kind", sorted(FIGURES))
def test_every_text_in_the_charts_is_at_least_9_pt_at_the_printed_size(kind):
    figure = FIGURES[kind]()
    report_charts.png(figure)  # drawn as the document gets it
    texts = [t for t in figure.findobj(matplotlib.text.Text) if t.get_visible() and t.get_text()]
    assert len(texts) > 5
    small = [(t.get_text(), t.get_fontsize()) for t in texts if t.get_fontsize() < 9]
    assert not small
    width, height = figure.get_size_inches() * 2.54
    assert (round(width, 1), round(height, 1)) in {(16.0, 6.5), (16.0, 9.0), (16.0, 8.0)}


def test_the_font_check_sees_small_text():
    figure = FIGURES["trend"]()
    figure.axes[0].set_title("liten", fontsize=6)
    texts = [t for t in figure.findobj(matplotlib.text.Text) if t.get_visible() and t.get_text()]
    assert any(t.get_fontsize() < 9 for t in texts)
