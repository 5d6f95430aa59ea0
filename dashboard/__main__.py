"""Command line: `python -m dashboard` serves the app (see --help)."""

from __future__ import annotations

import argparse
import sys

from dashboard.config import get_settings


def main(argv: list[str] | None = None) -> int:
    settings = get_settings()
    parser = argparse.ArgumentParser(
        prog="python -m dashboard", description="Starta instrumentpanelen (utvecklingsserver)."
    )
    parser.add_argument("--host", default=settings.host, help="adress (DASHBOARD_HOST)")
    parser.add_argument("--port", type=int, default=settings.port, help="port (DASHBOARD_PORT)")
    parser.add_argument("--debug", action="store_true", default=settings.debug,
                        help="Dash-felsökningsläge, aldrig i drift (DASHBOARD_DEBUG)")  # fmt: skip
    args = parser.parse_args(argv)
    from dashboard.app import app

    print(f"Instrumentpanelen körs på http://{args.host}:{args.port}/  (avsluta med Ctrl+C)")
    app.run(host=args.host, port=args.port, debug=args.debug, dev_tools_ui=args.debug)
    return 0


if __name__ == "__main__":
    sys.exit(main())
