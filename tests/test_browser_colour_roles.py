"""One meaning per colour on every page and slide (issue #34, docs/palette.md), as Chromium
draws them: each chart element's role (`data-role`) has its one colour, no colour serves two
roles, a reference line or a municipality has one colour and dash on all charts of a page,
every area of a map is a value, a status or 'Uppgift saknas', and Strategi's goals use no
status colour."""

from __future__ import annotations

import pytest

from dashboard.charts import colours
from tests.conftest import _make_page
from tests.test_colour_roles import ROLE_COLOURS, line_styles, wrong_colours

pytestmark = pytest.mark.browser

# Every registered page, with addresses that draw its charts: Jämför with 'min kommun'
# chosen, for a share (ranking, matrix, trend with means) and a criterion in a year with
# Uppfyllt, Delvis and a missing answer.
PAGES = [
    "/",
    "/?indikator=krit_1_1&ar=2023",
    "/kommun",
    "/kommun/0780",
    "/jamfor?indikator=sosfs_mal2&min=0780&kommuner=0760,0764,0765",
    "/jamfor?indikator=krit_1_1&ar=2023&min=0760",
    "/jamfor?indikator=samordnare&min=0764",
    "/strategi",
    "/strategi/sammanhang",
    "/strategi/2",
    "/strategi/2/2.3",
    "/uppfoljning",
    "/uppfoljning/verksamhetsplan",
    "/kommun/0780/rapport",
    "/om",
]
# The default deck and one with a municipality and two status indicators chosen
DECKS = ["/presentera?", "/presentera?ar=2025&indikatorer=samordnare,suv_status&kommun=0780&"]

# Each element with a role: its computed fill (a pattern's ground colour for url(#…)) or,
# where it has no fill, its stroke; its dash; the municipality of a series. Map areas: their
# fill (they have no role attribute: the page repaints them when the year changes).
COLLECT = """() => {
  const hex = (c) => {
    const m = /rgba?\\((\\d+),\\s*(\\d+),\\s*(\\d+)/.exec(c || "");
    return m ? "#" + m.slice(1, 4).map(n => (+n).toString(16).padStart(2, "0")).join("") : c;
  };
  const paint = (el, value) => {
    const url = /url\\("?#([^")]+)"?\\)/.exec(value || "");
    if (!url) return hex(value);
    const ground = el.ownerSVGElement && el.ownerSVGElement.querySelector(`[id="${url[1]}"] rect`);
    return ground ? hex(getComputedStyle(ground).fill) : value;
  };
  const roles = Array.from(document.querySelectorAll("svg [data-role]")).map(el => {
    const s = getComputedStyle(el);
    const fill = el.getAttribute("fill") === "none" || s.fill === "none" ? null : paint(el, s.fill);
    const tag = el.tagName.toLowerCase();
    const colour = (tag === "line" || tag === "polyline" || !fill) ? paint(el, s.stroke) : fill;
    return {role: el.dataset.role, colour, tag,
            dash: s.strokeDasharray === "none" ? "" : s.strokeDasharray.replace(/px/g, "").replace(/,/g, ""),
            series: el.dataset.series || ""};
  });
  const areas = Array.from(document.querySelectorAll(".svg-map:not(.locator-svg) .svg-map-areas path"))
    .map(el => paint(el, getComputedStyle(el).fill));
  const goals = Array.from(document.querySelectorAll(".js-plotly-plot .treemaplayer path.surface"))
    .map(el => hex(getComputedStyle(el).fill));
  return {roles, areas, goals};
}"""


def _collect(page, base_url: str, address: str) -> dict:
    page.goto(f"{base_url}{address}", wait_until="networkidle")
    # deferred charts are drawn after the first paint and when scrolled to
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_timeout(400)
    page.wait_for_load_state("networkidle")
    return page.evaluate(COLLECT)


def _normalised(found: list[dict]) -> list[dict]:
    """Chromium writes a dash '6 4' as '6 4' or '6, 4': one spelling, as the SVG has it."""
    return [{**f, "dash": " ".join(f["dash"].split()), "colour": (f["colour"] or "").lower()}
            for f in found]  # fmt: skip


def _check(address: str, result: dict) -> set[str]:
    found = _normalised(result["roles"])
    wrong = wrong_colours(found)
    assert not wrong, (address, wrong[:5])
    by_colour: dict[str, set[str]] = {}
    for f in found:
        by_colour.setdefault(f["colour"], set()).add(f["role"])
    shared = {c: r for c, r in by_colour.items() if len(r) > 1 and c != colours.NONE_COLOR}
    assert not shared, (address, shared)
    for key, seen in line_styles(found).items():
        assert len(seen) == 1, (address, key, seen)
    allowed = (
        ROLE_COLOURS["varde"]
        | ROLE_COLOURS["saknas"]
        | {colours.ROLE_STATUS_YES, colours.ROLE_STATUS_PARTLY, colours.ROLE_STATUS_NO}
    )
    odd = [a for a in result["areas"] if a not in allowed]
    assert not odd, (address, odd[:5])
    status = {colours.ROLE_STATUS_YES, colours.ROLE_STATUS_PARTLY, colours.ROLE_STATUS_NO}
    assert not status & set(result["goals"]), (address, result["goals"])
    return {f["role"] for f in found} | {colours.fill_role(a) for a in result["areas"]}


@pytest.fixture
def wide_page(browser, base_url, page_log):
    context, page = _make_page(browser, base_url, page_log, 1366, 768)
    yield page
    context.close()


def test_every_page_draws_each_colour_role_in_its_one_colour(wide_page, base_url, page_log):
    drawn: set[str] = set()
    goal_fills: set[str] = set()
    for address in PAGES:
        result = _collect(wide_page, base_url, address)
        drawn |= _check(address, result)
        goal_fills |= set(result["goals"])
        if address.startswith("/jamfor?indikator=krit_1_1"):
            # 'min kommun' Delvis is framed in black, not vermilion above an orange Ej uppfyllt
            mine = [f for f in result["roles"] if f["role"] == "min-kommun"]
            assert mine, address
    # not vacuous: the pages draw every role but Riket (drawn where a national value exists)
    assert drawn >= set(ROLE_COLOURS) - {"riket"}, set(ROLE_COLOURS) - drawn
    assert goal_fills & set(colours.ROLE_GOALS), goal_fills  # the goal tree was drawn
    page_log.assert_clean()


@pytest.mark.parametrize("deck", DECKS)
def test_every_slide_draws_each_colour_role_in_its_one_colour(wide_page, base_url, page_log,
                                                               deck):  # fmt: skip
    wide_page.goto(f"{base_url}{deck}bild=1", wait_until="networkidle")
    count = int(wide_page.get_attribute("#presentera-bild", "data-slides"))
    assert count >= 5
    drawn: set[str] = set()
    for number in range(1, count + 1):
        address = f"{deck}bild={number}"
        result = _collect(wide_page, base_url, address)
        assert wide_page.get_attribute("#presentera-bild", "data-slide") == str(number)
        drawn |= _check(address, result)
    assert drawn >= {"varde", "status-ja"}, drawn
    if "kommun=" in deck:  # the municipality's slide: its bars against the two means
        assert drawn >= {"lanssnitt", "gruppsnitt", "min-kommun"}, drawn
    page_log.assert_clean()
