"""A real year imported into the data folder breaks no unit test (issue #32).

The unit tests run on the fixture county (tests/conftest.py) and only one of them reads the
data folder the app would read (tests/test_data.py). This keeps that true: a copy of the
shipped data/ gets a full year of answers for every municipality, imported as an operator
would (importer.run_import), and the unit tests then run in a child pytest pointed at that
copy the way the app finds its data (DASHBOARD_DATA_DIR). None may fail.

    .venv/bin/python -m pytest -p no:dash -m integration tests/test_real_year_in_data.py
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from dashboard.config import REPO_ROOT
from dashboard.data import importer
from dashboard.data.loader import load_dataset

pytestmark = pytest.mark.integration

YEAR = 2026
SOURCE = "Kommunernas svar på Länsstyrelsens enkät 2026"


def test_a_real_year_in_the_data_folder_breaks_no_unit_test(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(REPO_ROOT / "data", data, ignore=shutil.ignore_patterns(".historik"))
    shipped = load_dataset(data, REPO_ROOT / "geo")
    # A full year: every stored indicator for every municipality, each answering what it
    # answered the year before (values the catalogue accepts, whatever its indicators are).
    stored = set(shipped.indicators.loc[shipped.indicators["derived"] == "", "id"])
    last = shipped.values[(shipped.values["year"] == max(shipped.years))
                          & shipped.values["indicator_id"].isin(stored)]  # fmt: skip
    lines = ["kommunkod;indikator;ar;varde;kalla"] + [
        f"{row.municipality_code};{row.indicator_id};{YEAR};{row.raw};{SOURCE}"
        for row in last.itertuples()
    ]
    answers = tmp_path / f"svar-{YEAR}.csv"
    answers.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = importer.run_import(answers, data_dir=data, geo_dir=REPO_ROOT / "geo", user="test")
    assert "Ofullständigt" not in result.summary, result.summary
    imported = load_dataset(data, REPO_ROOT / "geo")
    real = imported.values[~imported.values["is_example"]]
    assert set(real["year"]) == {YEAR}
    assert len(real) == len(shipped.municipalities) * len(stored)

    env = {**os.environ, "DASHBOARD_DATA_DIR": str(data), "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("DASHBOARD_CACHE_DIR", None)  # the child's conftest makes its own
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:dash", "-p", "no:cacheprovider", "-q",
         "-m", "unit", "-rfE", "--basetemp", str(tmp_path / "child")],
        cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=1200,
    )  # fmt: skip
    summary = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]
    assert " passed" in summary and "failed" not in summary and "error" not in summary, summary
