"""Unknown municipality codes and goal/delmål ids answer HTTP 404 with their helpful Swedish
page (issue #19); known ones, with any query string, answer 200."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/kommun/9999", 404),
        ("/kommun/%3Cscript%3E", 404),
        ("/strategi/9", 404),
        ("/strategi/9/9", 404),
        ("/strategi/2/1.1", 404),  # delmål 1.1 is under goal 1: the page links there
        ("/strategi/2/2.5/extra", 404),
        ("/kommun/0780", 200),
        ("/kommun/0780?ar=1900&indikator=okand", 200),
        ("/kommun", 200),
        ("/strategi/2", 200),
        ("/strategi/2/2.5", 200),
        ("/strategi/sammanhang", 200),
        ("/?indikator=finns-inte", 200),
    ],
)
def test_status_of_pages_with_path_variables(client, path, status):
    response = client.get(path)
    assert response.status_code == status
    assert response.mimetype == "text/html"
    body = response.get_data(as_text=True)
    assert 'lang="sv"' in body and "Exempeldata" in body
