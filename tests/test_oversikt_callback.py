"""Översikt's callback sends only what a change touches: the sort order leaves the map and
its texts alone, a new indicator leaves the year's key figures alone (a smaller response
to build, compress and draw; the benchmark's throughput depends on it)."""

from __future__ import annotations

import pytest

from tests import procfile_server

VALUES = {"oversikt-indikator.value": "sosfs_mal1", "oversikt-ar.value": "2024",
          "oversikt-sortera.value": "varde"}  # fmt: skip


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


def test_a_new_sort_order_sends_the_table_only(post):
    sent = post(["oversikt-sortera.value"])
    assert "oversikt-tabellyta" in sent and "oversikt-nedladdning" in sent
    for untouched in ("oversikt-karta", "oversikt-karttitel", "oversikt-riket",
                      "oversikt-nyckeltal", "oversikt-kalla"):  # fmt: skip
        assert untouched not in sent


def test_a_new_indicator_keeps_the_key_figures(post):
    sent = post(["oversikt-indikator.value"])
    assert {"oversikt-karta", "oversikt-riket", "oversikt-tabellyta"} <= set(sent)
    assert "oversikt-nyckeltal" not in sent and "oversikt-nyckeltal-rubrik" not in sent


def test_a_new_year_sends_everything(post):
    sent = post(["oversikt-ar.value"])
    assert {"oversikt-karta", "oversikt-nyckeltal", "oversikt-nyckeltal-rubrik",
            "oversikt-tabellyta"} <= set(sent)  # fmt: skip
    assert "2024" in str(sent["oversikt-nyckeltal-rubrik"])
