"""Which shown values are example data, where real and example values mix (issue #31, item 7).

Where every value of a view is example data (the shipped data) the page's Exempeldata notice
says it once; where none is, there is nothing to say. Where a view mixes the two, each example
value carries the mark, so that a real value is never read as invented nor the other way round.
The downloads say it in their Exempeldata column instead: a mark would spoil the numbers."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd

from dashboard import domain
from dashboard.data.loader import Dataset
from dashboard.domain.formatting import genitive

EXAMPLE_MARK = "(exempel)"
PARTLY_MARK = "(delvis exempel)"  # a figure that rests on both real and example values
EXAMPLE_COLUMN = "Exempeldata"  # as domain.comparison.EXAMPLE_COLUMN: 'Ja' / 'Nej' per row
PARTLY_FLAG = "Delvis"  # the Exempeldata column of a row resting on real and example values
PARTLY_COLUMN = "partly_example"  # domain.all_values' flag beside is_example
NO_VALUE = {"", "–"}  # nothing shown, so nothing to mark (an invented 'saknas' is marked)


def mixes(flags: Iterable, partly: Iterable | None = None) -> bool:
    """True when some of the values are example data and some are not. `partly` (beside
    `flags`, as domain's partly_example): a value resting on real and example values is not
    wholly example data, so a view of it and wholly example values mixes too."""
    if partly is not None:
        pairs = [(bool(f), bool(p) and not pd.isna(p))
                 for f, p in zip(flags, partly, strict=True) if not pd.isna(f)]  # fmt: skip
        return any(f for f, _ in pairs) and not all(f and not p for f, p in pairs)
    seen = [bool(f) for f in flags if not pd.isna(f)]
    return any(seen) and not all(seen)


def marked(text: object, is_example: bool, mixed: bool, mark: str = EXAMPLE_MARK,
           partly: bool = False) -> str:  # fmt: skip
    """The value as shown, with the mark when the view mixes and the value is example data:
    '(delvis exempel)' when it rests on real values too (`partly`). A value that already ends
    in a parenthesis ('33 % (1 ej bedömt)') takes the mark inside it: '33 % (1 ej bedömt;
    exempel)', never two parentheses in a row."""
    text = str(text)
    if not mixed or not is_example or text.strip() in NO_VALUE:
        return text
    mark = PARTLY_MARK if partly and mark == EXAMPLE_MARK else mark
    if text.endswith(")") and "(" in text and mark.startswith("(") and mark.endswith(")"):
        return f"{text[:-1]}; {mark[1:-1]})"
    return f"{text} {mark}"


def figure_mark(flags: Sequence, mixed: bool, partly: Sequence | None = None) -> str:
    """The mark of a figure computed from several values (a county's count or mean): ''
    when the view does not mix or none is example data, else EXAMPLE_MARK or PARTLY_MARK
    (also when one of them rests on real values too, `partly`)."""
    seen = [bool(f) for f in flags if not pd.isna(f)]
    if not mixed or not any(seen):
        return ""
    some_real = partly is not None and any(bool(p) and not pd.isna(p) for p in partly)
    return EXAMPLE_MARK if all(seen) and not some_real else PARTLY_MARK


def marked_labels(frame: pd.DataFrame, column: str = "label", flag: str = "is_example",
                  mixed: bool | None = None) -> pd.DataFrame:  # fmt: skip
    """A copy of `frame` whose `column` carries the mark on its example rows when the frame
    mixes (or when `mixed` says the view does); a row whose partly_example is set (a share
    of real and example criteria) '(delvis exempel)'."""
    if frame.empty or flag not in frame:
        return frame
    flags = frame[flag].fillna(False).astype(bool)
    partly = (frame[PARTLY_COLUMN].fillna(False).astype(bool) if PARTLY_COLUMN in frame
              else pd.Series(False, index=frame.index))  # fmt: skip
    mixed = mixes(flags, partly) if mixed is None else mixed
    if not mixed:
        return frame
    out = frame.copy()
    out[column] = [marked(t, f, True, partly=p)
                   for t, f, p in zip(out[column], flags, partly, strict=True)]  # fmt: skip
    return out


def marked_table(frame: pd.DataFrame, columns: Iterable[str],
                 mixed: bool | None = None) -> pd.DataFrame:  # fmt: skip
    """A table with an Exempeldata column ('Ja'/'Delvis'/'Nej' per row, as the downloads): where its
    rows mix (or `mixed` says the whole view does, of which the table shows a part), the
    example rows' values in `columns` carry the mark. The column stays, so the shown table
    still says it per row too."""
    if EXAMPLE_COLUMN not in frame:
        return frame
    flags = frame[EXAMPLE_COLUMN].isin(["Ja", PARTLY_FLAG])
    partly = frame[EXAMPLE_COLUMN].eq(PARTLY_FLAG)
    if not (mixes(flags, partly) if mixed is None else mixed):
        return frame
    out = frame.copy()
    for column in columns:
        if column in out:
            out[column] = [marked(t, f, True, partly=p)
                           for t, f, p in zip(out[column], flags, partly, strict=True)]  # fmt: skip
    return out


def bars_note(profile: pd.DataFrame, name: str) -> str:
    """Which of a municipality's goal bars (comparison.compliance_profile) are example data,
    in a sentence under the chart, where its values mix: a mark at each bar's end would run
    past the chart's edge at 100 %. '' when they do not mix."""
    flags = profile["is_example"].fillna(False).astype(bool)
    if not mixes(flags):
        return ""
    shorts = [str(s) for s in profile.loc[flags, "short"]]
    joined = shorts[0] if len(shorts) == 1 else f"{', '.join(shorts[:-1])} och {shorts[-1]}"
    return (f"{genitive(name)} värden för {joined} är exempeldata; "
            f"{genitive(name)} övriga värden är verkliga.")  # fmt: skip


def without_flag_column(frame: pd.DataFrame) -> pd.DataFrame:
    """A table whose values carry their own marks, without the per-row Exempeldata column:
    a row flag that means 'some value in the row is example data' would say more than the
    marks do (and, if every row has one, call the whole table invented)."""
    return frame.drop(columns=EXAMPLE_COLUMN) if EXAMPLE_COLUMN in frame else frame


def values_sentence(flags: Iterable, partly: Iterable | None = None) -> str:
    """A slide's or a chart's source line on its values: all example data, some, or none
    (with `partly`, a value of real and example criteria is not all example data)."""
    flags = list(flags)
    seen = [bool(f) for f in flags if not pd.isna(f)]
    if not any(seen):
        return ""
    if mixes(flags, partly) or not all(seen):
        return "En del av värdena är exempeldata."
    return "Värdena är exempeldata."


def own_values(ds: Dataset, code: str, year: int, ids: Sequence[str]) -> list[tuple[bool, bool]]:
    """(is example, partly example) for a municipality's value of each indicator in the year,
    in their order: the Kommun page's and the Kommunrapport's headline values."""
    flags = []
    for indicator_id in ids:
        snap = domain.snapshot(ds, indicator_id, year)
        own = snap[snap["code"] == code]
        partly = own[PARTLY_COLUMN] if PARTLY_COLUMN in own else pd.Series(False, index=own.index)
        flags.append((bool(own["is_example"].any()), bool(partly.fillna(False).astype(bool).any())))
    return flags


def marked_values(ds: Dataset, code: str, year: int, texts: dict[str, str]) -> list[str]:
    """The texts (indicator id -> its value as shown), each marked where these values mix
    real and example data: '(exempel)', or '(delvis exempel)' for a share of real and
    example criteria."""
    flags = own_values(ds, code, year, list(texts))
    mixed = mixes([f for f, _ in flags], [p for _, p in flags])
    return [marked(text, f, mixed, partly=p) for text, (f, p) in zip(texts.values(), flags,
                                                                      strict=True)]  # fmt: skip
