"""Side by side: one speed mechanism of the web layer against the same build with it off.

    .venv/bin/python scripts/measure_mechanisms.py MECHANISM [runs]    # runs: default 5

MECHANISM is one of
  preview   the page as plain HTML in the index page (first_view.preview_html,
            ui/static_html.py), swapped out when React has drawn; off: Dash's
            "Sidan laddas …" until React draws
  referer   the _dash-layout response carrying the page already built
            (first_view.referring_page / page_container); off: the empty page container,
            filled by Dash's router callback one round trip later
  bundles   the small CSS/JS files in assets/ as one content-hashed CSS and one JS bundle
            (web/bundles.py); off: Dash serves each asset file (the partial plotly file
            stays out of the pages either way)
  brotli    static files compressed once (brotli 11 / gzip 9) and kept in the one cache
            (web/serving.py); off: Flask-Compress compresses every response, per request,
            without a cache

Two gunicorn servers of the same build, each started as the Procfile's web line says
(tests/procfile_server.py; two workers, a cache directory of its own): "on" as is, "off"
with the mechanism turned off by a shim module on PYTHONPATH that patches the web layer
before create_server is imported. Every page is loaded once per server and setting first
(the caches warm), then per run, page and setting both servers are measured one after the
other, alternating which goes first, each load in a new browser context (cold HTTP cache):

  phone    412x823, CPU throttled 4x (CDP Emulation.setCPUThrottlingRate), network as
           Lighthouse's slow 4G (CDP Network.emulateNetworkConditions: 150 ms RTT,
           1.6 Mbit/s down, 750 kbit/s up)
  desktop  1366x768, no throttling

Per load: first contentful paint, largest contentful paint, "drawn" (the time from
navigation start until React has drawn the page: the preview is gone and Dash's page
content is there), bytes over the wire (CDP encodedDataLength) and requests until the
network has been idle for 0.5 s, and the total of long tasks (PerformanceObserver). Prints
medians and, per measure, in how many of the N pairs each side was lower; writes the raw
loads to benchmark-results/mechanism-MECHANISM.json. The machine's load average is printed
at start and end: pairs and alternation keep other load out of the comparison, not out of
the absolute figures.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
import procfile_server  # noqa: E402
from conftest import chromium_path  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

PAGES = ["/", "/jamfor", "/kommun/0780", "/strategi", "/om", "/presentera"]
APP_SPEC = "dashboard.web.app:create_server()"
SETTINGS = {
    "phone": {
        "context": {"viewport": {"width": 412, "height": 823}, "device_scale_factor": 1.75,
                    "is_mobile": True, "has_touch": True},
        "cpu": 4,
        # Lighthouse's simulated slow 4G: 150 ms RTT, 1 638.4 kbit/s down, 750 kbit/s up.
        "network": {"offline": False, "latency": 150, "downloadThroughput": 1638.4 * 1024 / 8,
                    "uploadThroughput": 750 * 1024 / 8},
    },
    "desktop": {"context": {"viewport": {"width": 1366, "height": 768}}, "cpu": 1,
                "network": None},
}  # fmt: skip

# Each shim turns one mechanism off, then imports the app factory unchanged.
SHIMS = {
    "preview": """
from dashboard.web import first_view
first_view.preview_html = lambda *args, **kwargs: ("", "")
""",
    "referer": """
from dashboard.web import first_view
first_view.referring_page = lambda *args, **kwargs: None
""",
    "bundles": """
import re
from dashboard.web import app as web_app, bundles
# Dash serves every CSS/JS file in assets/ itself, but the partial plotly file (loaded by
# dcc.Graph from the meta tag only where a chart is drawn).
bundles.ASSETS_IGNORE = re.escape(bundles.PLOTLY) + "$"
_init = web_app.DashboardApp.__init__
def _without_bundles(self, *args, **kwargs):
    for key in ("external_stylesheets", "external_scripts"):
        kwargs[key] = [u for u in kwargs.get(key, []) if "/_bundle/app." not in u]
    _init(self, *args, **kwargs)
web_app.DashboardApp.__init__ = _without_bundles
""",
    "brotli": """
from dashboard.web import serving
_install = serving.install
def _install_without_static_cache(server, base_path, script_hashes):
    _install(server, base_path, script_hashes)
    hooks = server.after_request_funcs[None]
    hooks[:] = [f for f in hooks if f.__name__ != "compress_static"]
    # Flask-Compress's defaults: static files too (streamed), compressed per request.
    server.config["COMPRESS_STREAMS"] = True
serving.install = _install_without_static_cache
""",
}

INIT = """
window.__m = {drawn: null, lcp: 0, longtasks: 0};
try { new PerformanceObserver(l => { for (const e of l.getEntries()) window.__m.longtasks += e.duration; })
  .observe({type: 'longtask', buffered: true}); } catch (e) {}
try { new PerformanceObserver(l => { for (const e of l.getEntries()) window.__m.lcp = e.startTime; })
  .observe({type: 'largest-contentful-paint', buffered: true}); } catch (e) {}
const check = () => {
  if (window.__m.drawn !== null || document.getElementById('forhandsvisning')) return;
  const c = window.dashSeam && window.dashSeam.pageContent();
  if (c && c.firstElementChild) window.__m.drawn = performance.now();
};
new MutationObserver(check).observe(document, {subtree: true, childList: true});
"""
READ = """() => {
  const fcp = performance.getEntriesByName('first-contentful-paint')[0];
  return {...window.__m, fcp: fcp ? fcp.startTime : null};
}"""
MEASURES = [("fcp", "FCP ms"), ("lcp", "LCP ms"), ("drawn", "drawn ms"),
            ("kb", "kB"), ("requests", "requests"), ("longtasks", "long tasks ms")]  # fmt: skip


def start(work: Path, label: str, shim: str | None) -> procfile_server.Gunicorn:
    """gunicorn as the Procfile starts it; with a shim, its module is the app's entry."""
    port = procfile_server.free_port()
    env = {**os.environ, "PORT": str(port), "WEB_CONCURRENCY": "2",
           "DASHBOARD_CACHE_DIR": str(work / f"cache-{label}")}  # fmt: skip
    env.pop("DASHBOARD_DEBUG", None)
    argv = procfile_server.loopback_argv(procfile_server.procfile_web_command(env), port)
    if shim is not None:
        (work / f"mechanism_off_{label}.py").write_text(
            shim + "from dashboard.web.app import create_server  # noqa: E402,F401\n"
        )
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(work), env.get("PYTHONPATH")]))
        argv = [f"mechanism_off_{label}:create_server()" if a == APP_SPEC else a for a in argv]
        if f"mechanism_off_{label}:create_server()" not in argv:
            raise RuntimeError(f"the Procfile's web line does not serve {APP_SPEC}: {argv}")
    log_path = work / f"{label}.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            argv, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
    server = procfile_server.Gunicorn(process, port, argv, log_path, env)
    return procfile_server.wait_until_ready(server, "/_redo", 180)


def load(browser, url: str, setting: dict) -> dict:
    """One cold load of url in a new context: the measures of MEASURES."""
    context = browser.new_context(bypass_csp=True, **setting["context"])
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        if setting["cpu"] > 1:
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": setting["cpu"]})
        if setting["network"]:
            cdp.send("Network.emulateNetworkConditions", setting["network"])
        sent: dict[str, float] = {}
        done: dict[str, float] = {}
        last = [time.monotonic()]

        def request(event):
            if not event["request"]["url"].startswith("data:"):
                sent[event["requestId"]] = 0
                last[0] = time.monotonic()

        def finished(event):
            if event["requestId"] in sent:
                done[event["requestId"]] = event.get("encodedDataLength", 0)
                last[0] = time.monotonic()

        cdp.on("Network.requestWillBeSent", request)
        cdp.on("Network.loadingFinished", finished)
        cdp.on("Network.loadingFailed", finished)
        page.add_init_script(INIT)
        page.goto(url, wait_until="commit", timeout=60000)
        page.wait_for_function("window.__m && window.__m.drawn !== null", timeout=60000)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:  # until the network has been idle for 0.5 s
            page.wait_for_timeout(100)
            if len(done) >= len(sent) and time.monotonic() - last[0] > 0.5:
                break
        page.wait_for_timeout(300)
        m = page.evaluate(READ)
        return {"fcp": m["fcp"], "lcp": m["lcp"], "drawn": m["drawn"],
                "kb": sum(done.values()) / 1000, "requests": len(sent),
                "longtasks": m["longtasks"]}  # fmt: skip
    finally:
        context.close()


def summary(results: dict) -> str:
    lines = [
        "| page | setting | "
        + " | ".join(f"{title} on / off (wins on:off)" for _, title in MEASURES)
        + " |",
        "|---|---|" + "---|" * len(MEASURES),
    ]
    totals = {(s, k): [0, 0, []] for s in SETTINGS for k, _ in MEASURES}
    for path, by_setting in results.items():
        for setting, pairs in by_setting.items():
            cells = []
            for key, _ in MEASURES:
                on = [p["on"][key] for p in pairs]
                off = [p["off"][key] for p in pairs]
                won_on = sum(a < b for a, b in zip(on, off, strict=True))
                won_off = sum(b < a for a, b in zip(on, off, strict=True))
                total = totals[(setting, key)]
                total[0] += won_on
                total[1] += won_off
                total[2] += [b - a for a, b in zip(on, off, strict=True)]
                fmt = "{:.0f}" if key != "kb" else "{:.1f}"
                cells.append(f"{fmt.format(statistics.median(on))} / "
                             f"{fmt.format(statistics.median(off))} ({won_on}:{won_off})")  # fmt: skip
            lines.append(f"| `{path}` | {setting} | " + " | ".join(cells) + " |")
    lines.append("")
    lines.append("All pages: median of (off − on) per pair, and pairs won on:off")
    lines.append("")
    lines.append("| setting | " + " | ".join(title for _, title in MEASURES) + " |")
    lines.append("|---|" + "---|" * len(MEASURES))
    for setting in SETTINGS:
        cells = []
        for key, _ in MEASURES:
            won_on, won_off, diffs = totals[(setting, key)]
            if diffs:
                cells.append(
                    f"{statistics.median(diffs):+.{1 if key == 'kb' else 0}f} ({won_on}:{won_off})"
                )
        if cells:
            lines.append(f"| {setting} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] not in SHIMS:
        print(__doc__)
        return 2
    mechanism = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    work = Path(tempfile.mkdtemp(prefix=f"mechanism-{mechanism}-"))
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO,
                            capture_output=True, text=True).stdout.strip()  # fmt: skip
    print(f"{mechanism}: {runs} pairs per page and setting, commit {commit}, "
          f"load average {os.getloadavg()[0]:.2f}", flush=True)  # fmt: skip
    servers = {}
    results: dict = {}
    started = time.monotonic()
    try:
        servers["on"] = start(work, "on", None)
        servers["off"] = start(work, "off", SHIMS[mechanism])
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=chromium_path(), args=["--headless=new", "--no-sandbox"]
            )
            for path in PAGES:  # warm every page's caches on both servers
                for side in ("on", "off"):
                    for setting in SETTINGS.values():
                        load(browser, servers[side].url + path, setting)
            for run in range(runs):
                for i, path in enumerate(PAGES):
                    for name, setting in SETTINGS.items():
                        order = ("on", "off") if (run + i) % 2 == 0 else ("off", "on")
                        pair = {side: load(browser, servers[side].url + path, setting)
                                for side in order}  # fmt: skip
                        results.setdefault(path, {}).setdefault(name, []).append(pair)
                print(f"run {run + 1} of {runs} done, {time.monotonic() - started:.0f} s, "
                      f"load average {os.getloadavg()[0]:.2f}", flush=True)  # fmt: skip
            browser.close()
    finally:
        for server in servers.values():
            server.stop()
    out = REPO / "benchmark-results" / f"mechanism-{mechanism}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({"mechanism": mechanism, "commit": commit, "runs": runs,
                               "results": results}, indent=1))  # fmt: skip
    print(f"\n{mechanism} on / off, {runs} pairs, commit {commit}, load average at end "
          f"{os.getloadavg()[0]:.2f}; raw loads in {out}\n")  # fmt: skip
    print(summary(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
