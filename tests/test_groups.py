"""Comparison groups from configuration and the area's wording (issue #21): size classes
from data/storleksklasser.csv, a published grouping from data/jamforelsegrupper.csv (its
source cited), the plan's three classes when neither exists; 'landet' for a national dataset."""

from __future__ import annotations

import pytest
from conftest import COUNTY_DATA

from dashboard.config import REPO_ROOT
from dashboard.data import groups
from dashboard.data.loader import DataError, load_dataset
from dashboard.domain import comparison

KRONOBERG = ["0760", "0761", "0763", "0764", "0765", "0767", "0780", "0781"]
SOURCE = "Testindelning (påhittad för testet)"


def load(data_dir):
    return load_dataset(data_dir, REPO_ROOT / "geo")


def write(path, text):
    path.write_text(text, encoding="utf-8-sig")


def test_without_a_file_the_plans_three_classes(data_dir):
    assert groups.load(data_dir, KRONOBERG) == groups.DEFAULT
    assert [b.label for b in groups.DEFAULT.bands] == [
        "under 15 000 invånare", "15 000–40 000 invånare", "över 40 000 invånare"]  # fmt: skip


def test_size_classes_from_the_file(data_dir):
    write(data_dir / "storleksklasser.csv", "fran_invanare;benamning\n0;under 10 000 invånare\n"
          "10 000;10 000–20 000 invånare\n20000;över 20 000 invånare\n")  # fmt: skip
    ds = load(data_dir)
    assert [b.low for b in ds.groups.bands] == [0, 10_000, 20_000]
    assert comparison.group_label(ds, "0761") == "under 10 000 invånare"  # Lessebo, 8 289
    assert comparison.group_label(ds, "0780") == "över 20 000 invånare"
    # Växjö and Ljungby are over 20 000: topped up with the nearest in size
    assert set(comparison.comparison_group(ds, "0780")) == {"0780", "0781", "0764"}
    assert "(under 10 000, 10 000–20 000 eller över 20 000 invånare)" in comparison.group_rule(ds)
    assert comparison.group_sentence(ds, "0780").startswith(
        "Växjö hör till kommunerna med över 20 000 invånare; de är färre än tre"
    )
    assert ds.fingerprint != load_dataset(COUNTY_DATA, REPO_ROOT / "geo").fingerprint


def test_a_published_grouping_with_its_source(data_dir):
    rows = [f"{c};{'Landsbygdskommun' if c not in ('0780', '0764', '0765') else 'Större stad'};"
            f"{SOURCE}" for c in KRONOBERG]  # fmt: skip
    write(data_dir / "jamforelsegrupper.csv",
          "kommunkod;grupp;kalla\n" + "\n".join(rows) + f"\n1480;Storstad;{SOURCE}\n")  # fmt: skip
    ds = load(data_dir)
    assert ds.groups.is_grouping and ds.groups.source == SOURCE
    assert comparison.group_label(ds, "0780") == "Större stad"
    assert set(comparison.comparison_group(ds, "0780")) == {"0780", "0764", "0765"}
    assert len(comparison.comparison_group(ds, "0761")) == 5  # the rural five
    assert comparison.similar_phrase(ds) == "kommuner i samma kommungrupp"
    assert SOURCE in comparison.group_rule(ds)
    assert comparison.group_sentence(ds, "0780") == (
        "Växjö hör till kommungruppen Större stad och jämförs med Alvesta och Älmhult."
    )


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"storleksklasser.csv": "fran_invanare;benamning\n0;små\n0;stora\n"},
         "data/storleksklasser.csv, rad 3, kolumn ”fran_invanare”: klasserna ska stå i växande"),
        ({"storleksklasser.csv": "fran_invanare;benamning\n100;små\n"},
         "rad 2, kolumn ”fran_invanare”: den första klassen ska börja på 0"),
        ({"storleksklasser.csv": "fran_invanare;benamning\n0;små\ntiotusen;stora\n"},
         "”tiotusen” ska vara ett helt antal invånare"),
        ({"storleksklasser.csv": "fran_invanare;benamning\n0;\n"}, "rad 2, kolumn ”benamning”: värde saknas"),
        ({"jamforelsegrupper.csv": "kommunkod;grupp;kalla\n0760;A;K\n"},
         "kommunerna 0761, 0763, 0764, 0765, 0767, 0780, 0781 saknas"),
        ({"jamforelsegrupper.csv": "kommunkod;grupp\n0760;A\n"}, "”kalla” saknas i rubrikraden"),
        ({"storleksklasser.csv": "fran_invanare;benamning\n0;alla\n",
          "jamforelsegrupper.csv": "kommunkod;grupp;kalla\n"},
         "både jamforelsegrupper.csv och storleksklasser.csv finns"),
    ],
)  # fmt: skip
def test_a_bad_configuration_is_named_in_swedish(data_dir, files, message):
    for name, text in files.items():
        write(data_dir / name, text)
    with pytest.raises(DataError) as error:
        load(data_dir)
    assert message in str(error.value)


def test_a_national_dataset_says_landet(data_dir):
    write(data_dir / "lan.csv", "lanskod;lan;organisation;kortnamn;omrade\n"
          "07;Kronobergs län;Länsstyrelsen i Kronobergs län;Kronoberg;land\n")  # fmt: skip
    ds = load(data_dir)
    assert (ds.county.area, ds.county.words.its, ds.county.words.Mean) == (
        "landet",
        "landets",
        "Rikssnitt",
    )
    assert comparison.group_options(ds)["alla"] == "alla kommuner i landet"
    from dashboard.domain import presenter

    slides = presenter.deck_slides(ds, presenter.resolve_deck(ds, {"bild": "2"}))
    assert slides[1].title.startswith("Landet i korthet")
    write(data_dir / "lan.csv", "lanskod;lan;organisation;kortnamn;omrade\n"
          "07;Kronobergs län;Länsstyrelsen;Kronoberg;kontinent\n")  # fmt: skip
    with pytest.raises(DataError, match="omrade ska vara lan eller land"):
        load(data_dir)


def test_the_about_page_states_the_configured_rule_and_source(data_dir, monkeypatch, dash_app):
    from dashboard.data.loader import clear_cache
    from dashboard.pages import om

    rows = "".join(f"{c};{'A' if c < '0770' else 'B'};{SOURCE}\n" for c in KRONOBERG)
    write(data_dir / "jamforelsegrupper.csv", "kommunkod;grupp;kalla\n" + rows)
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(data_dir))
    clear_cache()
    try:
        about = om.layout().html
        assert "Jämförelser mellan kommuner" in about and SOURCE in about
        assert "Kommuner i samma kommungrupp" in about
    finally:
        monkeypatch.delenv("DASHBOARD_DATA_DIR")
        clear_cache()
