"""A table as a view shows it, for its download (dashboard.ui.export writes CSV and Excel)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd


@dataclass(frozen=True)
class ExportTable:
    title: str
    frame: pd.DataFrame  # Swedish column names, values as shown
    sources: list[str] = field(default_factory=list)
    is_example: bool = False
    filename: str = "uttag"
    # (heading, text) rows for the download's notes, e.g. ('Riket', the national value)
    notes: tuple[tuple[str, str], ...] = ()
