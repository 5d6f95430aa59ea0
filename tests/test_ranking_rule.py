"""Jämför ranks a status with a direction by its levels' order and states the rule (#34):
a criterion's Uppfyllt before Delvis uppfyllt before Ej uppfyllt, ties shared and in
alphabetical order, no value last without a placing."""

from __future__ import annotations

from dashboard import domain
from dashboard.data.loader import get_dataset
from dashboard.domain import comparison
from dashboard.domain.export_table import placing_parts
from tests.test_export_calculate import rows_of


def test_jamfor_ranks_a_criterion_by_its_levels_and_says_so(app):
    """Uppfyllt before Delvis uppfyllt before Ej uppfyllt: the same level shares a placing,
    in alphabetical order; no value, no placing and last. The rule is stated."""
    ds = get_dataset()
    criterion = str(ds.indicators[ds.indicators["is_criterion"]]["id"].iloc[0])
    year = max(ds.years)
    frame = comparison.ranking(ds, criterion, year)
    table = comparison.ranking_table(ds, frame, criterion, year, None)
    order = {"uppfyllt": 2, "delvis": 1, "ej_uppfyllt": 0}
    levels = [order.get(raw) for raw in frame["raw"]]
    known = [lv for lv in levels if lv is not None]
    assert known == sorted(known, reverse=True) and len(set(known)) > 1
    placings = [placing_parts(p) for p in table["Placering"]]
    for lv, (rank, shared, _), name in zip(levels, placings, frame["name"], strict=True):
        if lv is None:
            assert rank is None, name
            continue
        better = sum(1 for other in known if other > lv)
        assert rank == better + 1, (name, rank)  # ties share the first place of their level
        assert shared == (known.count(lv) > 1), name
    for lv in set(known):  # alphabetical within a level
        names = [n for n, v in zip(frame["name"], levels, strict=True) if v == lv]
        assert names == sorted(names, key=comparison.swedish_sort_key)
    rule = comparison.ranking_rule(ds, domain_indicator(criterion))
    assert rule.startswith(
        "Rangordnat efter kriteriets nivå: Uppfyllt före Delvis uppfyllt före Ej uppfyllt."
    )
    assert "samma nivå delar placering" in rule and "bokstavsordning" in rule
    rows = rows_of("jamfor", {"tabell": "rangordning", "indikator": criterion})
    assert any(isinstance(r["Placering"], int) for r in rows)


def domain_indicator(indicator_id: str):
    return domain.indicator(get_dataset(), indicator_id)


def test_other_statuses_rank_by_their_order_and_an_undirected_value_does_not(app):
    ds = get_dataset()
    assert comparison.ranking_rule(ds, domain_indicator("suv_status")).startswith(
        "Rangordnat efter nivån i skalan: I bruk före Införande före Planering före Ej påbörjat."
    )
    assert comparison.ranking_rule(ds, domain_indicator("samordnare")).startswith(
        "Rangordnat efter svaret: Ja före Nej."
    )
    assert comparison.ranking_rule(ds, domain_indicator("sosfs_alla")).startswith(
        "Rangordnat efter värdet, högst först."
    )
    undirected = ds.indicators[ds.indicators["higher_is_better"].isna()]
    for indicator_id in undirected["id"]:
        ind = domain_indicator(indicator_id)
        assert not comparison.ranks_in_comparison(ind)
        assert comparison.ranking_rule(ds, ind).startswith("Indikatorn rangordnas inte")
