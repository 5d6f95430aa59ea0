"""Generate the example values in data/varden.csv.

No real per-municipality figures are available to the project, so the app ships values that
are plausible and internally consistent (coordinators, SUV status moving forward, criteria
that mostly stay met once met) and marked as example data in every row. Real values replace
them through the import (see README). Run: ``python -m dashboard.data.example_data``.
"""

from __future__ import annotations

import argparse
import csv
import random
from pathlib import Path

from dashboard.config import get_settings

SEED = 2026
FIRST_YEAR, LAST_YEAR = 2018, 2025
EXAMPLE_SOURCE = "Exempeldata – påhittade värden, inte verkliga uppgifter"
EXAMPLE_ORIGIN = f"Påhittade exempelvärden (dashboard.data.example_data, slumpfrö {SEED})"
GENERATED_ON = "2026-11-26"

# Rough ease of meeting each criterion, guided by the national shares in Öppna jämförelser
# (e.g. training is common, written agreements with the police rare).
CRITERION_EASE = {
    "krit_1_1": 0.55, "krit_1_2": 0.6, "krit_1_3": 0.3,
    "krit_2_1": 0.5, "krit_2_2": 0.65, "krit_2_3": 0.35, "krit_2_4": 0.25, "krit_2_5": 0.2,
    "krit_3_1": 0.25, "krit_3_2": 0.45, "krit_3_3": 0.5,
    "krit_4_1": 0.45, "krit_4_2": 0.85, "krit_4_3": 0.8, "krit_4_4": 0.12,
}  # fmt: skip
SUV_STEPS = ["ej_paborjat", "planering", "inforande", "i_bruk"]


def _read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f, delimiter=";"))


def generate(data_dir: Path) -> list[dict[str, str]]:
    rng = random.Random(SEED)
    county = _read_csv(data_dir / "lan.csv")[0]["lanskod"]
    municipalities = [m for m in _read_csv(data_dir / "kommuner.csv") if m["lanskod"] == county]
    biggest = max(int(m["folkmangd"]) for m in municipalities)
    # Two municipalities take SUV into use, as the plan says happened in the county; which
    # two is part of the invention.
    suv_users = set(rng.sample([m["kommunkod"] for m in municipalities], 2))
    rows: list[dict[str, str]] = []
    for m in municipalities:
        code, population = m["kommunkod"], int(m["folkmangd"])
        size = population / biggest
        maturity = 0.25 + 0.25 * size + rng.uniform(0.0, 0.2)
        growth = rng.uniform(0.02, 0.06)
        has_coordinator = rng.random() < maturity + 0.1
        suv_step = 0
        suv_start = rng.randint(2019, 2022)
        met_before: dict[str, bool] = {}
        for year in range(FIRST_YEAR, LAST_YEAR + 1):
            t = year - FIRST_YEAR
            level = min(0.95, maturity + growth * t)

            def add(indicator: str, value: str, year: int = year, code: str = code) -> None:
                rows.append({"kommunkod": code, "indikator": indicator, "ar": str(year),
                             "varde": value})  # fmt: skip

            has_coordinator = has_coordinator or rng.random() < level * 0.5
            add("samordnare", "ja" if has_coordinator else "nej")
            count = (1 + (population > 25000) + (population > 60000)) if has_coordinator else 0
            add("samordnare_antal", str(count))
            fte = count * rng.choice([0.25, 0.5, 0.5, 0.75]) if count else 0.0
            add("samordnare_tjanstgrad", f"{fte:.2f}".replace(".", ","))

            if code in suv_users and year >= suv_start:
                suv_step = min(3, suv_step + 1)
            elif code not in suv_users and year >= suv_start + 2 and rng.random() < 0.3:
                suv_step = min(2, suv_step + 1)
            add("suv_status", SUV_STEPS[suv_step])

            for criterion, ease in CRITERION_EASE.items():
                if rng.random() < 0.04:
                    add(criterion, "okant")
                    continue
                p = min(0.95, ease * 0.55 + level * 0.4 - 0.12)
                if met_before.get(criterion):
                    p = 0.9
                draw = rng.random()
                status = (
                    "uppfyllt" if draw < p else ("delvis" if draw < p + 0.15 else "ej_uppfyllt")
                )
                met_before[criterion] = status == "uppfyllt"
                add(criterion, status)

            expected = population / 10000 * 1.3
            add("skyddat_boende_placeringar", str(max(0, round(rng.gauss(expected, 1.2)))))
    for row in rows:
        row.update(exempeldata="ja", kalla=EXAMPLE_SOURCE, underlag=EXAMPLE_ORIGIN,
                   uppdaterad=GENERATED_ON)  # fmt: skip
    return rows


VALUE_COLUMNS = ["kommunkod", "indikator", "ar", "varde", "exempeldata", "kalla", "underlag",
                 "uppdaterad"]  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m dashboard.data.example_data",
        description="Skriv påhittade, märkta exempelvärden för länets kommuner (varden.csv).",
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        help="datakatalog med lan.csv och kommuner.csv (standard: DASHBOARD_DATA_DIR)",
    )
    parser.add_argument("--out", type=Path, default=None,
                        help="utfil (standard: varden.csv i datakatalogen)")  # fmt: skip
    args = parser.parse_args(argv)
    data_dir = args.data_dir or get_settings().data_dir
    out = args.out or data_dir / "varden.csv"
    if out.exists() and any(r.get("exempeldata") == "nej" for r in _read_csv(out)):
        raise SystemExit(
            f"{out} innehåller inlästa verkliga värden; exempeldata skrivs inte över dem."
        )
    rows = generate(data_dir)
    with open(out, "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=VALUE_COLUMNS, delimiter=";", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"Skrev {len(rows)} exempelvärden till {out}")


if __name__ == "__main__":
    main()
