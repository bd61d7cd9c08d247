"""Benchmark the dnkit dashboard against the platform's floor; print one table.

    python3 tasks.py bench            # full: 5 runs each, 40 slider changes, 1/5/10 visitors
    python3 tasks.py bench --quick    # a quick look: 2 runs, 10 changes, 1/3 visitors

Live Voila servers, headless Chromium, a fresh browser context (empty cache) per visit. The two
floor notebooks in this folder and dnkit's dashboard are measured in the same run, alternating,
each figure as median (min-max), with the ratio of dnkit against the better floor and the
target from issue 10. Results are also written as JSON to ``benchmarks/results/``.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import time
from dataclasses import asdict
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import harness

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
    for c in results.get("visitors", []):
        tti = c["tti_ms"]
        n = c["visitors"]
        rows.append(
            info_row(
                f"{n} visitor(s) at once: interactive median / worst",
                "s",
                f"{statistics.median(tti) / 1000:.2f} / {max(tti) / 1000:.2f} ({c['ok']}/{n} ok)"
                if tti
                else f"0/{n} ok",
                "",
                "",
            )
        )
        rows.append(
            info_row(
                f"{n} visitor(s) at once: memory per visitor",
                "MB",
                f"{c['memory_per_visitor'] / MB:.0f} (server +{c['server_rss_growth'] / MB:.0f})",
                "",
                "",
            )
        )
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for i, r in enumerate(rows):
        lines.append(" | ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)))
        if i == 0:
            lines.append("-+-".join("-" * w for w in widths))
    return "\n".join(lines)


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


# ------------------------------------------------------------------ main


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="2 runs, 10 changes, 1 and 3 visitors")
    ap.add_argument("--runs", type=int, help="visits per target and mode (default 5)")
    ap.add_argument("--presses", type=int, help="slider changes per cold visit (default 8)")
    ap.add_argument("--visitors", help="comma-separated crowd sizes (default 1,5,10)")
    ap.add_argument("--no-preheat", action="store_true", help="skip the preheated-kernel runs")
    ap.add_argument("--no-visitors", action="store_true", help="skip the many-visitors runs")
    args = ap.parse_args(argv)
    runs = args.runs or (2 if args.quick else 5)
    presses = args.presses or (5 if args.quick else 8)
    crowd_sizes = [
        int(x) for x in (args.visitors or ("1,3" if args.quick else "1,5,10")).split(",") if x
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

        if not args.no_visitors:
            results["visitors"] = []
            for n in crowd_sizes:
                say(f"{n} visitor(s) opening the dashboard at once")
                server = harness.Server(tg["dnkit"].notebook, extra=harness.BEACON, log_dir=log_dir)
                try:
                    server.wait_quiet(cap_s=20)
                    c = harness.crowd(browser, server, tg["dnkit"], n)
                finally:
                    server.stop()
                per = c["memory_per_visitor"] / MB
                say(f"  {c['ok']}/{n} interactive; memory per visitor {per:.0f} MB")
                results["visitors"].append(c)
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
    print()
    print(notes(results))
    print(f"\nJSON: {path.relative_to(harness.ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
