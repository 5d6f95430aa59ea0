"""python -m dashboard.data.example_data: --help prints help and writes nothing (it used to
overwrite data/varden.csv); --out writes where it is told."""

from __future__ import annotations

import pytest

from dashboard.config import get_settings
from dashboard.data import example_data


def test_help_writes_nothing(capsys):
    committed = get_settings().data_dir / "varden.csv"
    before = committed.read_bytes()
    with pytest.raises(SystemExit) as exit_info:
        example_data.main(["--help"])
    assert exit_info.value.code == 0
    assert "exempelvärden" in capsys.readouterr().out
    assert committed.read_bytes() == before


def test_out_writes_flagged_example_values_elsewhere(tmp_path):
    out = tmp_path / "varden.csv"
    example_data.main(["--out", str(out)])
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("kommunkod;indikator;ar;varde;exempeldata")
    assert len(lines) > 100 and all(";ja;" in line for line in lines[1:])
