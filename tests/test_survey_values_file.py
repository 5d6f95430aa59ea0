"""The yearly survey's answers reach the importer as a values file (survey_rules.values_file)
that the importers' reader (spreadsheet.read_file) reads back exactly: a municipality's note
or value that a spreadsheet would run as a formula, or that starts with an apostrophe, '#',
a sign or a line break, is published as written (#30). The reader removes one guarding
apostrophe, so the writer must add it: "'-se bilaga" once became "-se bilaga"."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.config import get_settings
from dashboard.data import spreadsheet
from dashboard.data.loader import get_dataset, load_dataset
from dashboard.data.store import survey_rules as rules
from dashboard.data.store import versions
from dashboard.data.tables import FORBIDDEN

YEAR = 2025
CODE = "0764"  # Alvesta
HOSTILE = ["'-x", "'=y", "=z", "#w", "+46 70", "-se bilaga", "'-se bilaga", "'=inte formel",
           "@SUMMA(A1)", "''=två", "'", "-", "-3", "+1,5", "a;b \"c\"", " kant "]  # fmt: skip


@pytest.fixture(scope="module")
def fields():
    ds = get_dataset()
    return rules.fields_for(ds, rules.default_indicators(ds))


def read_back(tmp_path, data: bytes) -> list[tuple[int, dict[str, str]]]:
    path = tmp_path / f"arsuppfoljning-{YEAR}-{CODE}.csv"
    path.write_bytes(data)
    return spreadsheet.read_file(path).rows


def answers_of(fields, values: list[str], notes: list[str]) -> dict[str, dict[str, str]]:
    return {f.indicator_id: {"varde": value, "anmarkning": note}
            for f, value, note in zip(fields, values, notes, strict=False)}  # fmt: skip


@pytest.mark.parametrize("half", [0, 1])
def test_hostile_notes_and_values_are_read_back_as_written(tmp_path, fields, half):
    """Each hostile text as a value (half of them) and as a note, in two files."""
    hostile = HOSTILE[half::2]
    values = [f"v{i}" if i % 2 else text for i, text in enumerate(hostile)]
    data, rows = rules.values_file(CODE, YEAR, answers_of(fields, values, hostile), fields)
    read = read_back(tmp_path, data)
    assert len(read) == len(hostile)
    assert [number for number, _ in read] == list(rows)  # each error lands on its field
    for (number, cells), value, note in zip(read, values, hostile, strict=True):
        assert cells["indikator"] == rows[number]
        # the note is one line (as the form gives it): its surrounding spaces go too
        assert (cells["varde"], cells["anmarkning"]) == (value, " ".join(note.split()))
        assert (cells["kommunkod"], cells["ar"]) == (CODE, str(YEAR))
        assert cells["kalla"] == rules.answer_source(YEAR)


def test_what_a_spreadsheet_would_run_is_written_as_text(fields):
    data, _ = rules.values_file(CODE, YEAR, answers_of(fields, ["1"] * 3, ["=z", "+46 70",
                                                                            "'-x"]), fields)  # fmt: skip
    records = list(csv.reader(io.StringIO(data.decode()), delimiter=";"))
    assert [r[5] for r in records[1:]] == ["'=z", "'+46 70", "''-x"]


def test_a_line_break_in_a_value_is_kept_and_a_note_is_one_line(tmp_path, fields):
    """A value is written as given (a quoted cell may hold a line break, and the reader
    numbers records, not lines, so the rows after it keep their numbers); a note is one
    line, as the form makes it (answers_from_form joins its lines)."""
    values = ["två\nrader", "=x\r\ny", "3"]
    notes = ["första\nandra", "# rubrik\n-punkt", "'-sista"]
    data, rows = rules.values_file(CODE, YEAR, answers_of(fields, values, notes), fields)
    read = read_back(tmp_path, data)
    assert [number for number, _ in read] == list(rows) == [2, 3, 4]
    assert [c["varde"] for _, c in read] == ["två\nrader", "=x\ny", "3"]  # \r\n read as \n
    assert [c["anmarkning"] for _, c in read] == ["första andra", "# rubrik -punkt", "'-sista"]


# Any text but what the reader refuses on purpose (bidirectional and control characters,
# text that looks encoded twice) and surrogates.
# A leading apostrophe, sign or '=' is the case that matters, so half the texts start so.
plain = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
prefixed = st.tuples(st.sampled_from(["'", "''", "=", "+", "-", "@", "'-", "'=", "#", "\n"]),
                     plain).map("".join)  # fmt: skip
text = st.one_of(plain, prefixed).filter(
    lambda t: not FORBIDDEN.search(t) and not spreadsheet.DOUBLE_ENCODED.search(t)
)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(pairs=st.lists(st.tuples(text.filter(lambda t: t != ""), text), min_size=1, max_size=8))
def test_any_answer_is_read_back_as_the_values_file_holds_it(tmp_path, fields, pairs):
    values = [v.replace("\r\n", "\n").replace("\r", "\n") for v, _ in pairs]
    notes = [n for _, n in pairs]
    data, rows = rules.values_file(CODE, YEAR, answers_of(fields, values, notes), fields)
    read = read_back(tmp_path, data)
    assert [number for number, _ in read] == list(rows)
    assert [c["varde"] for _, c in read] == values
    assert [c["anmarkning"] for _, c in read] == [" ".join(n.split()) for n in notes]
    assert [c["indikator"] for _, c in read] == list(rows.values())


@pytest.fixture
def store(data_dir, tmp_path):
    url = f"sqlite:///{tmp_path / 'enkat.sqlite3'}"
    first = versions.publish(url, versions.snapshot(data_dir), parent_id=0, by="test",
                             source="test")  # fmt: skip
    return url, first.id, load_dataset(data_dir, get_settings().geo_dir)


def test_the_published_notes_are_the_municipality_s_notes(store):
    """Through the importer into a new version: varden.csv holds each note as typed."""
    url, head, ds = store
    fields = rules.fields_for(ds, rules.default_indicators(ds))
    answers, _ = rules.previous_answers(ds, CODE, YEAR, fields)
    notes = ["'-x", "'=y", "=z", "#w", "+46 70", "'-se bilaga"]
    noted = [f.indicator_id for f in fields if answers.get(f.indicator_id, {}).get("varde")]
    for indicator_id, note in zip(noted, notes, strict=False):
        answers[indicator_id]["anmarkning"] = note
    check = rules.check_answers(url, head, CODE, YEAR, answers, fields, user="t",
                                complete=False)  # fmt: skip
    assert check.ok and check.outcome is not None, (check.value_errors, check.note_errors,
                                                    check.general)  # fmt: skip
    reader = csv.DictReader(io.StringIO(check.outcome.files["varden.csv"].decode("utf-8-sig")),
                            delimiter=";")  # fmt: skip
    published = {r["indikator"]: r["anmarkning"] for r in reader
                 if (r["kommunkod"], r["ar"]) == (CODE, str(YEAR))}  # fmt: skip
    assert len(noted) >= len(notes)
    assert [published[i] for i in noted[: len(notes)]] == notes
