"""What changed between two versions of the data files, per file, and for the values per
municipality, indicator and year: the preview before a publish and the record of each
version. Pure functions of the files' bytes."""

from __future__ import annotations

import csv
import io
import itertools
import logging
from collections import Counter
from typing import Any

VALUES_FILE = "varden.csv"
VALUE_KEY = ("kommunkod", "indikator", "ar")
PLURALS = {"tillagd": "tillagda", "ändrad": "ändrade", "borttagen": "borttagna"}
log = logging.getLogger(__name__)
MAX_LISTED = 25_000  # changes kept per version: all an import may change (20 000 rows) fits


def _rows(data: bytes) -> tuple[list[str], list[dict[str, str]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], []
    lines = io.StringIO(text, newline="")
    # A template's leading '#' lines are comments, as the importer reads them; cells beyond
    # the header (restkey) and missing ones (restval) become text, so rows stay comparable.
    body = itertools.dropwhile(lambda line: line.startswith("#"), lines)
    reader = csv.DictReader(body, delimiter=";", restkey="\u2026", restval="")
    rows = [{k: ";".join(v) if isinstance(v, list) else v for k, v in r.items()} for r in reader]
    return list(reader.fieldnames or []), rows


def _value_changes(old: bytes, new: bytes) -> list[dict[str, Any]]:
    def index(data: bytes) -> dict[tuple[str, ...], dict[str, str]]:
        return {tuple((r.get(k) or "").strip() for k in VALUE_KEY): r for r in _rows(data)[1]}

    before, after = index(old), index(new)
    changes = []
    for key in sorted(set(before) | set(after)):
        a, b = before.get(key), after.get(key)
        was = None if a is None else (a.get("varde") or "").strip()
        now = None if b is None else (b.get("varde") or "").strip()
        example_changed = (a or {}).get("exempeldata") != (b or {}).get("exempeldata")
        if a is not None and b is not None and was == now and not example_changed:
            continue
        kind = "tillagd" if a is None else "borttagen" if b is None else "ändrad"
        changes.append({"fil": VALUES_FILE, "typ": kind, "kommunkod": key[0],
                        "indikator": key[1], "ar": key[2], "fore": was, "efter": now,
                        "exempeldata": (b or a or {}).get("exempeldata", "")})  # fmt: skip
    return changes


def _row_changes(name: str, old: bytes, new: bytes) -> list[dict[str, Any]]:
    """Rows of a list (activities, local plans, assessments …): paired by `id` when the file
    has one, else compared as whole rows."""
    head_a, rows_a = _rows(old)
    head_b, rows_b = _rows(new)
    if "id" in head_a and "id" in head_b:
        by_a = {r.get("id", ""): r for r in rows_a}
        by_b = {r.get("id", ""): r for r in rows_b}
        out = []
        for key in sorted(set(by_a) | set(by_b)):
            a, b = by_a.get(key), by_b.get(key)
            if a == b:
                continue
            kind = "tillagd" if a is None else "borttagen" if b is None else "ändrad"
            out.append({"fil": name, "typ": kind, "id": key,
                        "kommunkod": (b or a or {}).get("kommunkod", "")})  # fmt: skip
        return out
    count_a = Counter(tuple(sorted(r.items())) for r in rows_a)
    count_b = Counter(tuple(sorted(r.items())) for r in rows_b)
    added = sum((count_b - count_a).values())
    removed = sum((count_a - count_b).values())
    return [{"fil": name, "typ": "tillagd", "antal": added}] * bool(added) + [
        {"fil": name, "typ": "borttagen", "antal": removed}
    ] * bool(removed)


def changes(old: dict[str, bytes], new: dict[str, bytes]) -> list[dict[str, Any]]:
    """Every change from `old` to `new` (path -> bytes), values first."""
    out: list[dict[str, Any]] = []
    for path in sorted(set(old) | set(new), key=lambda p: (p != VALUES_FILE, p)):
        a, b = old.get(path), new.get(path)
        if a == b:
            continue
        if a is None or b is None:
            out.append({"fil": path, "typ": "ny fil" if a is None else "fil borttagen"})
        else:
            out.extend(_file_changes(path, a, b) or [{"fil": path, "typ": "ändrad"}])
    return out[:MAX_LISTED]


def _file_changes(path: str, a: bytes, b: bytes) -> list[dict[str, Any]]:
    """A file's changes in detail where it is a table; a file the detail cannot read is
    listed as changed. The list describes a version: it must never stop one being made (a
    failure here once made the start-up sync serve an older version than the files)."""
    try:
        if path == VALUES_FILE:
            return _value_changes(a, b)
        return _row_changes(path, a, b) if path.endswith(".csv") else []
    except Exception:  # noqa: BLE001 - logged; the file is still listed as changed
        log.exception("Ändringarna i %s kunde inte listas i detalj.", path)
        return []


def summary(items: list[dict[str, Any]]) -> str:
    """One line a person reads in the version history."""
    if not items:
        return "Inga ändringar i uppgifterna."
    values = [c for c in items if c["fil"] == VALUES_FILE and "kommunkod" in c]
    parts = []
    if values:
        kinds = Counter(c["typ"] for c in values)
        places = len({c["kommunkod"] for c in values})
        indicators = len({c["indikator"] for c in values})
        counted = ", ".join(f"{kinds[k]} {plural}" for k, plural in PLURALS.items() if kinds[k])
        parts.append(
            f"Värden: {counted} ({places} {'kommun' if places == 1 else 'kommuner'}, "
            f"{indicators} {'indikator' if indicators == 1 else 'indikatorer'})"
        )
    others = Counter(c["fil"] for c in items if c not in values)
    parts.extend(f"{name}: {n} ändringar" for name, n in sorted(others.items()))
    return "; ".join(parts) + "."


def per_municipality(items: list[dict[str, Any]]) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """The value changes grouped by municipality, then indicator (the preview's table)."""
    grouped: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for c in items:
        if c["fil"] == VALUES_FILE and "kommunkod" in c:
            grouped.setdefault(c["kommunkod"], {}).setdefault(c["indikator"], []).append(c)
    return grouped
