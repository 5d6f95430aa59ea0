"""Generated counties for tests and the benchmark (issues #21, #32): any county of Sweden, or
all 290 municipalities as one pseudo-county, built from ../shared/geo the way an operator would
build one (geometry by geo_build, values by example_data); and the eight-municipality county
the unit tests run on (build_example_county: the shipped catalogue, plan and municipalities
with freshly generated example values, so a real year imported into data/ changes no test).

    .venv/bin/python tests/generated_county.py 14 /tmp/vg      # Västra Götaland, 49
    .venv/bin/python tests/generated_county.py alla /tmp/se    # all of Sweden, 290

The populations are made up (seeded, marked "Testdata: påhittad folkmängd" in kommuner.csv)
and the values are example_data's flagged example values: test data only, never committed.
geo_build builds and checks each real county on its own (the source's borders overlap a little
across counties); for "alla" the maps are then joined and the municipalities get the
pseudo-county code 00, "landet" as its wording (lan.csv's omrade) and finer size classes
(storleksklasser.csv).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# All of Sweden's municipal boundaries: kept in the repository once geo/sverige/ is there,
# before that beside it.
SOURCE = next((path for path in (REPO / "geo" / "sverige" / "kommuner.geojson",
                                 REPO.parent / "shared" / "geo" / "swedish_municipalities.geojson")
               if path.exists()), REPO / "geo" / "sverige" / "kommuner.geojson")  # fmt: skip
ALL = "alla"
PSEUDO_CODE = "00"
NAMES = {"14": ("Västra Götalands län", "Länsstyrelsen i Västra Götalands län", "Västra Götaland"),
         "12": ("Skåne län", "Länsstyrelsen i Skåne län", "Skåne"),
         PSEUDO_CODE: ("Hela Sverige", "Testdata: alla kommuner som ett län", "Sverige")}  # fmt: skip


SIZE_CLASSES = [(0, "under 10 000 invånare"), (10_000, "10 000–20 000 invånare"),
                (20_000, "20 000–35 000 invånare"), (35_000, "35 000–60 000 invånare"),
                (60_000, "60 000–90 000 invånare"), (90_000, "över 90 000 invånare")]  # fmt: skip


# What an operator changes in data/ (imports, practice lists, their history) and so what a
# fixture county never copies: it writes its own example rows instead (example_data's list,
# so a new example file is never copied from data/ by mistake).
sys.path.insert(0, str(REPO))
from dashboard.data.example_data import EXAMPLE_FILES as GENERATED  # noqa: E402


def build_example_county(target: Path) -> Path:
    """The shipped county's catalogue, plan, templates and municipalities under target, with
    example values, activities and local plans generated for it (the same rows the shipped
    example files hold); the geometry is the shipped geo/. Returns target."""
    sys.path.insert(0, str(REPO))
    from dashboard.data import example_data

    # Never the repository's database (#35): whatever was published there is not the county.
    shutil.copytree(REPO / "data", target,
                    ignore=shutil.ignore_patterns(".historik", ".*", "dashboard.sqlite3*",
                                                  *GENERATED))  # fmt: skip
    example_data.write_example_files(target)
    return target


def build_county(root: Path, county: str = "14") -> tuple[Path, Path, list[str]]:
    """data/ and geo/ under root for `county` (a county code, or "alla"); returns them and
    the municipality codes, in name order."""
    sys.path.insert(0, str(REPO))
    from dashboard.data import example_data, geo_build

    code = PSEUDO_CODE if county == ALL else county
    data, geo = root / "data", root / "geo"
    data.mkdir(parents=True)
    geo.mkdir(parents=True)
    for name in ("plan", "templates"):
        shutil.copytree(REPO / "data" / name, data / name)
    for name in ("indikatorer.csv", "skalor.csv", "riksreferens.csv"):
        shutil.copy(REPO / "data" / name, data / name)
    features = json.loads(SOURCE.read_text(encoding="utf-8"))["features"]
    ours = sorted((f["properties"] for f in features
                   if county == ALL or str(f["properties"]["lan_code"]).zfill(2) == code),
                  key=lambda p: p["kom_namn"])  # fmt: skip
    rng = random.Random(len(ours))
    populations = {p["id"]: rng.randint(2_500, 120_000) for p in ours}

    def write_municipalities(county_of) -> None:
        rows = ["kommunkod;kommun;lanskod;folkmangd;folkmangd_datum;kalla"] + [
            f"{p['id']};{p['kom_namn']};{county_of(p)};{populations[p['id']]};2024-12-31;"
            "Testdata: påhittad folkmängd"
            for p in ours
        ]
        (data / "kommuner.csv").write_text("\n".join(rows) + "\n", encoding="utf-8-sig")

    # geo_build checks the boundaries against the data directory's kommuner.csv, county by
    # county (the source's borders overlap a little across counties; within one they agree)
    counties = sorted({str(p["lan_code"]).zfill(2) for p in ours})
    write_municipalities(lambda p: str(p["lan_code"]).zfill(2))
    before = os.environ.get("DASHBOARD_DATA_DIR")
    os.environ["DASHBOARD_DATA_DIR"] = str(data)
    try:
        geo_build.main(["--source", str(SOURCE), "--county", ",".join(counties),
                        "--out", str(root / "maps" / "{lan}" / "kommuner.geojson")])  # fmt: skip
    finally:
        if before is None:
            os.environ.pop("DASHBOARD_DATA_DIR", None)
        else:
            os.environ["DASHBOARD_DATA_DIR"] = before
    maps = [json.loads((root / "maps" / c / "kommuner.geojson").read_text(encoding="utf-8"))
            for c in counties]  # fmt: skip
    merged = {**maps[0], "features": sorted((f for m in maps for f in m["features"]),
                                            key=lambda f: f["id"])}  # fmt: skip
    text = json.dumps(merged, separators=(",", ":"), ensure_ascii=False) + "\n"
    (geo / "kommuner.geojson").write_text(text, encoding="utf-8")
    shutil.rmtree(root / "maps")

    write_municipalities(lambda p: code)
    name, organisation, short = NAMES.get(code, (f"Län {code}", f"Länsstyrelsen län {code}", code))
    area = "land" if county == ALL else "lan"
    (data / "lan.csv").write_text(
        f"lanskod;lan;organisation;kortnamn;omrade\n{code};{name};{organisation};{short};{area}\n",
        encoding="utf-8-sig",
    )
    if county == ALL:  # the plan's three classes would put ~100 municipalities in each
        (data / "storleksklasser.csv").write_text(
            "fran_invanare;benamning\n" + "".join(
                f"{low};{label}\n" for low, label in SIZE_CLASSES), encoding="utf-8-sig")  # fmt: skip
    example_data.write_example_files(data)
    return data, geo, [p["id"] for p in ours]


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    _data, _geo, codes = build_county(Path(sys.argv[2]), sys.argv[1])
    print(f"{len(codes)} kommuner i {sys.argv[2]}")
