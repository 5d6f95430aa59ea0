"""Slides sized for the room (issue #34): on a 4:3 projector (1024×768) and a 16:9 screen
(1920×1080) every slide's text is measured as drawn. Nothing under 18 px (the source line,
the Exempeldata notice, status lines, table text, chart labels: an SVG's text at its drawn
scale); body text at least 24 px or 3 % of the height; nothing cut off at the foot of the
slide; the chart slides use the slide's height; the slide buttons are 44 px high."""

from __future__ import annotations

import pytest

from dashboard.data.loader import get_dataset
from dashboard.domain import presenter
from tests.conftest import _make_page, screenshot

pytestmark = pytest.mark.browser

# A deck with every kind of slide: a municipality, and the day of the last meeting.
QUERY = {"ar": "2025", "indikatorer": "samordnare,suv_status", "kommun": "0780",
         "sedan": "2024-06-01"}  # fmt: skip
DECK = "/presentera?" + "&".join(f"{k}={v}" for k, v in QUERY.items())
CHART_SLIDES = {presenter.KIND_MAP, presenter.KIND_HEATMAP, presenter.KIND_MUNICIPALITY}
# Explanations beside the body text: the slide's secondary size (≥ 18 px), never body size.
SECONDARY = (".slide-small, .slide-note, .slide-rule, .map-legend, .slide-subgoal-status, "
             ".slide-card-detail, .slide-card-change, .slide-verdicts thead, .verdict-symbol, "
             ".slide-goal-status p")  # fmt: skip

MEASURE = """secondary => {
  const deck = document.querySelector('#presentera-deck');
  const slide = document.querySelector('#presentera-bild');
  const body = slide.querySelector('.slide-body');
  const hidden = el => {
    for (let a = el; a; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (s.display === 'none' || s.visibility === 'hidden') return true;
    }
    return !!el.closest('.visually-hidden');
  };
  const texts = [];
  const walker = document.createTreeWalker(deck, NodeFilter.SHOW_TEXT);
  let bottom = 0;
  for (let node; (node = walker.nextNode());) {
    const el = node.parentElement;
    if (!node.textContent.trim() || hidden(el)) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const boxes = [...range.getClientRects()].filter(r => r.width > 0 && r.height > 0);
    if (!boxes.length) continue;
    let size = parseFloat(getComputedStyle(el).fontSize);
    const svg = el instanceof SVGElement;
    if (svg) { const m = el.getScreenCTM(); size *= Math.hypot(m.a, m.b); }
    const inBody = body.contains(el);
    if (inBody) bottom = Math.max(bottom, ...boxes.map(r => r.bottom));
    texts.push({text: node.textContent.trim().slice(0, 50), size, svg, inBody,
                secondary: svg || !!el.closest(secondary)});
  }
  // what is drawn counts as content too: a chart's shapes and a legend's swatches
  for (const e of body.querySelectorAll('path, rect, circle, line, .map-swatch, .slide-swatch')) {
    const r = e.getBoundingClientRect();
    if (r.width > 0 && r.height > 0 && !hidden(e)) bottom = Math.max(bottom, r.bottom);
  }
  const limit = body.getBoundingClientRect().bottom + 1;
  const cut = [...body.querySelectorAll('*')].filter(e => {
    const r = e.getBoundingClientRect();
    return r.height > 0 && !hidden(e) && r.bottom > limit;
  }).map(e => e.tagName + '.' + (e.className.baseVal ?? e.className)).slice(0, 5);
  const s = slide.getBoundingClientRect();
  const buttons = [...document.querySelectorAll('.slide-nav .slide-button')]
    .map(b => b.getBoundingClientRect().height);
  return {texts, used: (bottom - s.top) / s.height, cut, buttons};
}"""


def deck_slides() -> list[presenter.Slide]:
    ds = get_dataset()
    return presenter.deck_slides(ds, presenter.resolve_deck(ds, QUERY))


def slide_problems(page, base_url: str, deck: str, number: int, kind: str,
                   size: tuple[int, int]) -> list[str]:  # fmt: skip
    """What on slide `number` of `deck` breaks the rules above, as sentences."""
    width, height = size
    page.goto(f"{base_url}{deck}&bild={number}", wait_until="networkidle")
    page.wait_for_selector(f"#presentera-bild[data-slide='{number}']")
    if kind == presenter.KIND_MAP:  # the labels are sized once the map is drawn
        page.wait_for_selector("#presentera-karta .svg-map-labels text")
        page.wait_for_timeout(200)
    found = page.evaluate(MEASURE, SECONDARY)
    where = f"{width}×{height} bild {number} ({kind})"
    problems = []
    small = [(t["text"], round(t["size"], 1)) for t in found["texts"] if t["size"] < 17.95]
    if small:
        problems.append(f"{where}: text under 18 px: {small[:4]}")
    body = [t for t in found["texts"] if t["inBody"] and not t["secondary"]]
    least = min(24.0, 0.03 * height) - 0.05
    low = [(t["text"], round(t["size"], 1)) for t in body if t["size"] < least]
    if not body or low:
        problems.append(f"{where}: body text under 24 px / 3 %: {low[:4] or 'none'}")
    if found["cut"]:
        problems.append(f"{where}: cut off at the foot: {found['cut']}")
    if kind in CHART_SLIDES and found["used"] < 0.8:
        problems.append(f"{where}: content ends at {found['used']:.0%} of the slide")
    if min(found["buttons"]) < 44:
        problems.append(f"{where}: slide buttons {found['buttons']} px high")
    return problems


@pytest.mark.parametrize(("width", "height"), [(1024, 768), (1920, 1080)])
def test_every_slide_reads_from_the_back_of_the_room(browser, base_url, page_log, width, height):
    slides = deck_slides()
    kinds = {s.kind for s in slides}
    assert {presenter.KIND_PROGRESS, presenter.KIND_VERDICTS, presenter.KIND_SINCE_DATE,
            presenter.KIND_CHANGES} | CHART_SLIDES <= kinds  # fmt: skip
    context, page = _make_page(browser, base_url, page_log, width, height)
    problems = []
    for number, slide in enumerate(slides, start=1):
        problems += slide_problems(page, base_url, DECK, number, slide.kind, (width, height))
        if slide.kind in CHART_SLIDES | {presenter.KIND_VERDICTS, presenter.KIND_SINCE_DATE}:
            screenshot(page, f"presentera-storlek-{number:02d}-{width}x{height}")
    context.close()
    assert not problems, "\n".join(problems)
    page_log.assert_clean()


@pytest.mark.parametrize(("width", "height"), [(1024, 768), (1920, 1080)])
def test_sedan_forra_motet_by_years_fits_too(browser, base_url, page_log, width, height):
    """Without a day the change slide holds four cards (the activities of the years too)."""
    deck = "/presentera?ar=2025&indikatorer=samordnare,suv_status"
    context, page = _make_page(browser, base_url, page_log, width, height)
    problems = slide_problems(page, base_url, deck, 3, presenter.KIND_CHANGES, (width, height))
    assert page.inner_text("#presentera-bild h1") == "Sedan förra mötet: 2024 → 2025"
    screenshot(page, f"presentera-storlek-ar-03-{width}x{height}")
    context.close()
    assert not problems, "\n".join(problems)
    page_log.assert_clean()


@pytest.mark.parametrize(("width", "height"), [(1024, 768), (1920, 1080)])
def test_a_criterions_map_slide_draws_riket_and_keeps_its_table_whole(browser, base_url, page_log,
                                                                      width, height):  # fmt: skip
    """Riket drawn beside a criterion's map (#34 item 8), at slide size, and the table beside
    the map still shows every municipality (the side column clips what does not fit)."""
    deck = "/presentera?ar=2025&indikatorer=krit_2_3"
    context, page = _make_page(browser, base_url, page_log, width, height)
    problems = slide_problems(page, base_url, deck, 4, presenter.KIND_MAP, (width, height))
    strip = page.locator("#presentera-bild .slide-riket svg")
    assert strip.get_attribute("aria-label").startswith("Riket 2024: 37")
    assert strip.locator("[data-role='riket']").count() == 1
    assert "Riket 2024: 37" in strip.text_content()
    fits = page.evaluate("""() => { const side = document.querySelector('.slide-side');
      const rows = side.querySelectorAll('table tr');
      return [rows.length, rows[rows.length - 1].getBoundingClientRect().bottom
              <= side.getBoundingClientRect().bottom + 0.5]; }""")
    assert fits == [8, True], fits
    screenshot(page, f"presentera-riket-{width}x{height}")
    context.close()
    assert not problems, "\n".join(problems)
    page_log.assert_clean()
