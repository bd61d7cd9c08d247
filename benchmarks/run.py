"""Benchmark the dnkit dashboard against the platform's floor; print one table.

    python3 tasks.py bench            # full: 3 runs each, Lighthouse, 1/5/10/20 visitors
    python3 tasks.py bench --quick    # a quick look: 2 runs, 1 Lighthouse run, 1/5/10 visitors

Live Voila servers, headless Chromium, a fresh browser context (empty cache) per visit. The two
floor notebooks in this folder and dnkit's dashboard are measured in the same run, alternating,
each figure as median (min-max), with the ratio of dnkit against the better floor and the
target from issue 10. Results are also written as JSON to ``benchmarks/results/``.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import sys
import time
from dataclasses import asdict
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import crowd as crowd_server
import harness
import lighthouse
import psutil

from dnkit.serve import default_pool_size

DOMAIN_MODULES = [
    "dnkit.costs",
    "dnkit.regulation",
    "dnkit.vetting",
    "dnkit.providers",
    "dnkit.compare",
    "dnkit.guide",
]
RESULTS = harness.BENCH / "results"
MB = 1_000_000


def say(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", flush=True)


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (no interpolation), enough for 30+ samples."""
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def spread(values: list[float]) -> dict | None:
    if not values:
        return None
    return {
        "median": statistics.median(values),
        "min": min(values),
        "max": max(values),
        "n": len(values),
    }


def run_visits(browser, servers, order, runs, presses, preheat, log) -> dict[str, list]:
    """``runs`` rounds; each round visits every target once, the order rotating per round."""
    visits: dict[str, list] = {k: [] for k in order}
    filled = {k: 1 for k in order}
    for r in range(runs):
        rotated = order[r % len(order) :] + order[: r % len(order)]
        for key in rotated:
            server = servers[key]
            if preheat:
                server.wait_pool(filled[key])
            for s in servers.values():
                s.wait_quiet(cap_s=30)
            v = harness.visit(
                browser, server, server.target, presses=presses, repeat=(r == 0 and not preheat)
            )
            filled[key] += 1
            visits[key].append(v)
            lat = statistics.median(v.latency_data_ms) if v.latency_data_ms else float("nan")
            log(
                f"{'preheated' if preheat else 'cold'} run {r + 1}/{runs} {key}: "
                + (
                    f"interactive {v.tti_ms / 1000:.2f} s, ws {v.ws_bytes / MB:.2f} MB, "
                    f"kernel {(v.kernel_rss or 0) / MB:.0f} MB, data latency {lat:.0f} ms"
                    if v.ok
                    else f"FAILED ({v.error})"
                )
            )
    return visits


def start_servers(tg, keys, extra, log_dir) -> dict:
    servers = {}
    for key in keys:
        servers[key] = harness.Server(tg[key].notebook, extra=extra, log_dir=log_dir, wait=False)
        servers[key].target = tg[key]
    for s in servers.values():
        s.wait_ready()
    return servers


def stop_all(servers: dict) -> None:
    for s in servers.values():
        s.stop()


def summarise(visits: dict[str, list]) -> dict[str, dict]:
    out = {}
    for key, vs in visits.items():
        ok = [v for v in vs if v.ok]
        data = [x for v in ok for x in v.latency_data_ms]
        paint = [x for v in ok for x in v.latency_paint_ms]
        out[key] = {
            "visits": len(vs),
            "failed": len(vs) - len(ok),
            "tti_s": spread([v.tti_ms / 1000 for v in ok]),
            "ws_mb": spread([v.ws_bytes / MB for v in ok]),
            "ws_recv_mb": spread([v.ws_recv / MB for v in ok]),
            "static_mb": spread([v.static_transfer / MB for v in ok]),
            "static_files": spread([v.static_count for v in ok]),
            "static_repeat_mb": spread(
                [v.static_transfer_repeat / MB for v in ok if v.static_transfer_repeat is not None]
            ),
            "kernel_mb": spread([v.kernel_rss / MB for v in ok if v.kernel_rss]),
            "lat_data_median": statistics.median(data) if data else None,
            "lat_data_p95": percentile(data, 95) if data else None,
            "lat_paint_median": statistics.median(paint) if paint else None,
            "lat_paint_p95": percentile(paint, 95) if paint else None,
            "lat_n": len(data),
            "lat_min_max": [min(data), max(data)] if data else None,
            "lost_updates": sum(v.lost_updates for v in ok),
            "open_ms": spread([v.open_ms for v in ok if v.open_ms is not None]),
            "open_ws_mb": spread([v.open_ws_bytes / MB for v in ok if v.open_ms is not None]),
            "kernel_mb_opened": spread(
                [v.kernel_rss_opened / MB for v in ok if v.kernel_rss_opened]
            ),
            "errors": sorted({v.error for v in vs if v.error}),
            "page_errors": sorted({e for v in vs for e in v.page_errors}),
        }
    return out


# ------------------------------------------------------------------ the table


def fmt_spread(s: dict | None, digits: int = 2) -> str:
    if not s:
        return "n/a"
    return f"{s['median']:.{digits}f} ({s['min']:.{digits}f}-{s['max']:.{digits}f})"


def row(name, unit, dn, fw, out, target_text, limit, absolute=False, digits=2):
    """One table row; ratio is dnkit / the better (lower) floor."""
    values = {"dnkit": dn, "figurewidget": fw, "output": out}

    def mid(v):
        return v["median"] if isinstance(v, dict) else v

    floors = [mid(v) for v in (fw, out) if mid(v) is not None]
    better = min(floors) if floors else None
    d = mid(dn)
    ratio = d / better if d is not None and better else None
    if d is None:
        verdict = "n/a"
    elif absolute:
        verdict = "MET" if d <= limit else "MISSED"
    else:
        verdict = "MET" if ratio is not None and ratio <= limit else "MISSED"
    cells = []
    for v in values.values():
        if isinstance(v, dict) or v is None:
            cells.append(fmt_spread(v, digits))
        else:
            cells.append(f"{v:.{digits}f}")
    return [
        f"{name} [{unit}]",
        *cells,
        f"{ratio:.2f}x" if ratio else "-",
        target_text,
        verdict,
    ]


def info_row(name, unit, dn, fw=None, out=None, digits=2):
    cells = [
        fmt_spread(v, digits) if isinstance(v, dict) or v is None else str(v) for v in (dn, fw, out)
    ]
    return [f"{name} [{unit}]", *cells, "-", "(no target)", "-"]


def table(results: dict) -> str:
    cold, hot = results["cold"], results.get("preheated", {})
    g = lambda part, key, field: part.get(key, {}).get(field)  # noqa: E731
    rows = [
        [
            "figure",
            "dnkit",
            "FigureWidget floor",
            "Output floor",
            "dnkit/better floor",
            "target",
            "verdict",
        ]
    ]
    rows.append(
        row(
            "time to interactive, cold",
            "s",
            g(cold, "dnkit", "tti_s"),
            g(cold, "figurewidget", "tti_s"),
            g(cold, "output", "tti_s"),
            "<= 1.3x",
            1.3,
        )
    )
    if hot:
        rows.append(
            row(
                "time to interactive, preheated",
                "s",
                g(hot, "dnkit", "tti_s"),
                g(hot, "figurewidget", "tti_s"),
                g(hot, "output", "tti_s"),
                "<= 1.3x",
                1.3,
            )
        )
    rows.append(
        row(
            "kernel websocket until interactive",
            "MB",
            g(cold, "dnkit", "ws_mb"),
            g(cold, "figurewidget", "ws_mb"),
            g(cold, "output", "ws_mb"),
            "<= 1 MB",
            1.0,
            absolute=True,
            digits=3,
        )
    )
    rows.append(
        info_row(
            "static files until interactive (empty cache)",
            "MB",
            g(cold, "dnkit", "static_mb"),
            g(cold, "figurewidget", "static_mb"),
            g(cold, "output", "static_mb"),
        )
    )
    rows.append(
        info_row(
            "static files, repeat visit (browser cache)",
            "MB",
            g(cold, "dnkit", "static_repeat_mb"),
            g(cold, "figurewidget", "static_repeat_mb"),
            g(cold, "output", "static_repeat_mb"),
            digits=3,
        )
    )
    for field, label, limit in (
        ("lat_data_median", "slider -> chart data, median", 1.5),
        ("lat_data_p95", "slider -> chart data, p95", 2.0),
        ("lat_paint_median", "slider -> painted, median", 1.5),
        ("lat_paint_p95", "slider -> painted, p95", 2.0),
    ):
        rows.append(
            row(
                label,
                "ms",
                g(cold, "dnkit", field),
                g(cold, "figurewidget", field),
                g(cold, "output", field),
                f"<= {limit}x",
                limit,
                digits=0,
            )
        )
    rows.append(
        row(
            "kernel memory once interactive",
            "MB",
            g(cold, "dnkit", "kernel_mb"),
            g(cold, "figurewidget", "kernel_mb"),
            g(cold, "output", "kernel_mb"),
            "<= 1.25x",
            1.25,
            digits=0,
        )
    )
    if g(cold, "dnkit", "open_ms"):
        rows.append(
            info_row(
                "dnkit: open the cost step, click -> chart drawn",
                "ms",
                g(cold, "dnkit", "open_ms"),
                digits=0,
            )
        )
        rows.append(
            info_row(
                "dnkit: websocket bytes to open the cost step",
                "MB",
                g(cold, "dnkit", "open_ws_mb"),
                digits=3,
            )
        )
        rows.append(
            info_row(
                "dnkit: kernel memory with the cost step open",
                "MB",
                g(cold, "dnkit", "kernel_mb_opened"),
                digits=0,
            )
        )
    imp = results.get("import")
    if imp:
        runs = imp["runs_ms"]
        rows.append(
            row(
                "import of domain modules",
                "ms",
                {"median": imp["median_ms"], "min": min(runs), "max": max(runs)},
                None,
                None,
                "< 150 ms",
                150,
                absolute=True,
                digits=0,
            )
        )
    return render(rows)


def render(rows: list[list]) -> str:
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for i, r in enumerate(rows):
        lines.append(" | ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)))
        if i == 0:
            lines.append("-+-".join("-" * w for w in widths))
    return "\n".join(lines)


# ------------------------------------------------------------------ issue 18: phone and crowd
PAGES = ("dnkit", "figurewidget", "output")
HEAD = ["figure", "dnkit", "FigureWidget floor", "Output floor", "target", "verdict"]


def med(values: list[float]) -> float | None:
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def verdict(value: float | None, limit: float, below: bool = True) -> str:
    if value is None:
        return "n/a"
    return "MET" if (value <= limit if below else value >= limit) else "MISSED"


def lighthouse_table(lh: dict) -> str:
    """Lighthouse mobile, medians over runs, each page next to the floors'."""

    def fig(page: str, visit: str, key: str) -> float | None:
        runs = lh.get(page, {}).get(visit, [])
        return med([r.get(key) for r in runs if "error" not in r])

    def cells(visit, key, scale, digits):
        out = []
        for page in PAGES:
            v = fig(page, visit, key)
            out.append("n/a" if v is None else f"{v / scale:.{digits}f}")
        return out

    specs = [
        ("bytes transferred, first visit [MB]", "first", "bytes", MB, 2, 2.5, True,
         "<= 2.5 MB (aim 1.5)"),
        ("bytes transferred, repeat visit [MB]", "repeat", "bytes", MB, 3, 0.3, True, "<= 0.3 MB"),
        ("first contentful paint, first visit [s]", "first", "fcp_ms", 1000, 1, None, True, "-"),
        ("largest contentful paint, first visit [s]", "first", "lcp_ms", 1000, 1, 10, True,
         "<= 10 s (aim 4)"),
        ("largest contentful paint, repeat visit [s]", "repeat", "lcp_ms", 1000, 1, None, True,
         "-"),
        ("total blocking time, first visit [s]", "first", "tbt_ms", 1000, 2, None, True, "-"),
        ("layout shift, first visit", "first", "cls", 1, 3, 0.1, True, "< 0.1"),
        ("performance score, first visit", "first", "score", 1, 2, 0.5, False, ">= 0.5"),
        ("performance score, repeat visit", "repeat", "score", 1, 2, None, False, "-"),
        ("plotly.js requests on the first page", "first", "plotly_requests", 1, 0, 0, True, "0"),
    ]  # fmt: skip
    rows = [HEAD]
    for label, visit, key, scale, digits, limit, below, target in specs:
        value = fig("dnkit", visit, key)
        check = "-" if limit is None else verdict(None if value is None else value / scale, limit,
                                                  below)  # fmt: skip
        rows.append([label, *cells(visit, key, scale, digits), target, check])
    return render(rows)


def crowd_table(crowds: dict, memory: dict) -> str:
    rows = [["visitors at once", "dnkit", "Output floor", "target", "verdict"]]

    def share(c):
        if not c or c.get("median_s") is None:
            return "n/a"
        return (f"{c['median_s']:.2f} / {c['worst_s']:.2f} s ({c['served']}/{c['visitors']} "
                f"served, {c['errors_logged']} errors logged)")  # fmt: skip

    def browsers(c):
        if not c or not c.get("tti_ms"):
            return "n/a" if not c else f"0/{c['visitors']} interactive"
        tti = c["tti_ms"]
        return (f"{statistics.median(tti) / 1000:.2f} / {max(tti) / 1000:.2f} s "
                f"({c['ok']}/{c['visitors']} interactive)")  # fmt: skip

    for n in sorted({c["visitors"] for c in crowds.get("dnkit", {}).get("server", [])}):
        dn = next((c for c in crowds["dnkit"]["server"] if c["visitors"] == n), None)
        fl = next((c for c in crowds.get("output", {}).get("server", []) if c["visitors"] == n),
                  None)  # fmt: skip
        target, check = "-", "-"
        if n == 10 and dn:
            target = "median <= 2.5 s, worst <= 5 s"
            ok = dn["median_s"] is not None and dn["median_s"] <= 2.5 and dn["worst_s"] <= 5
            check = "MET" if ok and dn["served"] == n else "MISSED"
        if n == 20 and dn:
            target = "every page served, no error logged"
            check = "MET" if dn["served"] == n and dn["errors_logged"] == 0 else "MISSED"
        rows.append([f"{n}: server's share, median / worst", share(dn), share(fl), target, check])
    for n in sorted({c["visitors"] for c in crowds.get("dnkit", {}).get("browsers", [])}):
        dn = next((c for c in crowds["dnkit"]["browsers"] if c["visitors"] == n), None)
        fl = next((c for c in crowds.get("output", {}).get("browsers", []) if c["visitors"] == n),
                  None)  # fmt: skip
        rows.append([f"{n}: real browsers, first step interactive, median / worst", browsers(dn),
                     browsers(fl), "(no target)", "-"])  # fmt: skip
    for label, key in (
        ("memory: one idle pooled kernel [MB]", "pooled_kernel_mb"),
        ("memory: per visitor once interactive (kernel + server growth) [MB]", "per_visitor_mb"),
        ("memory: Voila server with a full pool, no visitors [MB]", "server_mb"),
        ("kernels this machine holds at its memory limit (RAM - 1 GiB - server)", "kernels_fit"),
        ("warm kernels in the pool (dnkit dashboard's default here)", "pool"),
    ):
        v = memory.get(key)
        dn = "n/a" if v is None else (f"{v:.0f}" if isinstance(v, float) else str(v))
        fl_v = memory.get("floor_" + key)
        fl = "-" if fl_v is None else (f"{fl_v:.0f}" if isinstance(fl_v, float) else str(fl_v))
        rows.append([label, dn, fl, "(measured)", "-"])
    return render(rows)


def notes(results: dict) -> str:
    cold = results["cold"]
    out = []
    for key, s in cold.items():
        out.append(
            f"{key}: {s['visits'] - s['failed']}/{s['visits']} cold visits ok, "
            f"{s['lat_n']} slider changes (lost {s['lost_updates']}), "
            f"latency data min-max {s['lat_min_max']}"
        )
        for e in s["errors"]:
            out.append(f"  problem on {key}: {e}")
        for e in s["page_errors"][:3]:
            out.append(f"  page error on {key}: {e[:160]}")
    for key, s in results.get("preheated", {}).items():
        out.append(f"{key} preheated: {s['visits'] - s['failed']}/{s['visits']} visits ok")
    imp = results.get("import")
    if imp:
        pulled = ", ".join(f"{k} {v:.0f} ms" for k, v in imp["pulled_in_ms"].items())
        out.append(f"import: {', '.join(imp['modules'])}; pulled in: {pulled}")
    return "\n".join(out)


# ------------------------------------------------------------------ issue 18 runs
LIGHTHOUSE_VERSION = lighthouse.VERSION


def settle(server, kernels: int, cap_s: float = 180) -> None:
    """Wait until the server holds ``kernels`` kernels and has gone quiet (the pool is full and
    its kernels have run the notebook)."""
    end = time.monotonic() + cap_s
    while len(server.kernels()) < kernels and time.monotonic() < end:
        time.sleep(0.5)
    server.wait_quiet(cap_s=max(10.0, end - time.monotonic()))


def run_lighthouse(tg, runs: int, log_dir) -> dict:
    if not lighthouse.available():
        say("Lighthouse is not installed (python3 tasks.py bench installs it); skipped")
        return {}
    pool = default_pool_size()
    out = {}
    for key in ("dnkit", "output", "figurewidget"):
        say(f"Lighthouse mobile on {key}: {runs} first + repeat visits")
        server = harness.Server(
            tg[key].notebook,
            extra=harness.BEACON,
            log_dir=log_dir,
            pool=pool if key == "dnkit" else 0,
        )
        try:
            wanted = pool if key == "dnkit" else 0
            settle(server, wanted)
            out[key] = lighthouse.visits(
                server.url, runs, before_each=lambda s=server: s.wait_quiet(cap_s=60)
            )
        finally:
            server.stop()
        for visit, rs in out[key].items():
            for r in rs:
                say(f"  {key} {visit}: " + ", ".join(f"{k}={v}" for k, v in r.items()))
    return out


def run_crowds(browser, tg, sizes: list[int], log_dir) -> tuple[dict, dict]:
    pool = default_pool_size()
    crowds: dict = {
        "dnkit": {"server": [], "browsers": []},
        "output": {"server": [], "browsers": []},
    }
    memory: dict = {"pool": pool}
    for key in ("dnkit", "output"):
        server = harness.Server(
            tg[key].notebook,
            extra=harness.BEACON,
            log_dir=log_dir,
            pool=pool if key == "dnkit" else 0,
        )
        wanted = pool if key == "dnkit" else 0
        try:
            settle(server, wanted)
            idle = [p.memory_info().rss for p in server.kernels()]
            if key == "dnkit":
                memory["pooled_kernel_mb"] = statistics.median(idle) / MB if idle else None
                memory["server_mb"] = server.server_rss() / MB
            else:
                memory["floor_server_mb"] = server.server_rss() / MB
            for n in sizes:
                settle(server, wanted)
                say(f"{n} visitor(s) at once on {key}, no browser")
                c = crowd_server.crowd(server, n)
                say(
                    f"  served {c['served']}/{n}, median {c['median_s']}, worst {c['worst_s']}, "
                    f"errors logged {c['errors_logged']}"
                )
                crowds[key]["server"].append(c)
            for n in sizes:
                settle(server, wanted)
                say(f"{n} visitor(s) at once on {key}, real browsers")
                c = harness.crowd(browser, server, tg[key], n)
                say(
                    f"  {c['ok']}/{n} interactive; "
                    f"memory per visitor {c['memory_per_visitor'] / MB:.0f} MB"
                )
                crowds[key]["browsers"].append(c)
        finally:
            server.stop()
    per = [c["memory_per_visitor"] for c in crowds["dnkit"]["browsers"] if c["ok"]]
    if per:
        memory["per_visitor_mb"] = statistics.median(per) / MB
        room = psutil.virtual_memory().total - 1024**3 - memory.get("server_mb", 0) * MB
        memory["kernels_fit"] = int(room // statistics.median(per))
    fper = [c["memory_per_visitor"] for c in crowds["output"]["browsers"] if c["ok"]]
    if fper:
        memory["floor_per_visitor_mb"] = statistics.median(fper) / MB
        room = psutil.virtual_memory().total - 1024**3 - memory.get("floor_server_mb", 0) * MB
        memory["floor_kernels_fit"] = int(room // statistics.median(fper))
    return crowds, memory


# ------------------------------------------------------------------ main


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--quick", action="store_true", help="2 runs, 5 changes, 1 Lighthouse run, 1/5/10"
    )
    ap.add_argument("--runs", type=int, help="visits per target and mode (default 3)")
    ap.add_argument("--presses", type=int, help="slider changes per cold visit (default 8)")
    ap.add_argument("--visitors", help="comma-separated crowd sizes (default 1,5,10,20)")
    ap.add_argument("--lighthouse-runs", type=int, help="Lighthouse runs per page (default 3)")
    ap.add_argument("--no-preheat", action="store_true", help="skip the preheated-kernel runs")
    ap.add_argument("--no-visitors", action="store_true", help="skip the many-visitors runs")
    ap.add_argument("--no-lighthouse", action="store_true", help="skip the Lighthouse runs")
    args = ap.parse_args(argv)
    runs = args.runs or (2 if args.quick else 3)
    presses = args.presses or (5 if args.quick else 8)
    lh_runs = args.lighthouse_runs or (1 if args.quick else 3)
    crowd_sizes = [
        int(x) for x in (args.visitors or ("1,5,10" if args.quick else "1,5,10,20")).split(",") if x
    ]

    from playwright.sync_api import sync_playwright

    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    log_dir = RESULTS / f"logs-{stamp}"
    tg = harness.targets()
    order = ["figurewidget", "output", "dnkit"]
    results: dict = {
        "when": stamp,
        "settings": {"runs": runs, "presses": presses, "visitors": crowd_sizes},
    }
    started = time.monotonic()

    say("import time of the domain modules")
    mods = harness.existing_modules(DOMAIN_MODULES)
    results["import"] = harness.import_time_ms(mods, runs=max(5, runs))

    with sync_playwright() as p:
        browser = harness.launch_browser(p)
        say(f"cold visits: {runs} runs x {len(order)} pages, {presses} slider changes each")
        servers = start_servers(tg, order, harness.BEACON, log_dir)
        try:
            cold = run_visits(browser, servers, order, runs, presses, False, say)
        finally:
            stop_all(servers)
        results["cold_visits"] = {k: [asdict(v) for v in vs] for k, vs in cold.items()}
        results["cold"] = summarise(cold)

        if not args.no_preheat:
            say(f"preheated kernels: {runs} runs x {len(order)} pages")
            servers = start_servers(tg, order, harness.BEACON + harness.PREHEAT, log_dir)
            try:
                hot = run_visits(browser, servers, order, runs, 0, True, say)
            finally:
                stop_all(servers)
            results["preheated_visits"] = {k: [asdict(v) for v in vs] for k, vs in hot.items()}
            results["preheated"] = summarise(hot)

        if not args.no_lighthouse:
            results["lighthouse"] = run_lighthouse(tg, lh_runs, log_dir)
        if not args.no_visitors:
            results["crowds"], results["memory"] = run_crowds(browser, tg, crowd_sizes, log_dir)
        browser.close()

    results["seconds"] = round(time.monotonic() - started)
    path = RESULTS / f"bench-{stamp}.json"
    path.write_text(json.dumps(results, indent=1, default=str))
    print()
    print(
        f"dnkit benchmark, {runs} runs per page ({'quick' if args.quick else 'full'}), "
        f"medians (min-max); latency over {presses} changes x {runs} visits; "
        f"{results['seconds']} s"
    )
    print(table(results))
    if results.get("lighthouse"):
        print(
            f"\nLighthouse {LIGHTHOUSE_VERSION}, mobile preset (slow 4G, 4x CPU, simulated), first "
            f"page, medians of {lh_runs} run(s) per page; repeat visit = same browser, cache kept"
        )
        print(lighthouse_table(results["lighthouse"]))
    if results.get("crowds"):
        print(
            f"\nVisitors arriving at once on this {os.cpu_count()}-core machine; dnkit dashboard "
            f"with its default pool of {results['memory'].get('pool')} warm kernels, the Output "
            "floor on plain Voila (a new kernel per visit)"
        )
        print(crowd_table(results["crowds"], results["memory"]))
    print()
    print(notes(results))
    print(f"\nJSON: {path.relative_to(harness.ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
