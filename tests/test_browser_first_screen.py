"""What a leader looks for is in the first screen (#34, items 7 and 10): on Översikt the
questions leadership asks, each one click (or Enter) to its answer on the map and in words;
on Kommun the Kommunrapport and its documents. At a laptop's, a 4:3 projector's and a
phone's size."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from tests.conftest import _make_page, screenshot

pytestmark = pytest.mark.browser

SIZES = [(1366, 768), (1024, 768), (390, 844)]
QUESTIONS = [
    "Vilka kommuner har kvinnofridssamordnare?",
    "Hur långt har kommunerna kommit med SUV?",
    "Hur väl följer kommunerna SOSFS 2014:4 – totalt och per mål?",
    "Vilka kommuner har en lokal handlingsplan?",
]
# Wholly inside the window as it opens (or as it is scrolled), nothing cut off.
IN_VIEW = """el => { const r = el.getBoundingClientRect();
  return r.top >= 0 && r.left >= 0 && r.bottom <= window.innerHeight
    && r.right <= window.innerWidth && r.height > 0; }"""
# At least its top part visible.
STARTS_IN_VIEW = """el => { const r = el.getBoundingClientRect();
  return r.top >= 0 && r.top < window.innerHeight - 100 && r.height > 0; }"""


@pytest.fixture(params=SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def sized_page(request, browser, base_url, page_log):
    width, height = request.param
    context, page = _make_page(browser, base_url, page_log, width, height)
    yield page
    context.close()


def question_links(page):
    return page.locator("#oversikt-fragor a")


def question_of(link) -> str:
    """The question a link asks: its full text (a phone shows a short form of it)."""
    return link.locator(".question-long").text_content()


SHORT_FORMS = ["Samordnare", "SUV", "SOSFS 2014:4", "Lokala planer"]


def test_the_questions_are_in_the_first_screen_and_one_click_answers(sized_page, base_url,
                                                                     page_log):  # fmt: skip
    page = sized_page
    page.goto(f"{base_url}/", wait_until="networkidle")
    page.wait_for_selector("#oversikt-karta svg.svg-map path")
    links = question_links(page)
    assert [question_of(links.nth(i)) for i in range(links.count())] == QUESTIONS
    # the accessible name starts with what the link shows: the question on a wide screen, its
    # short form on a phone (where the long form is hidden from view but not from a reader)
    shown = [text.strip() for text in links.all_inner_texts()]
    phone = page.viewport_size["width"] < 576
    for i, text in enumerate(shown):
        expected = SHORT_FORMS[i] if phone else QUESTIONS[i]
        assert text.startswith(expected), (text, expected)
        name = f"{SHORT_FORMS[i]} {QUESTIONS[i]}" if phone else QUESTIONS[i]
        expect(links.nth(i)).to_have_accessible_name(name)
    for i in range(links.count()):
        link = links.nth(i)
        assert link.evaluate(IN_VIEW), f"{link.inner_text()!r} is not in the first screen"
        assert link.bounding_box()["height"] >= 44  # a finger's size
    width = page.viewport_size["width"]
    screenshot(page, f"oversikt-fragor-{width}")
    # the long list is still there, behind the questions
    assert page.locator("#oversikt-indikator option").count() > 20
    assert page.inner_text("label[for='oversikt-indikator']") == "Alla indikatorer"

    page.get_by_role("link", name=QUESTIONS[0]).click()
    page.wait_for_url(re.compile(r"indikator=samordnare"))
    expect(page.locator("#oversikt-karttitel")).to_have_text(re.compile("^Kvinnofridssamordnare"))
    answer = page.locator("#oversikt-svar")
    expect(answer).to_contain_text("Saknar samordnare:")
    expect(answer).to_contain_text("Har samordnare:")
    # the answer and the map come into view, however far down they stood
    page.wait_for_function("""() => { const r = document.querySelector('#oversikt-svar')
      .getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight; }""")
    assert answer.evaluate(IN_VIEW)
    assert page.locator("#oversikt-karta").evaluate(STARTS_IN_VIEW)
    # the map shows the question's indicator; the choice is marked and in the address
    legend = page.locator("#oversikt-karta .map-legend").inner_text()
    assert "Ja" in legend and "Nej" in legend
    assert page.input_value("#oversikt-indikator") == "samordnare"
    current = page.locator("#oversikt-fragor a[aria-current='true']")
    assert question_of(current) == QUESTIONS[0]
    assert parse_qs(urlparse(page.url).query)["indikator"] == ["samordnare"]
    screenshot(page, f"oversikt-svar-samordnare-{width}")
    page_log.assert_clean()


def test_each_question_answers_in_words_and_compliance_by_goal(page, base_url, page_log):
    page.goto(f"{base_url}/", wait_until="networkidle")
    answers = {
        QUESTIONS[1]: ("^Systematisk uppföljning", "I bruk:"),
        QUESTIONS[2]: ("^Efterlevnad av SOSFS 2014:4, alla", "Högst först:"),
        QUESTIONS[3]: ("^Lokal handlingsplan", "Gällande lokal plan:"),
    }
    for question, (title, words) in answers.items():
        page.get_by_role("link", name=question).click()
        expect(page.locator("#oversikt-karttitel")).to_have_text(re.compile(title))
        expect(page.locator("#oversikt-svar")).to_contain_text(words)
    # compliance per goal: the goals are one click further, the question stays marked
    page.get_by_role("link", name=QUESTIONS[2]).click()
    expect(page.locator("#oversikt-svar")).to_contain_text("Högst först:")
    page.locator("#oversikt-svar").get_by_role("link", name="Mål 3").click()
    expect(page.locator("#oversikt-karttitel")).to_have_text(re.compile("mål 3 "))
    current = page.locator("#oversikt-fragor a[aria-current='true']")
    assert question_of(current) == QUESTIONS[2]
    # a choice in the long list gives its answer in words too, and marks no question
    page.select_option("#oversikt-indikator", "krit_1_1")
    expect(page.locator("#oversikt-svar")).to_contain_text("Uppfyllt:")
    expect(page.locator("#oversikt-fragor a[aria-current='true']")).to_have_count(0)
    page_log.assert_clean()


def tab_to(page, selector: str, limit: int = 40) -> int:
    """Press Tab from the top of the page until `selector` has the focus; the presses used."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return presses
    raise AssertionError(f"{selector} not reached with {limit} presses of Tab")


def test_a_question_by_keyboard_alone(page, base_url, page_log):
    page.goto(f"{base_url}/", wait_until="networkidle")
    tab_to(page, "#oversikt-fragor li:nth-child(2) a")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"indikator=suv_status"))
    expect(page.locator("#oversikt-svar")).to_contain_text("Ej påbörjat:")
    # the keyboard goes on from the answer's heading, not from the top of the page
    page.wait_for_function("document.activeElement.id === 'oversikt-karttitel'")
    page_log.assert_clean()


def test_the_kommunrapport_is_in_the_first_screen(sized_page, base_url, page_log):
    page = sized_page
    page.goto(f"{base_url}/kommun/0780?ar=2024", wait_until="networkidle")
    links = {
        "#kommun-rapport-lank": "/kommun/0780/rapport?ar=2024",
        "#kommun-rapport a[href$='.pdf?kod=0780&ar=2024']": None,
        "#kommun-rapport a[href$='.docx?kod=0780&ar=2024']": None,
    }
    for selector, href in links.items():
        link = page.locator(selector)
        assert link.evaluate(IN_VIEW), f"{selector} is not in the first screen"
        assert link.bounding_box()["height"] >= 44
        if href:
            assert link.get_attribute("href") == href
    screenshot(page, f"kommun-rapport-{page.viewport_size['width']}")
    # another year: the report of that year
    page.select_option("#kommun-ar", "2023")
    expect(page.locator("#kommun-rapport-lank")).to_have_attribute(
        "href", "/kommun/0780/rapport?ar=2023"
    )
    assert "2023" in page.inner_text("#kommun-rapport")
    page_log.assert_clean()


def test_the_kommunrapport_by_keyboard_and_its_document(page, base_url, page_log):
    page.goto(f"{base_url}/kommun/0780?ar=2024", wait_until="networkidle")
    # right after the menu and the page's heading, its documents next, then the facts
    tab_to(page, "#kommun-rapport-lank")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Ladda ner PDF"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Ladda ner Word"
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**/kommun/0780/rapport?ar=2024")
    page.wait_for_selector("#kommunrapport")
    pdf = page.request.get(f"{base_url}/nedladdning/kommunrapport.pdf?kod=0780&ar=2024")
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")
    page_log.assert_clean()
