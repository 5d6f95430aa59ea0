"""The county map as SVG written by the server: on screen at first paint, without plotly.js.

plotly draws a choropleth only after ~1.5 MB of script has arrived and run (on an ordinary
laptop 300–500 ms of busy main thread, four times that on a phone). Eight municipalities do
not need that: the server writes the map out as SVG once per view, the browser paints it
with the rest of the page, and it works without JavaScript and when printed. Each
municipality is a link to its page (reachable by Tab, named by its tooltip: the
municipality, its value, the change and the source), and the legend is HTML beside it, so it stays readable at any width.

Colours come from map.colouring. The presenter's slides draw this same map at slide size
(assets/06_present.css sizes the labels in the map's own units). Every
text and attribute is escaped; nothing here comes from a visitor. The projection is
Mercator: conformal, so the shapes keep the proportions of a Swedish map.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable
from html import escape

from dashboard.charts import (
    BORDER_COLOR,
    FONT_FAMILY,
    HIGHLIGHT_COLOR,
    MISSING_COLOR,
    TEXT_COLOR,
    text_color_on,
)
from dashboard.charts.colours import MISSING_PATTERN, scale_for
from dashboard.charts.map import (
    SUPPRESSED_LEGEND,
    MapColouring,
    _bounds,
    category_colouring,
    colouring,
)

WIDTH = 1000  # viewBox units; the map is scaled to its box, the CSS sets the label size
PAD = 0.03
LABEL_SIZE = 15  # user units; assets/02_app.css enlarges them where the map is narrow
LEGEND_ROW = 30  # the legend drawn into the SVG for image export (hidden on screen)


def _mercator_y(lat: float) -> float:
    return math.degrees(math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))


class _Projection:
    """lon/lat → viewBox x/y, fitted to the county with a small margin."""

    def __init__(self, geojson: dict) -> None:
        west, south, east, north = _bounds(geojson)
        top, bottom = _mercator_y(north), _mercator_y(south)
        span_x, span_y = east - west, top - bottom
        self.scale = WIDTH * (1 - 2 * PAD) / span_x
        self.west, self.top = west, top
        self.offset = WIDTH * PAD
        self.height = round(span_y * self.scale + 2 * self.offset)
        # A tall map (all of Sweden is 2 200 units high) is drawn at a quarter of a pixel per
        # unit or less: its points are snapped to a coarser grid, which a shared border
        # follows alike on both sides (no slivers) and which halves what is left of the
        # path data's entropy. A county's map (under 1 125 units) keeps whole units.
        self.grid = max(1, round(self.height / 750))

    def point(self, lon: float, lat: float) -> tuple[float, float]:
        return (
            self.offset + (lon - self.west) * self.scale,
            self.offset + (self.top - _mercator_y(lat)) * self.scale,
        )


def _rings(geometry: dict) -> list:
    if geometry["type"] == "Polygon":
        return list(geometry["coordinates"])
    if geometry["type"] == "MultiPolygon":
        return [ring for polygon in geometry["coordinates"] for ring in polygon]
    return []


def _path(geometry: dict, projection: _Projection) -> str:
    """Path data in whole units, relative moves after the first point (a few kB in all)."""
    parts = []
    for ring in _rings(geometry):
        points = [projection.point(lon, lat) for lon, lat, *_ in ring]
        grid = projection.grid
        rounded = [(round(x / grid) * grid, round(y / grid) * grid) for x, y in points]
        moves = [f"M{rounded[0][0]} {rounded[0][1]}"]
        previous = rounded[0]
        for x, y in rounded[1:]:
            dx, dy = x - previous[0], y - previous[1]
            if dx or dy:
                moves.append(f"l{dx} {dy}")
            previous = (x, y)
        parts.append("".join(moves) + "z")
    return "".join(parts)


def _features(geojson: dict) -> list[dict]:
    # Tab order and reading order: alphabetical, as in the list beside the map.
    return sorted(geojson["features"], key=lambda f: f["properties"]["kommun"])


# Per map file (a dataset's GeoJSON lives as long as its process): the projection and each
# municipality's path data, drawn once instead of in every view (most of a view's cost
# at 290 municipalities). Keyed by identity; the entry holds the dict so the id stays its.
_DRAWN: dict[int, tuple[dict, _Projection, list[tuple[dict, str]]]] = {}


def _drawn(geojson: dict) -> tuple[_Projection, list[tuple[dict, str]]]:
    entry = _DRAWN.get(id(geojson))
    if entry is None or entry[0] is not geojson:
        projection = _Projection(geojson)
        shapes = [(f, _path(f["geometry"], projection)) for f in _features(geojson)]
        if len(_DRAWN) >= 4:  # tests load several datasets; a server holds one
            _DRAWN.clear()
        entry = _DRAWN[id(geojson)] = (geojson, projection, shapes)
    return entry[1], entry[2]


# What all labels share, set once on their group.
LABEL_STYLE = (
    f'font-size="{LABEL_SIZE}" stroke-width="3" stroke-linejoin="round" paint-order="stroke" '
    'font-weight="600" text-anchor="middle" dominant-baseline="middle"'
)


def map_paint(
    geojson: dict,
    paint: MapColouring,
    *,
    year: int | None,
    label: str,
    href: Callable[[str], str],
    legend_title: str = "",
    pattern: str | None = None,
) -> dict:
    """What a map of `paint` shows, apart from its shapes: per municipality its link, fill
    and tooltip, and the map's name and legends. Plain JSON: svg_map draws the map from it
    on the server, and a callback sends it alone to a map already on the page
    (HtmlBlock's paint, assets/04_html_block.js), so an update does not carry the geometry again.

    areas: code → [href, fill, hatched, label colour, tooltip]. pattern: the id of the
    hatch for missing values, unique on the page (by default from the label: the slides
    put several maps on one page)."""
    projection, drawn = _drawn(geojson)
    rows = {r["code"]: r for r in paint.frame.to_dict("records")}
    pattern = pattern or (
        f"{MISSING_PATTERN}-{hashlib.blake2b(label.encode(), digest_size=4).hexdigest()}"
    )
    areas = {}
    # A number's value is written under the name: neighbouring blues are hard to tell apart
    # (1.5–2 : 1), the number is not. A status has its own hue, and its word is in the legend.
    numeric = bool(paint.scale.steps) and paint.scale.steps[0].code is None
    for feature, _ in drawn:
        code = feature["properties"]["kommunkod"]
        name = feature["properties"]["kommun"]
        row = rows.get(code)
        fill = row["fill"] if row is not None else "#ffffff"
        hatched = row is not None and bool(row["missing"]) and not bool(row["hidden"])
        if row is not None:
            value = f"{year}: {row['label']}" if year is not None else str(row["label"])
            change = row.get("change_text") or ""
            source = row.get("source") or "–"
            tooltip = "\n".join([name, value, *([change] if change else []), f"Källa: {source}"])
        else:
            tooltip = (
                f"{name}\n{year}: uppgift saknas" if year is not None else f"{name}\nUppgift saknas"
            )
        value = _map_value(row, numeric)
        areas[code] = [href(code), fill, hatched, text_color_on(fill), tooltip, value]
    legend, legend_height = _export_legend(paint, projection.height, legend_title, pattern)
    return {
        "label": label,
        "pattern": pattern,
        "areas": areas,
        "legend": legend_html(paint, legend_title),
        "export_legend": legend,
        "export_height": projection.height + legend_height,
    }


def _map_value(row: dict | None, numeric: bool) -> str:
    """The value written under a municipality's name: '87 %', or the number alone where the
    unit is long ('0,75'; the legend's title names it); nothing for a status, a missing or
    a hidden value (its hatch and the legend say it)."""
    if row is None or not numeric or bool(row["missing"]) or bool(row["hidden"]):
        return ""
    text = str(row["label"])
    number, _, unit = text.partition("\u00a0")
    return text if unit == "%" else number


def painted_svg(geojson: dict, painted: dict, label_px: float | None = None) -> str:
    """The map's SVG: the shapes of `geojson` painted as map_paint says.

    label_px: the labels' least size in CSS pixels on screen (a slide asks for 24 or more);
    assets/07_charts.js enlarges the labels to it, whatever the map's scale. Without it the
    page's default holds (LABEL_PX; CSS may set --map-label-px)."""
    projection, drawn = _drawn(geojson)
    pattern = painted["pattern"]
    shapes, labels, values = [], [], []
    for feature, path in drawn:
        link, fill, hatched, label_fill, tooltip, *rest = painted["areas"][
            feature["properties"]["kommunkod"]
        ]
        value = rest[0] if rest else ""
        props = feature["properties"]
        x, y = projection.point(props["label_lon"], props["label_lat"])
        # The <title> is both the tooltip and the link's name ('Alvesta 2025: Ja …'); an
        # aria-label beside it would differ from what is shown (WCAG 2.5.3, label in name).
        shapes.append(
            f'<a href="{escape(link)}" data-app-link="true" data-kommun="{props["kommunkod"]}">'
            f"<title>{escape(tooltip)}</title>"
            f'<path d="{path}" fill="{f"url(#{pattern})" if hatched else fill}" '
            f'vector-effect="non-scaling-stroke"/></a>'
        )
        labels.append(
            # A halo in the area's own colour keeps a label that reaches past its area
            # readable. data-area: a crowded map keeps the labels of the largest
            # municipalities (assets/07_charts.js hides a label that would overlap one kept
            # before it). What all labels share is set once on their group.
            f'<text x="{x:.0f}" y="{y:.0f}" data-area="{float(props.get("area_km2") or 0):.0f}" '
            f'fill="{label_fill}" stroke="{fill}">{escape(props["kommun"])}</text>'
        )
        # The value one line under the name, in the same order as the names (the page
        # repaints both by index, assets/04_html_block.js).
        values.append(
            f'<text x="{x:.0f}" y="{y:.0f}" dy="1.15em" fill="{label_fill}" stroke="{fill}">'
            f"{escape(value)}</text>"
        )
    body = (
        _missing_pattern(pattern)
        + f'<g class="svg-map-areas" stroke="{BORDER_COLOR}" stroke-width="1">{"".join(shapes)}</g>'
        + f'<g class="svg-map-labels" aria-hidden="true" pointer-events="none" {LABEL_STYLE}>'
        + f"{''.join(labels)}</g>"
        + f'<g class="svg-map-values" aria-hidden="true" pointer-events="none" {LABEL_STYLE}>'
        + f"{''.join(values)}</g>"
        + f'<g class="svg-map-legend" display="none">{painted["export_legend"]}</g>'
    )
    least = f' data-label-px="{label_px:g}"' if label_px else ""
    return (
        f'<svg class="svg-map" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {WIDTH} {projection.height}" role="group"{least} '
        f'aria-label="{escape(painted["label"])}" font-family="{escape(FONT_FAMILY)}" '
        f'data-export-height="{painted["export_height"]}">{body}</svg>'
    )


def county_svg(
    geojson: dict,
    paint: MapColouring,
    *,
    year: int | None,
    label: str,
    href: Callable[[str], str],
    legend_title: str = "",
) -> str:
    """The map of a snapshot coloured by `paint`, each municipality a link to href(code).

    Each link's <title> (tooltip and accessible name) says the municipality, the year's
    value, the change and the source; the legend for image export is drawn below the map
    (hidden on screen, where legend_html is shown instead).
    """
    painted = map_paint(geojson, paint, year=year, label=label, href=href,
                        legend_title=legend_title)  # fmt: skip
    return painted_svg(geojson, painted)


def map_html(geojson: dict, painted: dict, label_px: float | None = None) -> str:
    """The map and its legend as HTML (the legend is HTML beside the SVG on screen);
    label_px as painted_svg."""
    return painted_svg(geojson, painted, label_px) + painted["legend"]


def _export_legend(paint: MapColouring, top: int, title: str, pattern: str) -> tuple[str, int]:
    """The legend as SVG below the map, for the PNG/SVG export (assets/06_export.js)."""
    items = list(paint.legend)
    if not items:
        return "", 0
    parts, x, y = [], 20.0, top + 10
    if title:
        parts.append(f'<text x="20" y="{y + 14}" font-size="17" font-weight="600" '
                     f'fill="{TEXT_COLOR}">{escape(title)}</text>')  # fmt: skip
        y += LEGEND_ROW
    for text, color in items:
        swatch = f"url(#{pattern})" if _hatched(color, text) else color
        width = 34 + 9.5 * len(text)
        if x + width > WIDTH and x > 20:
            x, y = 20.0, y + LEGEND_ROW
        parts.append(
            f'<rect x="{x:.0f}" y="{y}" width="18" height="18" fill="{swatch}" '
            f'stroke="{BORDER_COLOR}" stroke-width="1"/>'
            f'<text x="{x + 26:.0f}" y="{y + 14}" font-size="17" fill="{TEXT_COLOR}">'
            f"{escape(text)}</text>"
        )
        x += width + 16
    height = y + LEGEND_ROW - top
    return "".join(parts), height


def _hatched(color: str, legend_text: str) -> bool:
    """'Uppgift saknas' is hatched, not only grey; values hidden by röjandeskydd are plain grey."""
    return color == MISSING_COLOR and legend_text != SUPPRESSED_LEGEND


def _missing_pattern(pattern: str) -> str:
    """Dark grey diagonal hatch on light grey: 'Uppgift saknas' unlike any value, also in
    greyscale."""
    return (
        f'<defs><pattern id="{pattern}" width="8" height="8" '
        'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        f'<rect width="8" height="8" fill="{MISSING_COLOR}"/>'
        '<line x1="0" y1="0" x2="0" y2="8" stroke="#737373" stroke-width="3"/>'
        "</pattern></defs>"
    )


def legend_html(paint: MapColouring, title: str) -> str:
    """The legend as HTML under the map: the title, then every step labelled."""
    items = [f'<li class="map-legend-title">{escape(title)}</li>'] if title else []
    for text, color in paint.legend:
        hatch = " map-swatch-missing" if _hatched(color, text) else ""
        items.append(
            f'<li><span class="map-swatch{hatch}" style="background-color:{color}" '
            f'aria-hidden="true"></span>{escape(text)}</li>'
        )
    return f'<ul class="map-legend" aria-label="Teckenförklaring">{"".join(items)}</ul>'


OWN_ROLE = ' data-role="min-kommun"'  # the locator's own area: black, as 'min kommun' everywhere


def locator_svg(
    geojson: dict, code: str, label: str, href: Callable[[str], str] | None = None
) -> str:
    """Small map of the county with one municipality highlighted; with `href`, every other
    municipality is a link to href(code), named by its tooltip."""
    projection, drawn = _drawn(geojson)
    shapes = []
    for feature, shape in drawn:
        other = feature["properties"]["kommunkod"]
        own = other == code
        path = (
            f'<path d="{shape}" '
            f'fill="{HIGHLIGHT_COLOR if own else "#f2f2f2"}" stroke="{BORDER_COLOR}" '
            f'stroke-width="{1.5 if own else 0.8}" vector-effect="non-scaling-stroke"'
            f"{OWN_ROLE if own else ''}/>"
        )
        if href is not None and not own:
            name = escape(feature["properties"]["kommun"])
            path = (f'<a href="{escape(href(other))}" data-app-link="true" data-kommun="{other}">'
                    f"<title>{name}</title>{path}</a>")  # fmt: skip
        shapes.append(path)
    role = 'role="group"' if href is not None else 'role="img"'
    return (
        f'<svg class="svg-map locator-svg" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="{_locator_view(geojson, code, projection)}" {role} '
        f'aria-label="{escape(label)}">'
        f"<title>{escape(label)}</title>{''.join(shapes)}</svg>"
    )


def _locator_view(geojson: dict, code: str, projection: _Projection) -> str:
    """The locator's viewBox: the whole map, or, where the municipality would be a dot in
    it (all of Sweden: Solna is 8 units of 2 200), a square around it showing its
    neighbours, eight times its size and at least a twentieth of the map."""
    whole = f"0 0 {WIDTH} {projection.height}"
    feature = next((f for f in geojson["features"] if f["properties"]["kommunkod"] == code), None)
    if feature is None:
        return whole
    points = [projection.point(lon, lat) for ring in _rings(feature["geometry"])
              for lon, lat, *_ in ring]  # fmt: skip
    if not points:
        return whole
    xs, ys = [x for x, _ in points], [y for _, y in points]
    extent = max(max(xs) - min(xs), max(ys) - min(ys))
    largest = max(WIDTH, projection.height)
    if extent * 8 >= largest:
        return whole
    side = min(largest, max(extent * 8, largest / 20))
    x = (min(xs) + max(xs)) / 2 - side / 2
    y = (min(ys) + max(ys)) / 2 - side / 2
    return f"{x:.0f} {y:.0f} {side:.0f} {side:.0f}"


def indicator_map_html(ds, indicator_id: str, frame, year: int, label: str,
                       label_px: float | None = None) -> str:  # fmt: skip
    """The county map of one indicator in one year (each municipality a link to its page)
    and its legend, as HTML: Översikt's map and the presenter's map slide alike.

    frame: overview.overview_frame of that indicator and year; label: the map's text
    alternative; label_px: the labels' least size on screen (a slide: 24 or more)."""
    painted = indicator_map_paint(ds, indicator_id, frame, year, label)
    return map_html(ds.geojson, painted, label_px)


def indicator_map_paint(ds, indicator_id: str, frame, year: int, label: str,
                        pattern: str | None = None) -> dict:  # fmt: skip
    """map_paint of indicator_map_html's map."""
    scale = scale_for(ds, indicator_id)
    return map_paint(ds.geojson, colouring(frame, scale), year=year, label=label,
                     href=lambda code: f"/kommun/{code}?ar={year}", legend_title=scale.title,
                     pattern=pattern)  # fmt: skip


def category_map_html(geojson: dict, frame, levels: tuple[tuple[str, str], ...], *, title: str,
                      label: str, href: Callable[[str], str], year: int | None = None,
                      label_px: float | None = None) -> str:  # fmt: skip
    """A county map of categories (map.category_colouring; e.g. which municipalities' local
    plans take up a delmål) and its legend, as HTML. label: the map's text alternative;
    label_px as painted_svg."""
    return map_html(geojson, category_map_paint(geojson, frame, levels, title=title, label=label,
                                                href=href, year=year), label_px)  # fmt: skip


def category_map_paint(geojson: dict, frame, levels: tuple[tuple[str, str], ...], *, title: str,
                       label: str, href: Callable[[str], str], year: int | None = None,
                       pattern: str | None = None) -> dict:  # fmt: skip
    """map_paint of category_map_html's map."""
    paint = category_colouring(frame, levels, title)
    return map_paint(
        geojson, paint, year=year, label=label, href=href, legend_title=title, pattern=pattern
    )
