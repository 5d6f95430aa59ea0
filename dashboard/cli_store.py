"""The command line's part in the store: imports become versions, and versions become
files again.

python -m dashboard export [--version N] [--ut MAPP]   a version as the data folder's files
python -m dashboard versioner                          the versions, newest first
python -m dashboard db upgrade                         the database to the newest schema
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from dashboard.config import get_settings

T = TypeVar("T")


def into_version(source: str, write: Callable[[], T]) -> T:
    """Run an import that writes the data folder, as a version: the folder is first the
    published version, and what the import wrote is published (store/live.py)."""
    from dashboard.data import import_write
    from dashboard.data.loader import check_files
    from dashboard.data.store import live

    settings = get_settings()
    # One import at a time per data folder from the version it starts from to the publish:
    # a second waits, then starts from the first one's version.
    with import_write.lock(settings.data_dir):
        base = live.prepare_files(settings, check_files)
        result = write()
        info = live.publish_files(settings, base, source)
    if info is not None:
        print(f"Publicerad som version {info.id}. Tjänsten visar den inom "
              f"{settings.version_poll_seconds + 5:.0f} sekunder, utan omstart.")  # fmt: skip
    return result


def export_main(argv: list[str]) -> int:
    from dashboard.data.store import versions
    from dashboard.data.store.db import StoreError

    parser = argparse.ArgumentParser(
        prog="python -m dashboard export",
        description="Skriv en version av uppgifterna som filer (samma format som data/).",
    )
    parser.add_argument("--version", type=int, help="versionens nummer (standard: den publicerade)")
    parser.add_argument("--ut", type=Path, help="mappen att skriva till (standard: datamappen; "
                        "det som ersätts sparas i .historik/)")  # fmt: skip
    args = parser.parse_args(argv)
    settings = get_settings()
    url = settings.database_url
    try:
        number = args.version or versions.head_id(url)
        if not number or versions.get(url, number) is None:
            raise StoreError(f"version {args.version or ''} finns inte.".replace("  ", " "))
        target = args.ut or settings.data_dir
        if args.ut:
            target.mkdir(parents=True, exist_ok=True)
        backup = versions.export(url, number, target, time.strftime("%Y%m%d-%H%M%S"))
    except (StoreError, OSError) as error:
        print(f"Fel: {error}", file=sys.stderr)
        return 1
    print(f"Version {number} skrevs till {target}."
          + (f" Det som ersattes ligger i {backup}." if backup else ""))  # fmt: skip
    return 0


def versions_main(argv: list[str]) -> int:
    from dashboard.data.store import versions

    argparse.ArgumentParser(prog="python -m dashboard versioner",
                            description="Visa versionerna, den nyaste först.").parse_args(argv)  # fmt: skip
    for info in versions.history(get_settings().database_url):
        when = info.created_at.astimezone().strftime("%Y-%m-%d %H:%M")
        print(f"{info.id:>5}  {when}  {info.created_by}  {info.source}\n       {info.summary}")
    return 0


def db_main(argv: list[str]) -> int:
    from dashboard.data.store import db

    parser = argparse.ArgumentParser(prog="python -m dashboard db",
                                     description="Databasens schema (Alembic).")  # fmt: skip
    parser.add_argument("atgard", choices=["upgrade", "version"])
    args = parser.parse_args(argv)
    url = get_settings().database_url
    if args.atgard == "upgrade":
        db.upgrade(url)
        print(f"Databasen har det nyaste schemat ({db.head_revision()}).")
    else:
        with db.engine(url).connect() as conn:
            print(db.current_revision(conn) or "tom databas")
    return 0
