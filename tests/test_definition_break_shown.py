"""A change of definition is said where two years stand side by side (issue #31): the slides'
'Sedan förra mötet' says "ny definition från …, ingen jämförelse" for a plan goal whose
criteria were redefined in between, and a delmål page's table of a year and the year before
marks the older column and says the two are not compared."""

from __future__ import annotations

import pytest

from dashboard import domain
from dashboard.data.loader import get_dataset
from dashboard.domain import hierarchy, presenter
from tests.test_plan_words import squash, text_of

REDEFINED, YEAR = "krit_2_3", 2024  # the fixture's criterion redefined from 2024 (goal 2)


@pytest.fixture(scope="module")
def ds():
    data = get_dataset()
    assert YEAR in domain.definition_breaks(data, REDEFINED)
    return data


def test_the_slides_say_a_new_definition_is_not_compared(ds, app):
    from dashboard.pages import presentera

    state = presenter.resolve_deck(ds, {"ar": str(YEAR)})
    body, _ = presentera.changes_slide(ds, state, str(YEAR - 1))
    text = squash(text_of(body))
    assert f"Mål 2: ny definition från {YEAR}, ingen jämförelse" in text
    assert "Mål 1: upp" in text  # a goal measured the same way both years is compared
    body, _ = presentera.changes_slide(ds, state, str(YEAR - 2))  # from before the change too
    assert f"Mål 2: ny definition från {YEAR}, ingen jämförelse" in squash(text_of(body))


def test_the_delmal_table_marks_the_year_measured_otherwise(ds, app):
    from dashboard.pages import strategi_delmal

    ind = domain.indicator(ds, REDEFINED)
    frame = hierarchy.picture(ds, REDEFINED, YEAR)
    text = squash(text_of(strategi_delmal.previous_year_table(ds, ind, frame, YEAR)))
    assert f"{YEAR - 1} (annan definition)" in text
    assert f"Ny definition från {YEAR}: {YEAR - 1} mättes på annat sätt" in text
    later = hierarchy.picture(ds, REDEFINED, YEAR + 1)  # one definition both years: no note
    text = squash(text_of(strategi_delmal.previous_year_table(ds, ind, later, YEAR + 1)))
    assert "annan definition" not in text and "Ny definition" not in text
    assert str(YEAR) in text
