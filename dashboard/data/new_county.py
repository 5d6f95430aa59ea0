"""Another county's data folder from its county code: `python -m dashboard nytt-lan 12 MAPP`.

The folder is complete, so ``DASHBOARD_DATA_DIR=MAPP python -m dashboard`` serves that county
at once (its map is in ``MAPP/geo/``, where dashboard.config looks for it):

- ``lan.csv``, ``kommuner.csv``: the county and its municipalities (codes and names) from
  Sweden's boundaries in the repository (geo/sverige/); the populations are made up and say
  so where the pages show them (``folkmangd_datum``), until SCB's figures are entered;
- ``geo/kommuner.geojson``: the county's map, built and checked by geo_build;
- ``plan/``, ``indikatorer.csv``, ``skalor.csv``, ``riksreferens.csv``: Kronoberg's plan
  (goals, delmål, activities, indicators) and Sweden's reference values, copied as a starting
  point. The plan says so in the texts the pages show (its title, source and purpose) and in
  ``plan/dokument.csv``'s key ``utgangspunkt``;
- ``varden.csv``, the activities and the local plans: example_data's flagged example values;
- ``templates/``: the import templates for these municipalities;
- ``README.md``: what in the folder is a starting point or made up, and what to replace.

Nothing is fetched over the network. The folder is written beside its final name and moved
into place only once it loads, so a failed run leaves nothing behind.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from dashboard.data.loader import County, DataError, Dataset, load_dataset

REPO = Path(__file__).resolve().parents[2]
NATIONAL_DIR = REPO / "geo" / "sverige"
COUNTIES_FILE = NATIONAL_DIR / "lan.csv"
TEMPLATE_DIR = REPO / "data"  # the shipped data: Kronoberg's plan, the indicator catalogue

# Copied unchanged: the indicator catalogue, its scales and Sweden's reference values hold
# nothing of Kronoberg's but the delmål ids, which the copied plan has too.
COPIED_FILES = ("indikatorer.csv", "skalor.csv", "riksreferens.csv")
MADE_UP_POPULATION = "påhittad folkmängd, inte SCB:s – exempeldata"
POPULATION_SOURCE = (
    "Exempeldata: påhittad folkmängd (python -m dashboard nytt-lan). Ersätt med SCB:s "
    "Folkmängd i riket, län och kommuner."
)


class ScaffoldError(Exception):
    """The folder cannot be made; the message is Swedish and says why."""


@dataclass(frozen=True)
class Scaffolded:
    folder: Path
    county: County
    template: County  # whose plan was copied as the starting point
    municipalities: int
    values: int


def _read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f, delimiter=";"))


def _write_csv(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=header, delimiter=";", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def counties(path: Path = COUNTIES_FILE) -> dict[str, County]:
    """Sweden's 21 counties by code (geo/sverige/lan.csv)."""
    return {
        r["lanskod"]: County(r["lanskod"], r["lan"], r["organisation"], r["kortnamn"])
        for r in _read_csv(path)
    }


def county_for(code: str, path: Path = COUNTIES_FILE) -> County:
    """The county with this two-digit code ("7" is read as "07"), or ScaffoldError."""
    known = counties(path)
    text = str(code).strip()
    if re.fullmatch(r"\d{1,2}", text) and text.zfill(2) in known:
        return known[text.zfill(2)]
    listing = ", ".join(f"{c.code} {c.name}" for c in known.values())
    raise ScaffoldError(f"Okänd länskod ”{text}”. Sveriges länskoder: {listing}.")


def municipalities(county: County, source: Path) -> list[tuple[str, str]]:
    """(code, name) of the county's municipalities in Sweden's boundaries, by code."""
    features = json.loads(source.read_text(encoding="utf-8"))["features"]
    found = sorted(
        (str(f["properties"]["id"]), str(f["properties"]["kom_namn"]))
        for f in features
        if str(f["properties"]["lan_code"]).zfill(2) == county.code
    )
    if not found:
        raise ScaffoldError(f"{source} har inga kommuner med länskod {county.code}.")
    return found


def _write_county(folder: Path, county: County, munis: list[tuple[str, str]]) -> None:
    _write_csv(folder / "lan.csv", ["lanskod", "lan", "organisation", "kortnamn", "omrade"],
               [{"lanskod": county.code, "lan": county.name, "organisation": county.organisation,
                 "kortnamn": county.short_name, "omrade": "lan"}])  # fmt: skip
    # Made up, seeded by the county so that a second run writes the same folder; the pages
    # show folkmangd_datum beside the population, so the mark is where the number is.
    rng = random.Random(int(county.code))
    _write_csv(
        folder / "kommuner.csv",
        ["kommunkod", "kommun", "lanskod", "folkmangd", "folkmangd_datum", "kalla"],
        [{"kommunkod": code, "kommun": name, "lanskod": county.code,
          "folkmangd": str(rng.randint(3_000, 120_000)), "folkmangd_datum": MADE_UP_POPULATION,
          "kalla": POPULATION_SOURCE} for code, name in munis],
    )  # fmt: skip


def _mark_plan(plan_dir: Path, county: County, template: County) -> None:
    """The copied plan says what it is wherever the pages quote it: its title (Presentera),
    its source (every page's source line, Om data) and its purpose (Strategi)."""
    path = plan_dir / "dokument.csv"
    rows = _read_csv(path)
    origin = f"{template.organisation}s handlingsplan"
    prefix = {
        "titel": f"Utgångspunkt, inte {county.name}s plan: ",
        "kalla": f"Utgångspunkt för {county.name}, inte länets egen plan: ",
        "syfte": (
            f"Utgångspunkt: det här är {origin}, kopierad som utgångspunkt för "
            f"{county.organisation}. Ersätt filerna i plan/ med länets egen plan. "
        ),  # fmt: skip
    }
    for row in rows:
        row["text"] = prefix.get(row["nyckel"], "") + row["text"]
    rows.append({"nyckel": "utgangspunkt",
                 "text": f"{template.name} ({template.code}): planen är {origin}, kopierad av "
                 "python -m dashboard nytt-lan, inte länets egen."})  # fmt: skip
    _write_csv(path, ["nyckel", "text"], rows)
    readme = plan_dir / "README.md"
    readme.write_text(
        f"> **Utgångspunkt, inte {county.name}s plan.** Filerna i den här mappen är {origin}, "
        "kopierad av `python -m dashboard nytt-lan` som en början. Ersätt texterna med länets "
        "egen plan (id:n kan behållas eller bytas; `indikatorer.csv` pekar på delmålens id) "
        "och ta bort raden `utgangspunkt` och inledningarna ”Utgångspunkt…” i `dokument.csv`."
        "\n\n" + readme.read_text(encoding="utf-8"),
        encoding="utf-8",
    )


def _example_values(folder: Path) -> int:
    """example_data's flagged values, activities and local plans for the folder. It draws
    two SUV municipalities, so a county of one (Gotland) is generated with a made-up
    neighbour whose rows are then dropped."""
    from dashboard.data import example_data

    munis = _read_csv(folder / "kommuner.csv")
    work = folder
    if len(munis) < 2:
        work = folder / ".exempel"
        shutil.copytree(folder / "plan", work / "plan")
        shutil.copy(folder / "lan.csv", work / "lan.csv")
        extra = {**munis[0], "kommunkod": "9999", "kommun": "Påhittad granne"}
        _write_csv(work / "kommuner.csv", list(munis[0]), [*munis, extra])
    with contextlib.redirect_stdout(io.StringIO()):
        example_data.main(["--data-dir", str(work)])
    if work != folder:
        for name in example_data.EXAMPLE_FILES:
            rows = _read_csv(work / name)
            if not rows:
                continue
            kept = [r for r in rows if r.get("kommunkod", r.get("aktor")) != "9999"]
            for row in kept:  # the made-up neighbour in a list cell goes too (an activity's
                # reach "9999:12", an assessment's local plans "9999")
                for column in ("nadda", "lokala_planer"):
                    if row.get(column):
                        row[column] = ", ".join(
                            part for part in row[column].split(", ")
                            if part != "9999" and not part.startswith("9999:"))  # fmt: skip
            _write_csv(folder / name, list(rows[0]), kept)
        shutil.rmtree(work)
    return len(_read_csv(folder / "varden.csv"))


def _write_readme(folder: Path, county: County, template: County, count: int) -> None:
    from dashboard.data import example_data

    (folder / "README.md").write_text(
        f"""# {county.name} – data för uppföljningen (utgångspunkt)

Gjord med `python -m dashboard nytt-lan {county.code} …` ur {template.short_name}s data. Starta tjänsten
på den här mappen:

```bash
DASHBOARD_DATA_DIR={folder} .venv/bin/python -m dashboard
```

Vad som är vad:

| fil | innehåll | gör så här |
| --- | --- | --- |
| `lan.csv` | länet | klar |
| `kommuner.csv` | länets {count} kommuner (koder och namn ur `geo/sverige/`) | **folkmängden är påhittad**: skriv in SCB:s folkmängd, datum (`folkmangd_datum`) och källa |
| `geo/kommuner.geojson` | kartan, byggd ur `geo/sverige/kommuner.geojson` | klar |
| `plan/` | **{template.organisation}s handlingsplan, kopierad som utgångspunkt** | ersätt med länets egen plan (se `plan/README.md`) |
| `indikatorer.csv`, `skalor.csv` | indikatorerna ur {template.short_name}s plan | behåll, ändra eller lägg till |
| `riksreferens.csv` | riksvärden ur Öppna jämförelser | klar |
| {", ".join(f"`{name}`" for name in example_data.EXAMPLE_FILES)} | **exempeldata** (`exempeldata = ja`) | läs in verkliga uppgifter (`python -m dashboard import`, README) |
| `templates/` | mallar för inläsningen, med länets kommuner | fyll i och läs in |

Tjänsten visar att värdena är exempeldata (rutan överst på varje sida) och att planen är en
utgångspunkt (i planens titel, källa och syfte).
""",
        encoding="utf-8",
    )


def scaffold(code: str, folder: Path, *, source: Path | None = None,
             template_dir: Path = TEMPLATE_DIR) -> Scaffolded:  # fmt: skip
    """Write the data folder for county `code` to `folder` (new, or an empty folder).
    Raises ScaffoldError (Swedish) for an unknown code, a folder in use or a failed check."""
    from dashboard.data import geo_build

    county = county_for(code)
    source = Path(source) if source else geo_build.NATIONAL
    folder = Path(folder).expanduser().resolve()
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise ScaffoldError(f"{folder} finns redan och är inte en tom mapp; välj en ny mapp.")
    if not source.is_file():
        raise ScaffoldError(f"Sveriges kommungränser saknas: {source}.")
    row = _read_csv(template_dir / "lan.csv")[0]
    template_county = County(row["lanskod"], row["lan"], row["organisation"], row["kortnamn"])
    munis = municipalities(county, source)
    work = folder.with_name(f".{folder.name}.tmp-{os.getpid()}")
    shutil.rmtree(work, ignore_errors=True)
    try:
        work.mkdir(parents=True)
        _write_county(work, county, munis)
        shutil.copytree(template_dir / "plan", work / "plan")
        _mark_plan(work / "plan", county, template_county)
        for name in COPIED_FILES:
            shutil.copy(template_dir / name, work / name)
        try:
            geo_build.build(source, county.code, work, work / "geo" / "kommuner.geojson")
        except SystemExit as failed:  # geo_build's Swedish message
            raise ScaffoldError(str(failed)) from None
        values = _example_values(work)
        # Loaded as the service will load it: a folder that does not load is not handed over.
        write_templates(load_dataset(work, work / "geo"), work / "templates")
        _write_readme(work, county, template_county, len(munis))
        if folder.exists():
            folder.rmdir()
        os.replace(work, folder)
    except DataError as error:
        raise ScaffoldError(f"Den nya mappen kunde inte läsas: {error}") from error
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return Scaffolded(folder, county, template_county, len(munis), values)


def write_templates(ds: Dataset, out: Path, year: int | None = None) -> list[Path]:
    """The import templates (`python -m dashboard import --mall`, and each new folder)."""
    from dashboard.data import importer, practice_import

    year = year or importer.default_template_year(ds)
    return [*importer.write_templates(ds, year, out), *practice_import.write_templates(ds, out)]
