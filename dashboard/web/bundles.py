"""One CSS and one JS file from the small files in assets/, built at start-up.

Dash would load each file in assets/ as its own request (a dozen small files); concatenated
in Dash's own order (sorted paths) they are two. The plotly bundle stays a file of its own:
it is large and changes rarely, so the browser caches it separately. All three are served
under content-hashed names (app.py), so browsers keep them without asking again.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

PLOTLY = "00_plotly-dashboard.min.js"  # the partial plotly.js bundle (scripts/build-plotly.sh)
# Dash loads no CSS or JS from assets/ itself: all of it is served as the bundles below.
ASSETS_IGNORE = r".*\.(css|js)$"


@dataclass(frozen=True)
class Bundle:
    name: str  # e.g. app.3f2a9c1e.css: the hash changes when any part changes
    body: bytes
    mimetype: str


def _parts(assets_dir: Path, suffix: str) -> list[Path]:
    files = sorted(p for p in assets_dir.rglob(f"*{suffix}") if p.is_file())
    return [p for p in files if p.name != PLOTLY]


def build(assets_dir: Path, suffix: str) -> Bundle:
    chunks = []
    for path in _parts(assets_dir, suffix):
        text = path.read_text(encoding="utf-8")
        relative = path.relative_to(assets_dir).as_posix()
        chunks.append(f"/* {relative} */\n{text}\n" + (";\n" if suffix == ".js" else ""))
    body = "".join(chunks).encode("utf-8")
    digest = hashlib.sha256(body).hexdigest()[:10]
    mimetype = "text/css" if suffix == ".css" else "application/javascript"
    return Bundle(f"app.{digest}{suffix}", body, mimetype)


def plotly_bundle(assets_dir: Path) -> Bundle:
    body = (assets_dir / PLOTLY).read_bytes()
    digest = hashlib.sha256(body).hexdigest()[:10]
    return Bundle(f"plotly.{digest}.js", body, "application/javascript")
