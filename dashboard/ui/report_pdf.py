"""A report_content.Document as a PDF for A4, with reportlab's platypus (no browser, no
system library: reportlab is pure Python with its own C accelerator, and embeds the Bitstream
Vera fonts it ships, which cover å, ä, ö, – and ”).

On every page: the example-data notice (when the content holds example data) at the top,
the date the document was made, its title and "sida N av M" at the bottom (the total is
known only after the last page: NumberedCanvas keeps each page's state and writes the
footers at the end). A table of contents from the headings (TableOfContents, built in as
many passes as the page numbers need: multiBuild), headings kept with what follows them
(keepWithNext, and a conditional page break before each so that a heading never ends a
page), tables that repeat their header row on every page they run over.
"""

from __future__ import annotations

import io
import re
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as pdfcanvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    Image,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

from dashboard.ui import report_content as rc

FONT = "Vera"
MARGIN = 2.0 * cm
TOP_MARGIN = 2.4 * cm  # room for the notice above the text
BOTTOM_MARGIN = 2.2 * cm  # room for the footer
# Before a heading: go to the next page unless this much room is left, so the heading is
# followed by at least a few lines of what it heads (a table's row can be 3 cm high).
ROOM_AFTER_HEADING = {1: 7.0 * cm, 2: 6.0 * cm, 3: 5.0 * cm}
# A long table starts where it is if this much room is left (its caption, header and a row
# or two), else on the next page; a short one is kept whole with its caption.
ROOM_FOR_TABLE, SHORT_TABLE_ROWS = 3.5 * cm, 10
# A table's source lines keep at least its last rows with them on a page.
TAIL_ROWS = 2
# Table cells: 9 pt, down to 8 pt where a column's longest word would not fit otherwise.
CELL_SIZES, CELL_PADDING = (9.0, 8.5, 8.0), 3
CONTENTS_LEVELS = (1, 2)
FALLBACK = {"\u2192": "–"}  # characters the fonts lack: '→' in a few service texts


@lru_cache(maxsize=1)
def _fonts() -> frozenset[int]:
    """Registers the Vera family once; the code points it covers."""
    folder = Path(rl_config.__file__).resolve().parent / "fonts"
    faces = {FONT: "Vera.ttf", f"{FONT}-Bold": "VeraBd.ttf", f"{FONT}-Italic": "VeraIt.ttf",
             f"{FONT}-BoldItalic": "VeraBI.ttf"}  # fmt: skip
    for name, file in faces.items():
        pdfmetrics.registerFont(TTFont(name, str(folder / file)))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=f"{FONT}-Bold",
                                  italic=f"{FONT}-Italic", boldItalic=f"{FONT}-BoldItalic")  # fmt: skip
    face = pdfmetrics.getFont(FONT).face
    return frozenset(face.charToGlyph)


def text(value: str) -> str:
    """Plain text as reportlab's paragraph markup: escaped, characters the font lacks
    replaced."""
    covered = _fonts()
    clean = "".join(FALLBACK.get(c, c) if ord(c) not in covered and c not in "\n" else c
                    for c in str(value))  # fmt: skip
    return escape(clean)


@lru_cache(maxsize=1)
def styles() -> dict[str, ParagraphStyle]:
    _fonts()
    base = ParagraphStyle(
        "body", fontName=FONT, fontSize=10, leading=13.5, spaceAfter=5, bulletFontName=FONT
    )
    head = {"fontName": f"{FONT}-Bold", "keepWithNext": 1}
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=9, leading=12),
        "note": ParagraphStyle("note", parent=base, fontSize=9, leading=12),
        "plan": ParagraphStyle("plan", parent=base, fontName=f"{FONT}-Italic", leftIndent=10,
                               borderPadding=(2, 0, 2, 6)),
        "h1": ParagraphStyle("h1", parent=base, fontSize=16, leading=20, spaceBefore=10,
                             spaceAfter=8, **head),
        "h2": ParagraphStyle("h2", parent=base, fontSize=13, leading=16, spaceBefore=10,
                             spaceAfter=5, **head),
        "h3": ParagraphStyle("h3", parent=base, fontSize=11, leading=14, spaceBefore=7,
                             spaceAfter=3, **head),
        "caption": ParagraphStyle("caption", parent=base, fontSize=9, leading=12,
                                  fontName=f"{FONT}-Bold", keepWithNext=1, spaceAfter=3),
        "caption_long": ParagraphStyle("caption_long", parent=base, fontSize=9, leading=12,
                                       fontName=f"{FONT}-Bold", spaceAfter=3),
        "cell": ParagraphStyle("cell", parent=base, fontSize=9, leading=11, spaceAfter=0),
        "head": ParagraphStyle("head", parent=base, fontSize=9, leading=11, spaceAfter=0,
                               fontName=f"{FONT}-Bold"),
        "title": ParagraphStyle("title", parent=base, fontSize=24, leading=29, spaceAfter=14,
                                fontName=f"{FONT}-Bold"),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=13, leading=17,
                                   spaceAfter=18),
        "placeholder": ParagraphStyle("placeholder", parent=base, fontName=f"{FONT}-Italic"),
        "toc1": ParagraphStyle("toc1", parent=base, fontSize=11, leading=15, leftIndent=0),
        "toc2": ParagraphStyle("toc2", parent=base, fontSize=10, leading=13, leftIndent=14),
        "footer_right": ParagraphStyle("footer_right", parent=base, alignment=TA_RIGHT),
    }  # fmt: skip


class HeadingParagraph(Paragraph):
    """A heading: its level goes into the contents and the PDF's outline."""

    def __init__(self, heading: rc.Heading, key: str) -> None:
        super().__init__(text(heading.text), styles()[f"h{heading.level}"])
        self.level = heading.level
        self.plain = heading.text
        self.key = key


class ReportTemplate(SimpleDocTemplate):
    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 - reportlab's name
        if isinstance(flowable, HeadingParagraph):
            self.canv.bookmarkPage(flowable.key)
            self.canv.addOutlineEntry(flowable.plain, flowable.key, level=flowable.level - 1)
            if flowable.level in CONTENTS_LEVELS:
                self.notify("TOCEntry", (flowable.level - 1, text(flowable.plain), self.page,
                                         flowable.key))  # fmt: skip


def numbered_canvas(document: rc.Document) -> type[pdfcanvas.Canvas]:
    """A canvas that writes the notice, the date and 'sida N av M' on every page once the
    number of pages is known."""

    class NumberedCanvas(pdfcanvas.Canvas):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                page_furniture(self, document, self._pageNumber, total)
                super().showPage()
            super().save()

    return NumberedCanvas


def page_furniture(canvas: pdfcanvas.Canvas, document: rc.Document, page: int, total: int) -> None:
    width, height = A4
    canvas.saveState()
    if document.notice:
        canvas.setFont(f"{FONT}-Bold", 10)
        canvas.drawString(MARGIN, height - 1.3 * cm, document.notice)
        canvas.setLineWidth(0.6)
        canvas.line(MARGIN, height - 1.5 * cm, width - MARGIN, height - 1.5 * cm)
    canvas.setFont(FONT, 9)
    canvas.line(MARGIN, 1.6 * cm, width - MARGIN, 1.6 * cm)
    canvas.drawString(
        MARGIN, 1.1 * cm, f"{document.title} · sammanställd {document.made.isoformat()}"
    )
    canvas.drawRightString(width - MARGIN, 1.1 * cm, f"sida {page} av {total}")
    canvas.restoreState()


def _longest_words(cells: list[str], font: str, size: float) -> float:
    """The width of the longest word in the cells: a column narrower than that splits it."""
    return max((pdfmetrics.stringWidth(word, font, size) for cell in cells
                for word in text_words(cell)), default=0.0)  # fmt: skip


def text_words(cell: str) -> list[str]:
    """The words of a cell as the PDF prints them: lines wrap only between these, never at a
    no-break space ('0,6\u00a0personer' is one word)."""
    covered = _fonts()
    clean = "".join(FALLBACK.get(c, c) if ord(c) not in covered else c for c in cell)
    return [word for word in re.split(r"[ \t\r\n]+", clean) if word]


def fit_widths(weights: list[float], minima: list[float], total: float) -> list[float] | None:
    """Column widths in proportion to `weights` where that leaves each column at least its
    minimum (its longest word), the rest shared in proportion among the others; None when
    the minima alone are wider than the page."""
    if sum(minima) > total:
        return None
    fixed: dict[int, float] = {}
    while True:
        free = [i for i in range(len(weights)) if i not in fixed]
        room = total - sum(fixed.values())
        share = sum(weights[i] for i in free) or 1.0
        widths = {i: room * weights[i] / share for i in free}
        short = {i: minima[i] for i in free if widths[i] < minima[i]}
        if not short:
            return [fixed.get(i, widths.get(i, 0.0)) for i in range(len(weights))]
        fixed.update(short)


def _column_widths(block: rc.Table, width: float) -> tuple[list[float], float]:
    """Column widths and the font size (9 pt, smaller down to 8 pt only when a column's
    longest word would not fit otherwise)."""
    weights = (
        list(block.widths)
        if len(block.widths) == len(block.columns)
        else [1.0] * len(block.columns)
    )
    padding = 2 * CELL_PADDING + 1
    size = CELL_SIZES[-1]
    for size in CELL_SIZES:
        minima = [
            max(_longest_words([head], f"{FONT}-Bold", size),
                _longest_words([row[i] for row in block.rows], FONT, size)) + padding
            for i, head in enumerate(block.columns)
        ]  # fmt: skip
        widths = fit_widths(weights, minima, width)
        if widths is not None:
            return widths, size
    # not even at 8 pt: the narrowest columns at their minimum, the widest words split
    scale = width / sum(minima)
    return [m * scale for m in minima], size


def _cell_styles(size: float) -> tuple[ParagraphStyle, ParagraphStyle]:
    sheet = styles()
    if size == sheet["cell"].fontSize:
        return sheet["head"], sheet["cell"]
    return (ParagraphStyle(f"head{size}", parent=sheet["head"], fontSize=size, leading=size + 2),
            ParagraphStyle(f"cell{size}", parent=sheet["cell"], fontSize=size, leading=size + 2))  # fmt: skip


def _table(block: rc.Table, width: float, sources: list[Flowable] | None = None) -> list[Flowable]:
    sheet = styles()
    widths, size = _column_widths(block, width)
    head, cell = _cell_styles(size)
    data = [[Paragraph(text(c), head) for c in block.columns]]
    data += [[Paragraph(text(c), cell) for c in row] for row in block.rows]
    table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
    ]))  # fmt: skip
    short = len(block.rows) <= SHORT_TABLE_ROWS
    # keepWithNext moves a table that does not fit whole to the next page: right for a short
    # one, half a page lost for a long one, which instead starts here and runs over
    parts: list[Flowable] = [] if short else [CondPageBreak(ROOM_FOR_TABLE)]
    if block.caption:
        style = sheet["caption"] if short else sheet["caption_long"]
        parts.append(Paragraph(text(block.caption), style))
    body: Flowable = TableWithSources(table, sources) if sources else table
    return [*parts, body, Spacer(1, 6)]


class TableWithSources(Flowable):
    """A table and the source lines under it, which never start a page of their own: when
    the table runs over a page, at least its last TAIL_ROWS rows go with them."""

    def __init__(self, table: Table, sources: list[Flowable]) -> None:
        super().__init__()
        self.table, self.sources = table, sources
        self._heights: list[tuple[Flowable, float, float]] = []  # (flowable, before, height)

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:  # noqa: N803 - reportlab's
        self._heights = [(self.table, 0.0, self.table.wrap(aW, aH)[1])]
        for source in self.sources:
            height = source.wrap(aW, aH)[1]
            self._heights.append((source, source.getSpaceBefore(), height))
        self.width = aW
        self.height = sum(b + h for _, b, h in self._heights) + self.sources[-1].getSpaceAfter()
        return aW, self.height

    def draw(self) -> None:
        top = self.height
        for flowable, before, height in self._heights:
            top -= before + height
            flowable.drawOn(self.canv, 0, top)

    def split(self, aW: float, aH: float) -> list[Flowable]:  # noqa: N803 - reportlab's
        self.wrap(aW, aH)
        rows = self.table._rowHeights  # noqa: SLF001 - known once wrapped
        head = sum(rows[: self.table.repeatRows])
        fitting, used = 0, head
        for height in rows[self.table.repeatRows :]:
            if used + height > aH:
                break
            used, fitting = used + height, fitting + 1
        data_rows = len(rows) - self.table.repeatRows
        keep = min(fitting, data_rows - TAIL_ROWS)
        if keep < 1:
            return []  # nothing sensible stays here: the whole on the next page
        cut = head + sum(rows[self.table.repeatRows : self.table.repeatRows + keep])
        first, *rest = self.table.split(aW, cut + 0.01)
        if not rest:
            return []
        return [first, TableWithSources(rest[0], self.sources)]


def _contents() -> list[Flowable]:
    toc = TableOfContents(dotsMinLevel=0)
    toc.levelStyles = [styles()["toc1"], styles()["toc2"]]
    return [Paragraph("Innehåll", styles()["h1"]), toc]


def flowables(block: rc.Block, index: int, width: float) -> list[Flowable]:
    """One block as platypus flowables."""
    sheet = styles()
    if isinstance(block, rc.Heading):
        return [HeadingParagraph(block, f"h{index}")]
    if isinstance(block, rc.Paragraph):
        lead = f"<b>{text(block.lead)}</b>" if block.lead else ""
        body = text(block.text)
        if block.kind == "plan":  # the plan's words: the lead upright, the quote in italics
            body = f"”{body}”"
        style = sheet.get(block.kind, sheet["body"])
        if block.keep_with_next:
            style = ParagraphStyle(f"{style.name}_kept", parent=style, keepWithNext=1)
        return [Paragraph(lead + body, style)]
    if isinstance(block, rc.Bullets):
        return [Paragraph(text(item), sheet["body"], bulletText="•") for item in block.items]
    if isinstance(block, rc.Table):
        return _table(block, width)
    if isinstance(block, rc.Figure):
        image = Image(io.BytesIO(block.png), width=block.width_cm * cm, height=block.height_cm * cm)
        image.hAlign = "LEFT"
        return [image, Spacer(1, 4)]
    if isinstance(block, rc.Placeholder):
        return []  # a box to write in belongs to the Word file; the PDF is the finished text
    if isinstance(block, rc.Contents):
        return _contents()
    return [PageBreak()]


def _source_lines(blocks: tuple[rc.Block, ...], start: int) -> int:
    """How many small paragraphs (a table's source and notes) follow a table from `start`."""
    count = 0
    while start + count < len(blocks):
        block = blocks[start + count]
        if not (isinstance(block, rc.Paragraph) and block.kind == "small"):
            break
        count += 1
    return count


def _room_before(blocks: tuple[rc.Block, ...], index: int) -> float:
    """The room a run of headings starting at `index` needs (a page break when less is left):
    one conditional break before the run, none between its headings, which keepWithNext
    holds together with what follows."""
    run = 0
    while index + run < len(blocks) and isinstance(blocks[index + run], rc.Heading):
        run += 1
    last = blocks[index + run - 1]
    level = last.level if isinstance(last, rc.Heading) else 1
    return ROOM_AFTER_HEADING[level] + (run - 1) * 1.5 * cm


def title_page(document: rc.Document, width: float) -> list[Flowable]:
    sheet = styles()
    parts: list[Flowable] = [Spacer(1, 1.5 * cm)]
    if document.organisation:
        parts.append(Paragraph(text(document.organisation), sheet["subtitle"]))
    parts += [Paragraph(text(document.title), sheet["title"]),
              Paragraph(text(document.subtitle), sheet["subtitle"])]  # fmt: skip
    rows = [[Paragraph(f"<b>{text(k)}</b>", sheet["cell"]), Paragraph(text(v), sheet["cell"])]
            for k, v in document.facts]  # fmt: skip
    facts = Table(rows, colWidths=[0.28 * width, 0.72 * width], hAlign="LEFT")
    facts.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.grey)]))  # fmt: skip
    return [*parts, facts, PageBreak()]


def render(document: rc.Document) -> bytes:
    """The document as PDF bytes."""
    buffer = io.BytesIO()
    template = ReportTemplate(
        buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=TOP_MARGIN,
        bottomMargin=BOTTOM_MARGIN, title=document.title, author=document.organisation,
        subject=document.subtitle, lang="sv-SE",
    )  # fmt: skip
    width = A4[0] - 2 * MARGIN
    story = title_page(document, width)
    blocks = document.blocks
    index = 0
    while index < len(blocks):
        block = blocks[index]
        if isinstance(block, rc.Heading) and not (
            index and isinstance(blocks[index - 1], rc.Heading)
        ):
            story.append(CondPageBreak(_room_before(blocks, index)))
        if isinstance(block, rc.Table):
            count = _source_lines(blocks, index + 1)
            sources = [f for b in blocks[index + 1 : index + 1 + count]
                       for f in flowables(b, index, width)]  # fmt: skip
            story += _table(block, width, sources)
            index += 1 + count
            continue
        story += flowables(block, index, width)
        index += 1
    template.multiBuild(story, canvasmaker=numbered_canvas(document))
    return buffer.getvalue()
