"""Side by side: the Referer-chosen first view (web/first_view.py) against a plain layout.

    .venv/bin/python scripts/measure_first_view.py [runs]      # default 10, ~8 minutes

Two gunicorn servers of the same build: one as the Procfile starts it, one with
first_view.referring_page turned off, so its layout always carries Dash's empty page
container and Dash's router callback fills it (what Dash does without the trick). Per page
and run, alternating which goes first, in Chromium at 1366x768 with the CPU throttled 4x:
the time from navigation start until the first-paint preview is replaced by the drawn page,
the POSTs (callback round trips) before that, and the long-task time. The trick stays only
while this still shows a gain (docs/performance.md has the latest run).
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
import procfile_server  # noqa: E402
from conftest import chromium_path  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

PAGES = ["/", "/jamfor", "/kommun/0780", "/strategi", "/strategi/2/2.5", "/om"]
RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 10
INIT = """
window.__fv = {swapped: null, posts: 0, longtasks: 0};
try { new PerformanceObserver(l => { for (const e of l.getEntries()) window.__fv.longtasks += e.duration; })
  .observe({type: 'longtask', buffered: true}); } catch (e) {}
const seen = {v: false};
new MutationObserver(() => {
  const p = document.getElementById('forhandsvisning');
  if (p) seen.v = true;
  else if (seen.v && window.__fv.swapped === null) window.__fv.swapped = performance.now();
}).observe(document, {subtree: true, childList: true});
"""
WORK = Path(tempfile.mkdtemp(prefix="first-view-ab-"))
(WORK / "plain_app.py").write_text(
    "from dashboard.web import first_view\n"
    "first_view.referring_page = lambda *_args, **_kwargs: None\n"
    "from dashboard.web.app import create_server  # noqa: E402,F401\n"
)


def start(app_spec, log):
    port = procfile_server.free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(WORK),
        "DASHBOARD_CACHE_DIR": str(WORK / f"cache-{port}"),
    }
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            "gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--control-socket",
            str(WORK / f"g{port}.ctl"),
            app_spec,
        ],
        cwd=REPO,
        env=env,
        stdout=open(log, "w"),  # noqa: SIM115 - the server outlives this function
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(240):
        try:
            urllib.request.urlopen(url + "/_halsa", timeout=2)
            break
        except Exception:
            time.sleep(0.5)
    return proc, url


trick = start("dashboard.web.app:create_server()", WORK / "trick.log")
plain = start("plain_app:create_server()", WORK / "plain.log")
URLS = {"referer": trick[1], "plain": plain[1]}
results = {}
try:
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=["--no-sandbox"])
        for path in PAGES:  # warm every page's caches in both modes first
            for mode in ("referer", "plain"):
                ctx = browser.new_context()
                pg = ctx.new_page()
                pg.goto(URLS[mode] + path)
                pg.wait_for_timeout(1500)
                ctx.close()
        for run in range(RUNS):
            for path in PAGES:
                for mode in ("referer", "plain") if run % 2 == 0 else ("plain", "referer"):
                    ctx = browser.new_context(
                        viewport={"width": 1366, "height": 768}, bypass_csp=True
                    )
                    pg = ctx.new_page()
                    cdp = ctx.new_cdp_session(pg)
                    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
                    posts = []
                    pg.on(
                        "request",
                        lambda r, posts=posts: posts.append(r.url) if r.method == "POST" else None,
                    )
                    pg.add_init_script(INIT)
                    pg.goto(URLS[mode] + path)
                    pg.wait_for_function(
                        "window.__fv && window.__fv.swapped !== null", timeout=30000
                    )
                    pg.wait_for_timeout(300)
                    fv = pg.evaluate("window.__fv")
                    results.setdefault(path, {}).setdefault(mode, []).append(
                        {
                            "swapped": fv["swapped"],
                            "posts": len(posts),
                            "longtasks": fv["longtasks"],
                        }
                    )
                    ctx.close()
            print("run", run, "done", flush=True)
        browser.close()
finally:
    for proc, _ in (trick, plain):
        proc.terminate()
        proc.wait(30)
(WORK / "results.json").write_text(json.dumps(results, indent=1))
print("raw results:", WORK / "results.json")
print(f"{'page':18} {'mode':8} {'swap ms med':>11} {'p90':>6} {'POSTs':>5} {'longtask ms':>11}")
for path, modes in results.items():
    for mode, rs in modes.items():
        sw = sorted(r["swapped"] for r in rs)
        print(
            f"{path:18} {mode:8} {statistics.median(sw):11.0f} {sw[int(0.9 * (len(sw) - 1))]:6.0f} "
            f"{statistics.median(r['posts'] for r in rs):5.0f} {statistics.median(r['longtasks'] for r in rs):11.0f}"
        )
