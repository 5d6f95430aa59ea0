"""Readiness apart from health, and warming bounded in time (issue #21).

/_halsa says the process answers; /_redo says its data is loaded and valid (503 and the
problem in Swedish when not). gunicorn's master loads the data and warms the caches once,
before forking, for at most DASHBOARD_PREWARM_SECONDS, what people open first first.
"""

from __future__ import annotations

import math
import re
import shutil
import time
from pathlib import Path

import procfile_server
import pytest
import requests
from conftest import ARTIFACTS, COUNTY_DATA

from dashboard.data.loader import get_dataset
from dashboard.web import prewarm


def test_ready_says_the_data_is_loaded(client):
    response = client.get("/_redo")
    assert response.status_code == 200
    answer = response.get_json()
    # `version`: the store's version this process serves (#35), a number from 1.
    assert isinstance(answer.pop("version"), int)
    assert answer == {"status": "redo", "kommuner": 8, "senaste_ar": max(get_dataset().years)}
    assert "no-store" in response.headers["Cache-Control"]


def test_pages_are_warmed_in_the_order_people_open_them(app):
    # `app`: the page list is Dash's page registry, filled when the app is built.
    ds = get_dataset()
    paths = prewarm.page_paths(ds)
    assert paths[0] == "/" and paths.index("/jamfor") < paths.index("/strategi/1")
    municipalities = [p for p in paths if re.fullmatch(r"/kommun/\d{4}", p)]
    by_size = ds.municipalities.sort_values("population", ascending=False)["code"]
    assert municipalities == [f"/kommun/{code}" for code in by_size]
    assert paths.index(municipalities[-1]) < paths.index("/strategi/1/1.1")
    assert len(paths) == len(set(paths))


def test_overview_states_newest_year_first_sorts_together():
    ds = get_dataset()
    states = prewarm.overview_states(ds)
    assert [s.year for s in states] == sorted((s.year for s in states), reverse=True)
    assert states[0].year == max(ds.years)
    # an indicator's three sort orders together, the start order first (they share parts)
    for first, second, third in zip(states[::3], states[1::3], states[2::3], strict=True):
        assert first.sort == "kommun" and {second.sort, third.sort} == {"varde", "forandring"}
        assert first.indicator_id == second.indicator_id == third.indicator_id
        assert first.year == second.year == third.year


def test_warming_order_menu_pages_then_views_then_the_rest(app):
    ds = get_dataset()
    order = prewarm.warm_order(ds)
    kinds = [kind for kind, _ in order]
    first_view = kinds.index(prewarm.VIEWS)
    # the menu's pages and the goals, then Översikt's newest year, then the municipalities
    assert [item for _, item in order[:first_view]][:3] == ["/", "/jamfor", "/kommun"]
    views = [item for kind, item in order if kind == prewarm.VIEWS]
    assert views == prewarm.overview_states(ds)  # all of them together, the newest year first
    assert kinds[first_view : first_view + len(views)] == [prewarm.VIEWS] * len(views)
    assert order[first_view + len(views)][1].startswith("/kommun/")
    assert sorted(str(i) for _, i in order) == sorted(
        [*prewarm.page_paths(ds), *map(str, prewarm.overview_states(ds))]
    )


def test_warming_stops_at_its_deadline(monkeypatch, app, fresh_cache):
    from dashboard import cache

    # An empty cache and a budget of its own: earlier tests' warm-ups in the session's cache
    # may have spent the shared budget (DASHBOARD_PREWARM_SECONDS) or left /om stored.
    monkeypatch.setenv("DASHBOARD_PREWARM_SECONDS", "600")
    monkeypatch.setattr(cache, "has_room_for_warming", lambda: True)
    done = prewarm.prewarm_caches(app.server, deadline=time.monotonic() - 1)
    assert done == {prewarm.PAGES: (0, 0.0), prewarm.VIEWS: (0, 0.0)}
    ds = get_dataset()
    few = [(prewarm.PAGES, "/om"), *((prewarm.VIEWS, s) for s in prewarm.overview_states(ds)[:3])]
    monkeypatch.setattr(prewarm, "warm_order", lambda ds: few)
    done = prewarm.prewarm_caches(app.server, deadline=time.monotonic() + 60)
    assert done[prewarm.PAGES][0] == 1 and done[prewarm.VIEWS][0] == 3


@pytest.mark.parametrize(("value", "seconds"), [("", 20.0), ("5", 5.0), ("0", 0.0),
                                                ("-3", 0.0), ("tjugo", 20.0)])  # fmt: skip
def test_warming_budget_from_the_environment(monkeypatch, value, seconds):
    monkeypatch.setenv("DASHBOARD_PREWARM_SECONDS", value)
    assert prewarm.budget_seconds() == seconds
    assert not math.isinf(prewarm.budget_seconds())


@pytest.mark.slow
def test_a_broken_dataset_is_read_again_only_once_a_file_changes(tmp_path, monkeypatch):
    """Every request asks for the dataset: a failed load is not repeated for each of them
    (seconds at 290 municipalities), only after the maintainer changes a file."""
    from dashboard.data import loader

    data = tmp_path / "data"
    shutil.copytree(COUNTY_DATA, data)
    values = data / "varden.csv"
    good = values.read_text(encoding="utf-8-sig")
    lines = good.splitlines()
    lines[3] = lines[3].replace(";", ";;", 1)
    values.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(data))
    loads = []
    real_load = loader.load_dataset
    monkeypatch.setattr(loader, "load_dataset", lambda *a: loads.append(a) or real_load(*a))
    try:
        for _ in range(3):
            with pytest.raises(loader.DataError, match="varden.csv"):
                loader.get_dataset()
        assert len(loads) == 1
        values.write_text(good, encoding="utf-8-sig")  # fixed: read at the next request
        assert len(loader.get_dataset().municipalities) == 8
        assert len(loads) == 2
    finally:
        monkeypatch.undo()
        loader.clear_cache()


def _extra_field(line: str) -> str:
    return line.replace(";", ";;", 1)  # one field too many


def _huge_count(line: str) -> str:  # deltagare 10^20: once an overflow that stopped the master
    cells = line.split(";")
    cells[8] = "99999999999999999999"
    return ";".join(cells)


BROKEN = pytest.mark.parametrize(("file", "break_line"), [
    ("varden.csv", _extra_field), ("lansstyrelsens_aktiviteter.csv", _huge_count)])  # fmt: skip


def _broken_copy(tmp_path, file: str, break_line) -> Path:
    data = tmp_path / "data"
    shutil.copytree(COUNTY_DATA, data)
    values = data / file
    lines = values.read_text(encoding="utf-8-sig").splitlines()
    lines[3] = break_line(lines[3])
    values.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    return data


@BROKEN
def test_broken_data_is_healthy_but_not_ready_in_the_app(tmp_path, monkeypatch, client, file,
                                                         break_line):  # fmt: skip
    """A broken data file, in this process: /_halsa answers, /_redo says 503 and names the
    file in Swedish, the start page's layout says what is wrong instead of failing."""
    from dashboard.data import loader

    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(_broken_copy(tmp_path, file, break_line)))
    loader.clear_cache()
    try:
        assert client.get("/_halsa").status_code == 200
        ready = client.get("/_redo")
        assert ready.status_code == 503
        assert ready.get_json()["status"] == "ej redo" and file in ready.get_json()["fel"]
        layout = client.get("/_dash-layout", headers={"Referer": "http://localhost/"})
        assert layout.status_code == 200 and file in layout.get_data(as_text=True)
    finally:
        monkeypatch.undo()
        loader.clear_cache()


@pytest.mark.integration
@BROKEN
def test_broken_data_is_healthy_but_not_ready(tmp_path, file, break_line):
    """The same under gunicorn as the Procfile starts it: the master that loads the data
    before forking logs the problem and serves instead of stopping."""
    data = _broken_copy(tmp_path, file, break_line)
    server = procfile_server.start(
        ARTIFACTS / "gunicorn-broken-data.log", workers=1,
        extra_env={"DASHBOARD_DATA_DIR": str(data), "DASHBOARD_PREWARM": "1",
                   "DASHBOARD_CACHE_DIR": str(tmp_path / "cache")},
    )  # fmt: skip
    try:
        assert requests.get(server.url + "/_halsa", timeout=10).status_code == 200
        ready = requests.get(server.url + "/_redo", timeout=30)
        assert ready.status_code == 503
        assert ready.json()["status"] == "ej redo" and file in ready.json()["fel"]
        page = requests.get(server.url + "/", timeout=30)
        # the page the browser draws (its layout) says what is wrong with which file
        layout = requests.get(server.url + "/_dash-layout", timeout=30,
                              headers={"Referer": server.url + "/"})  # fmt: skip
        assert page.status_code == layout.status_code == 200 and file in layout.text
        log = server.log_text()
    finally:
        server.stop()
    assert "data not loaded" in log


@pytest.mark.slow
def test_a_zero_budget_starts_at_once_and_pages_are_built_on_request(tmp_path):
    server = procfile_server.start(
        ARTIFACTS / "gunicorn-zero-budget.log", workers=2,
        extra_env={"DASHBOARD_PREWARM": "1", "DASHBOARD_PREWARM_SECONDS": "0",
                   "DASHBOARD_CACHE_DIR": str(tmp_path / "cache")},
    )  # fmt: skip
    try:
        assert requests.get(server.url + "/_redo", timeout=10).json()["status"] == "redo"
        assert requests.get(server.url + "/kommun/0780", timeout=30).status_code == 200
        log = server.log_text()
    finally:
        server.stop()
    assert "0 page layouts prewarmed" in log and "0 Översikt views prewarmed" in log
    assert len(re.findall("data loaded and checked", log)) == 1, log
