"""One CSS and one JS file from the small files in assets/, built at start-up.

Dash would load each file in assets/ as its own request (a dozen small files); concatenated
in Dash's own order (sorted paths) they are two. The plotly bundle stays a file of its own:
it is large and changes rarely, so the browser caches it separately. All three are served
under content-hashed names (app.py), so browsers keep them without asking again.
"""

from __future__ import annotations

import hashlib
import re
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


# --- the scripts Dash puts on the page --------------------------------------------------------

# @babel/polyfill (core-js 2 for old browsers, 90 kB, ~100 ms of script time per page load):
# every browser the app supports has these built-ins. Dash's bundles only need the global
# regeneratorRuntime from it, which assets/01_regenerator-runtime.js provides.
POLYFILL_TAG = re.compile(r'<script src="[^"]*/deps/polyfill@[^"]*"></script>\n?')
# dash_table's bundle: Dash always adds it, the app has no DataTable.
DASH_TABLE_TAG = re.compile(r'<script src="[^"]*/dash_table/bundle[^"]*"></script>\n?')
# dcc loads dcc.Graph's code lazily, one round trip after the page's layout has arrived;
# loaded with the other scripts it is there when the first chart is drawn. Same version
# fingerprint as the dcc bundle, so the browser caches it for good.
DCC_TAG = re.compile(r'<script src="([^"]*/dcc/)dash_core_components(\.v[\w]+\.js)"></script>')


# Every script file deferred: the browser shows the page's HTML (first_view) as soon as the
# CSS is there, instead of after running ~1 MB of script; deferred scripts still run in
# order, and Dash's start (renderer_start) waits for them.
SCRIPT_TAG = re.compile(r'<script src="([^"]+)"></script>')


def page_scripts(scripts: str) -> str:
    """Dash's script tags without the two unused bundles, plus dcc's graph chunk, all
    deferred. plotly.js is not among them: dcc.Graph loads it when a chart is first drawn
    (assets/03_app.js); the other charts are SVG from the server."""
    scripts = POLYFILL_TAG.sub("", scripts)
    scripts = DASH_TABLE_TAG.sub("", scripts)
    scripts = DCC_TAG.sub(
        lambda m: f'{m.group(0)}\n<script src="{m.group(1)}async-graph{m.group(2)}"></script>',
        scripts,
        count=1,
    )
    return SCRIPT_TAG.sub(r'<script src="\1" defer></script>', scripts)


def renderer_start(renderer: str) -> str:
    """Dash's inline start script, run once the deferred scripts have run (the inline
    script itself would run at once, before DashRenderer exists)."""
    body = renderer.removeprefix("var renderer = ")
    return f'document.addEventListener("DOMContentLoaded", function () {{ window.renderer = {body} }});'
