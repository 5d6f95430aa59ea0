"""The follow-up report and the Kommunrapport as documents: one small model, two renderers.

A content builder (ui/followup_report.py, ui/municipality_report.py) turns the domain's
results into a `Document`: a flat list of blocks (headings, paragraphs, tables, figures,
places for the official's own text). ui/report_pdf.py and ui/report_docx.py each render
that one list, so the PDF and the Word file cannot say different things.

Charts are drawn by the charts layer (charts/report_charts.py); the ui layer does not
import it, so a builder gets the drawing functions as an argument (`ChartDrawer`), wired by
the page that registers the document (the same place that registers its CSV download).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import urlencode

from dash import html

from dashboard.ui.components import EXAMPLE_DATA_SHORT, MIXED_DATA_SHORT

# The notice on every page of a document with example data: the pages' own short notice.
EXAMPLE_NOTICE = f"Exempeldata – {EXAMPLE_DATA_SHORT[0].lower()}{EXAMPLE_DATA_SHORT[1:]}"
MIXED_NOTICE = f"Exempeldata – {MIXED_DATA_SHORT[0].lower()}{MIXED_DATA_SHORT[1:]}"
PLAN_WORDS = "Planens text (ordagrant)"
COMMENT_PLACEHOLDER = "[Skriv Länsstyrelsens kommentar här]"


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1  # 1–3: Word's Heading 1–3; levels 1 and 2 go into the contents


@dataclass(frozen=True)
class Paragraph:
    text: str
    lead: str = ""  # a bold lead-in ("Planens text (ordagrant): ")
    kind: str = "body"  # body, small, plan (the plan's own words), note
    keep_with_next: bool = False  # a lead-in that belongs on the page of what follows


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""
    widths: tuple[float, ...] = ()  # relative column widths; equal when empty


@dataclass(frozen=True)
class Figure:
    """A chart as a PNG drawn at its printed size (width_cm × height_cm), with a text
    alternative; the table after it holds the same numbers."""

    png: bytes
    width_cm: float
    height_cm: float
    description: str


@dataclass(frozen=True)
class Placeholder:
    """A marked place for the official's own text (the Word file is completed by hand)."""

    text: str = COMMENT_PLACEHOLDER


@dataclass(frozen=True)
class Contents:
    """Where the table of contents goes."""


@dataclass(frozen=True)
class PageBreak:
    pass


Block = Heading | Paragraph | Bullets | Table | Figure | Placeholder | Contents | PageBreak


@dataclass(frozen=True)
class Document:
    title: str
    subtitle: str
    made: dt.date
    notice: str  # the example-data notice for every page; '' when the content is real
    facts: tuple[tuple[str, str], ...]  # the title page's "what it rests on"
    blocks: tuple[Block, ...]
    filename: str  # without suffix: 'Uppfoljning-handlingsplanen-2018-2025'
    organisation: str = ""

    def heading_texts(self) -> list[str]:
        return [b.text for b in self.blocks if isinstance(b, Heading)]


class ChartDrawer(Protocol):
    """The charts layer's drawing functions a builder needs (charts/report_charts.py)."""

    def verdict_bars(self, counts: Sequence[tuple[str, int]], title: str,
                     width_cm: float, height_cm: float) -> bytes: ...  # fmt: skip

    def grouped_bars(self, categories: Sequence[str],
                     series: Sequence[tuple[str, Sequence[float | None]]], title: str,
                     width_cm: float, height_cm: float) -> bytes: ...  # fmt: skip

    def trend_lines(self, years: Sequence[int],
                    series: Sequence[tuple[str, Sequence[float | None]]], title: str,
                    width_cm: float, height_cm: float,
                    breaks: Sequence[int] = ()) -> bytes: ...  # fmt: skip


class ReportRequestError(ValueError):
    """Parameters that name nothing (an unknown municipality, a year without data): the
    message is Swedish and shown as it is, with `status`."""

    status = 404


class ReportTimeout(ReportRequestError):
    status = 503

    def __init__(self) -> None:
        super().__init__("Rapporten tog för lång tid att göra. Försök igen om en stund.")


def no_year_text(years: Sequence[int], asked: str) -> str:
    """'Det finns inga uppgifter för år 1850. Välj ett år mellan 2018 och 2025.' (the year
    repeated only when it is a number: an address's text is never echoed)."""
    year = f" år {asked}" if asked.isdigit() and len(asked) <= 4 else " det året"
    return (f"Det finns inga uppgifter för{year}. Välj ett år mellan {years[0]} och "
            f"{years[-1]}.")  # fmt: skip


@dataclass(frozen=True)
class DocumentView:
    """A page's document: `resolve` turns the address's parameters into the validated ones
    and the file name (ReportRequestError when they name nothing); `build` makes the
    Document from the validated parameters and the day it is dated."""

    resolve: Callable[[Any, Mapping[str, str]], tuple[dict[str, str], str]]
    build: Callable[[Any, Mapping[str, str], dt.date], Document]


def notice_for(any_example: bool, all_example: bool) -> str:
    """The notice for content of which some (or all) values are example data."""
    if all_example:
        return EXAMPLE_NOTICE
    return MIXED_NOTICE if any_example else ""


def frame_table(frame, caption: str = "", widths: tuple[float, ...] = ()) -> Table:
    """A table of texts from a DataFrame of shown values (the pages' own table functions)."""
    rows = tuple(tuple("" if v is None else str(v) for v in row) for row in frame.to_numpy())
    return Table(tuple(str(c) for c in frame.columns), rows, caption, widths)


# Plain links to the documents, for the pages: keyboard-friendly, shareable, no callback.
TOUCH_SIZE = {"minHeight": "44px", "display": "inline-flex", "alignItems": "center"}


def document_links(view: str, params: Mapping[str, object], what: str = "rapporten") -> html.P:
    """'Ladda ner rapporten (PDF)' and '… (Word)' with the page's parameters, at least 44 px
    high (a finger's size); the document is made on the server when asked for."""
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    suffix = f"?{query}" if query else ""
    return html.P(
        [html.A(f"Ladda ner {what} (PDF)", href=f"/nedladdning/{view}.pdf{suffix}", download="",
                className="btn btn-primary me-2 mb-2", style=TOUCH_SIZE),
         html.A(f"Ladda ner {what} (Word)", href=f"/nedladdning/{view}.docx{suffix}", download="",
                className="btn btn-outline-primary me-2 mb-2", style=TOUCH_SIZE),
         html.Span("Word-filen kan du redigera: den har markerade platser för "
                   "Länsstyrelsens egna kommentarer.", className="small d-block")],
        className="no-print report-downloads",
    )  # fmt: skip
