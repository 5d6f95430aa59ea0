"""The plan's hierarchy (dashboard.domain.hierarchy) and the strategy figures."""

from __future__ import annotations

import math

import pytest

from dashboard import domain
from dashboard.charts.strategy import hierarchy_figure
from dashboard.data.loader import get_dataset
from dashboard.domain import hierarchy

SUBGOAL_IDS = [
    "1.1", "1.2", "1.3", "1.4",
    "2.1", "2.2", "2.3", "2.4", "2.5", "2.6",
    "3.1", "3.2", "3.3",
    "4.1", "4.2", "4.3",
]  # fmt: skip


@pytest.fixture(scope="module")
def ds():
    return get_dataset()


def test_four_goals_and_sixteen_subgoals(ds):
    assert list(hierarchy.goals(ds.plan)["id"]) == ["1", "2", "3", "4"]
    found = [s for g in "1234" for s in hierarchy.subgoals_of(ds.plan, g)["id"]]
    assert found == SUBGOAL_IDS
    assert [len(hierarchy.subgoals_of(ds.plan, g)) for g in "1234"] == [4, 6, 3, 3]


@pytest.mark.parametrize("subgoal_id", SUBGOAL_IDS)
def test_every_subgoal_has_activities_and_followup(ds, subgoal_id):
    assert hierarchy.activities_of(ds.plan, subgoal_id)
    assert hierarchy.followups_of(ds.plan, subgoal_id)


def test_subgoal_text_is_the_plans_wording(ds):
    row = hierarchy.subgoal(ds.plan, "2.5", "2")
    assert row["text"] == (
        "Främja ett stärkt skydd och stöd för barn som upplevt eller utsatts för våld."
    )
    assert hierarchy.activities_of(ds.plan, "1.4") == [
        "Nätverket Kvinnofrid Kronoberg",
        "En vecka fri från våld",
    ]


def test_unknown_and_mismatched_ids(ds):
    assert hierarchy.goal(ds.plan, "9") is None
    assert hierarchy.goal(ds.plan, None) is None
    assert hierarchy.subgoal(ds.plan, "1.9") is None
    assert hierarchy.subgoal(ds.plan, "1.1", "2") is None  # 1.1 is under goal 1
    assert hierarchy.subgoal(ds.plan, "1.1", "1") is not None
    assert hierarchy.subgoals_of(ds.plan, "9").empty
    assert hierarchy.activities_of(ds.plan, "9.9") == []


def test_every_indicator_points_at_existing_goal_and_subgoals(ds):
    goal_ids = set(hierarchy.goals(ds.plan)["id"])
    for _, ind in ds.indicators.iterrows():
        if ind["goal_id"]:
            assert ind["goal_id"] in goal_ids, ind["id"]
        for sub in ind["subgoal_ids"]:
            assert hierarchy.subgoal(ds.plan, sub) is not None, (ind["id"], sub)


def test_indicators_and_actors_for_subgoal(ds):
    ids = set(hierarchy.indicators_for_subgoal(ds, "2.3")["id"])
    assert {"samordnare", "krit_2_3", "krit_3_1"} <= ids
    assert "samordnare" in set(hierarchy.indicators_for_subgoal(ds, "1.4")["id"])
    assert hierarchy.indicators_for_subgoal(ds, "1.1").empty
    assert set(hierarchy.actors_for_subgoal(ds.plan, "2.5")["id"]) == {"barnahus", "resurscentrum"}
    assert hierarchy.actors_for_subgoal(ds.plan, "4.3").empty


def test_indicators_for_goal_include_goal_area_and_subgoal_links(ds):
    ids = list(hierarchy.indicators_for_goal(ds, "2")["id"])
    assert ids[0] == "sosfs_mal2"  # compliance first, criteria last
    assert "krit_3_1" in ids  # goal area 3, but measures delmål 2.3
    assert "samordnare" in hierarchy.indicators_for_goal(ds, "1")["id"].tolist()


def test_goal_status_summarises_indicators(ds):
    year = hierarchy.latest_year(ds)
    status = hierarchy.goal_status(ds, "2", year)
    assert 0 <= status.compliance <= 100
    assert status.compliance_text.endswith("%")
    coordinator = next(line for line in status.lines if line.indicator_id == "samordnare")
    assert "av 8 kommuner" in coordinator.value
    assert status.indicator_count >= 5
    for goal_id in "1234":
        assert not math.isnan(hierarchy.goal_status(ds, goal_id, year).compliance)


def test_disclosure_control_hides_small_counts(ds):
    year = hierarchy.latest_year(ds)
    frame = hierarchy.picture(ds, "skyddat_boende_placeringar", year)
    raw = ds.values[(ds.values["indicator_id"] == "skyddat_boende_placeringar")
                    & (ds.values["year"] == year)].set_index("municipality_code")["score"]  # fmt: skip
    small = frame["code"].map(raw) < domain.suppression_threshold()
    assert small.any()  # the example data has small counts, so the rule is exercised
    assert (frame.loc[small, "shown_label"] == domain.suppressed_label()).all()
    assert frame.loc[small, "shown_score"].isna().all()
    assert not frame.loc[~small, "shown_label"].eq(domain.suppressed_label()).any()


def test_export_frame_covers_all_subgoals(ds):
    frame = hierarchy.hierarchy_frame(ds)
    assert list(frame.columns) == hierarchy.EXPORT_COLUMNS
    assert sorted(frame["Delmål"].unique(), key=SUBGOAL_IDS.index) == SUBGOAL_IDS
    assert {"Aktivitet", "Uppföljning", "Indikator"} <= set(frame["Typ"])
    for sub in SUBGOAL_IDS:
        kinds = set(frame[frame["Delmål"] == sub]["Typ"])
        assert {"Aktivitet", "Uppföljning"} <= kinds, sub
    text = frame[frame["Delmål"] == "2.5"]["Delmålets text"].iloc[0]
    assert text == hierarchy.subgoal(ds.plan, "2.5")["text"]


def test_export_builder_is_registered_and_renders(ds, app):
    # the app fixture imports the pages, which register the export builders
    from dashboard.ui import export

    assert "strategi" in export.views()
    body, mimetype, filename = export.render("strategi", "csv", {})
    assert mimetype.startswith("text/csv") and filename.endswith(".csv")
    text = body.decode("utf-8-sig")
    assert "EXEMPELDATA" not in text
    assert all(f";{sub};" in text for sub in SUBGOAL_IDS)


def test_hierarchy_figure_has_all_subgoals(ds):
    figure = hierarchy_figure(hierarchy.goals(ds.plan), ds.plan.subgoals)
    trace = figure.data[0]
    assert figure.layout.template.layout.font.family  # the kvinnofrid template
    ids = list(trace.ids)
    assert [i for i in ids if i.startswith("delmal-")] == [f"delmal-{s}" for s in SUBGOAL_IDS]
    assert [i for i in ids if i.endswith("-namn")] == [f"mal-{g}-namn" for g in "1234"]
    assert len(ids) == 4 + 4 + 16  # goal groups, goal title rows, delmål rows
    assert "/strategi/2/2.5" in list(trace.customdata)


def test_indicator_bars_one_bar_per_municipality(county):
    """Strategi's bars (SVG from the server): every municipality named, every value written
    out in a colour that contrasts with what it is written on, missing values without a bar;
    for an indicator of each type in the catalogue, on eight municipalities and on 49."""
    import xml.etree.ElementTree as ET

    from dashboard import domain
    from dashboard.charts import MISSING_COLOR, TEXT_COLOR, text_color_on
    from dashboard.charts.svg_bars import indicator_bars_svg

    ns = "{http://www.w3.org/2000/svg}"
    ds = county
    year = hierarchy.latest_year(ds)
    for indicator_id in ds.indicators.groupby("type", sort=False)["id"].first():
        ind = domain.indicator(ds, indicator_id)
        frame = hierarchy.picture(ds, indicator_id, year)
        frame.loc[frame.index[0], ["raw", "shown_label", "shown_score"]] = [
            "",
            "Uppgift <saknas>",
            math.nan,
        ]
        categorical = domain.is_categorical(ind)
        mean = domain.county_mean(frame) if ind["type"] == "andel" else None
        root = ET.fromstring(indicator_bars_svg(
            frame, label=ind["name"], categorical=categorical,
            levels=domain.scale_levels(ds, ind["scale"]) if categorical else None,
            scale=ind["scale"], value_range=(0, 100) if ind["type"] == "andel" else None,
            county_mean=mean,
        ))  # fmt: skip
        bars = [g for g in root.findall(f"{ns}g") if g.get("class") != "legend-item"]
        assert len(bars) == len(ds.municipalities)
        titles = [g.find(f"{ns}title").text for g in bars]
        assert titles == [
            f"{n}: {t}" for n, t in zip(frame["name"], frame["shown_label"], strict=True)
        ]
        for bar, label in zip(bars, frame["shown_label"], strict=True):
            text = bar.find(f"{ns}text")
            assert text.text == label  # every value is written out
            rect = bar.find(f"{ns}rect")
            if label == "Uppgift <saknas>":
                assert rect is None or rect.get("fill") == MISSING_COLOR
            inside = text.get("text-anchor") == "end"
            assert text.get("fill") == (text_color_on(rect.get("fill")) if inside else TEXT_COLOR)
        assert (root.find(f"{ns}line[@class='county-mean']") is not None) == (
            mean is not None and not math.isnan(mean)
        )
