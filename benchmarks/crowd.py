"""Many visitors at once, measured without a browser: the server's share of each page view.

Each visitor is a thread that requests the page (gzip accepted, as a browser does) and reads it
whole; Voila runs the notebook (or takes a warm kernel) while it streams the page, so the time
until the last byte is what the server made that visitor wait before a browser could even start.
The kernels these requests started are shut down afterwards through Voila's own shutdown URL
(the servers run with the shutdown beacon allowed, harness.BEACON).
"""

from __future__ import annotations

import contextlib
import re
import statistics
import threading
import time
import urllib.request
from typing import Any

KERNEL_ID = re.compile(rb'"kernelId": "([0-9a-f-]{36})"')
ERROR_LINE = re.compile(r"\[E |ERROR|Traceback|Exception", re.M)


def fetch(url: str, start: threading.Barrier, out: list, i: int, timeout_s: float) -> None:
    start.wait()
    t0 = time.perf_counter()
    try:
        req = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(req, timeout=timeout_s) as resp:
            body = resp.read()
            status = resp.status
        found = KERNEL_ID.search(_gunzip(body))
        kernel = found.group(1).decode() if found else ""
        out[i] = {
            "s": time.perf_counter() - t0,
            "status": status,
            "bytes": len(body),
            "kernel": kernel,
        }
    except Exception as exc:  # a refused or broken page counts as not served
        out[i] = {"s": time.perf_counter() - t0, "status": 0, "error": repr(exc)[:200]}


def _gunzip(body: bytes) -> bytes:
    import gzip

    return gzip.decompress(body) if body[:2] == b"\x1f\x8b" else body


def shut_down(server, kernels: list[str]) -> None:
    for kid in kernels:
        req = urllib.request.Request(
            f"{server.url}voila/api/shutdown/{kid}", data=b"", method="POST"
        )
        with contextlib.suppress(OSError):
            urllib.request.urlopen(req, timeout=10).close()


def crowd(server, n: int, timeout_s: float = 240) -> dict[str, Any]:
    """``n`` page requests at the same moment; seconds until each page was read whole."""
    log_before = len(server.log())
    out: list = [None] * n
    start = threading.Barrier(n)
    threads = [
        threading.Thread(target=fetch, args=(server.url, start, out, i, timeout_s))
        for i in range(n)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    served = [r for r in out if r and r.get("status") == 200 and r.get("kernel")]
    times = [r["s"] for r in served]
    kernels = [r["kernel"] for r in served]
    rss = [server.kernel_rss(k) for k in kernels]
    errors = ERROR_LINE.findall(server.log()[log_before:])
    shut_down(server, kernels)
    return {
        "visitors": n,
        "served": len(served),
        "median_s": statistics.median(times) if times else None,
        "worst_s": max(times) if times else None,
        "page_bytes": statistics.median([r["bytes"] for r in served]) if served else None,
        "kernel_rss": [r for r in rss if r],
        "errors_logged": len(errors),
        "failures": [r.get("error", r.get("status")) for r in out if r not in served],
    }
