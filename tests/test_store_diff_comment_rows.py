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
