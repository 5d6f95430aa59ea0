"""Reading a page printed to PDF by Chromium (tests/test_print*.py): the text of each page
with its place and size, as pypdf's text visitor reports it."""

from __future__ import annotations

import io
import math
from dataclasses import dataclass

import pypdf

A4_HEIGHT_PT = 841.89
MM = 72 / 25.4


@dataclass(frozen=True)
class Run:
    """One piece of text as drawn: its page-space baseline y (0 at the foot) and size in pt."""

    text: str
    x: float
    y: float
    size: float


@dataclass
class PrintedPage:
    runs: list[Run]
    height: float

    def lines(self) -> list[str]:
        """The page's text top to bottom, runs on one baseline joined (as a reader reads it)."""
        rows: dict[int, list[Run]] = {}
        for run in self.runs:
            rows.setdefault(round(run.y), []).append(run)
        ordered = sorted(rows.items(), key=lambda item: -item[0])
        joined = ("".join(r.text for r in sorted(row, key=lambda r: r.x)) for _, row in ordered)
        return [" ".join(line.split()) for line in joined if line.strip()]

    def lowest(self, skip_foot_mm: float = 0) -> float:
        """The y of the lowest text above the foot margin (the page number's box is skipped)."""
        floor = skip_foot_mm * MM
        ys = [run.y for run in self.runs if run.y > floor and run.text.strip()]
        return min(ys) if ys else self.height


def read(pdf: bytes) -> list[PrintedPage]:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    pages = []
    for page in reader.pages:
        runs: list[Run] = []

        def visit(text, cm, tm, font, size, runs=runs):
            if not text.strip():
                return
            # the text matrix times the current transformation: where and how large
            a, b, c, d, e, f = pypdf.mult(tm, cm)
            scale = math.hypot(c, d)
            runs.append(Run(text, e, f, size * scale))

        page.extract_text(visitor_text=visit)
        pages.append(PrintedPage(runs, float(page.mediabox.height)))
    return pages
