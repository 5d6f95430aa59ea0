"""A report_content.Document as an editable Word file (.docx), with python-docx: pure Python
(lxml), no Word or LibreOffice on the server.

Headings in Word's own Heading 1–3 styles (the navigation pane and a table of contents Word
builds work), numbers as text exactly as the pages show them ("74 %", "1,4"), charts as PNG
images at their printed size, the example-data notice in the header of every section, "Sida
N av M" from Word's PAGE and NUMPAGES fields in the footer, and the places for the
Länsstyrelse's own text marked and highlighted so the official finds them.
"""

from __future__ import annotations

import io

from docx import Document as new_document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph as DocxParagraph

from dashboard.ui import report_content as rc

FONT = "Calibri"
CONTENTS_NOTE = (
    "Innehållsförteckningen skapas av Word: högerklicka här och välj Uppdatera fält "
    "(eller tryck F9) när du har skrivit klart."
)


def _field(paragraph: DocxParagraph, instruction: str, shown: str) -> None:
    """A Word field (PAGE, NUMPAGES, TOC) with the text shown until Word updates it."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    value = OxmlElement("w:t")
    value.text = shown
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, code, separate, value, end):
        run._r.append(element)


def _page_furniture(word, document: rc.Document) -> None:
    """The notice in every section's header; date, title and 'Sida N av M' in its footer."""
    for section in word.sections:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2.0)
        section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.0)
        header = section.header.paragraphs[0]
        if document.notice:
            header.add_run(document.notice).bold = True
        footer = section.footer.paragraphs[0]
        footer.add_run(f"{document.title} · sammanställd {document.made.isoformat()} · Sida ")
        _field(footer, "PAGE", "1")
        footer.add_run(" av ")
        _field(footer, "NUMPAGES", "1")


def _styles(word) -> None:
    normal = word.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(10.5)
    for name in ("Heading 1", "Heading 2", "Heading 3"):
        word.styles[name].paragraph_format.keep_with_next = True


def _table(word, block: rc.Table) -> None:
    if block.caption:
        caption = word.add_paragraph(style="Caption")
        caption.add_run(block.caption)
        caption.paragraph_format.keep_with_next = True
    table = word.add_table(rows=1, cols=len(block.columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    for cell, name in zip(table.rows[0].cells, block.columns, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(name).bold = True
    _repeat_header(table.rows[0])
    for row in block.rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = value
    if len(block.widths) == len(block.columns):
        total = sum(block.widths)
        for column, weight in zip(table.columns, block.widths, strict=True):
            for cell in column.cells:
                cell.width = Cm(17.0 * weight / total)
    word.add_paragraph()


def _repeat_header(row) -> None:
    """The header row repeats on every page the table runs over (w:tblHeader)."""
    properties = row._tr.get_or_add_trPr()
    mark = OxmlElement("w:tblHeader")
    mark.set(qn("w:val"), "true")
    properties.append(mark)


def _paragraph(word, block: rc.Paragraph) -> None:
    paragraph = word.add_paragraph()
    if block.lead:
        paragraph.add_run(block.lead).bold = True
    if block.kind == "plan":  # the plan's own words, quoted and in italics
        paragraph.add_run(f"”{block.text}”").italic = True
        paragraph.paragraph_format.left_indent = Cm(0.5)
    else:
        run = paragraph.add_run(block.text)
        if block.kind in ("small", "note"):
            run.font.size = Pt(9.5)
    paragraph.paragraph_format.keep_with_next = block.keep_with_next or None


def _placeholder(word, block: rc.Placeholder) -> None:
    paragraph = word.add_paragraph()
    run = paragraph.add_run(block.text)
    run.italic = True
    run.font.highlight_color = WD_COLOR_INDEX.YELLOW
    paragraph.paragraph_format.space_after = Pt(12)


def _contents(word) -> None:
    word.add_heading("Innehåll", 1)
    _field(word.add_paragraph(), 'TOC \\o "1-2" \\h \\z \\u', CONTENTS_NOTE)


def add_block(word, block: rc.Block) -> None:
    if isinstance(block, rc.Heading):
        word.add_heading(block.text, block.level)
    elif isinstance(block, rc.Paragraph):
        _paragraph(word, block)
    elif isinstance(block, rc.Bullets):
        for item in block.items:
            word.add_paragraph(item, style="List Bullet")
    elif isinstance(block, rc.Table):
        _table(word, block)
    elif isinstance(block, rc.Figure):
        word.add_picture(io.BytesIO(block.png), width=Cm(block.width_cm))
        word.paragraphs[-1].runs[-1]._r.xpath(".//wp:docPr")[0].set("descr", block.description)
    elif isinstance(block, rc.Placeholder):
        _placeholder(word, block)
    elif isinstance(block, rc.Contents):
        _contents(word)
    else:
        word.add_page_break()


def _title_page(word, document: rc.Document) -> None:
    if document.organisation:
        word.add_paragraph(document.organisation)
    word.add_paragraph(document.title, style="Title")
    if document.subtitle:
        word.add_paragraph(document.subtitle, style="Subtitle")
    table = word.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for key, value in document.facts:
        cells = table.add_row().cells
        cells[0].text = ""
        cells[0].paragraphs[0].add_run(key).bold = True
        cells[1].text = value
    word.add_page_break()


def _update_fields_on_open(word) -> None:
    """Word fills in the contents and the page count when the file is opened (it asks
    first), instead of showing the field's placeholder until someone presses F9."""
    settings = word.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.append(update)


def render(document: rc.Document) -> bytes:
    """The document as .docx bytes."""
    word = new_document()
    _styles(word)
    _update_fields_on_open(word)
    core = word.core_properties
    core.title, core.author, core.subject = document.title, document.organisation, document.subtitle
    core.language = "sv-SE"
    _page_furniture(word, document)
    _title_page(word, document)
    for block in document.blocks:
        add_block(word, block)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()
