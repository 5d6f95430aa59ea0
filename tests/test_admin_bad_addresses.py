"""Junk in an admin address (findings 2 and 6 of the review of issue #35): a huge id, a word
where an id belongs, a trailing slash, an address that names nothing. Each answers the
admin's Swedish 404, never a 500 (a number the database cannot hold) and never 200 with the
public app's page shell (Dash serves that for any path).

Every rule with an integer is read from the server's url_map, so a route added later is
covered without being listed here.
"""

from __future__ import annotations

import re

import pytest

from tests.test_admin_uploads import admin, store  # noqa: F401 - fixtures

HUGE = str(10**30)
INT = re.compile(r"<int(?:\([^)]*\))?:\w+>")
OTHER = re.compile(r"<(?:\w+(?:\([^)]*\))?:)?\w+>")
# What the other parts of an address hold: a municipality code, a template's file name.
EXAMPLE = {"kommunkod": "0780", "name": "uppfoljning-mall.csv"}
JUNK = [
    "/admin/finnsinte",
    "/admin/versioner/abc",
    "/admin/versioner/-1",
    "/admin/inlasning/x",
    "/admin/arsuppfoljning/abc",
    "/admin/konton/1",
    "/admin/%ff",
    "/admin/arsuppfoljning/2026/0780/",
    "/admin/versioner/",
    "/admin/mallar/..%2f..%2fetc%2fpasswd",
    "/admin/konton/1/losenord",  # the address left in the bar after a POST
]


def huge_addresses(app) -> list[tuple[str, str]]:
    """(method, address) of every admin rule with an integer in it, each integer 10**30."""
    found = []
    for rule in app.server.url_map.iter_rules():
        if not rule.rule.startswith("/admin") or not INT.search(rule.rule):
            continue
        path = INT.sub(HUGE, rule.rule)
        path = OTHER.sub(lambda m: EXAMPLE.get(m.group(0).strip("<>").split(":")[-1], "x"), path)
        found += [(method, path) for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]
    return found


def assert_swedish_404(response, where: str) -> None:
    body = response.get_data(as_text=True)
    assert response.status_code == 404, f"{where}: {response.status_code}"
    assert "finns" in body and "Felkod 404" in body, f"{where}: {body[:300]}"
    assert "Traceback" not in body and "Den här sidan behöver JavaScript" not in body, where


def test_a_huge_id_in_any_admin_address_is_a_swedish_404(app, admin):  # noqa: F811
    addresses = huge_addresses(app)
    methods = {m for m, _ in addresses}
    assert len(addresses) >= 10 and methods == {"GET", "POST"}, addresses
    for method, path in addresses:
        if method == "GET":
            response = admin.get(path)
        else:
            response = admin.post(path, {"bekrafta": "ja", "nytt_losenord": "x" * 20})
        assert_swedish_404(response, f"{method} {path}")


@pytest.mark.parametrize("path", JUNK)
def test_an_unknown_admin_address_is_the_admins_swedish_404(admin, path):  # noqa: F811
    assert_swedish_404(admin.get(path), path)


@pytest.mark.parametrize("path", ["/admin/finnsinte", "/admin/versioner/abc", "/admin/%ff"])
def test_an_unknown_admin_address_with_a_token_posted_is_a_404(admin, path):  # noqa: F811
    assert_swedish_404(admin.post(path), path)


@pytest.mark.parametrize("path", JUNK)
def test_without_a_session_an_unknown_address_goes_to_sign_in(app, store, path):  # noqa: F811
    response = app.server.test_client().get(path, base_url="https://localhost")
    assert response.status_code == 302, (path, response.status_code)
    assert response.headers["Location"].startswith("/admin/logga-in?next="), path


def test_public_unknown_paths_are_still_404(app, store):  # noqa: F811
    response = app.server.test_client().get("/finnsinte", base_url="https://localhost")
    assert response.status_code == 404
