"""The follow-up report and the Kommunrapport as Word files (ui/report_docx.py), opened with
python-docx as Word would: real headings, tables with the numbers as the pages write them,
the example-data notice in every section's header, "Sida N av M" as Word fields, the charts
as images and the places for the Länsstyrelse's own text.
"""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest
from docx.oxml.ns import qn

from dashboard.charts import report_charts
from dashboard.data.loader import get_dataset
from dashboard.domain import activity_plan, assessments, comparison, progress
from dashboard.ui import followup_report, municipality_report, report_content, report_docx

MADE = dt.date(2026, 3, 9)


@pytest.fixture(scope="module")
def followup():
    ds = get_dataset()
    document = followup_report.build(ds, {}, report_charts, MADE)
    return ds, document, docx.Document(io.BytesIO(report_docx.render(document)))


def cells(word) -> list[str]:
    return [cell.text for table in word.tables for row in table.rows for cell in row.cells]


def test_headings_are_words_own_heading_styles(followup):
    ds, document, word = followup
    by_style: dict[str, list[str]] = {}
    for paragraph in word.paragraphs:
        by_style.setdefault(paragraph.style.name, []).append(paragraph.text)
    assert "Sammanfattning" in by_style["Heading 1"]
    assert "Indikatorsammanställning" in by_style["Heading 1"]
    first = str(ds.plan.subgoals["id"].iloc[0])
    assert f"Delmål {first}" in by_style["Heading 2"]
    assert any(t.startswith("Beräknad utveckling") for t in by_style["Heading 3"])
    in_order = [p.text for p in word.paragraphs if p.style.name.startswith("Heading ")]
    assert in_order == ["Innehåll", *document.heading_texts()]


def test_tables_hold_the_numbers_as_the_page_writes_them(followup):
    ds, _, word = followup
    texts = cells(word)
    indicators = [ind for item in progress.all_progress(ds) for ind in item.indicators
                  if ind.last_year is not None]  # fmt: skip
    assert indicators
    for ind in indicators[:5]:  # '2018: Ja i 6 av 8 kommuner', the page's words and numbers
        assert f"{ind.first_year}: {ind.first_text}" in texts, ind.name
        assert any(t.endswith(f": {ind.last_text}") and t.startswith(str(ind.last_year))
                   for t in texts), ind.name  # fmt: skip
    counts = progress.verdict_counts(i.verdict for i in progress.all_progress(ds))
    summary = next(t for t in word.tables if t.rows[0].cells[0].text == "Beräknad utveckling")
    row = next(r for r in summary.rows if r.cells[0].text == "Bättre")
    assert row.cells[1].text == str(counts[progress.BETTER])


def test_the_kommunrapport_has_the_pages_percentages_as_text():
    ds = get_dataset()
    code = str(ds.municipalities["code"].iloc[0])
    year = ds.years[-2]
    document = municipality_report.build(ds, {"kod": code, "ar": str(year)}, report_charts, MADE)
    word = docx.Document(io.BytesIO(report_docx.render(document)))
    profile = comparison.compliance_profile(ds, code, year)
    texts = cells(word)
    for label in list(profile["label"]) + list(profile["county_label"]):
        assert label in texts  # '67 %' as the page shows it, not 0.6667
    assert any(t.endswith("%") for t in texts)
    assert len(word.inline_shapes) == 2  # the bars and the lines
    assert word.paragraphs[0].text == ds.county.organisation


def test_every_section_has_the_notice_in_its_header_and_page_fields_in_its_footer(followup):
    _, _, word = followup
    assert word.sections
    for section in word.sections:
        assert report_content.EXAMPLE_NOTICE in section.header.paragraphs[0].text
        footer = section.footer._element
        codes = [e.text.strip() for e in footer.iter(qn("w:instrText"))]
        assert codes == ["PAGE", "NUMPAGES"]
        assert "Sida" in section.footer.paragraphs[0].text
        assert MADE.isoformat() in section.footer.paragraphs[0].text
    # Word fills in the contents and the page count on opening
    assert word.settings.element.find(qn("w:updateFields")) is not None


def test_charts_are_images_and_the_officials_places_are_marked(followup):
    _, document, word = followup
    assert len(word.inline_shapes) >= 1
    assert abs(word.inline_shapes[0].width.cm - 16.0) < 0.01
    text = "\n".join(p.text for p in word.paragraphs)
    assert report_content.COMMENT_PLACEHOLDER in text
    delmal = [b.text for b in document.blocks if isinstance(b, report_content.Heading)
              and b.text.startswith("Delmål ")]  # fmt: skip
    assert delmal
    for heading in delmal:
        assert f"[Skriv Länsstyrelsens kommentar om {heading.lower()} här]" in text
    assert "Planens text (ordagrant)" in text


def test_the_table_header_repeats_on_every_page(followup):
    _, _, word = followup
    for table in word.tables[1:]:
        assert table.rows[0]._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None


def test_the_lansstyrelsens_assessment_and_the_activity_plan_stand_beside_the_verdict(followup):
    ds, _, word = followup
    first, last = progress.compared_years(ds)
    text = "\n".join(p.text for p in word.paragraphs)
    judged = [a for a in assessments.latest_per_subgoal(ds, last, first).values() if a]
    assert judged, "the example data has assessments"
    for item in judged:
        assert item.text in text and item.status_label in text
    headings = [p.text for p in word.paragraphs if p.style.name == "Heading 3"]
    assert any(h.startswith(assessments.HEADING) and assessments.WHO in h for h in headings)
    plan = next(t for t in word.tables if t.rows[0].cells[0].text == "År"
                and t.rows[0].cells[1].text == "Planerade")  # fmt: skip
    for row in plan.rows[1:]:
        counts = activity_plan.planned_vs_done(ds, int(row.cells[0].text))
        assert row.cells[1].text == str(counts.planned)
        assert row.cells[3].text == str(counts.added)


@pytest.fixture
def two_plans(data_dir):
    from test_plans import add_successor, load, with_year

    add_successor(data_dir)
    return with_year(load(data_dir), 2027)  # a year of the successor has values


def test_a_successor_plan_has_its_own_report_and_the_old_one_stays(two_plans):
    from test_plans import EXAMPLE_TITLE, OLD, SUCCESSOR

    old, new = two_plans.plans
    document = followup_report.build(two_plans, {"plan": SUCCESSOR}, report_charts, MADE)
    assert document.subtitle == EXAMPLE_TITLE
    assert document.title == "Uppföljning av handlingsplanen 2027"  # one year of values so far
    assert document.filename == "Uppfoljning-handlingsplanen-2027"
    delmal = [b.text for b in document.blocks if isinstance(b, report_content.Heading)
              and b.level == 2 and b.text.startswith("Delmål")]  # fmt: skip
    assert delmal == [f"Delmål {s}" for s in new.subgoals["id"]]
    earlier = followup_report.build(two_plans, {"plan": OLD}, report_charts, MADE)
    assert earlier.subtitle == old.document["titel"]
    assert earlier.title == "Uppföljning av handlingsplanen {}–{}".format(
        *progress.practice_years(two_plans, old)  # the years Uppföljning follows up (#33)
    )
    with pytest.raises(report_content.ReportRequestError, match="Planen gäller 2018–2026"):
        followup_report.build(two_plans, {"plan": OLD, "till": "2027"}, report_charts, MADE)
