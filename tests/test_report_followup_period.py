"""One period and one denominator on Uppföljning, its download and its report (#33): the
indicators are compared over the compared years, the activities, assessments and local plans
belong to the plan period up to the latest year that has any of them; the final follow-up
(till the plan's last year) can be made before that year has values; local plans are counted
per municipality, as the delmål page counts them, other actors' plans named apart.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from html.parser import HTMLParser

import pypdf
import pytest
from test_plans import markup_of

from dashboard.charts import report_charts
from dashboard.data.loader import get_dataset
from dashboard.domain import activity_plan, local_plans, progress
from dashboard.ui import followup_report
from dashboard.ui import report_content as rc

pytestmark = pytest.mark.unit
MADE = dt.date(2026, 12, 7)
ACTIVITIES, PLANS = "Läns\u00adstyrelsens aktiviteter", "Lokala handlings\u00adplaner"


class _Rows(HTMLParser):
    """Uppföljning's delmål tables: per delmål (the row's link) its cells by data-label."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, dict[str, str]] = {}
        self._row: dict[str, str] | None = None
        self._cell: str | None = None
        self._link = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "tr":
            self._row = {}
        elif tag == "td" and self._row is not None:
            self._cell = str(attrs.get("data-label"))
            self._row[self._cell] = ""
        elif tag == "a" and self._row is not None and self._cell is None:
            self._link = True

    def handle_endtag(self, tag):
        if tag == "td":
            self._cell = None
        elif tag == "a":
            self._link = False
        elif tag == "tr" and self._row is not None and "delmal" in self._row:
            self.rows[self._row.pop("delmal")] = self._row
            self._row = None

    def handle_data(self, data):
        if self._row is None:
            return
        if self._link and "delmal" not in self._row and data.startswith("Delmål "):
            self._row["delmal"] = data.split()[-1]
        elif self._cell is not None:
            self._row[self._cell] += data


def page_rows(**query) -> tuple[str, dict[str, dict[str, str]]]:
    from dashboard.pages import uppfoljning

    markup = markup_of(uppfoljning.layout(datum=MADE.isoformat(), **query))
    parser = _Rows()
    parser.feed(markup)
    return markup, parser.rows


def report_parts(document: rc.Document) -> dict[str, dict[str, str]]:
    """Per delmål of the report, the text under each of its level-3 headings."""
    parts: dict[str, dict[str, str]] = {}
    delmal, heading = None, None
    for block in document.blocks:
        if isinstance(block, rc.Heading):
            if block.level <= 2:
                delmal = block.text.split()[-1] if block.text.startswith("Delmål ") else None
                heading = None
            elif delmal is not None:
                heading = block.text
                parts.setdefault(delmal, {})[heading] = ""
        elif isinstance(block, rc.Paragraph) and delmal is not None and heading is not None:
            parts[delmal][heading] += f"{block.lead}{block.text} "
    return parts


def _done(text: str) -> int:
    """The activities carried out in a cell or paragraph: '4 genomförda (2020: 2, …)' or
    'Planerade 3 (2 genomförda, 1 inställd); tillagda under året 1 (1 genomförd)'."""
    total = re.match(r"(\d+) genomförd", text)
    if total:
        return int(total.group(1))
    return sum(int(n) for n in re.findall(r"(\d+) genomförd", text))


@pytest.fixture(scope="module")
def ds():
    return get_dataset()


def test_the_page_and_the_report_count_the_same_activities_for_every_delmal(ds, app):
    """The page's activity column and the report's (by default made for the page's years)
    count the same activities, the plan's last year included though it has no values yet."""
    compared = progress.compared_years(ds)
    practice = (ds.plan.period[0], max(activity_plan.years(ds)))
    assert compared is not None and practice[1] > compared[1]  # activities after the values
    markup, rows = page_rows()
    document = followup_report.build(ds, {}, report_charts, MADE)
    parts = report_parts(document)
    assert set(rows) == set(parts) == set(ds.plan.subgoals["id"])
    for delmal, cells in rows.items():
        on_page = _done(cells[ACTIVITIES])
        in_report = _done(parts[delmal]["Länsstyrelsens aktiviteter"])
        assert on_page == in_report, (delmal, cells[ACTIVITIES], parts[delmal])
    late = [d for d, c in rows.items() if f"{practice[1]}:" in c[ACTIVITIES]]
    assert late  # the plan's last year's activities are in both
    # the one period sentence, on the page and the report's title page
    sentence = (f"Indikatorerna jämförs {compared[0]}–{compared[1]}; aktiviteter, bedömningar "
                f"och lokala planer gäller {practice[0]}–{practice[1]}.")  # fmt: skip
    assert sentence in markup
    assert sentence in dict(document.facts)["Uppföljningen gäller"]
    assert document.title == f"Uppföljning av handlingsplanen {practice[0]}–{practice[1]}"


def test_the_final_follow_up_to_the_plans_last_year_can_be_downloaded(ds, client):
    """?till=<the plan's last year> before that year has values: a document whose activity
    table counts that year's cancelled activity and which says the indicators are compared
    to the latest complete year."""
    start, end = ds.plan.period
    compared = progress.compared_years(ds)
    assert compared is not None and end not in ds.years  # no values for the last year yet
    cancelled = activity_plan.cancelled(ds, end)
    assert len(cancelled) >= 1
    response = client.get(f"/nedladdning/uppfoljning.pdf?fran={start}&till={end}")
    assert response.status_code == 200
    assert f"Uppfoljning-handlingsplanen-{start}-{end}.pdf" in response.headers[
        "Content-Disposition"]  # fmt: skip
    text = " ".join(" ".join(page.extract_text() for page in
                             pypdf.PdfReader(io.BytesIO(response.data)).pages).split())  # fmt: skip
    assert f"Indikatorerna jämförs {compared[0]}–{compared[1]};" in text
    assert cancelled["title"].iloc[0] in text  # the cancelled activity and why
    assert client.get(f"/nedladdning/uppfoljning.docx?fran={start}&till={end}").status_code == 200
    document = followup_report.build(ds, {"fran": str(start), "till": str(end)}, report_charts,
                                     MADE)  # fmt: skip
    table = next(b for b in document.blocks if isinstance(b, rc.Table)
                 and b.caption.startswith("Planerat och genomfört"))  # fmt: skip
    last = dict(zip(table.columns, next(r for r in table.rows if r[0] == str(end)), strict=True))
    assert int(last["Inställda"]) == len(cancelled)
    computed = [b.text for b in document.blocks if isinstance(b, rc.Heading) and b.level == 3
                and b.text.startswith(followup_report.COMPUTED)]  # fmt: skip
    assert computed and all(f"{compared[0]}–{compared[1]}" in t for t in computed)
    # a year after the plan's period still names nothing
    assert client.get(f"/nedladdning/uppfoljning.pdf?till={end + 1}").status_code == 404


@pytest.mark.parametrize("practice", [None, (2018, 2025)])
def test_local_plans_count_municipalities_and_name_the_others_apart(ds, practice):
    """The delmål page's denominator: municipalities with a plan in force that year; Region
    Kronoberg's plan is named beside them ('Dessutom: Region Kronoberg'), never counted."""
    items = progress.all_progress(ds, practice=practice) if practice else progress.all_progress(ds)
    for item in items:
        year = item.local_plans_year
        frame = local_plans.coverage(ds, item.subgoal_id, year)
        with_plan = frame[frame["raw"].isin([local_plans.COVERS, local_plans.NOT_COVERED])]
        covers = frame[frame["raw"] == local_plans.COVERS]
        assert year == (practice[1] if practice else ds.plan.period[1])
        assert item.local_plans_of == len(with_plan)
        assert set(item.local_plans) == set(covers["name"])
        assert list(item.other_local_plans) == local_plans.other_actors_linking(
            ds, item.subgoal_id, year)  # fmt: skip
    region = [i for i in items if i.other_local_plans]
    if practice:  # Region Kronoberg's plan (no end) takes up 2.4 in 2025
        assert any(i.subgoal_id == "2.4" for i in region)
    for item in region:
        text = progress.local_plans_text(item)
        assert text.startswith(f"{len(item.local_plans)} av {item.local_plans_of} kommuner med "
                               f"en gällande plan {year} tar upp delmålet")  # fmt: skip
        assert text.endswith(f"Dessutom: {', '.join(item.other_local_plans)}.")


def test_the_page_and_the_report_say_the_local_plans_alike(ds, app):
    _, rows = page_rows()
    parts = report_parts(followup_report.build(ds, {}, report_charts, MADE))
    for item in progress.all_progress(ds):
        text = progress.local_plans_text(item)
        assert " ".join(rows[item.subgoal_id][PLANS].split()) == text
        assert parts[item.subgoal_id]["Lokala handlingsplaner"].strip() == text
        assert "lokala planer som gällde" not in text


def test_the_documents_name_sources_in_words_and_stand_on_their_own(ds):
    document = followup_report.build(ds, {}, report_charts, MADE)
    words = " ".join(
        f"{getattr(b, 'lead', '')}{getattr(b, 'text', '')} {' '.join(getattr(b, 'items', ()))}"
        for b in document.blocks
    )  # fmt: skip
    assert ".csv" not in words and "Sedan förra mötet" not in words
    assert "Länsstyrelsens verksamhetsplan och årsrapportering" in words
    assert ".csv" not in activity_plan.SOURCE
