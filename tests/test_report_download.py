"""The report documents through the download route, /nedladdning/<vy>.<pdf|docx>: the right
type and a Swedish file name for good parameters, a Swedish 4xx (never a 500) for parameters
that name nothing, the Kommunrapport for one municipality, and the pages' buttons that link
to them with the page's parameters.
"""

from __future__ import annotations

import io
import re
from urllib.parse import parse_qs, urlparse

import docx
import pypdf
import pytest

from dashboard.data.loader import get_dataset
from dashboard.domain import progress
from dashboard.ui import export

PDF, DOCX = export.DOCUMENT_FORMATS["pdf"], export.DOCUMENT_FORMATS["docx"]


def test_the_follow_up_report_downloads_as_pdf_and_word(client):
    ds = get_dataset()
    first, last = progress.practice_years(ds)  # the years Uppföljning follows up (#33)
    pdf = client.get("/nedladdning/uppfoljning.pdf")
    assert pdf.status_code == 200 and pdf.content_type == PDF
    assert (pdf.headers["Content-Disposition"]
            == f'attachment; filename="Uppfoljning-handlingsplanen-{first}-{last}.pdf"')  # fmt: skip
    assert len(pypdf.PdfReader(io.BytesIO(pdf.data)).pages) > 1
    word = client.get(f"/nedladdning/uppfoljning.docx?fran={first}&till={last}")
    assert word.status_code == 200 and word.content_type == DOCX
    assert word.headers["Content-Disposition"].endswith(f'{first}-{last}.docx"')
    assert docx.Document(io.BytesIO(word.data)).paragraphs


def test_a_chosen_period_is_the_reports_period(client):
    ds = get_dataset()
    first, last = ds.years[1], ds.years[-2]
    response = client.get(f"/nedladdning/uppfoljning.pdf?fran={last}&till={first}")
    assert response.status_code == 200
    assert (
        f"Uppfoljning-handlingsplanen-{first}-{last}.pdf" in response.headers["Content-Disposition"]
    )
    text = pypdf.PdfReader(io.BytesIO(response.data)).pages[0].extract_text()
    assert f"Uppföljning av handlingsplanen {first}–{last}" in text


def test_the_kommunrapport_downloads_for_one_municipality(client):
    ds = get_dataset()
    code, name = str(ds.municipalities["code"].iloc[1]), str(ds.municipalities["name"].iloc[1])
    year = ds.years[-2]
    response = client.get(f"/nedladdning/kommunrapport.pdf?kod={code}&ar={year}")
    assert response.status_code == 200 and response.content_type == PDF
    text = pypdf.PdfReader(io.BytesIO(response.data)).pages[0].extract_text()
    assert f"Kommunrapport: {name} {year}" in text
    word = client.get(f"/nedladdning/kommunrapport.docx?kod={code}&ar={year}")
    assert word.status_code == 200 and word.content_type == DOCX
    assert re.search(rf'filename="Kommunrapport-[A-Za-z-]+-{year}\.docx"',
                     word.headers["Content-Disposition"])  # fmt: skip


@pytest.mark.parametrize(
    ("address", "status", "words"),
    [
        ("/nedladdning/kommunrapport.pdf?kod=9999", 404, "Det finns ingen kommun med koden 9999"),
        ("/nedladdning/kommunrapport.docx", 404, "Det finns ingen kommun"),
        ("/nedladdning/kommunrapport.pdf?kod={code}&ar=1850", 404, "Det finns inga uppgifter för år 1850"),
        ("/nedladdning/kommunrapport.pdf?kod={code}&ar=%3Cscript%3E", 404, "Det finns inga uppgifter"),
        ("/nedladdning/uppfoljning.pdf?fran=1990", 404, "Det finns inga uppgifter för år 1990"),
        ("/nedladdning/uppfoljning.docx?fran={year}&till={year}", 404, "Välj två olika år"),
        ("/nedladdning/uppfoljning.pdf?plan=1999-2003", 404, "Det finns ingen sådan handlingsplan"),
        ("/nedladdning/uppfoljning.pdf?fran=2018&till=2019&plan=%3Cb%3E", 404, "ingen sådan"),
        ("/nedladdning/uppfoljning.odt", 404, "Det finns ingen sådan nedladdning"),
        ("/nedladdning/oversikt.pdf", 404, "Det finns ingen sådan nedladdning"),
    ],
)  # fmt: skip
def test_parameters_that_name_nothing_get_a_swedish_4xx(client, address, status, words):
    ds = get_dataset()
    url = address.format(code=ds.municipalities["code"].iloc[0], year=ds.years[-1])
    response = client.get(url)
    assert response.status_code == status
    assert words in response.get_data(as_text=True)
    assert "<script>" not in response.get_data(as_text=True)


def test_the_same_document_is_served_from_the_cache(client, monkeypatch):
    first = client.get("/nedladdning/uppfoljning.docx")
    calls = []
    monkeypatch.setattr(export.report_docx, "render", lambda doc: calls.append(doc) or b"")
    second = client.get("/nedladdning/uppfoljning.docx")
    assert second.status_code == 200
    if export.cache.usable_backend() is not None:  # the app's cache is configured in the tests
        assert not calls and second.data == first.data


def _links(html: str) -> list[str]:
    return re.findall(r'href="(/nedladdning/[^"]+\.(?:pdf|docx)[^"]*)"', html.replace("&amp;", "&"))


def test_the_pages_link_to_their_documents_with_their_parameters(client):
    ds = get_dataset()
    code, year = str(ds.municipalities["code"].iloc[0]), ds.years[-2]
    from dashboard.pages import kommunrapport, uppfoljning
    from dashboard.ui.html_block import HtmlBlock

    report = kommunrapport.layout(kod=code, ar=str(year))
    html = report.html if isinstance(report, HtmlBlock) else str(report)
    links = _links(html)
    assert {urlparse(u).path for u in links} == {"/nedladdning/kommunrapport.pdf",
                                                  "/nedladdning/kommunrapport.docx"}  # fmt: skip
    for link in links:
        assert parse_qs(urlparse(link).query) == {"kod": [code], "ar": [str(year)]}
        assert client.get(link).status_code == 200
    followup = uppfoljning.layout()
    page = followup.html if isinstance(followup, HtmlBlock) else str(followup)
    assert {urlparse(u).path for u in _links(page)} == {"/nedladdning/uppfoljning.pdf",
                                                         "/nedladdning/uppfoljning.docx"}  # fmt: skip
    assert "Ladda ner rapporten (PDF)" in page and "Ladda ner rapporten (Word)" in page
