"""Generate the example values in data/varden.csv, and the example activities and local
plans in data/lansstyrelsens_aktiviteter.csv and data/lokala_handlingsplaner.csv.

No real per-municipality figures are available to the project, so the app ships values that
are plausible and internally consistent (coordinators, SUV status moving forward, criteria
that mostly stay met once met) and marked as example data in every row. Real values replace
them through the import (see README). Run: ``python -m dashboard.data.example_data``.
"""

from __future__ import annotations

import argparse
import csv
import random
from collections.abc import Callable
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


# Kind of activity guessed from the words of the plan's example activity it repeats.
KIND_WORDS = (("nätverk", "natverkstraff"), ("kampanj", "kampanj"), ("vecka", "kampanj"),
              ("enkät", "kartlaggning"), ("översikt", "kartlaggning"),
              ("implementering", "processtod"), ("stötta", "processtod"),
              ("utbild", "utbildning"), ("kompetens", "utbildning"), ("information", "kampanj"),
              ("sprida", "kampanj"))  # fmt: skip
ADOPTERS = ["Kommunfullmäktige", "Kommunstyrelsen", "Socialnämnden"]
ACTIVITY_HEADER = ["id", "ar", "delmal", "titel", "typ", "ansvarig", "status", "datum",
                   "deltagare", "planering", "planens_aktivitet", "malgrupp", "sektorer",
                   "parter", "nadda", "orsak", "resultat", "utvardering", "anmarkning",
                   "exempeldata"]  # fmt: skip
# The activity plan's columns (#33) by kind of activity: target group and sectors. Words of
# the example data, never the plan's.
TARGET_GROUPS = {
    "utbildning": ("Personal inom socialtjänst och hälso- och sjukvård",
                   ("socialtjanst", "halso_sjukvard")),
    "natverkstraff": ("Kvinnofridssamordnare och chefer i kommunerna", ("socialtjanst",)),
    "kampanj": ("Allmänheten och ideella organisationer", ("civilsamhalle", "annat")),
    "kartlaggning": ("Kommunernas och regionens verksamheter", ("socialtjanst", "halso_sjukvard")),
    "processtod": ("Tjänstepersoner som skriver lokala handlingsplaner", ("socialtjanst",)),
    "annat": ("Skolpersonal och föreningsledare", ("skola", "civilsamhalle")),
}  # fmt: skip
CANCEL_REASONS = ("Exempel: för få anmälda; aktiviteten flyttas till nästa års verksamhetsplan.",
                  "Exempel: föreläsaren fick förhinder och ingen ersättare fanns.")  # fmt: skip
LOCAL_PLAN_HEADER = ["aktor", "finns", "antagen", "antagen_av", "galler_fran", "galler_till",
                     "delmal", "anmarkning", "exempeldata"]  # fmt: skip


def _kind(text: str) -> str:
    lowered = text.lower()
    return next((kind for word, kind in KIND_WORDS if word in lowered), "annat")


def generate_activities(data_dir: Path) -> list[dict[str, str]]:
    """The Länsstyrelse's yearly activities, 2018 to the generation date's year: the plan's
    own example activities (data/plan/aktiviteter.csv) repeated in made-up years, with made-up
    dates, statuses and participant counts. Flagged as example data in every row."""
    rng = random.Random(SEED + 1)
    county = _read_csv(data_dir / "lan.csv")[0]
    examples = _read_csv(data_dir / "plan" / "aktiviteter.csv")
    last_year, cut = int(GENERATED_ON[:4]), GENERATED_ON
    plan_rng, places = random.Random(SEED + 4), _places(data_dir)
    rows = []
    for year in range(FIRST_YEAR, last_year + 1):
        chosen = rng.sample(examples, rng.randint(3, 6))
        for number, example in enumerate(sorted(chosen, key=lambda e: e["delmal_id"]), start=1):
            month, day = rng.randint(1, 12), rng.randint(1, 28)
            date = f"{year}-{month:02d}-{day:02d}"
            kind = _kind(example["text"])
            if date > cut:
                status = "planerad"
            elif year == last_year and month >= 10 and rng.random() < 0.5:
                status = "pagar"
            else:
                status = "installd" if rng.random() < 0.08 else "genomford"
            reach = ""
            if status == "genomford" and kind in {"utbildning", "natverkstraff", "processtod"}:
                reach = str(rng.randint(12, 140))
            rows.append({
                "id": f"A{year}-{number:02d}", "ar": str(year), "delmal": example["delmal_id"],
                "titel": example["text"], "typ": kind,
                "ansvarig": county["organisation"] or county["lan"], "status": status,
                "datum": date, "deltagare": reach, "anmarkning": "", "exempeldata": "ja",
                **_plan_columns(plan_rng, example, status, kind, reach, places),
            })  # fmt: skip
    return rows


def _places(data_dir: Path) -> tuple[list[str], list[dict[str, str]]]:
    """The county's municipality codes and the plan's actors (plan/aktorer.csv)."""
    county = _read_csv(data_dir / "lan.csv")[0]["lanskod"]
    codes = [m["kommunkod"] for m in _read_csv(data_dir / "kommuner.csv") if m["lanskod"] == county]
    actors = [a for a in _read_csv(data_dir / "plan" / "aktorer.csv")
              if a["id"] not in ("lansstyrelsen", "kommuner")]  # fmt: skip
    return codes, actors


def _plan_columns(rng: random.Random, example: dict[str, str], status: str, kind: str,
                  reach: str, places: tuple[list[str], list[dict[str, str]]]) -> dict[str, str]:  # fmt: skip
    """The activity plan's columns of one example row: mostly planned, some added; the plan's
    example activity it repeats; partners (those the plan names for its delmål first); reach
    in a few municipalities and actors adding up to at most deltagare; a reason when
    cancelled; a result and evaluation when done. Drawn from an rng of their own, so the
    columns of issue #20 stay as they were."""
    codes, actors = places
    own = [a["id"] for a in actors
           if example["delmal_id"] in a["delmal"].replace(" ", "").split(",")]  # fmt: skip
    others = [a["id"] for a in actors if a["id"] not in own]
    partners = own + rng.sample(others, min(len(others), rng.randint(0, 2)))
    group, sectors = TARGET_GROUPS.get(kind, TARGET_GROUPS["annat"])
    added = rng.random() < 0.25 and status != "planerad"  # what is still ahead was planned
    columns = {"planering": "tillagd" if added else "planerad",
               "planens_aktivitet": f"{example['delmal_id']}:{example['nr']}",
               "malgrupp": group, "sektorer": ", ".join(sectors),
               "parter": ", ".join(sorted(partners)), "nadda": "", "orsak": "", "resultat": "",
               "utvardering": ""}  # fmt: skip
    if status == "installd":
        columns["orsak"] = rng.choice(CANCEL_REASONS)
    if reach:
        total, places_reached = int(reach), rng.sample(codes, min(len(codes), rng.randint(1, 3)))
        keys = places_reached + [p for p in partners[:1] if rng.random() < 0.5]
        shares = [rng.randint(1, 10) for _ in keys]
        counts = [total * s // sum(shares) for s in shares]
        columns["nadda"] = ", ".join(f"{k}:{n}" for k, n in zip(keys, counts, strict=True))
        if rng.random() < 0.3:  # only the reach is known: its sum stands in for deltagare
            columns["deltagare"] = ""
    if status == "genomford":
        columns["resultat"] = "Exempel: genomfördes enligt planen."
        columns["utvardering"] = rng.choice(("Exempel: deltagarna gav insatsen 4,2 av 5 i "
                                             "utvärderingen.", "Exempel: ingen utvärdering gjordes."))  # fmt: skip
    return columns


def _subgoal_text(ids: list[str]) -> str:
    return ", ".join(sorted(ids, key=lambda i: [int(p) for p in i.split(".")]))


def _two_plans(row: dict[str, str], subgoals: list[str], rng: random.Random
               ) -> list[dict[str, str]]:  # fmt: skip
    """The biggest municipality's plans over time: an older one that ran out in 2021 and,
    after a year without one, a newer one adopted late in 2022 that applies from 2023."""
    old = row | dict(finns="ja", antagen="2018-05-14", antagen_av="Kommunfullmäktige",
                     galler_fran="", galler_till="2021",
                     delmal=_subgoal_text(rng.sample(subgoals, 5)))  # fmt: skip
    new = row | dict(finns="ja", antagen="2022-11-21", antagen_av="Kommunfullmäktige",
                     galler_fran="2023", galler_till="2026",
                     delmal=_subgoal_text(rng.sample(subgoals, 8)))  # fmt: skip
    return [old, new]


def _other_actor_plan(data_dir: Path, subgoals: list[str], rng: random.Random
                      ) -> list[dict[str, str]]:  # fmt: skip
    """One plan of an actor that is not a municipality (Region Kronoberg where the plan names
    it), with no end year: it runs until a later plan replaces it."""
    actors = [a["id"] for a in _read_csv(data_dir / "plan" / "aktorer.csv")]
    if "region" not in actors:
        return []
    row = dict.fromkeys(LOCAL_PLAN_HEADER, "")
    row.update(aktor="region", finns="ja", antagen="2021-03-16", antagen_av="Regionstyrelsen",
               delmal=_subgoal_text(rng.sample(subgoals, 6)), exempeldata="ja")  # fmt: skip
    return [row]


def generate_local_plans(data_dir: Path) -> list[dict[str, str]]:
    """Per municipality whether it has a local action plan, when and by whom it was adopted,
    from and until when it runs and which delmål it links to; the biggest municipality with
    two plans over time, and Region Kronoberg's plan: all made up, flagged as example data."""
    rng = random.Random(SEED + 2)
    extra = random.Random(SEED + 3)  # the additions of #33 leave the first draws as they were
    county = _read_csv(data_dir / "lan.csv")[0]["lanskod"]
    municipalities = [m for m in _read_csv(data_dir / "kommuner.csv") if m["lanskod"] == county]
    subgoals = [row["id"] for row in _read_csv(data_dir / "plan" / "delmal.csv")]
    biggest = max(int(m["folkmangd"]) for m in municipalities)
    rows = []
    for m in municipalities:
        exists = rng.random() < 0.6 + 0.3 * int(m["folkmangd"]) / biggest
        row = dict.fromkeys(LOCAL_PLAN_HEADER, "")
        row.update(aktor=m["kommunkod"], finns="ja" if exists else "nej", exempeldata="ja")
        if exists:
            year = rng.randint(2019, 2025)
            linked = rng.sample(subgoals, rng.randint(4, min(10, len(subgoals))))
            row.update(antagen=f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                       antagen_av=rng.choice(ADOPTERS), galler_till=str(year + rng.choice([3, 4])),
                       delmal=_subgoal_text(linked))  # fmt: skip
        if int(m["folkmangd"]) == biggest:
            rows += _two_plans(dict.fromkeys(LOCAL_PLAN_HEADER, "") | {
                "aktor": m["kommunkod"], "exempeldata": "ja"}, subgoals, extra)  # fmt: skip
        else:
            rows.append(row)
    return rows + _other_actor_plan(data_dir, subgoals, extra)


PROCESS_SUPPORT_HEADER = ["aktor", "ar", "beskrivning", "exempeldata"]
# "Exempel:" first, so no one reads an example as what the Länsstyrelse did.
SUPPORT_TEXTS = (
    "Exempel: uppstartsmöte med arbetsgruppen om hur planen kan kopplas till länets delmål.",
    "Exempel: workshop om nulägesanalys utifrån Öppna jämförelser och länets kartläggning.",
    "Exempel: synpunkter på ett utkast till handlingsplan.",
    "Exempel: stöd i att formulera uppföljningsbara aktiviteter och ansvar.",
)


def generate_process_support(data_dir: Path) -> list[dict[str, str]]:
    """The Länsstyrelse's process support to actors writing their local plans: one to three
    occasions in the year before each example plan was adopted (and the year of adoption),
    made up and flagged as example data."""
    rng = random.Random(SEED + 4)
    rows = []
    for plan in generate_local_plans(data_dir):
        if plan["finns"] != "ja" or not plan["antagen"]:
            continue
        adopted = int(plan["antagen"][:4])
        if adopted - 1 < FIRST_YEAR or rng.random() < 0.3:
            continue  # not every actor asked for support
        texts = rng.sample(SUPPORT_TEXTS, rng.randint(1, 3))
        for number, text in enumerate(texts):
            year = adopted - 1 if number < len(texts) - 1 else adopted
            rows.append({"aktor": plan["aktor"], "ar": str(year), "beskrivning": text,
                         "exempeldata": "ja"})  # fmt: skip
    return rows


ASSESSMENT_HEADER = ["ar", "delmal", "status", "bedomning", "indikatorer", "aktiviteter",
                     "lokala_planer", "dokument", "exempeldata"]  # fmt: skip
# "Exempeltext:" first, so no one reads an example as the Länsstyrelse's judgement.
ASSESSMENT_TEXTS = {
    "uppnatt": "Delmålet bedöms som uppnått: det som planerades för delmålet har genomförts och "
    "aktörerna i länet har tagit upp arbetet i sina egna planer och rutiner.",
    "pa_vag": "Delmålet bedöms vara på väg: arbetet har kommit igång genom Länsstyrelsens "
    "aktiviteter och flera kommuners lokala planer, men fler insatser behövs innan det är uppnått.",
    "inte_paborjat": "Arbetet med delmålet har ännu inte påbörjats i länet; det föreslås få "
    "plats i nästa års verksamhetsplan.",
    "kan_inte_bedomas": "Underlaget räcker inte för en bedömning: det saknas uppgifter om hur "
    "aktörerna i länet arbetar med delmålet.",
}  # fmt: skip
ASSESSMENT_DOCUMENTS = ["Öppna jämförelser – våld 2020",
                        "Kartläggning av kvinnofridsarbetet i Kronobergs län 2018/2019",
                        "Kartläggning av arbetet mot mäns våld mot kvinnor 2020/2021",
                        "Länsstyrelsens årsrapportering (intern)"]  # fmt: skip


def _ids_in(cell: str) -> list[str]:
    return [part.strip() for part in str(cell or "").split(",") if part.strip()]


def _assessment_evidence(data_dir: Path, codes: list[str]) -> tuple[dict, list, list]:
    """What example assessments may cite: indicator ids per delmål, the activities and the
    local plans as the files in data_dir hold them (any of them may be missing)."""
    linked: dict[str, list[str]] = {}
    catalogue = data_dir / "indikatorer.csv"
    for ind in _read_csv(catalogue) if catalogue.exists() else []:
        for subgoal in _ids_in(ind.get("delmal", "")):
            linked.setdefault(subgoal, []).append(ind["id"])
    found = []
    for file in ("lansstyrelsens_aktiviteter.csv", "lokala_handlingsplaner.csv"):
        path = data_dir / file
        found.append(_read_csv(path) if path.exists() else [])
    plans = [p for p in found[1] if p.get("aktor") in codes and p.get("finns", "ja") == "ja"]
    return linked, found[0], plans


def generate_assessments(data_dir: Path) -> list[dict[str, str]]:
    """Länsstyrelsens bedömning for the latest example year: every delmål without an
    indicator and three others, and an earlier year for the first of them (history). The
    text begins "Exempeltext:"; the evidence is taken from the files in data_dir (their
    indicators, activities and local plans), so it always checks."""
    rng = random.Random(SEED + 3)
    county = _read_csv(data_dir / "lan.csv")[0]["lanskod"]
    codes = [m["kommunkod"] for m in _read_csv(data_dir / "kommuner.csv") if m["lanskod"] == county]
    subgoals = [row["id"] for row in _read_csv(data_dir / "plan" / "delmal.csv")]
    linked, activities, plans = _assessment_evidence(data_dir, codes)
    without = [s for s in subgoals if not linked.get(s)]
    chosen = [(LAST_YEAR, s) for s in without + [s for s in subgoals if linked.get(s)][:3]]
    # the history: the first delmål without an indicator, not begun two years earlier
    history = {(LAST_YEAR - 2, without[0]): "inte_paborjat",
               (LAST_YEAR, without[0]): "pa_vag"} if without else {}  # fmt: skip
    rows = []
    for year, subgoal in chosen + [key for key in history if key[0] != LAST_YEAR]:
        status = history.get((year, subgoal)) or rng.choice(list(ASSESSMENT_TEXTS))
        done = [a["id"] for a in activities if a.get("ar", "").isdigit()
                and int(a["ar"]) <= year and a.get("status") == "genomford"
                and status != "inte_paborjat"
                and subgoal in _ids_in(a.get("delmal", ""))]  # fmt: skip
        planned = sorted({p["aktor"] for p in plans if subgoal in _ids_in(p.get("delmal", ""))})
        rows.append({
            "ar": str(year), "delmal": subgoal, "status": status,
            "bedomning": f"Exempeltext: {ASSESSMENT_TEXTS[status]}",
            "indikatorer": ", ".join(linked.get(subgoal, [])[:3]),
            "aktiviteter": ", ".join(done[-3:]),
            "lokala_planer": ", ".join(planned[:3]),
            "dokument": " | ".join(rng.sample(ASSESSMENT_DOCUMENTS, rng.randint(1, 2))),
            "exempeldata": "ja",
        })  # fmt: skip
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
    if args.out is not None:
        rows = generate(data_dir)
        _write(out, VALUE_COLUMNS, rows)
        print(f"Skrev {len(rows)} exempelvärden till {out}")
        return
    # the whole data directory: the activities and local plans too
    for path, count in write_example_files(data_dir, report=print):
        what = "exempelvärden" if path.name == "varden.csv" else "exempelrader"
        print(f"Skrev {count} {what} till {path}")


# The files example data is written to, each with its header and generator; new_county and
# the tests' fixture county take the list from here.
_EXAMPLES = (
    ("varden.csv", VALUE_COLUMNS, generate),
    ("lansstyrelsens_aktiviteter.csv", ACTIVITY_HEADER, generate_activities),
    ("lokala_handlingsplaner.csv", LOCAL_PLAN_HEADER, generate_local_plans),
    ("processtod.csv", PROCESS_SUPPORT_HEADER, generate_process_support),
    ("bedomningar.csv", ASSESSMENT_HEADER, generate_assessments),
)
EXAMPLE_FILES = tuple(file for file, _, _ in _EXAMPLES)


def write_example_files(
    data_dir: Path, report: Callable[[str], object] | None = None
) -> list[tuple[Path, int]]:
    """Write the example values, activities and local plans into data_dir (the fixture
    counties of the tests are made this way too); a file holding real rows is left alone and
    reported. Returns the files written and their row counts."""
    written: list[tuple[Path, int]] = []
    for file, header, generator in _EXAMPLES:
        path = data_dir / file
        if path.exists() and any(r.get("exempeldata") == "nej" for r in _read_csv(path)):
            if report is not None:
                report(f"{path} innehåller verkliga uppgifter; exempeldata skrivs inte över dem.")
            continue
        rows = generator(data_dir)
        _write(path, header, rows)
        written.append((path, len(rows)))
    return written


def _write(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=header, delimiter=";", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


if __name__ == "__main__":
    main()
