"""Command line.

python -m dashboard [--host H] [--port P] [--debug]      serve the app
python -m dashboard import FIL [--year N] [--source …] [--dry-run]
python -m dashboard import --mall [--year N] [--ut KATALOG]
python -m dashboard import --undo
python -m dashboard import --vad aktiviteter|lokala-planer|processtod|bedomningar FIL|--undo
python -m dashboard nytt-lan LÄNSKOD MAPP     another county's data folder (README)
python -m dashboard konto skapa|lista|inaktivera|aktivera|losenord …   admin accounts
python -m dashboard export|versioner|db …      versions in the store (cli_store.py)

`python -m dashboard` serves with Flask's development server, for development; the service
runs under gunicorn as the Procfile says (scripts/run.sh, README's Quick start).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from dashboard import cli_store
from dashboard.config import get_settings
from dashboard.data.store.db import StoreError


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "import":
        return import_main(argv[1:])
    if argv and argv[0] == NEW_COUNTY:
        return new_county_main(argv[1:])
    if argv and argv[0] == "konto":
        from dashboard.web.admin.accounts import cli

        return cli(argv[1:])
    if argv and argv[0] in STORE_COMMANDS:
        return STORE_COMMANDS[argv[0]](argv[1:])
    settings = get_settings()
    parser = argparse.ArgumentParser(
        prog="python -m dashboard",
        description="Starta instrumentpanelen (utvecklingsserver). Läsa in årets uppgifter: "
        f"python -m dashboard import --help. Ett annat län: python -m dashboard {NEW_COUNTY} "
        "--help",
    )
    parser.add_argument("--host", default=settings.host, help="adress (DASHBOARD_HOST)")
    parser.add_argument("--port", type=int, default=settings.port, help="port (DASHBOARD_PORT)")
    parser.add_argument("--debug", action="store_true", default=settings.debug,
                        help="Dash-felsökningsläge, aldrig i drift (DASHBOARD_DEBUG)")  # fmt: skip
    args = parser.parse_args(argv)
    from dashboard.web import prewarm
    from dashboard.web.app import create_app
    from dashboard.web.page_contract import PageContractError

    try:
        app = create_app(settings)
    except PageContractError as refused:  # a page the app cannot serve right: say which
        print(refused, file=sys.stderr)
        return 2
    print("Förbereder sidorna …  (DASHBOARD_PREWARM=0 hoppar över det)")
    prewarm.warm(app.server)  # Dash's setup and the caches, as gunicorn's master does
    from dashboard.data.loader import follow_published_version

    follow_published_version()  # new versions appear without a restart, as under gunicorn
    print(f"Instrumentpanelen körs på http://{args.host}:{args.port}/  (avsluta med Ctrl+C)")
    app.run(host=args.host, port=args.port, debug=args.debug, dev_tools_ui=args.debug)
    return 0


def _import_parser() -> argparse.ArgumentParser:
    """The arguments of `python -m dashboard import`, with Swedish help."""
    parser = argparse.ArgumentParser(
        prog="python -m dashboard import",
        description="Läs in årets uppföljning (Excel .xlsx eller CSV) till data/varden.csv. "
        "Allt kontrolleras innan något skrivs; föregående version sparas i data/.historik/.",
    )
    parser.add_argument("fil", nargs="?", type=Path, help="filen att läsa in (.xlsx eller .csv)")
    parser.add_argument("--year", type=int, help="året, om filen inte har kolumnen ar")
    parser.add_argument("--source", help="källa för rader utan egen källa i kolumnen kalla")
    parser.add_argument("--dry-run", action="store_true",
                        help="visa vad som skulle ändras, utan att skriva något")  # fmt: skip
    parser.add_argument("--undo", action="store_true",
                        help="återställ versionen före den senaste inläsningen")  # fmt: skip
    parser.add_argument("--mall", action="store_true",
                        help="skriv mallarna (uppfoljning-mall.xlsx och .csv)")  # fmt: skip
    parser.add_argument("--ut", type=Path, help="katalog för mallarna (standard data/templates)")
    parser.add_argument("--vad", choices=["varden", "aktiviteter", "lokala-planer", "processtod",
                                         "bedomningar"],
                        default="varden",
                        help="vilken fil: årets värden (standard), Länsstyrelsens aktiviteter, "
                        "de lokala handlingsplanerna, Länsstyrelsens processtöd eller "
                        "Länsstyrelsens bedömningar")  # fmt: skip
    return parser


def import_main(argv: list[str]) -> int:
    """`python -m dashboard import …`: 0 when done, 1 when the file or the data has errors."""
    from dashboard.data import importer
    from dashboard.data.loader import DataError, load_dataset

    parser = _import_parser()
    args = parser.parse_args(argv)
    if sum(bool(x) for x in (args.fil, args.undo, args.mall)) != 1:
        parser.error("ange en fil att läsa in, eller --mall, eller --undo.")
    settings = get_settings()
    if args.vad != "varden" and not args.mall:
        return practice_main(args)
    try:
        if args.undo:
            restored = cli_store.into_version("Ångrad inläsning av varden.csv (kommandoraden)",
                                              lambda: importer.undo(settings.data_dir))  # fmt: skip
            print(f"Återställde data/varden.csv från {restored.name}. Den ångrade versionen "
                  "ligger kvar i data/.historik/ (angrad-*.csv).")  # fmt: skip
            return 0
        if args.mall:
            from dashboard.data.new_county import write_templates

            ds = load_dataset(settings.data_dir, settings.geo_dir)
            for path in write_templates(ds, args.ut or settings.data_dir / "templates", args.year):
                print(f"Skrev {path}")
            return 0
        started = time.perf_counter()

        def run() -> importer.Result:
            return importer.run_import(args.fil, data_dir=settings.data_dir,
                                       geo_dir=settings.geo_dir, year=args.year,
                                       source=args.source, dry_run=args.dry_run)  # fmt: skip

        source = f"Fil: {Path(args.fil).name} (kommandoraden)"
        result = run() if args.dry_run else cli_store.into_version(source, run)
        elapsed = time.perf_counter() - started
    except importer.ImportFailed as failed:
        print(failed.report(), file=sys.stderr)
        return 1
    except DataError as error:  # also WriteFailed: data/ read-only or the disk full
        print(f"Fel: {error}", file=sys.stderr)
        return 1
    except OSError as error:  # e.g. the templates' folder cannot be written
        print(f"Fel: {importer.describe_os_error(error)}", file=sys.stderr)
        return 1
    except StoreError as error:  # the database: unreachable, or changed on both sides
        print(f"Fel: {error}", file=sys.stderr)
        return 1
    print(result.summary)
    if args.dry_run:
        print("Provkörning (--dry-run): inget skrevs.")
    elif not result.written:
        print("Inget att ändra: alla värden fanns redan.")
    else:
        print(f"Klart på {elapsed:.1f} s. Föregående version: data/.historik/{result.backup.name}."
              "\nÅngra med: python -m dashboard import --undo")  # fmt: skip
    return 0


NEW_COUNTY = "nytt-lan"
STORE_COMMANDS = {"export": cli_store.export_main, "versioner": cli_store.versions_main,
                  "db": cli_store.db_main}  # fmt: skip


def new_county_main(argv: list[str]) -> int:
    """`python -m dashboard nytt-lan 12 MAPP`: 0 when the folder is written and loads, else 1."""
    parser = argparse.ArgumentParser(
        prog=f"python -m dashboard {NEW_COUNTY}",
        description="Skapa en datamapp för ett annat län ur dess länskod: kartan och kommunerna "
        "(ur Sveriges kommungränser i geo/sverige/), den medföljande handlingsplanen "
        "(Kronobergs) och indikatorerna som utgångspunkt (märkta så) och exempelvärden "
        "(märkta som exempeldata). Inget hämtas från nätet.",
    )
    parser.add_argument("lanskod", help="länets tvåsiffriga kod, t.ex. 12 (Skåne) eller 25")
    parser.add_argument("mapp", type=Path, help="ny (eller tom) mapp att skriva datan till")
    args = parser.parse_args(argv)
    import importlib.util

    from dashboard.data import new_county

    if importlib.util.find_spec("geopandas") is None:  # the `geo` extra builds the map
        print("Fel: geopandas saknas; kartan byggs med tillvalet geo. Installera det med: "
              ".venv/bin/pip install -c constraints.txt -e '.[geo]'", file=sys.stderr)  # fmt: skip
        return 1
    try:
        made = new_county.scaffold(args.lanskod, args.mapp)
    except new_county.ScaffoldError as error:
        print(f"Fel: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"Fel: {args.mapp} kunde inte skrivas ({error.strerror or error}).", file=sys.stderr)
        return 1
    print(
        f"Skrev {made.folder}: {made.county.name}, {made.municipalities} kommuner, karta och "
        f"{made.values} exempelvärden. Planen är {made.template.short_name}s, kopierad som "
        "utgångspunkt, och "
        "folkmängden är påhittad: se README.md i mappen.\n"
        f"Starta: DASHBOARD_DATA_DIR={made.folder} .venv/bin/python -m dashboard"
    )
    return 0


def practice_main(args: argparse.Namespace) -> int:
    """`import --vad aktiviteter|lokala-planer`: the file replaces the list (or --undo)."""
    from dashboard.data import importer, practice_import
    from dashboard.data.loader import DataError

    settings = get_settings()
    target = practice_import.TARGETS[args.vad]
    try:
        if args.undo:
            restored = cli_store.into_version(
                f"Ångrad inläsning av {target.file} (kommandoraden)",
                lambda: practice_import.undo(target, settings.data_dir))  # fmt: skip
            print(f"Återställde data/{target.file} från {restored.name}.")
            return 0

        def run() -> practice_import.PracticeResult:
            return practice_import.run_import(target, args.fil, data_dir=settings.data_dir,
                                              geo_dir=settings.geo_dir, dry_run=args.dry_run)  # fmt: skip

        source = f"Fil: {Path(args.fil).name}, {target.key} (kommandoraden)"
        result = run() if args.dry_run else cli_store.into_version(source, run)
    except importer.ImportFailed as failed:
        print(failed.report(), file=sys.stderr)
        return 1
    except DataError as error:
        print(f"Fel: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"Fel: {importer.describe_os_error(error)}", file=sys.stderr)
        return 1
    except StoreError as error:
        print(f"Fel: {error}", file=sys.stderr)
        return 1
    print(result.summary)
    if args.dry_run:
        print("Provkörning (--dry-run): inget skrevs.")
    elif result.written:
        print(
            f"Klart. Föregående version: data/.historik/{result.backup.name}.\nÅngra med: "
            f"python -m dashboard import --vad {target.key} --undo"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
