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

import docx
import matplotlib.text
import pypdf
import pytest
from reportlab.pdfbase import pdfmetrics

from dashboard import domain
from dashboard.charts import report_charts
from dashboard.data.loader import get_dataset
from dashboard.domain import progress
from dashboard.ui import (
    followup_report,
    municipality_report,
    report_content,
    report_docx,
    report_pdf,
)

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
        ["Mål 1: Förebyggande arbete", "Mål 2: Upptäckt, skydd och stöd"],
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

    def trend_lines(self, *args, **kwargs) -> bytes:
        return self._keep(report_charts.trend_figure(*args, **kwargs))


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


# --- tables: words whole, sources kept with their table, no fill-in boxes ---------------------


@pytest.fixture(scope="module")
def documents(followup):
    """The follow-up report and the Kommunrapport (two years) with their PDFs' page texts."""
    ds, document, reader = followup
    built = {"uppföljning": (document, [page.extract_text() for page in reader.pages])}
    for args in ({"kod": "0780"}, {"kod": "0780", "ar": "2022"}):
        kommun = municipality_report.build(ds, args, report_charts, MADE)
        pages = pypdf.PdfReader(io.BytesIO(report_pdf.render(kommun))).pages
        built[f"kommunrapport {args.get('ar', '')}"] = (kommun, [p.extract_text() for p in pages])
    return built


def table_words(document: report_content.Document) -> set[str]:
    return {word for block in document.blocks if isinstance(block, report_content.Table)
            for row in (block.columns, *block.rows) for cell in row for word in cell.split()}  # fmt: skip


def document_words(document: report_content.Document) -> set[str]:
    words = table_words(document)
    for block in document.blocks:
        for value in (getattr(block, "text", ""), getattr(block, "lead", ""),
                      getattr(block, "caption", ""), *getattr(block, "items", ())):  # fmt: skip
            words |= set(str(value or "").split())
    return words


def broken_words(pages: list[str], words: set[str], known: set[str]) -> set[str]:
    """Table words split over two lines: a line's last piece and the next line's first make
    a word of the tables, and the second piece is no word of the document ('Delmå' / 'l')."""
    found = set()
    for page in pages:
        lines = [line.split() for line in page.splitlines() if line.split()]
        for before, after in zip(lines, lines[1:], strict=False):
            if before[-1] + after[0] in words and after[0] not in known:
                found.add(f"{before[-1]}/{after[0]}")
    return found


def test_the_broken_word_check_sees_a_split_word():
    words = {"Delmål", "Länsstyrelsens", "1.3"}
    assert broken_words(["Text\nDelmå\nl\n1.3"], words, words) == {"Delmå/l"}
    assert broken_words(["Länsstyrelse\nns årsuppföljning"], words, words) == {"Länsstyrelse/ns"}
    assert not broken_words(["Delmål\n1.3"], words, words)


def test_no_word_of_a_table_is_split_over_two_lines(documents):
    for name, (document, pages) in documents.items():
        words = table_words(document)
        assert len(words) > 50, name
        assert not broken_words(pages, words, document_words(document)), name


def test_columns_are_at_least_as_wide_as_their_longest_word():
    assert report_pdf.fit_widths([1.0, 1.0], [10.0, 10.0], 100.0) == [50.0, 50.0]
    widths = report_pdf.fit_widths([0.2, 3.0, 3.0], [30.0, 10.0, 10.0], 100.0)
    assert widths is not None and widths[0] == 30.0 and widths[1] == widths[2] == 35.0
    assert report_pdf.fit_widths([1.0, 1.0], [60.0, 60.0], 100.0) is None
    block = report_content.Table(("Delmål", "Källa"), (("1.3", "Länsstyrelsens årsuppföljning"),),
                                 widths=(0.1, 5.0))  # fmt: skip
    widths, size = report_pdf._column_widths(block, 400.0)
    assert size == 9.0
    assert widths[0] >= pdfmetrics.stringWidth("Delmål", "Vera-Bold", 9.0) + 6
    assert sum(widths) == pytest.approx(400.0)


def test_a_no_break_space_keeps_its_words_together():
    assert report_pdf.text_words("0,6\u00a0personer i snitt") == ["0,6\u00a0personer", "i", "snitt"]


def test_the_pdf_has_no_fill_in_boxes_the_word_file_has(documents):
    for name, (document, pages) in documents.items():
        boxes = [b for b in document.blocks if isinstance(b, report_content.Placeholder)]
        assert boxes, name  # the Word file gets them (test_report_docx)
        assert not any("[Skriv" in page for page in pages), name
    word = docx.Document(io.BytesIO(report_docx.render(documents["kommunrapport "][0])))
    assert any("[Skriv" in paragraph.text for table in word.tables for row in table.rows
               for cell in row.cells for paragraph in cell.paragraphs) or any(
        "[Skriv" in paragraph.text for paragraph in word.paragraphs)  # fmt: skip


def is_source(line: str) -> bool:
    return line.startswith(("Källa:", "Källor:"))


def short_pages(pages: list[str]) -> list[int]:
    """Pages (but the last) whose body is a source line alone or under three lines."""
    found = []
    for number, page in enumerate(pages[:-1], start=1):
        lines = [re.sub(r"\s*sida \d+ av \d+$", "", line.strip()) for line in page.splitlines()]
        body = [line for line in lines if line and not FURNITURE.match(line)]
        if len(body) < 3 or all(is_source(line) or not line[:1].isupper() for line in body):
            found.append(number)
    return found


def test_no_page_holds_only_a_source_line_or_a_few_lines(documents):
    for name, (_, pages) in documents.items():
        assert not short_pages(pages), name


def test_a_tables_source_never_starts_a_page_whatever_the_tables_length():
    """Tables of every length around a page's: the source line always ends a page with rows
    of its table above it."""
    sizes = set()
    for count in range(34, 52):
        rows = tuple((str(n), f"Rad {n} med lite text") for n in range(count))
        document = report_content.Document(
            title="Prov", subtitle="", made=MADE, notice="", facts=(("Prov", "ja"),), filename="prov",
            blocks=(report_content.Heading("Tabell", 1),
                    report_content.Table(("Nr", "Text"), rows, "En lång tabell"),
                    report_content.Paragraph("Källa: provet.", kind="small")),
        )  # fmt: skip
        pages = [
            p.extract_text() for p in pypdf.PdfReader(io.BytesIO(report_pdf.render(document))).pages
        ]
        source_page = next(n for n, page in enumerate(pages) if "Källa: provet." in page)
        lines = [line.strip() for line in pages[source_page].splitlines() if line.strip()]
        at = lines.index("Källa: provet.")
        assert sum("Rad " in line for line in lines[:at]) >= 2, (count, lines[: at + 1])
        assert f"Rad {count - 1} med lite text" in " ".join(lines[:at]), count
        sizes.add(len(pages))
    assert len(sizes) > 1  # the lengths tried do run over a page boundary


def test_the_short_page_check_sees_a_source_alone():
    assert short_pages(
        ["Rubrik\nText ett\nText två\nText tre", "Källa: Beräknad från data.\nsida 2 av 3", "Slut"]
    ) == [2]
    assert short_pages(["Rubrik\nText ett\nText två\nText tre", "Slut"]) == []


# --- the Kommunrapport's trend chart: cut at each new definition, as on the page ---------------


def test_the_kommunrapports_trend_chart_breaks_at_each_new_definition():
    ds = get_dataset()
    breaks = [b for b in domain.definition_breaks(ds, municipality_report.TREND)
              if b in ds.years and b > min(ds.years)]  # fmt: skip
    assert breaks  # the shipped data redefines it (2023, 2024)
    drawer = RecordingDrawer()
    document = municipality_report.build(ds, {"kod": "0780"}, drawer, MADE)
    figure = drawer.figures[-1]
    axes = figure.axes[0]
    # the rules are vertical (two points at one x); a series' piece has one point a year
    marked = [line for line in axes.get_lines()
              if not (len(line.get_xdata()) == 2 and len(set(line.get_xdata())) == 1)]  # fmt: skip
    data_lines = marked
    for line in data_lines:
        xs = list(line.get_xdata())
        for year in breaks:
            assert not (min(xs) < year <= max(xs)), (line.get_label(), xs, year)
    # each series is drawn in more than one piece, and one legend entry each
    assert len(data_lines) > 3
    assert len(axes.get_legend_handles_labels()[1]) == 3
    rules = {round(float(line.get_xdata()[0]), 1) for line in axes.get_lines()
             if line not in marked}  # fmt: skip
    assert rules == {year - 0.5 for year in breaks}
    labels = [t.get_text() for t in axes.texts]
    assert any(t.startswith("Ny definition") and str(breaks[0]) in t for t in labels)
    note = municipality_report.break_note(breaks)
    assert note in [b.text for b in document.blocks if isinstance(b, report_content.Paragraph)]
    pdf = " ".join(p.extract_text() for p in pypdf.PdfReader(
        io.BytesIO(report_pdf.render(document))).pages)  # fmt: skip
    assert " ".join(note.split()) in " ".join(pdf.split())
    word = docx.Document(io.BytesIO(report_docx.render(document)))
    assert any(note in paragraph.text for paragraph in word.paragraphs)


def test_the_document_says_what_the_pages_chart_says():
    from dashboard.charts import svg_lines

    assert municipality_report.break_note([2023, 2024]) == svg_lines.break_sentence([2023, 2024])
    assert municipality_report.break_note([]) == ""


def test_the_segments_of_a_line_part_at_a_new_definition():
    runs = report_charts.line_segments([2018, 2019, 2020, 2021], [1.0, None, 3.0, 4.0], (2021,))
    assert [xs for xs, _ in runs] == [[2018, 2019, 2020], [2021]]
    assert report_charts.line_segments([2018, 2019], [None, None], (2019,)) == []
