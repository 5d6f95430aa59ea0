"""Planning a year's import: the new content of data/varden.csv from the old file and the
checked rows (import_validate), and what it changes, said for a person. Nothing is written
here (a dry run stops after this); import_write writes.

Imported values are real (exempeldata = nej) and replace example values for the same
municipality, indicator and year; a value equal to the stored one (also when written
differently, 12,50 for 12,5) is unchanged.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from dashboard.data.import_validate import ImportRow, Parsed
from dashboard.data.loader import Dataset, ValueProblem, scale_orders, value_score


@dataclass(frozen=True)
class Change:
    kind: str  # "tillagd", "ändrad", "borttagen", "oförändrad"
    row: ImportRow
    old_value: str | None
    old_example: bool


@dataclass
class Plan:
    header: list[str]
    records: list[dict[str, str]]  # the new varden.csv, in file order
    changes: list[Change] = field(default_factory=list)

    def count(self, kind: str) -> int:
        return sum(1 for c in self.changes if c.kind == kind)

    @property
    def has_changes(self) -> bool:
        return any(c.kind != "oförändrad" for c in self.changes)


def _read_values_file(data: bytes) -> tuple[list[str], list[dict[str, str]]]:
    text = data.decode("utf-8-sig")
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=";")
    return list(reader.fieldnames or []), [dict(r) for r in reader]


def plan_changes(ds: Dataset, parsed: Parsed, values: Path | bytes, origin: str,
                 today: str) -> Plan:  # fmt: skip
    """The new content of varden.csv (given as its path or its bytes) and what changes,
    without writing anything."""
    header, records = _read_values_file(values if isinstance(values, bytes)
                                        else values.read_bytes())  # fmt: skip
    if any(r.note for r in parsed.rows) and "anmarkning" not in header:
        header.append("anmarkning")
    for column in ("underlag", "uppdaterad"):
        if column not in header:
            header.append(column)
    index = {(r["kommunkod"], r["indikator"], int(r["ar"])): i for i, r in enumerate(records)}
    indicators = ds.indicators.set_index("id")
    orders = scale_orders(ds.scales)

    def same(ind_id: str, a: str, b: str) -> bool:
        if a == b:
            return True
        try:
            ind = indicators.loc[ind_id]
            return value_score(ind, ind_id, a, orders) == value_score(ind, ind_id, b, orders)
        except ValueProblem:
            return False

    plan = Plan(header, records)
    for row in parsed.rows:
        key = (row.code, row.indicator_id, row.year)
        new = {"kommunkod": row.code, "indikator": row.indicator_id, "ar": str(row.year),
               "varde": row.value, "exempeldata": "nej", "kalla": row.source,
               "underlag": origin, "uppdaterad": today}  # fmt: skip
        if "anmarkning" in header:
            new["anmarkning"] = row.note
        at = index.get(key)
        if at is None:
            if row.value == "":
                plan.changes.append(Change("oförändrad", row, None, False))
                continue
            index[key] = len(records)
            records.append({c: new.get(c, "") for c in header})
            plan.changes.append(Change("tillagd", row, None, False))
            continue
        old = records[at]
        old_value, old_example = old.get("varde", ""), old.get("exempeldata") == "ja"
        if (not old_example and same(row.indicator_id, old_value, row.value)
                and old.get("kalla", "") == row.source
                and old.get("anmarkning", "") == row.note):  # fmt: skip
            plan.changes.append(Change("oförändrad", row, old_value, old_example))
            continue
        kind = "borttagen" if row.value == "" and old_value != "" else "ändrad"
        records[at] = {**{c: old.get(c, "") for c in header}, **new}
        plan.changes.append(Change(kind, row, old_value, old_example))
    return plan


def render_values(plan: Plan) -> bytes:
    """varden.csv as the app writes it: semicolons, UTF-8 with BOM, one line per value."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=plan.header, delimiter=";", lineterminator="\n",
                            extrasaction="ignore")  # fmt: skip
    writer.writeheader()
    writer.writerows({c: r.get(c) or "" for c in plan.header} for r in plan.records)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def incomplete_years(ds: Dataset, plan: Plan, parsed: Parsed) -> list[str]:
    """Lines naming the years and indicators this import leaves incomplete: not every
    municipality has a value or a stated 'saknas'. The pages show such a year as preliminary
    and open on the latest complete year."""
    touched = {(r.indicator_id, r.year) for r in parsed.rows}
    reported: dict[tuple[str, int], set[str]] = {key: set() for key in touched}
    for record in plan.records:
        key = (record["indikator"], int(record["ar"]))
        if key in reported:
            reported[key].add(record["kommunkod"])
    total = len(ds.municipalities)
    by_year: dict[int, list[str]] = {}
    for (indicator_id, year), codes in sorted(reported.items()):
        if len(codes) < total:
            by_year.setdefault(year, []).append(f"{indicator_id} {len(codes)} av {total}")
    lines = []
    for year, items in by_year.items():
        shown = ", ".join(items[:8]) + (f" och {len(items) - 8} till" if len(items) > 8 else "")
        lines.append(f"Ofullständigt {year}, kommuner med uppgift: {shown}. Året visas som "
                     "preliminärt tills alla kommuner har svarat (eller ”saknas” angetts); "
                     "sidorna öppnar på det senaste fullständiga året.")  # fmt: skip
    return lines


def describe(ds: Dataset, plan: Plan, limit: int = 200) -> str:
    """What the import changes, for a person: counts, then one line per changed value."""
    names = dict(zip(ds.municipalities["code"], ds.municipalities["name"], strict=True))
    lines = [
        f"Tillagda: {plan.count('tillagd')}, ändrade: {plan.count('ändrad')}, "
        f"borttagna: {plan.count('borttagen')}, oförändrade: {plan.count('oförändrad')}."
    ]
    shown = 0
    for kind, title in (("tillagd", "Tillagda värden"), ("ändrad", "Ändrade värden"),
                        ("borttagen", "Borttagna värden (uppgift saknas)")):  # fmt: skip
        changes = [c for c in plan.changes if c.kind == kind]
        if not changes:
            continue
        lines.append(f"{title}:")
        for c in changes:
            if shown >= limit:
                break
            shown += 1
            r = c.row
            old = "" if c.old_value is None else (c.old_value or "uppgift saknas")
            old += " (exempel)" if c.old_example else ""
            new = r.value or "uppgift saknas"
            arrow = f"{old} → {new}" if c.old_value is not None else new
            lines.append(f"  {r.code} {names[r.code]} · {r.indicator_id} {r.year}: {arrow}"
                         f"  (rad {r.row})")  # fmt: skip
    changed = sum(1 for c in plan.changes if c.kind != "oförändrad")
    if changed > shown:
        lines.append(f"  … och {changed - shown} ändringar till.")
    return "\n".join(lines)
