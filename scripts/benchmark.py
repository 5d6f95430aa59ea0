"""Performance budget benchmark (issue #8): run by hand, not part of the test suite.

    .venv/bin/python scripts/benchmark.py [--quick] [--no-lighthouse] [--lighthouse-runs N]
        [--data-dir D --geo-dir G] [--compare-data-dir D2 --compare-geo-dir G2]

Any county: --data-dir/--geo-dir (default: the app's, DASHBOARD_DATA_DIR/_GEO_DIR or the
repo's); the pages and callbacks use that county's own municipalities. With --compare-… the
same measurements run on a second data directory in the same run, one after the other on the
same machine, and a table of the ratios (second / first) follows the two reports.

Starts the app under gunicorn exactly as the Procfile's web line (WEB_CONCURRENCY=2, a free
port on 127.0.0.1; the access log format adds the request time and a probe id), then
measures, per page: bytes over the wire and requests on a cold first load, time until the
main chart is drawn (cold and warm), the map-update callback and one Jämför callback
(client round trip and server time, response size with br), throughput of the map-update
callback next to the plain JSON endpoint /_halsa, and Lighthouse scores (desktop, mobile;
the median of 5 audits per page, as Lighthouse's documentation advises).
Prints a Markdown table with PASS/FAIL per target and writes benchmark-results/latest.json.
Everything is bounded in time and stops gunicorn at the end, also on Ctrl+C or an error.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import brotli
import requests

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests")]
import procfile_server  # noqa: E402  (tests/procfile_server.py, shared with the tests)

RESULTS = REPO / "benchmark-results"
LIGHTHOUSE = REPO.parent / "shared" / "tools" / "lighthouse"
PAGES = ["/", "/jamfor", "/kommun/{kommun}", "/kommun/{kommun}/rapport", "/strategi",
         "/strategi/2/2.5", "/uppfoljning", "/om"]  # fmt: skip
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]  # fmt: skip
LOG_FORMAT = 'BENCH %({x-probe}i)s %(D)s %(s)s %(B)s "%(r)s"'
LOG_LINE = re.compile(r"BENCH (\S+) (\d+) (\d{3}) (\S+)")
# The first chart drawn: a map (SVG from the server, in the page's first HTML) or the first
# trace of the first plotly graph (choropleth/bar/treemap paths, heatmap image).
CHART_JS = """() => {
    if (document.querySelector('.svg-map path, .svg-chart rect')) return performance.now();
    const g = document.querySelector('.js-plotly-plot');
    if (!g) return null;
    const drawn = g.querySelector(
        '.main-svg g.trace path[d]:not([d=""]), .main-svg g.trace image, .main-svg g.hm image,' +
        '.main-svg g.trace rect, .main-svg .choroplethlocation');
    return drawn ? performance.now() : null;
}"""
CONTENT_JS = """() => {
    const c = window.dashSeam && window.dashSeam.pageContent();  // assets/02_dash_seam.js
    const h = c && c.querySelector('h1');
    return h && h.textContent.trim() ? performance.now() : null;
}"""
TARGETS = {
    "first_load_bytes": 1_000_000,
    "first_load_requests": 25,
    "chart_cold_ms": 1000,
    "chart_warm_ms": 400,
    "map_callback_p95_ms": 15,
    "map_callback_bytes": 5 * 1024,
    "throughput_ratio": 0.5,
    "lh_performance_desktop": 95,
    "lh_performance_mobile": 80,
    "lh_accessibility": 100,
    "lh_best_practices": 100,
}


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def server_times(server, probes: list[str]) -> dict[str, float]:
    """Server-side time (ms) per probe id, from gunicorn's access log (%(D)s, microseconds)."""
    wanted = set(probes)
    found = {}
    for match in LOG_LINE.finditer(server.log_text()):
        if match.group(1) in wanted:
            found[match.group(1)] = int(match.group(2)) / 1000
    return found


def _cpu_seconds(master_pid: int) -> float:
    """CPU time (user + system) of the gunicorn master's children, from /proc."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master_pid:  # ppid
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


def wait_until_idle(server, timeout: float = 240.0) -> float:
    """Wait until the workers are idle (e.g. prewarming done); returns the seconds waited."""
    started = time.monotonic()
    quiet = 0
    last = _cpu_seconds(server.process.pid)
    while time.monotonic() - started < timeout and quiet < 2:
        time.sleep(1.0)
        now = _cpu_seconds(server.process.pid)
        quiet = quiet + 1 if now - last < 0.1 else 0
        last = now
    return round(time.monotonic() - started, 1)


def worker_rss_mb(server) -> list[float]:
    sizes = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        if re.search(rf"^PPid:\s+{server.process.pid}$", text, re.M):
            sizes.append(round(int(re.search(r"^VmRSS:\s+(\d+)", text, re.M).group(1)) / 1024))
    return sorted(sizes)


# --- browser: bytes, requests, chart time ---------------------------------------------------


def measure_pages(server, pages: list[str], runs: int) -> dict[str, dict]:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    results: dict[str, dict] = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            has_chart = {}
            for path in pages:  # warm the server: every worker's caches of static files
                for _ in range(2):
                    ctx = browser.new_context()
                    page = ctx.new_page()
                    page.goto(server.url + path, wait_until="networkidle")
                    has_chart[path] = (
                        page.locator(".js-plotly-plot, .svg-map, .svg-chart").count() > 0
                    )
                    ctx.close()
            for path in pages:
                results[path] = measure_page(browser, server.url + path, runs, has_chart[path])
                r = results[path]
                print(f"  {path}: {r['bytes']} B in {r['requests']} requests, {r['metric']} "
                      f"cold {r['cold_ms']} ms warm {r['warm_ms']} ms", flush=True)  # fmt: skip
        finally:
            browser.close()
    return results


def _new_context(browser):
    # bypass_csp: wait_for_function evaluates a string, which the app's CSP forbids.
    return browser.new_context(viewport={"width": 1366, "height": 768}, locale="sv-SE",
                               bypass_csp=True)  # fmt: skip


def _time_to(page, js: str) -> float:
    return float(page.wait_for_function(js, polling="raf", timeout=30_000).json_value())


def measure_page(browser, url: str, runs: int, has_chart: bool) -> dict:
    # Cold first load, with CDP: encoded (on-the-wire) bytes of every response.
    ctx = _new_context(browser)
    page = ctx.new_page()
    cdp = ctx.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": False})
    sizes: dict[str, int] = {}
    urls: dict[str, str] = {}
    encodings: dict[str, str] = {}
    cdp.on("Network.requestWillBeSent", lambda e: urls.__setitem__(e["requestId"],
                                                                    e["request"]["url"]))  # fmt: skip
    cdp.on("Network.responseReceived", lambda e: encodings.__setitem__(
        e["requestId"], {k.lower(): v for k, v in e["response"]["headers"].items()}
        .get("content-encoding", "")))  # fmt: skip

    def finished(event):  # data: URLs never go over the wire
        if not urls.get(event["requestId"], "").startswith("data:"):
            sizes[event["requestId"]] = int(event["encodedDataLength"])

    cdp.on("Network.loadingFinished", finished)
    js = CHART_JS if has_chart else CONTENT_JS
    page.goto(url, wait_until="commit")
    first_cold = _time_to(page, js)
    page.wait_for_load_state("networkidle")
    largest = sorted(((sizes[r], urls.get(r, "?")) for r in sizes), reverse=True)[:5]
    uncompressed = [
        urls[r] for r in sizes
        if sizes[r] > 2048 and not encodings.get(r) and not urls.get(r, "").endswith(".png")
    ]  # fmt: skip
    ctx.close()
    cold = [first_cold]
    for _ in range(runs - 1):
        ctx = _new_context(browser)
        page = ctx.new_page()
        page.goto(url, wait_until="commit")
        cold.append(_time_to(page, js))
        ctx.close()
    ctx = _new_context(browser)
    page = ctx.new_page()
    page.goto(url, wait_until="networkidle")
    warm = []
    for _ in range(runs):
        page.reload(wait_until="commit")
        warm.append(_time_to(page, js))
    ctx.close()
    return {
        "bytes": sum(sizes.values()),
        "requests": len(sizes),
        "largest": [{"bytes": b, "url": u} for b, u in largest],
        "all": sorted(
            (urls.get(r, "?").split("?")[0].replace(url.split("/", 3)[2], "") + " " + str(sizes[r]))
            for r in sizes
        ),  # fmt: skip
        "uncompressed_over_2kB": uncompressed,
        "metric": "chart" if has_chart else "content (no chart)",
        "cold_ms": round(statistics.median(cold)),
        "warm_ms": round(statistics.median(warm)),
        "cold_runs_ms": [round(x) for x in cold],
        "warm_runs_ms": [round(x) for x in warm],
    }


# --- callbacks -----------------------------------------------------------------------------


def _post(session, server, body) -> tuple[float, int, int, str]:
    probe = uuid.uuid4().hex
    start = time.perf_counter()
    response = session.post(
        server.url + "/_dash-update-component", data=json.dumps(body), stream=True, timeout=30,
        headers={"Content-Type": "application/json", "Accept-Encoding": "br", "X-Probe": probe},
    )  # fmt: skip
    raw = response.raw.read(decode_content=False)
    elapsed = (time.perf_counter() - start) * 1000
    if response.headers.get("Content-Encoding") == "br":
        json.loads(brotli.decompress(raw))  # a valid answer, not an error page
    return elapsed, response.status_code, len(raw), probe


def measure_callback(server, deps, output_id: str, states: list[dict], label: str) -> dict:
    dep = procfile_server.find_callback(deps, output_id)
    session = requests.Session()
    rtts, sizes, probes, errors = [], [], [], 0
    for values in states:
        elapsed, status, size, probe = _post(session, server, procfile_server.callback_body(
            dep, values))  # fmt: skip
        errors += status != 200
        rtts.append(elapsed)
        sizes.append(size)
        probes.append(probe)
    time.sleep(0.3)  # let gunicorn flush its access log
    server_ms = list(server_times(server, probes).values())
    result = {
        "callback": label,
        "calls": len(states),
        "errors": errors,
        "rtt_median_ms": round(statistics.median(rtts), 1),
        "rtt_p95_ms": round(pct(rtts, 0.95), 1),
        "server_median_ms": round(statistics.median(server_ms), 1) if server_ms else None,
        "server_p95_ms": round(pct(server_ms, 0.95), 1) if server_ms else None,
        "bytes_median": round(statistics.median(sizes)),
        "bytes_max": max(sizes),
    }
    print(f"  {label}: {json.dumps(result)}", flush=True)
    return result


def map_states(rng: random.Random, indicators: list[str], years: list[str], n: int) -> list:
    sorts = ["kommun", "varde", "forandring"]
    return [
        {"oversikt-indikator.value": rng.choice(indicators), "oversikt-ar.value": rng.choice(years),
         "oversikt-sortera.value": rng.choice(sorts)}
        for _ in range(n)
    ]  # fmt: skip


def jamfor_states(rng: random.Random, indicators: list[str], years: list[str], n: int,
                  codes: list[str]) -> list:  # fmt: skip
    munis = [*codes, ""]
    return [
        {"jamfor-indikator.value": rng.choice(indicators), "jamfor-ar.value": rng.choice(years),
         "jamfor-min.value": rng.choice(munis), "jamfor-grupp.value": rng.choice(["alla",
                                                                                   "storlek"])}
        for _ in range(n)
    ]  # fmt: skip


# --- throughput ------------------------------------------------------------------------------


def throughput(server, deps, states: list[dict], seconds: float, connections: int) -> dict:
    dep = procfile_server.find_callback(deps, "oversikt-karta")
    bodies = [json.dumps(procfile_server.callback_body(dep, s)) for s in states]
    wrk = shutil.which("wrk")
    results = {"tool": "wrk" if wrk else "python threads", "seconds": seconds,
               "connections": connections}  # fmt: skip
    # The callback first: the /_halsa run makes so many requests that gunicorn's
    # --max-requests restarts the workers, whose caches then start empty.
    for name, method, path, payloads in (
        ("map_callback", "POST", "/_dash-update-component", bodies),
        ("halsa", "GET", "/_halsa", None),
    ):
        if wrk:
            rps, errors = _wrk(wrk, server.url + path, method, payloads, seconds, connections)
        else:
            rps, errors = _threads(server.url + path, method, payloads, seconds, connections)
        results[f"{name}_rps"] = round(rps, 1)
        results[f"{name}_errors"] = errors
        print(f"  {name}: {rps:.1f} requests/s, {errors} errors", flush=True)
    results["ratio"] = round(results["map_callback_rps"] / results["halsa_rps"], 3)
    return results


def _wrk(wrk, url, method, payloads, seconds, connections) -> tuple[float, int]:
    lua = [f'wrk.method = "{method}"',
           'wrk.headers["Accept-Encoding"] = "br"',
           'wrk.headers["Content-Type"] = "application/json"']  # fmt: skip
    if payloads:
        quoted = ",\n".join("[==[" + p + "]==]" for p in payloads)
        lua += ["local bodies = {" + quoted + "}", "local i = 0",
                "request = function()", "  i = i % #bodies + 1",
                "  return wrk.format(nil, nil, nil, bodies[i])", "end"]  # fmt: skip
    lua += ["done = function(summary, latency, requests)",
            '  io.write(string.format("RESULT %d %f %d %d\\n", summary.requests,',
            "    summary.duration / 1e6, summary.errors.status + summary.errors.timeout +",
            "    summary.errors.connect + summary.errors.read + summary.errors.write, 0))",
            "end"]  # fmt: skip
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write("\n".join(lua))
    try:
        out = subprocess.run(
            [wrk, "-t1", f"-c{connections}", f"-d{int(seconds)}s", "--timeout", "10s",
             "-s", script.name, url],
            capture_output=True, text=True, timeout=seconds + 30, check=True,
        ).stdout  # fmt: skip
    finally:
        Path(script.name).unlink(missing_ok=True)
    count, duration, errors, _ = re.search(r"RESULT (\d+) ([\d.]+) (\d+) (\d+)", out).groups()
    return int(count) / float(duration), int(errors)


def _threads(url, method, payloads, seconds, connections) -> tuple[float, int]:
    deadline = time.monotonic() + seconds

    def worker(k):
        session, n, errors, i = requests.Session(), 0, 0, k
        while time.monotonic() < deadline and n < 100_000:
            body = payloads[i % len(payloads)] if payloads else None
            i += 1
            r = session.request(method, url, data=body, timeout=10,
                                headers={"Accept-Encoding": "br",
                                         "Content-Type": "application/json"})  # fmt: skip
            n += 1
            errors += r.status_code >= 400
        return n, errors

    start = time.monotonic()
    with ThreadPoolExecutor(connections) as pool:
        done = list(pool.map(worker, range(connections)))
    return sum(d[0] for d in done) / (time.monotonic() - start), sum(d[1] for d in done)


# --- Lighthouse ------------------------------------------------------------------------------


def lighthouse(server, pages: list[str], mobile: bool, runs: int) -> dict[str, dict]:
    """Each page audited `runs` times: performance is the median (Lighthouse's own advice:
    "the median Lighthouse score of 5 runs is twice as stable as 1 run", docs/variability.md),
    reported with the lowest and highest run; accessibility and best practices are the lowest
    of the runs, so a problem seen once is reported."""
    if not LIGHTHOUSE.exists():
        print(f"  {LIGHTHOUSE} missing: Lighthouse skipped", flush=True)
        return {}
    kind = "mobile" if mobile else "desktop"
    out = RESULTS / f"lighthouse-{kind}"
    out.mkdir(parents=True, exist_ok=True)

    def run(paths: list[str]) -> dict[str, dict]:
        args = [str(LIGHTHOUSE), *(["--mobile"] if mobile else []),
                *(server.url + p for p in paths)]  # fmt: skip
        text = subprocess.run(args, capture_output=True, text=True, timeout=120 * len(paths),
                              env={**server.env, "LIGHTHOUSE_OUT": str(out)}).stdout  # fmt: skip
        results = {}
        for line in text.splitlines():
            m = re.match(r"(\S+): performance (\S+) accessibility (\S+) best-practices (\S+)", line)
            if m:
                path = m.group(1)[len(server.url) :] or "/"
                results[path] = {k: (None if v == "None" else int(v)) for k, v in
                                 zip(("performance", "accessibility", "best_practices"),
                                     m.groups()[1:], strict=True)}  # fmt: skip
                current = path
            elif line.strip().startswith("failing audits:"):
                results[current]["failing"] = line.split(":", 1)[1].strip()
            elif "no report" in line:  # Lighthouse or Chromium failed: this run does not count
                print(f"  {kind}: {line}", flush=True)
        return results

    audits: dict[str, list[dict]] = {p: [] for p in pages}
    for i in range(runs):
        for path, r in run(pages).items():
            audits.setdefault(path, []).append(r)
        print(f"  {kind}: run {i + 1} of {runs} done", flush=True)
    # Lighthouse itself sometimes fails to record a trace (NO_NAVSTART): no score at all.
    # Such a run does not count; a page left without any score is audited once more.
    again = [p for p in pages if not any(a["performance"] is not None for a in audits[p])]
    if again:
        print(f"  {kind}: no score for {', '.join(again)}; run again", flush=True)
        for path, r in run(again).items():
            audits[path].append(r)
    return {path: summarise_audits(path, kind, runs_of_page) for path, runs_of_page in
            audits.items()}  # fmt: skip


def summarise_audits(path: str, kind: str, audits: list[dict]) -> dict:
    scored = [a for a in audits if a["performance"] is not None]
    performance = [a["performance"] for a in scored]

    def lowest(key: str):
        values = [a[key] for a in scored if a[key] is not None]
        return min(values) if values else None

    summary = {
        "performance": round(statistics.median(performance)) if performance else None,
        "performance_runs": performance,
        "accessibility": lowest("accessibility"),
        "best_practices": lowest("best_practices"),
    }
    failing = sorted({a["failing"] for a in audits if a.get("failing")})
    if failing:
        summary["failing"] = "; ".join(failing)
    print(f"  {kind} {path}: {summary}", flush=True)
    return summary


# --- report ----------------------------------------------------------------------------------


def verdict(value, target, higher_is_better=False) -> str:
    if value is None:
        return "FAIL (no value)"
    ok = value >= target if higher_is_better else value <= target
    return "PASS" if ok else "FAIL"


def report(results: dict) -> str:
    rows = [("Measure", "Page", "Value", "Target", "Result")]
    t = TARGETS
    for path, r in results.get("pages", {}).items():
        rows.append(("First load (cold, br)", path, f"{r['bytes'] / 1e6:.3f} MB, {r['requests']} "
                     "requests", "≤ 1.0 MB, ≤ 25 req",
                     "PASS" if r["bytes"] <= t["first_load_bytes"]
                     and r["requests"] <= t["first_load_requests"] else "FAIL"))  # fmt: skip
        rows.append((f"Time to {r['metric']}, cold (median of {len(r['cold_runs_ms'])})", path,
                     f"{r['cold_ms']} ms", "≤ 1000 ms", verdict(r["cold_ms"],
                                                                 t["chart_cold_ms"])))  # fmt: skip
        rows.append((f"Time to {r['metric']}, warm (median of {len(r['warm_runs_ms'])})", path,
                     f"{r['warm_ms']} ms", "≤ 400 ms", verdict(r["warm_ms"],
                                                                t["chart_warm_ms"])))  # fmt: skip
    for key, cb in results.get("callbacks", {}).items():
        page = "/" if key == "map" else "/jamfor"
        server_p95 = cb["server_p95_ms"]
        rows.append(
            (
                f"{cb['callback']}: server time p95 (median) over {cb['calls']} calls",
                page,
                f"{server_p95} ms ({cb['server_median_ms']} ms)",
                "≤ 15 ms" if key == "map" else "–",
                verdict(server_p95, t["map_callback_p95_ms"]) if key == "map" else "info",
            )
        )
        rows.append(
            (
                f"{cb['callback']}: loopback round trip p95 (median)",
                page,
                f"{cb['rtt_p95_ms']} ms ({cb['rtt_median_ms']} ms)",
                "–",
                "info",
            )
        )
        rows.append((f"{cb['callback']}: response size, br (median / max)", page,
                     f"{cb['bytes_median']} B / {cb['bytes_max']} B",
                     "≤ 5 KB" if key == "map" else "–",
                     verdict(cb["bytes_max"], t["map_callback_bytes"]) if key == "map"
                     else "info"))  # fmt: skip
    tp = results.get("throughput")
    if tp:
        rows.append(("Throughput map-update vs plain /_halsa", "/",
                     f"{tp['map_callback_rps']} / {tp['halsa_rps']} req/s = {tp['ratio']}",
                     "≥ 0.5", verdict(tp["ratio"], t["throughput_ratio"], True)))  # fmt: skip
    for kind in ("desktop", "mobile"):
        perf_target = t[f"lh_performance_{kind}"]
        for path, r in results.get(f"lighthouse_{kind}", {}).items():
            runs_of_page = r.get("performance_runs") or []
            spread = (f" ({min(runs_of_page)}–{max(runs_of_page)})"
                      if len(runs_of_page) > 1 else "")  # fmt: skip
            rows.append(
                (
                    f"Lighthouse {kind}: performance, median of {len(runs_of_page)} (range)",
                    path,
                    f"{r['performance']}{spread}",
                    f"≥ {perf_target}",
                    verdict(r["performance"], perf_target, True),
                )
            )
            rows.append(
                (
                    f"Lighthouse {kind}: accessibility (lowest run)",
                    path,
                    str(r["accessibility"]),
                    "100",
                    verdict(r["accessibility"], 100, True),
                )
            )
            rows.append((f"Lighthouse {kind}: best practices (lowest run)", path, str(r["best_practices"]),
                         "100", verdict(r["best_practices"], 100, True)))  # fmt: skip
    widths = [max(len(str(row[i])) for row in rows) for i in range(5)]
    lines = ["| " + " | ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)) + " |"
             for row in rows]  # fmt: skip
    lines.insert(1, "| " + " | ".join("-" * w for w in widths) + " |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs and calls (smoke test)")
    parser.add_argument("--no-lighthouse", action="store_true")
    parser.add_argument("--seconds", type=float, default=10, help="per throughput run")
    parser.add_argument("--lighthouse-runs", type=int, default=5,
                        help="audits per page and preset; the median counts")  # fmt: skip
    parser.add_argument("--calls", type=int, default=None,
                        help="callback calls per callback (default 200, 20 with --quick)")  # fmt: skip
    parser.add_argument(
        "--no-prewarm",
        action="store_true",
        help="DASHBOARD_PREWARM=0: measure without the prewarmed view cache",
    )
    parser.add_argument("--data-dir", type=Path, help="the county's data/ (default: the app's)")
    parser.add_argument("--geo-dir", type=Path, help="its geo/ (default: the app's)")
    parser.add_argument("--compare-data-dir", type=Path, help="a second data/ to measure too")
    parser.add_argument("--compare-geo-dir", type=Path, help="its geo/")
    args = parser.parse_args()
    from dashboard.config import get_settings

    settings = get_settings()
    runs_on = [(args.data_dir or settings.data_dir, args.geo_dir or settings.geo_dir)]
    if args.compare_data_dir:
        if not args.compare_geo_dir:
            parser.error("--compare-data-dir needs --compare-geo-dir")
        runs_on.append((args.compare_data_dir, args.compare_geo_dir))
    RESULTS.mkdir(exist_ok=True)
    # SIGTERM ends the run like Ctrl+C does, so `finally` stops gunicorn.
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    all_results = []
    for number, (data_dir, geo_dir) in enumerate(runs_on, start=1):
        results = measure_county(args, Path(data_dir).resolve(), Path(geo_dir).resolve())
        name = "latest.json" if number == 1 else f"latest-{number}.json"
        (RESULTS / name).write_text(json.dumps(results, indent=2, ensure_ascii=False),
                                    encoding="utf-8")  # fmt: skip
        all_results.append(results)
    tables = []
    for results in all_results:
        table = report(results)
        tables.append(table)
        print()
        print(f"## {results['county']} ({results['municipalities']} municipalities, "
              f"{results['data_dir']})")  # fmt: skip
        print(table)
        print(f"Load average (1, 5, 15 min) before {results['load_average_before']}, after "
              f"{results['load_average_after']} on {os.cpu_count()} cores: other processes on "
              "the machine slow every timing above.")  # fmt: skip
    if len(all_results) == 2:
        print()
        print(compare(*all_results))
    print(f"\nWritten to {RESULTS}/latest*.json")
    return 0 if all("FAIL" not in t for t in tables) else 1


def measure_county(args: argparse.Namespace, data_dir: Path, geo_dir: Path) -> dict:
    """Every measurement on one data directory, under its own gunicorn."""
    from dashboard import domain
    from dashboard.data.loader import load_dataset

    runs = 2 if args.quick else 5
    calls = args.calls or (20 if args.quick else 200)
    lighthouse_runs = 1 if args.quick else max(1, args.lighthouse_runs)
    ds = load_dataset(data_dir, geo_dir)
    codes = list(ds.municipalities["code"])
    biggest = str(ds.municipalities.sort_values("population")["code"].iloc[-1])
    pages = [p.format(kommun=biggest) for p in PAGES]
    if (REPO / "dashboard" / "pages" / "presentera.py").exists():
        pages.append("/presentera")
    print(f"{ds.county.name}, {len(codes)} municipalities: starting gunicorn as in the Procfile "
          "(2 workers, loopback) ...", flush=True)  # fmt: skip
    # A cold start with an empty cache, every run: what a new host or a new release meets.
    cache_dir = Path(tempfile.mkdtemp(prefix="benchmark-cache-"))
    started = time.monotonic()
    server = procfile_server.start(
        RESULTS / "gunicorn.log", workers=2, extra_args=["--access-logformat", LOG_FORMAT],
        extra_env={"DASHBOARD_PREWARM": "0" if args.no_prewarm else "1",
                   "DASHBOARD_DATA_DIR": str(data_dir), "DASHBOARD_GEO_DIR": str(geo_dir),
                   "DASHBOARD_CACHE_DIR": str(cache_dir)},
        wait_path="/_redo", timeout=600.0,
    )  # fmt: skip
    health_after = round(time.monotonic() - started, 1)
    waited = wait_until_idle(server, timeout=3600.0)
    print(f"Ready (/_redo) after {health_after} s; workers idle after {waited} s "
          f"(prewarm {'off' if args.no_prewarm else 'on'})")  # fmt: skip
    results: dict = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "county": ds.county.name,
        "municipalities": len(codes),
        "data_dir": str(data_dir),
        "commit": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True
        ).stdout.strip(),  # fmt: skip
        "dirty": bool(
            subprocess.run(
                ["git", "status", "--porcelain", "--untracked-files=no"],
                cwd=REPO,
                capture_output=True,
                text=True,
            ).stdout.strip()
        ),
        "machine": f"{platform.machine()}, {platform.python_version()}, "
        f"{len(os.sched_getaffinity(0))} cores",
        "gunicorn": " ".join(server.argv[1:]),
        "targets": TARGETS,
        "load_average_before": [round(x, 2) for x in os.getloadavg()],
        "prewarm": not args.no_prewarm,
        "seconds_until_ready": health_after,
        "seconds_until_workers_idle": waited,
        "worker_rss_mb_at_start": worker_rss_mb(server),
    }
    try:
        deps = requests.get(server.url + "/_dash-dependencies", timeout=30).json()
        print("Pages in headless Chromium ...", flush=True)
        results["pages"] = measure_pages(server, pages, runs)
        map_ids = list(domain.mappable_indicators(ds)["id"])
        years = [str(y) for y in ds.years]
        rng = random.Random(8)
        print(f"Callbacks ({calls} calls each, varied inputs) ...", flush=True)
        results["callbacks"] = {
            "map": measure_callback(server, deps, "oversikt-karta",
                                    map_states(rng, map_ids, years, calls),
                                    "Översikt map-update"),
            "jamfor": measure_callback(server, deps, "jamfor-rangordning-sektion",
                                       jamfor_states(rng, map_ids, years, calls, codes),
                                       "Jämför ranking"),
        }  # fmt: skip
        print(f"Throughput ({args.seconds:.0f} s each) ...", flush=True)
        tp_states = map_states(random.Random(9), map_ids, years, 60)
        results["throughput"] = throughput(server, deps, tp_states, args.seconds, 8)
        if not args.no_lighthouse:
            for mobile in (False, True):
                print(f"Lighthouse ({'mobile' if mobile else 'desktop'}) ...", flush=True)
                key = f"lighthouse_{'mobile' if mobile else 'desktop'}"
                results[key] = lighthouse(server, pages, mobile, lighthouse_runs)
        results["worker_rss_mb_at_end"] = worker_rss_mb(server)
        results["cache_mb_at_end"] = round(
            sum(f.stat().st_size for f in cache_dir.rglob("*") if f.is_file()) / 1e6, 1
        )
    finally:
        server.stop()
        shutil.rmtree(cache_dir, ignore_errors=True)
        results["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    return results


def compare(first: dict, second: dict) -> str:
    """The second run against the first: the measures #21 sets targets for, as ratios."""

    def first_load(results: dict, page: str) -> float:
        return float(results["pages"].get(page, {}).get("bytes") or "nan")

    # first load per page: the municipality pages' addresses differ between the two
    pairs = [(a, b) for a, b in zip(first["pages"], second["pages"], strict=False)
             if a.split("/")[1:2] == b.split("/")[1:2]]  # fmt: skip
    worst = max(pairs, key=lambda ab: first_load(second, ab[1]) / first_load(first, ab[0]))
    rows = [
        ("ready (/_redo) after a cold start, empty cache (s)", first["seconds_until_ready"],
         second["seconds_until_ready"]),
        ("workers idle after start (s)", first["seconds_until_workers_idle"],
         second["seconds_until_workers_idle"]),
        ("RSS per worker at end (MB, max)", max(first["worker_rss_mb_at_end"] or [0]),
         max(second["worker_rss_mb_at_end"] or [0])),
        ("map callback p95 (ms)", first["callbacks"]["map"]["rtt_p95_ms"],
         second["callbacks"]["map"]["rtt_p95_ms"]),
        ("Jämför callback p95 (ms)", first["callbacks"]["jamfor"]["rtt_p95_ms"],
         second["callbacks"]["jamfor"]["rtt_p95_ms"]),
        ("map callbacks/s (8 connections)", first["throughput"]["map_callback_rps"],
         second["throughput"]["map_callback_rps"]),
        (f"first load, most grown page ({worst[1]}, bytes)", first_load(first, worst[0]),
         first_load(second, worst[1])),
        ("cache on disk at end (MB)", first.get("cache_mb_at_end", float("nan")),
         second.get("cache_mb_at_end", float("nan"))),
    ]  # fmt: skip
    lines = [f"## {second['county']} ({second['municipalities']}) against {first['county']} "
             f"({first['municipalities']})", "", "| measure | first | second | second / first |",
             "|---|---|---|---|"]  # fmt: skip
    for label, a, b in rows:
        ratio = b / a if a else float("nan")
        lines.append(f"| {label} | {a:,.1f} | {b:,.1f} | {ratio:.2f}× |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
