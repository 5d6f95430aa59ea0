"""Översikt's callback sends every part whatever changed (Dash drops an answer overtaken by
a newer choice and asks again with only the last change as the trigger, so leaving parts
out showed the map or key figures of the choice before), and it sends the map and the table
as paint, not their shapes and rows again: the response does not grow with the map."""

from __future__ import annotations

import json

import pytest

from tests import procfile_server

VALUES = {"oversikt-indikator.value": "sosfs_mal1", "oversikt-ar.value": "2024",
          "oversikt-sortera.value": "varde"}  # fmt: skip
OUTPUTS = {"oversikt-karta", "oversikt-karttitel", "oversikt-beskrivning", "oversikt-riket",
           "oversikt-nyckeltal", "oversikt-nyckeltal-rubrik", "oversikt-tabellblock",
           "oversikt-kalla", "oversikt-nedladdning", "oversikt-fragor", "oversikt-svar"}  # fmt: skip


@pytest.fixture
def post(client):
    deps = client.get("/_dash-dependencies").get_json()
    dep = procfile_server.find_callback(deps, "oversikt-karta")

    def send(changed: list[str]) -> dict:
        body = procfile_server.callback_body(dep, VALUES)
        body["changedPropIds"] = changed
        response = client.post("/_dash-update-component", json=body)
        assert response.status_code == 200
        return response.get_json()["response"]

    return send


@pytest.mark.parametrize("changed", ["oversikt-sortera.value", "oversikt-indikator.value",
                                     "oversikt-ar.value"])  # fmt: skip
def test_every_choice_sends_every_part(post, changed):
    sent = post([changed])
    assert set(sent) == OUTPUTS
    assert "2024" in str(sent["oversikt-nyckeltal-rubrik"])


def test_the_map_and_the_table_come_as_paint_not_as_markup(post):
    sent = post(["oversikt-ar.value"])
    map_paint = sent["oversikt-karta"]["paint"]
    table_paint = sent["oversikt-tabellblock"]["paint"]
    assert len(map_paint["areas"]) == len(table_paint["rows"]) == 8
    assert "?ar=2024" in map_paint["areas"]["0780"][0]
    assert len(table_paint["order"]) == 8 and table_paint["headers"][0].endswith("2024")
    text = json.dumps(sent)
    assert "<path" not in text and "<tr" not in text  # no shapes, no rows as HTML


def test_a_choice_in_the_long_list_answers_in_words_and_marks_its_question(post):
    """Choosing SOSFS mål 1 in 'Alla indikatorer' is the compliance question's answer: it is
    marked, and the answer under the map's title names the municipalities."""
    sent = post(["oversikt-indikator.value"])
    questions = json.dumps(sent["oversikt-fragor"], ensure_ascii=False)
    (_, marked) = questions.split('aria-current=\\"true\\"')
    assert marked.split("</a>")[0].endswith("SOSFS 2014:4 – totalt och per mål?</span>")
    answer = json.dumps(sent["oversikt-svar"], ensure_ascii=False)
    assert "Högst först:" in answer and "Växjö" in answer
