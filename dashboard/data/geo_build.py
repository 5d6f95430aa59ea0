"""Build step: the county's municipality map (geo/kommuner.geojson) from Sweden's boundaries.

Run from the repository root:

    python -m dashboard.data.geo_build [--source PATH] [--county CODE[,CODE…]] [--out PATH]
                                       [--force]
    python -m dashboard.data.geo_build --nationell --source swedish_municipalities.geojson

Defaults: source ``<repo>/geo/sverige/kommuner.geojson`` (all 290 municipalities, kept in the
repository; see geo/sverige/README.md), county = the ``lanskod`` in ``<data>/lan.csv``, out
``kommuner.geojson`` where the app reads it (``DASHBOARD_GEO_DIR``, else ``<data>/geo`` if
the data folder has one, else ``<repo>/geo``: dashboard.config); ``<data>`` is ``<repo>/data``
unless DASHBOARD_DATA_DIR says otherwise. A map of another county already at ``out`` is not
overwritten without ``--force``. Several counties at once: ``--county 12,14 --out
maps/{lan}/kommuner.geojson`` (each built and checked on its own: the source's municipalities
overlap a little across county borders, so topology is checked per county).

The municipalities of the county are taken from the source, checked against
``<data>/kommuner.csv`` (codes and names), checked for invalid geometry and for gaps and
overlaps between neighbours, rounded to 5 decimals (and checked again), and written as a
compact, deterministic GeoJSON FeatureCollection. Any failed check stops the build with a
Swedish message (SystemExit); nothing is repaired silently and nothing is written.

Winding order: plotly.js geo draws with d3-geo, which treats rings spherically and needs the
exterior ring CLOCKWISE and holes counter-clockwise (the opposite of RFC 7946; with RFC 7946
order a polygon is read as "the whole globe minus the municipality"). The output is written in
that order and says so in its top-level property "winding".

geopandas/pyogrio are only needed for this build step; the app reads the plain GeoJSON.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry import MultiPolygon, Point, Polygon
from shapely.geometry.polygon import orient

from dashboard.config import get_settings

REPO = Path(__file__).resolve().parents[2]
# Sweden's municipalities, in the repository so that a map can be rebuilt, or another county
# started, from a clone alone (made from okfse/sweden-geojson by national(), below).
NATIONAL = REPO / "geo" / "sverige" / "kommuner.geojson"
DEFAULT_SOURCE = NATIONAL
DEFAULT_OUT = REPO / "geo" / "kommuner.geojson"


def default_out() -> Path:
    """kommuner.geojson where the app reads the map (dashboard.config.geo_dir's rule)."""
    return get_settings().geo_dir / "kommuner.geojson"


def existing_county(out: Path) -> str | None:
    """The county of a map already at `out` (its municipality codes' first two digits)."""
    if not out.is_file():
        return None
    try:
        features = json.loads(out.read_text(encoding="utf-8"))["features"]
        codes = {str(f["properties"]["kommunkod"])[:2] for f in features}
    except (ValueError, KeyError, TypeError):
        return "?"  # not a map this build made: not overwritten unasked either
    return codes.pop() if len(codes) == 1 else "?"


GEO_CRS = "EPSG:4326"
METRIC_CRS = "EPSG:3006"  # SWEREF 99 TM, metres: areas, gaps and overlaps are measured here
COORD_DECIMALS = 5  # about 1 m; far finer than the source's simplification
LABEL_DECIMALS = 4
MAX_OVERLAP_KM2 = 0.01  # total area of pairwise intersections between municipalities
MAX_GAP_KM2 = 0.01  # total area of holes in the union that no single municipality has

WINDING = "clockwise-exterior (d3-geo)"
SOURCE_NOTE = (
    "okfse/sweden-geojson, file swedish_municipalities.geojson "
    "(https://github.com/okfse/sweden-geojson): Swedish municipality boundaries simplified "
    "with mapshaper from Valmyndigheten's boundaries as republished on public.opendatasoft.com "
    "(dataset sverige-kommuner-municipalities-of-sweden). This file: the features with "
    "lan_code {county}, coordinates rounded to {decimals} decimals, rings reoriented, label "
    "points and areas (EPSG:3006) added by dashboard/data/geo_build.py."
)
LICENSE_NOTE = (
    "The source repository has no licence file; its README says 'Feel free to reuse'. "
    "The underlying boundaries are Valmyndigheten's (Swedish Election Authority), republished "
    "as open data on public.opendatasoft.com. Strongly simplified: for overview maps only, "
    "not for exact boundaries."
)

REQUIRED_SOURCE_COLUMNS = ("id", "kom_namn", "lan_code")


def _fail(message: str) -> None:
    """Stop the build with a Swedish message (printed on stderr, exit status 1)."""
    raise SystemExit(f"geo_build: {message}")


def default_data_dir() -> Path:
    """``<repo>/data``, or DASHBOARD_DATA_DIR when it is set (same rule as dashboard.config)."""
    value = os.environ.get("DASHBOARD_DATA_DIR", "").strip()
    return Path(value).expanduser().resolve() if value else REPO / "data"


def _read_csv(path: Path, required: Sequence[str]) -> pd.DataFrame:
    if not path.is_file():
        _fail(f"Filen {path} saknas.")
    frame = pd.read_csv(path, sep=";", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    frame.columns = [str(c).strip() for c in frame.columns]
    missing = [c for c in required if c not in frame.columns]
    if missing:
        _fail(f"{path} saknar kolumnerna {', '.join(missing)}.")
    for column in required:
        frame[column] = frame[column].str.strip()
    return frame


def county_from_data(data_dir: Path) -> str:
    """The county code (``lanskod``) in ``<data>/lan.csv``, which must name exactly one county."""
    path = data_dir / "lan.csv"
    codes = sorted({c for c in _read_csv(path, ["lanskod"])["lanskod"] if c})
    if len(codes) != 1:
        _fail(f"{path} ska ange exakt en länskod, men anger {len(codes)}: {', '.join(codes)}.")
    return codes[0]


def expected_municipalities(data_dir: Path, county: str) -> dict[str, str]:
    """``{kommunkod: kommun}`` for the county according to ``<data>/kommuner.csv``."""
    path = data_dir / "kommuner.csv"
    frame = _read_csv(path, ["kommunkod", "kommun", "lanskod"])
    frame = frame[frame["lanskod"] == county]
    if frame.empty:
        _fail(f"Inga kommuner med länskod {county} i {path}.")
    duplicated = sorted(set(frame.loc[frame["kommunkod"].duplicated(), "kommunkod"]))
    if duplicated:
        _fail(f"Kommunkoder förekommer flera gånger i {path}: {', '.join(duplicated)}.")
    return dict(zip(frame["kommunkod"], frame["kommun"], strict=True))


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", str(text)).strip()


def _polygons(geom) -> list[Polygon]:
    if isinstance(geom, Polygon):
        return [geom]
    if isinstance(geom, MultiPolygon):
        return list(geom.geoms)
    raise TypeError(geom.geom_type)


def _holes(geoms: Iterable) -> list[Polygon]:
    return [Polygon(ring) for geom in geoms for part in _polygons(geom) for ring in part.interiors]


def topology(geoms_metric: Sequence, codes: Sequence[str]) -> dict:
    """Overlaps and gaps between neighbours; geometries in a metric CRS (m).

    Overlap: the sum of the areas of all pairwise intersections (shared borders have area 0).
    Gap: holes in the union of all municipalities that are not holes of a single municipality
    (a hole of one municipality that is exactly filled by another one disappears in the union,
    so every remaining hole of the union that no municipality explains is a gap or a sliver
    between neighbours). A gap that opens to the outside of the county is not a hole and
    cannot be seen without the county's own outline; with the shared, consistent borders of
    the source such a gap would show up as a sliver overlap/hole elsewhere anyway.
    """
    geoms = list(geoms_metric)
    tree = shapely.STRtree(geoms)
    left, right = tree.query(geoms, predicate="intersects")
    pairs = []
    overlap_m2 = 0.0
    for i, j in sorted({(min(a, b), max(a, b)) for a, b in zip(left, right, strict=True)}):
        if i == j:
            continue
        area = geoms[i].intersection(geoms[j]).area
        overlap_m2 += area
        if area > 0:
            pairs.append((codes[i], codes[j], area / 1e6))
    union = shapely.union_all(geoms)
    union_holes = shapely.union_all(_holes([union]))
    own_holes = shapely.union_all(_holes(geoms))
    gap_m2 = union_holes.difference(own_holes).area if not union_holes.is_empty else 0.0
    return {
        "overlap_km2": overlap_m2 / 1e6,
        "gap_km2": gap_m2 / 1e6,
        "overlapping_pairs": sorted(pairs, key=lambda p: -p[2]),
        "union_parts": len(_polygons(union)) if not union.is_empty else 0,
    }


def _check_topology(geoms_metric: Sequence, codes: Sequence[str], stage: str) -> dict:
    result = topology(geoms_metric, codes)
    if result["overlap_km2"] >= MAX_OVERLAP_KM2:
        worst = "; ".join(f"{a}/{b} {km2:.4f} km²" for a, b, km2 in result["overlapping_pairs"][:5])
        _fail(
            f"Grannkommuner överlappar varandra ({stage}): totalt {result['overlap_km2']:.4f} km² "
            f"(gräns {MAX_OVERLAP_KM2} km²). Största: {worst}."
        )
    if result["gap_km2"] >= MAX_GAP_KM2:
        _fail(
            f"Glipor mellan grannkommuner ({stage}): totalt {result['gap_km2']:.4f} km² "
            f"(gräns {MAX_GAP_KM2} km²)."
        )
    return result


def _check_valid(geom, code: str, name: str, stage: str) -> None:
    if geom is None or geom.is_empty:
        _fail(f"Kommun {code} {name} saknar geometri ({stage}).")
    if geom.geom_type not in ("Polygon", "MultiPolygon"):
        _fail(f"Kommun {code} {name} har geometritypen {geom.geom_type} ({stage}).")
    if not geom.is_valid:
        _fail(
            f"Kommun {code} {name} har ogiltig geometri ({stage}): "
            f"{shapely.is_valid_reason(geom)}. Rätta källan; make_valid används inte."
        )


def _round_ring(coords, code: str, name: str) -> list[tuple[float, float]]:
    ring: list[tuple[float, float]] = []
    for x, y in ((c[0], c[1]) for c in coords):
        point = (round(float(x), COORD_DECIMALS), round(float(y), COORD_DECIMALS))
        if not ring or point != ring[-1]:  # drop repeated points created by the rounding
            ring.append(point)
    if len(ring) < 4 or ring[0] != ring[-1]:
        _fail(
            f"En ring i kommun {code} {name} faller ihop vid avrundning till "
            f"{COORD_DECIMALS} decimaler."
        )
    return ring


def _round_and_orient(geom, code: str, name: str):
    """Round every coordinate, then orient: exterior clockwise, holes counter-clockwise."""
    parts = []
    for part in _polygons(geom):
        polygon = Polygon(
            _round_ring(part.exterior.coords, code, name),
            [_round_ring(r.coords, code, name) for r in part.interiors],
        )
        parts.append(orient(polygon, sign=-1.0))
    return parts[0] if isinstance(geom, Polygon) else MultiPolygon(parts)


def _ring_coords(ring) -> list[list[float]]:
    return [[x, y] for x, y in ring.coords]


def _geometry_json(geom) -> dict:
    def polygon_coords(p: Polygon) -> list:
        return [_ring_coords(p.exterior)] + [_ring_coords(r) for r in p.interiors]

    if isinstance(geom, Polygon):
        return {"type": "Polygon", "coordinates": polygon_coords(geom)}
    return {"type": "MultiPolygon", "coordinates": [polygon_coords(p) for p in geom.geoms]}


def _check_winding(geom, code: str, name: str) -> None:
    for part in _polygons(geom):
        if part.exterior.is_ccw or not all(r.is_ccw for r in part.interiors):
            _fail(f"Kommun {code} {name}: ringarna kunde inte orienteras medurs (internt fel).")


def _source_point(value) -> tuple[float, float] | None:
    """``geo_point_2d`` is ``[lat, lon]``; returns ``(lon, lat)`` or None when unusable."""
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return None
    try:
        lat, lon = (float(v) for v in value)
    except (TypeError, ValueError):
        return None
    if not (math.isfinite(lat) and math.isfinite(lon)):
        return None
    return lon, lat


def _label_point(geom, source_value, code: str, name: str) -> tuple[float, float, str]:
    """A point inside the polygon for the name: geo_point_2d if inside, else representative."""
    candidates = []
    lonlat = _source_point(source_value)
    if lonlat is not None:
        candidates.append((lonlat, "geo_point_2d"))
    rep = geom.representative_point()
    candidates.append(((rep.x, rep.y), "representative_point"))
    for (lon, lat), origin in candidates:
        lon, lat = round(lon, LABEL_DECIMALS), round(lat, LABEL_DECIMALS)
        if geom.contains(Point(lon, lat)):
            return lon, lat, origin
    _fail(f"Kommun {code} {name}: ingen etikettpunkt inuti polygonen.")
    raise AssertionError  # unreachable


def build(source: Path, county: str, data_dir: Path, out: Path, force: bool = False) -> dict:
    """Build the county's map file ``out``; returns a summary. Raises SystemExit on errors,
    also when ``out`` holds another county's map (unless force)."""
    source, data_dir, out = Path(source), Path(data_dir), Path(out)
    county = str(county).strip()
    if not county:
        _fail("Länskoden är tom.")
    _refuse_other_county(out, county, force)
    expected = expected_municipalities(data_dir, county)
    if not source.is_file():
        _fail(f"Källfilen {source} saknas.")
    frame, codes, names = _matched_source(source, county, expected)

    for geom, code, name in zip(frame.geometry, codes, names, strict=True):
        _check_valid(geom, code, name, "källan")
    source_topology = _check_topology(list(frame.geometry.to_crs(METRIC_CRS)), codes, "källan")

    geoms = []
    for geom, code, name in zip(frame.geometry, codes, names, strict=True):
        rounded = _round_and_orient(geom, code, name)
        _check_valid(rounded, code, name, f"efter avrundning till {COORD_DECIMALS} decimaler")
        _check_winding(rounded, code, name)
        geoms.append(rounded)
    metric = gpd.GeoSeries(geoms, crs=GEO_CRS).to_crs(METRIC_CRS)
    out_topology = _check_topology(list(metric), codes, "efter avrundning")

    features, label_origins = _features(frame, geoms, metric, codes, names)
    collection = {
        "type": "FeatureCollection",
        "winding": WINDING,
        "source": SOURCE_NOTE.format(county=county, decimals=COORD_DECIMALS),
        "license_note": LICENSE_NOTE,
        "features": features,
    }
    text = json.dumps(collection, separators=(",", ":"), ensure_ascii=False) + "\n"
    data = text.encode("utf-8")
    _replace(out, data)
    return {
        "out": str(out),
        "county": county,
        "municipalities": len(features),
        "vertices": int(sum(shapely.get_num_coordinates(g) for g in geoms)),
        "bytes": len(data),
        "overlap_km2": out_topology["overlap_km2"],
        "gap_km2": out_topology["gap_km2"],
        "source_overlap_km2": source_topology["overlap_km2"],
        "source_gap_km2": source_topology["gap_km2"],
        "union_parts": out_topology["union_parts"],
        "area_km2": round(sum(f["properties"]["area_km2"] for f in features), 1),
        "label_origins": label_origins,
    }


def _refuse_other_county(out: Path, county: str, force: bool) -> None:
    other = existing_county(out)
    if other is not None and other != county and not force:
        _fail(
            f"{out} är kartan för ett annat län ({'okänt' if other == '?' else 'länskod ' + other}"
            f") och skrivs inte över. Ange en annan fil med --out (eller DASHBOARD_GEO_DIR), "
            "eller --force om den verkligen ska ersättas."
        )


def _matched_source(source: Path, county: str,
                    expected: dict[str, str]) -> tuple[gpd.GeoDataFrame, list[str], list[str]]:  # fmt: skip
    """The county's municipalities in the source, in code order, checked against
    kommuner.csv (the same codes, once each, the same names); with their codes and names."""
    frame = gpd.read_file(source)
    missing = [c for c in REQUIRED_SOURCE_COLUMNS if c not in frame.columns]
    if missing:
        _fail(f"Källfilen {source} saknar egenskaperna {', '.join(missing)}.")
    if frame.crs is None:
        frame = frame.set_crs(GEO_CRS)
    elif not frame.crs.equals(GEO_CRS):
        frame = frame.to_crs(GEO_CRS)
    if "geo_point_2d" not in frame.columns:
        frame["geo_point_2d"] = None
    frame["kommunkod"] = frame["id"].astype(str).str.strip()
    frame = frame[frame["lan_code"].astype(str).str.strip() == county]
    if frame.empty:
        _fail(f"Inga kommuner med länskod {county} i källfilen {source}.")

    duplicated = sorted(set(frame.loc[frame["kommunkod"].duplicated(), "kommunkod"]))
    if duplicated:
        _fail(f"Kommunkoder förekommer flera gånger i källfilen: {', '.join(duplicated)}.")
    found = set(frame["kommunkod"])
    if found != set(expected):
        lacking = ", ".join(f"{c} {expected[c]}" for c in sorted(set(expected) - found)) or "-"
        extra = ", ".join(sorted(found - set(expected))) or "-"
        _fail(
            f"Källfilen har {len(found)} kommuner med länskod {county}, men kommuner.csv har "
            f"{len(expected)}. Saknas i källfilen: {lacking}. Finns bara i källfilen: {extra}."
        )
    frame = frame.sort_values("kommunkod").reset_index(drop=True)
    codes = list(frame["kommunkod"])
    names = [expected[c] for c in codes]
    wrong_names = [
        f"{c}: {s!r} i källfilen, {e!r} i kommuner.csv"
        for c, s, e in zip(codes, frame["kom_namn"], names, strict=True)
        if _nfc(s) != _nfc(e)
    ]
    if wrong_names:
        _fail("Kommunnamnen skiljer sig: " + "; ".join(wrong_names) + ".")
    return frame, codes, names


def _features(frame, geoms: list, metric, codes: list[str],
              names: list[str]) -> tuple[list[dict], dict[str, str]]:  # fmt: skip
    """The map's features (with each name's label point and area) and where each label
    point came from."""
    features = []
    label_origins = {}
    for i, (geom, code, name) in enumerate(zip(geoms, codes, names, strict=True)):
        lon, lat, origin = _label_point(geom, frame["geo_point_2d"].iloc[i], code, name)
        label_origins[code] = origin
        features.append(
            {
                "type": "Feature",
                "id": code,
                "properties": {
                    "kommunkod": code,
                    "kommun": name,
                    "label_lon": lon,
                    "label_lat": lat,
                    "area_km2": round(metric.iloc[i].area / 1e6, 1),
                },
                "geometry": _geometry_json(geom),
            }
        )
    return features, label_origins


def _replace(out: Path, data: bytes) -> None:
    """Write ``out`` through a temporary file beside it: never half a map."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, out)


NATIONAL_SOURCE_NOTE = (
    "okfse/sweden-geojson, file swedish_municipalities.geojson "
    "(https://github.com/okfse/sweden-geojson): Sweden's 290 municipalities, simplified with "
    "mapshaper from Valmyndigheten's boundaries as republished on public.opendatasoft.com "
    "(dataset sverige-kommuner-municipalities-of-sweden). This file: coordinates rounded to "
    "{decimals} decimals (repeated points dropped), geo_point_2d to {label} decimals, sorted by "
    "id, by dashboard/data/geo_build.py (--nationell); geometry otherwise unchanged."
)


def national(source: Path, out: Path = NATIONAL) -> dict:
    """Sweden's municipalities as the repository keeps them (geo/sverige/kommuner.geojson).

    Only what the county maps are built from is kept: ``id``, ``kom_namn``, ``lan_code``,
    ``geo_point_2d`` and the geometry. Coordinates are rounded to the 5 decimals the county
    build rounds to anyway, and label points to its 4, so a county built from this file is
    byte-identical to one built from the full-precision source (tests/test_geo.py holds that
    for Kronoberg), at about half the size. Rings keep the source's order (RFC 7946); the
    county build orients them for d3-geo. One feature a line, so a change shows in a diff.
    Raises SystemExit with a Swedish message on a source it cannot use.
    """
    source, out = Path(source), Path(out)
    if not source.is_file():
        _fail(f"Källfilen {source} saknas.")
    try:
        features = json.loads(source.read_text(encoding="utf-8"))["features"]
    except (ValueError, KeyError, TypeError) as exc:
        _fail(f"Källfilen {source} är ingen GeoJSON FeatureCollection ({exc}).")
    kept = [_national_feature(feature, source) for feature in features]
    codes = [f["properties"]["id"] for f in kept]
    if not codes:
        _fail(f"Källfilen {source} har inga kommuner.")
    if len(set(codes)) != len(codes):
        _fail(f"Kommunkoder förekommer flera gånger i källfilen {source}.")
    kept.sort(key=lambda f: f["properties"]["id"])
    head = {"type": "FeatureCollection",
            "source": NATIONAL_SOURCE_NOTE.format(decimals=COORD_DECIMALS, label=LABEL_DECIMALS),
            "license_note": LICENSE_NOTE}  # fmt: skip
    lines = [json.dumps(head, separators=(",", ":"), ensure_ascii=False)[:-1] + ',"features":[']
    lines += [json.dumps(f, separators=(",", ":"), ensure_ascii=False) + "," for f in kept]
    lines[-1] = lines[-1][:-1]
    text = "\n".join([*lines, "]}"]) + "\n"
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, out)
    return {"out": str(out), "municipalities": len(kept), "bytes": len(text.encode("utf-8")),
            "counties": len({f["properties"]["lan_code"] for f in kept})}  # fmt: skip


def _national_feature(feature: dict, source: Path) -> dict[str, Any]:
    """One municipality as geo/sverige/kommuner.geojson keeps it (national)."""
    props = feature.get("properties") or {}
    missing = [c for c in REQUIRED_SOURCE_COLUMNS if c not in props]
    if missing:
        _fail(f"Ett objekt i {source} saknar egenskaperna {', '.join(missing)}.")
    code, name = str(props["id"]).strip(), _nfc(props["kom_namn"])
    geom = shapely.geometry.shape(feature["geometry"])
    _check_valid(geom, code, name, "källan")
    parts = [[_round_ring(ring.coords, code, name) for ring in (p.exterior, *p.interiors)]
             for p in _polygons(geom)]  # fmt: skip
    coords = [[[list(pt) for pt in ring] for ring in part] for part in parts]
    point = _source_point(props.get("geo_point_2d"))
    return {
        "type": "Feature",
        "properties": {
            "id": code, "kom_namn": name, "lan_code": str(props["lan_code"]).strip().zfill(2),
            "geo_point_2d": None if point is None else [round(point[1], LABEL_DECIMALS),
                                                        round(point[0], LABEL_DECIMALS)],
        },
        "geometry": ({"type": "Polygon", "coordinates": coords[0]}
                     if isinstance(geom, Polygon)
                     else {"type": "MultiPolygon", "coordinates": coords}),
    }  # fmt: skip


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m dashboard.data.geo_build",
        description="Bygg länets kommunkarta (GeoJSON) ur Sveriges kommungränser "
        "(geo/sverige/kommuner.geojson).",
    )
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="källfil (GeoJSON)")
    parser.add_argument("--county", help="länskod, t.ex. 07, eller flera: 12,14 (standard: "
                        "lanskod i data/lan.csv)")  # fmt: skip
    parser.add_argument("--out", type=str, default=None,
                        help="utfil (standard: kommuner.geojson i DASHBOARD_GEO_DIR eller geo/); "
                        "för flera län med {lan}, t.ex. kartor/{lan}/kommuner.geojson")  # fmt: skip
    parser.add_argument("--force", action="store_true",
                        help="skriv över en karta för ett annat län")  # fmt: skip
    parser.add_argument("--nationell", action="store_true",
                        help="skriv hela Sveriges kommunfil (geo/sverige/kommuner.geojson, "
                        "eller --out) ur --source, t.ex. okfse:s swedish_municipalities.geojson")  # fmt: skip
    args = parser.parse_args(argv)
    if args.nationell:
        if args.source == DEFAULT_SOURCE:
            parser.error("--nationell behöver --source (källfilen med alla kommuner).")
        done = national(args.source, Path(args.out) if args.out else NATIONAL)
        print(f"Skrev {done['out']}: {done['municipalities']} kommuner i {done['counties']} "
              f"län, {done['bytes'] / 1000:.1f} kB.")  # fmt: skip
        return 0

    data_dir = default_data_dir()
    counties = ([c.strip() for c in args.county.split(",") if c.strip()] if args.county
                else [county_from_data(data_dir)])  # fmt: skip
    if len(counties) > 1 and (args.out is None or "{lan}" not in args.out):
        parser.error("flera län behöver --out med {lan}, t.ex. kartor/{lan}/kommuner.geojson")
    for county in counties:
        out = Path(args.out.format(lan=county)) if args.out else default_out()
        summary = build(args.source, county, data_dir, out, force=args.force)
        fallback = sorted(c for c, o in summary["label_origins"].items() if o != "geo_point_2d")
        print(
            f"Skrev {summary['out']}: {summary['municipalities']} kommuner (länskod "
            f"{summary['county']}), {summary['vertices']} hörnpunkter, "
            f"{summary['bytes'] / 1000:.1f} kB. Överlapp {summary['overlap_km2']:.6f} km², "
            f"glipor {summary['gap_km2']:.6f} km²."
            + (
                f" Etikettpunkt från representative_point: {', '.join(fallback)}."
                if fallback
                else ""
            )  # fmt: skip
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
