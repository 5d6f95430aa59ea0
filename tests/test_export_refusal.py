"""A download address with an unknown or not-allowed parameter value answers a Swedish 404,
never another table (#34): an edited link must not give plausible wrong data."""

from __future__ import annotations

import re

import pytest

from dashboard.data.loader import get_dataset
from dashboard.ui import export

# every table route, with each parameter that names something and a value that names nothing
REFUSED = [
    ("oversikt", {"indikator": "samordnare_tid"}),
    ("oversikt", {"ar": "1999"}),
    ("kommun", {"kod": "9999"}),
    ("kommun", {"kod": "{code}", "tabell": "okand"}),
    ("kommun", {"kod": "{code}", "tabell": "utveckling", "indikator": "finns_inte"}),
    # a criterion is an indicator, but not one Kommun's trend table offers
    ("kommun", {"kod": "{code}", "tabell": "utveckling", "indikator": "krit_2_3"}),
    ("kommun", {"kod": "{code}", "ar": "1999"}),
    ("jamfor", {"tabell": "okand"}),
    ("jamfor", {"tabell": "utveckling", "indikator": "samordnare_tid"}),
    ("jamfor", {"tabell": "rangordning", "indikator": "finns_inte"}),
    ("jamfor", {"tabell": "matris", "min": "9999"}),
    ("jamfor", {"tabell": "utveckling", "kommuner": "{code},9999"}),
    ("jamfor", {"tabell": "rangordning", "grupp": "okand"}),
    ("presentera", {"indikatorer": "sosfs_alla,finns_inte"}),
    ("presentera", {"ar": "1999"}),
    ("verksamhetsplan", {"ar": "1999"}),
    ("strategi", {"plan": "finns_inte"}),
    ("uppfoljning", {"plan": "finns_inte"}),
]


def _args(args: dict[str, str]) -> dict[str, str]:
    code = str(get_dataset().municipalities["code"].iloc[0])
    return {k: v.replace("{code}", code) for k, v in args.items()}


def test_every_table_route_is_tried(app):
    assert {view for view, _ in REFUSED} == set(export.views())


@pytest.mark.parametrize(("view", "args"), REFUSED)
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_unknown_value_is_a_swedish_404(client, view, args, fmt):
    args = _args(args)
    response = client.get(f"/nedladdning/{view}.{fmt}", query_string=args)
    assert response.status_code == 404, (view, args, response.status_code)
    text = response.get_data(as_text=True)
    assert text.startswith("Nedladdningen finns inte"), text
    named = re.search(r"”([^”]+)”", text)  # names the value it does not know
    assert named and named[1] in ",".join(args.values()).split(","), text
    assert "Content-Disposition" not in response.headers


@pytest.mark.parametrize(
    ("view", "args"),
    [
        ("oversikt", {"indikator": "sosfs_alla"}),
        ("kommun", {"kod": "{code}", "tabell": "utveckling", "indikator": "samordnare"}),
        ("jamfor", {"tabell": "utveckling", "indikator": "krit_2_3", "kommuner": "{code}"}),
        ("presentera", {"indikatorer": "sosfs_alla"}),
        ("kommun", {"kod": "{code}", "tabell": ""}),  # an empty value: the view's default
    ],
)
def test_a_known_value_still_downloads(client, view, args):
    response = client.get(f"/nedladdning/{view}.csv", query_string=_args(args))
    assert response.status_code == 200, response.get_data(as_text=True)
    assert "attachment" in response.headers["Content-Disposition"]


def test_the_tables_named_here_are_the_pages_tables():
    from dashboard.pages import jamfor, kommun

    assert tuple(kommun.TABLES) == export.KOMMUN_TABLES
    assert tuple(jamfor.TABLES) == export.JAMFOR_TABLES
