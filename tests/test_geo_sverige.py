"""geo/sverige/: Sweden's boundaries in the repository, what they are made of, and that no
code path reaches for a folder outside the repository any more."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

from dashboard.data import geo_build

REPO = Path(__file__).resolve().parents[1]
NATIONAL_DIR = REPO / "geo" / "sverige"


def _counties() -> dict[str, str]:
    with open(NATIONAL_DIR / "lan.csv", encoding="utf-8-sig", newline="") as f:
        return {r["lanskod"]: r["lan"] for r in csv.DictReader(f, delimiter=";")}


def test_all_municipalities_of_all_counties():
    collection = json.loads(geo_build.NATIONAL.read_text(encoding="utf-8"))
    props = [f["properties"] for f in collection["features"]]
    assert len(props) == 290
    assert len({p["id"] for p in props}) == 290
    assert {p["lan_code"] for p in props} == set(_counties())
    assert len(_counties()) == 21
    assert all(re.fullmatch(r"\d{4}", p["id"]) and p["id"][:2] == p["lan_code"] for p in props)
    assert "okfse/sweden-geojson" in collection["source"]
    assert "Feel free to reuse" in collection["license_note"]


def test_small_and_at_the_precision_the_maps_are_built_to():
    text = geo_build.NATIONAL.read_text(encoding="utf-8")
    assert len(text.encode("utf-8")) < 500_000
    assert not re.search(r"\d\.\d{6,}", text)  # 5 decimals at most, as geo_build rounds
    readme = (NATIONAL_DIR / "README.md").read_text(encoding="utf-8")
    for words in ("okfse/sweden-geojson", "Licens", "Feel free to reuse", "--nationell"):
        assert words in readme


def test_the_national_file_builds_the_same_county_map_as_its_source(tmp_path):
    """national() rounds as the county build does, so a county map from its output is the
    one from the full-precision source, byte for byte."""
    left = [[[15.0, 57.0], [15.1000001, 57.0], [15.1000001, 57.2], [15.0, 57.2], [15.0, 57.0]]]
    right = [[[15.1000001, 57.0], [15.2, 57.0], [15.2, 57.2], [15.1000001, 57.2],
              [15.1000001, 57.0]]]  # fmt: skip
    features = [
        {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": rings},
         "properties": {"id": code, "kom_namn": name, "lan_code": "01",
                        "geo_point_2d": [57.1000003, lon]}}
        for code, name, rings, lon in (("0101", "Åby", left, 15.0500004),
                                       ("0102", "Dal", right, 15.1500004))
    ]  # fmt: skip
    source = tmp_path / "source.geojson"
    source.write_text(json.dumps({"type": "FeatureCollection", "features": features}), "utf-8")
    national = tmp_path / "sverige.geojson"
    summary = geo_build.national(source, national)
    assert summary["municipalities"] == 2
    assert "15.1000001" not in national.read_text("utf-8")
    data = tmp_path / "data"
    data.mkdir()
    (data / "kommuner.csv").write_text("kommunkod;kommun;lanskod\n0101;Åby;01\n0102;Dal;01\n",
                                       encoding="utf-8-sig")  # fmt: skip
    geo_build.build(source, "01", data, tmp_path / "a.geojson")
    geo_build.build(national, "01", data, tmp_path / "b.geojson")
    assert (tmp_path / "a.geojson").read_bytes() == (tmp_path / "b.geojson").read_bytes()


def test_nothing_reaches_outside_the_repository_for_boundaries():
    """The map is rebuilt, and a county started, from the repository alone."""
    offenders = []
    for folder in ("dashboard", "scripts", "tests"):
        for path in (REPO / folder).rglob("*.py"):
            if path == Path(__file__):
                continue
            text = path.read_text(encoding="utf-8")
            if re.search(r"[\"']shared[\"']\s*/\s*[\"']geo[\"']", text):  # a path built in code
                offenders.append(str(path.relative_to(REPO)))
    # generated_county.py may still name the old folder as a fallback
    assert [p for p in offenders if not p.endswith("generated_county.py")] == []
    assert geo_build.DEFAULT_SOURCE == geo_build.NATIONAL
    assert str(geo_build.NATIONAL).startswith(str(REPO))
