"""The store's list of changes between two versions (data/store/diff.py) for a CSV file whose
first line is a comment, as data/templates/uppfoljning-mall.csv's is: csv.DictReader files
the extra cells of the rows under the key None, and sorting such a row's items compared None
with a str. The TypeError made the server's start-up sync fail ("Databasen kunde inte nås"),
and the worker then served the store's older version instead of the data files."""

from __future__ import annotations

from dashboard.data.store import diff

OLD = "# Mall för årets uppföljning\nkommunkod;indikator;ar;varde\n0780;samordnare;2025;ja\n"
NEW = OLD + "0760;samordnare;2025;nej\n"


def test_a_changed_csv_that_starts_with_a_comment_is_listed_not_raised():
    name = "templates/uppfoljning-mall.csv"
    changes = diff.changes({name: OLD.encode()}, {name: NEW.encode()})
    assert changes, "the file changed: the change is listed"
    assert all(c["fil"] == name for c in changes)


def test_the_comment_is_skipped_and_the_added_row_counted():
    name = "templates/uppfoljning-mall.csv"
    changes = diff.changes({name: OLD.encode()}, {name: NEW.encode()})
    assert changes == [{"fil": name, "typ": "tillagd", "antal": 1}]


def test_a_row_with_more_cells_than_the_header_is_compared_not_raised():
    name = "lokala_planer.csv"
    old = "kommunkod;namn\n0780;Plan\n"
    new = "kommunkod;namn\n0780;Plan;extra;cells\n"
    assert diff.changes({name: old.encode()}, {name: new.encode()}) == [
        {"fil": name, "typ": "tillagd", "antal": 1},
        {"fil": name, "typ": "borttagen", "antal": 1},
    ]


def test_a_detail_that_cannot_be_listed_still_lists_the_file(monkeypatch, caplog):
    def broken(*_args):
        raise TypeError("boom")

    monkeypatch.setattr(diff, "_row_changes", broken)
    name = "aktiviteter.csv"
    assert diff.changes({name: b"a\n1\n"}, {name: b"a\n2\n"}) == [{"fil": name, "typ": "ändrad"}]
    assert "kunde inte listas" in caplog.text
