"""Write the HTML of every page (and the variants that show other markup) to a folder, for
PurgeCSS to read which Bootstrap classes the app uses (scripts/build-css.sh).

The server's first-paint HTML (dashboard/ui/static_html.py) is the markup React draws, so no
browser is needed. Run from the repository with the app's virtual environment.
"""

from __future__ import annotations

import sys
from pathlib import Path

from dashboard.web import prewarm
from dashboard.web.app import create_app

app = create_app()
prewarm.first_request(app.server)

PAGES = [
    "/", "/?indikator=suv_status", "/?indikator=samordnare_antal&ar=2020",
    "/jamfor", "/jamfor?min=0780&grupp=storlek", "/jamfor?min=0760&grupp=storlek&indikator=suv",
    "/kommun", "/kommun/0780", "/kommun/0761?ar=2019", "/kommun/0764?indikator=suv",
    "/strategi", "/strategi/1", "/strategi/2", "/strategi/2/2.5", "/strategi/4/4.1",
    "/strategi/sammanhang", "/om", "/presentera", "/finns-inte",
    *(f"/presentera?kommun=0780&indikatorer=samordnare,suv_status&bild={n}" for n in range(1, 13)),
]  # fmt: skip


def main(folder: str) -> None:
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    client = app.server.test_client()
    for number, path in enumerate(PAGES):
        response = client.get(path)
        (out / f"page{number:02d}.html").write_bytes(response.get_data())
    print(f"{len(PAGES)} pages written to {out}")


if __name__ == "__main__":
    main(sys.argv[1])
