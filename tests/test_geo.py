"""geo/kommuner.geojson: content, geometry, winding order, and that the build reproduces it."""

from __future__ import annotations

import csv
import json
import math
import re
from itertools import combinations
from pathlib import Path

import pytest
import shapely
from shapely.geometry import MultiPolygon, Point, Polygon, shape

from dashboard.data import geo_build
from dashboard.data.geo_build import build

REPO = Path(__file__).resolve().parents[1]
GEO_FILE = REPO / "geo" / "kommuner.geojson"
DATA_DIR = REPO / "data"
SOURCE = geo_build.NATIONAL  # Sweden's boundaries, kept in the repository (geo/sverige/)

MAX_OVERLAP_KM2 = 0.01
MAX_GAP_KM2 = 0.01
KM_PER_DEG_LAT = 111.2


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def _county() -> str:
    rows = _read_csv(DATA_DIR / "lan.csv")
    assert len(rows) == 1
    return rows[0]["lanskod"]


@pytest.fixture(scope="module")
def collection() -> dict:
    return json.loads(GEO_FILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def shapes(collection) -> dict[str, Polygon | MultiPolygon]:
    return {f["id"]: shape(f["geometry"]) for f in collection["features"]}


def _parts(geom) -> list[Polygon]:
    return list(geom.geoms) if isinstance(geom, MultiPolygon) else [geom]


def _signed_area(ring: list[list[float]]) -> float:
    """Shoelace in lon/lat: > 0 counter-clockwise, < 0 clockwise."""
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False)) / 2


def _to_km(geom, lat0: float):
    """Local equirectangular projection in km: accurate enough for tolerances of 0.01 km²."""
    kx = KM_PER_DEG_LAT * math.cos(math.radians(lat0))
    return shapely.transform(geom, lambda c: c * [kx, KM_PER_DEG_LAT])


def _rings(geometry: dict) -> list[tuple[int, list[list[float]]]]:
    """(index within polygon, ring) for every ring; index 0 is the exterior."""
    polygons = (
        [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    )
    return [(i, ring) for polygon in polygons for i, ring in enumerate(polygon)]


def test_feature_collection(collection):
    assert collection["type"] == "FeatureCollection"
    assert collection["winding"] == "clockwise-exterior (d3-geo)"
    assert "okfse/sweden-geojson" in collection["source"]
    assert collection["license_note"]
    for feature in collection["features"]:
        assert feature["type"] == "Feature"
        assert set(feature["properties"]) == {
            "kommunkod",
            "kommun",
            "label_lon",
            "label_lat",
            "area_km2",
        }


def test_municipalities_match_data(collection):
    county = _county()
    expected = sorted(
        (r["kommunkod"], r["kommun"])
        for r in _read_csv(DATA_DIR / "kommuner.csv")
        if r["lanskod"] == county
    )
    assert expected, f"inga kommuner för län {county} i data/kommuner.csv"
    features = collection["features"]
    assert [(f["properties"]["kommunkod"], f["properties"]["kommun"]) for f in features] == expected
    assert [f["id"] for f in features] == [code for code, _ in expected]


def test_geometries_valid(shapes):
    for code, geom in shapes.items():
        assert geom.geom_type in ("Polygon", "MultiPolygon"), code
        assert not geom.is_empty, code
        assert geom.is_valid, f"{code}: {shapely.is_valid_reason(geom)}"


def test_winding_clockwise_exterior(collection):
    for feature in collection["features"]:
        for index, ring in _rings(feature["geometry"]):
            assert ring[0] == ring[-1], feature["id"]
            area = _signed_area(ring)
            if index == 0:
                assert area < 0, f"{feature['id']}: yttre ring ska gå medurs"
            else:
                assert area > 0, f"{feature['id']}: hål ska gå moturs"


def test_label_point_inside(collection, shapes):
    for feature in collection["features"]:
        props = feature["properties"]
        point = Point(props["label_lon"], props["label_lat"])
        assert shapes[feature["id"]].contains(point), feature["id"]
        assert round(props["label_lon"], 4) == props["label_lon"]
        assert round(props["label_lat"], 4) == props["label_lat"]


def test_area_matches_geometry(collection, shapes):
    for feature in collection["features"]:
        geom = shapes[feature["id"]]
        approx = _to_km(geom, geom.centroid.y).area
        assert feature["properties"]["area_km2"] == pytest.approx(approx, rel=0.01)


def test_no_overlaps_or_gaps(shapes):
    geoms = list(shapes.values())
    lat0 = shapely.union_all(geoms).centroid.y
    km = [_to_km(g, lat0) for g in geoms]
    overlap = sum(a.intersection(b).area for a, b in combinations(km, 2))
    assert overlap < MAX_OVERLAP_KM2
    union = shapely.union_all(km)
    union_holes = shapely.union_all([Polygon(r) for p in _parts(union) for r in p.interiors])
    own_holes = shapely.union_all([Polygon(r) for g in km for p in _parts(g) for r in p.interiors])
    gap = union_holes.difference(own_holes).area if not union_holes.is_empty else 0.0
    assert gap < MAX_GAP_KM2


def test_coordinates_have_at_most_five_decimals(collection):
    for feature in collection["features"]:
        for _, ring in _rings(feature["geometry"]):
            for x, y in ring:
                assert round(x, 5) == x and round(y, 5) == y, feature["id"]
    text = GEO_FILE.read_text(encoding="utf-8")
    assert not re.search(r"\d\.\d{6,}", text)


def test_file_small_and_compact():
    data = GEO_FILE.read_bytes()
    assert len(data) < 150_000
    assert data.endswith(b"}\n") and data.count(b"\n") == 1


def test_rebuild_is_byte_identical(tmp_path):
    out = tmp_path / "kommuner.geojson"
    summary = build(SOURCE, _county(), DATA_DIR, out)
    assert out.read_bytes() == GEO_FILE.read_bytes()
    assert summary["municipalities"] == len(json.loads(GEO_FILE.read_text("utf-8"))["features"])


# --- the checks of the build, on small synthetic sources (never skipped) -----------------------

LON0, LAT0 = 15.0, 57.0


def _rect(x0: float, y0: float, x1: float, y1: float) -> list[list[float]]:
    """Counter-clockwise (RFC 7946) rectangle ring, as in the real source."""
    return [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]


def _feature(code: str, name: str, rings: list, county: str = "01") -> dict:
    inner = Polygon(rings[0], rings[1:]).representative_point()
    return {
        "type": "Feature",
        "geometry": {"type": "Polygon", "coordinates": rings},
        "properties": {
            "lan_code": county,
            "kom_namn": name,
            "id": code,
            "geo_point_2d": [inner.y, inner.x],
        },
    }


def _write_source(path: Path, features: list[dict]) -> Path:
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), "utf-8")
    return path


def _write_data(data_dir: Path, rows: list[tuple[str, str, str]], county: str = "01") -> Path:
    data_dir.mkdir(exist_ok=True)
    (data_dir / "lan.csv").write_text(f"\ufefflanskod;lan\n{county};Testlän\n", "utf-8")
    lines = ["\ufeffkommunkod;kommun;lanskod;folkmangd"]
    lines += [f"{code};{name};{lan};1000" for code, name, lan in rows]
    (data_dir / "kommuner.csv").write_text("\n".join(lines) + "\n", "utf-8")
    return data_dir


ROWS = [("0101", "Åby", "01"), ("0102", "Östra Näs", "01")]


def _two_neighbours(tmp_path: Path, left_ring=None) -> Path:
    left = left_ring or [_rect(LON0, LAT0, LON0 + 0.1, LAT0 + 0.2)]
    right = [_rect(LON0 + 0.1, LAT0, LON0 + 0.2, LAT0 + 0.2)]
    return _write_source(
        tmp_path / "src.geojson",
        [_feature("0102", "Östra Näs", right), _feature("0101", "Åby", left)],
    )


def test_synthetic_build_ok(tmp_path):
    # 0101 has an enclave (a hole not filled by the county): allowed, and not a gap.
    hole = _rect(LON0 + 0.02, LAT0 + 0.02, LON0 + 0.04, LAT0 + 0.04)[::-1]
    source = _two_neighbours(tmp_path, [_rect(LON0, LAT0, LON0 + 0.1, LAT0 + 0.2), hole])
    data_dir = _write_data(tmp_path / "data", ROWS)
    out = tmp_path / "out" / "kommuner.geojson"
    summary = build(source, "01", data_dir, out)
    assert summary["municipalities"] == 2 and summary["overlap_km2"] == 0
    assert summary["gap_km2"] == 0
    result = json.loads(out.read_text("utf-8"))
    assert [f["id"] for f in result["features"]] == ["0101", "0102"]
    assert result["features"][0]["properties"]["kommun"] == "Åby"
    rings = _rings(result["features"][0]["geometry"])
    assert len(rings) == 2
    assert _signed_area(rings[0][1]) < 0 < _signed_area(rings[1][1])


def test_wrong_county_gives_swedish_error(tmp_path):
    source = _two_neighbours(tmp_path)
    data_dir = _write_data(tmp_path / "data", ROWS + [("9901", "Ingenstans", "99")])
    out = tmp_path / "kommuner.geojson"
    with pytest.raises(SystemExit, match=r"Inga kommuner med länskod 99 i källfilen"):
        build(source, "99", data_dir, out)
    assert not out.exists()
    with pytest.raises(SystemExit, match=r"Inga kommuner med länskod 98 i .*kommuner\.csv"):
        build(source, "98", data_dir, out)


def test_municipality_list_mismatch(tmp_path):
    source = _two_neighbours(tmp_path)
    data_dir = _write_data(tmp_path / "data", ROWS + [("0103", "Tredje", "01")])
    with pytest.raises(SystemExit, match=r"Saknas i källfilen: 0103 Tredje"):
        build(source, "01", data_dir, tmp_path / "out.geojson")


def test_name_mismatch(tmp_path):
    source = _two_neighbours(tmp_path)
    data_dir = _write_data(tmp_path / "data", [("0101", "Aby", "01"), ROWS[1]])
    with pytest.raises(SystemExit, match=r"Kommunnamnen skiljer sig"):
        build(source, "01", data_dir, tmp_path / "out.geojson")


def test_invalid_geometry_is_reported(tmp_path):
    bowtie = [[LON0, LAT0], [LON0 + 0.1, LAT0 + 0.2], [LON0 + 0.1, LAT0], [LON0, LAT0 + 0.2]]
    source = _two_neighbours(tmp_path, [bowtie + [bowtie[0]]])
    data_dir = _write_data(tmp_path / "data", ROWS)
    with pytest.raises(SystemExit, match=r"0101 Åby har ogiltig geometri"):
        build(source, "01", data_dir, tmp_path / "out.geojson")


def test_overlap_is_reported(tmp_path):
    source = _two_neighbours(tmp_path, [_rect(LON0, LAT0, LON0 + 0.11, LAT0 + 0.2)])
    data_dir = _write_data(tmp_path / "data", ROWS)
    with pytest.raises(SystemExit, match=r"överlappar"):
        build(source, "01", data_dir, tmp_path / "out.geojson")


def test_gap_is_reported(tmp_path):
    # A notch in 0101's eastern edge that 0102 does not fill: an enclosed gap (~0.1 km²).
    x, y = LON0 + 0.1, LAT0
    notched = [
        [LON0, y],
        [x, y],
        [x, y + 0.08],
        [x - 0.002, y + 0.08],
        [x - 0.002, y + 0.088],
        [x, y + 0.088],
        [x, y + 0.2],
        [LON0, y + 0.2],
        [LON0, y],
    ]
    source = _two_neighbours(tmp_path, [notched])
    data_dir = _write_data(tmp_path / "data", ROWS)
    with pytest.raises(SystemExit, match=r"Glipor mellan grannkommuner"):
        build(source, "01", data_dir, tmp_path / "out.geojson")


# --- where the build writes (issue #21) --------------------------------------------------------


def test_the_build_writes_where_the_app_reads_and_keeps_another_countys_map(tmp_path,
                                                                           monkeypatch):  # fmt: skip
    source = _two_neighbours(tmp_path)
    data_dir = _write_data(tmp_path / "data", ROWS)
    geo_dir = tmp_path / "geo"
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(data_dir))
    monkeypatch.setenv("DASHBOARD_GEO_DIR", str(geo_dir))
    assert geo_build.main(["--source", str(source)]) == 0
    assert [f["id"] for f in json.loads((geo_dir / "kommuner.geojson").read_text("utf-8"))
            ["features"]] == ["0101", "0102"]  # fmt: skip
    # the committed map of another county is never overwritten unasked
    other = tmp_path / "other.geojson"
    other.write_bytes(GEO_FILE.read_bytes())
    before = other.read_bytes()
    with pytest.raises(SystemExit, match="kartan för ett annat län \\(länskod 07\\)"):
        build(source, "01", data_dir, other)
    assert other.read_bytes() == before
    build(source, "01", data_dir, other, force=True)
    assert other.read_bytes() != before
    # the same county's map is rebuilt without asking
    build(source, "01", data_dir, other)


def test_several_counties_at_once_each_checked_on_its_own(tmp_path, monkeypatch, capsys):
    left = [_rect(LON0, LAT0, LON0 + 0.1, LAT0 + 0.2)]
    right = [_rect(LON0 + 0.1, LAT0, LON0 + 0.2, LAT0 + 0.2)]
    far = [_rect(LON0 + 1, LAT0, LON0 + 1.1, LAT0 + 0.2)]
    # 0201 overlaps 0101 a little (as the real source does across county borders): fine,
    # because each county's topology is checked on its own
    overlapping = [_rect(LON0 + 0.05, LAT0, LON0 + 0.15, LAT0 + 0.2)]
    source = _write_source(tmp_path / "src.geojson", [
        _feature("0101", "Åby", left), _feature("0102", "Östra Näs", right),
        _feature("0201", "Berga", overlapping, county="02"),
        _feature("0202", "Dal", far, county="02"),
    ])  # fmt: skip
    data_dir = _write_data(tmp_path / "data", ROWS + [("0201", "Berga", "02"),
                                                       ("0202", "Dal", "02")])  # fmt: skip
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(data_dir))
    out = str(tmp_path / "kartor" / "{lan}" / "kommuner.geojson")
    assert geo_build.main(["--source", str(source), "--county", "01,02", "--out", out]) == 0
    for county, codes in (("01", ["0101", "0102"]), ("02", ["0201", "0202"])):
        path = tmp_path / "kartor" / county / "kommuner.geojson"
        assert [f["id"] for f in json.loads(path.read_text("utf-8"))["features"]] == codes
    with pytest.raises(SystemExit):  # several counties need {lan} in --out
        geo_build.main(["--source", str(source), "--county", "01,02"])
    assert "{lan}" in capsys.readouterr().err
