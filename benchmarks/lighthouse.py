"""Lighthouse's mobile run (slow 4G, 4x slower CPU, simulated) on a page: first and repeat visit.

Lighthouse comes from npm (``python3 tasks.py bench`` installs it into benchmarks/.lighthouse,
which is not committed) and drives the same Debian Chromium as the other benchmarks, started
here with a remote-debugging port and a profile of its own. The first visit starts from an
empty cache (Lighthouse clears it); the repeat visit is a second run in the same browser with
``--disable-storage-reset``, so the cache from the first visit is used.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

from support.chromium import HEADLESS_CHROMIUM_ARGS, chromium_path
from support.voila import free_port

BENCH = Path(__file__).resolve().parent
VERSION = "12.8.2"  # the newest Lighthouse that runs on Debian 12's Node 20
CLI = BENCH / ".lighthouse" / "node_modules" / "lighthouse" / "cli" / "index.js"
AUDITS = {
    "bytes": "total-byte-weight",
    "fcp_ms": "first-contentful-paint",
    "lcp_ms": "largest-contentful-paint",
    "tbt_ms": "total-blocking-time",
    "cls": "cumulative-layout-shift",
}


def available() -> bool:
    return CLI.exists() and shutil.which("node") is not None


class Chrome:
    """Chromium with a DevTools port for Lighthouse to drive; one profile (one HTTP cache)."""

    def __init__(self) -> None:
        self.port = free_port()
        self.profile = tempfile.mkdtemp(prefix="dnkit-lh-")
        flags = [a for a in HEADLESS_CHROMIUM_ARGS if a != "--headless"]
        self.proc = subprocess.Popen(
            [chromium_path(), "--headless=new", f"--remote-debugging-port={self.port}",
             f"--user-data-dir={self.profile}", *flags, "about:blank"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        end = time.monotonic() + 30
        while time.monotonic() < end:
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{self.port}/json/version", timeout=1
                ):
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("Chromium did not open its DevTools port")

    def close(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        shutil.rmtree(self.profile, ignore_errors=True)


def audit(url: str, chrome: Chrome, repeat: bool = False, timeout_s: float = 240) -> dict[str, Any]:
    """One Lighthouse mobile run; the figures issue 18 asks for, and what holds the largest
    paint."""
    cmd = ["node", str(CLI), url, f"--port={chrome.port}", "--output=json", "--output-path=stdout",
           "--only-categories=performance", "--quiet", "--max-wait-for-load=90000"]  # fmt: skip
    if repeat:
        cmd.append("--disable-storage-reset")
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout_s)
    if done.returncode != 0:
        return {"error": (done.stderr or done.stdout)[-300:]}
    report = json.loads(done.stdout)
    audits = report["audits"]
    out: dict[str, Any] = {k: audits[a].get("numericValue") for k, a in AUDITS.items()}
    out["score"] = report["categories"]["performance"]["score"]
    if report.get("runtimeError"):
        out["error"] = report["runtimeError"].get("message", "runtime error")
    try:
        item = audits["largest-contentful-paint-element"]["details"]["items"][0]["items"][0]
        out["lcp_element"] = item["node"].get("selector", "")
    except (KeyError, IndexError, TypeError):
        out["lcp_element"] = ""
    plotly = [
        r["url"] for r in audits["network-requests"]["details"]["items"] if "plotly" in r["url"]
    ]
    out["plotly_requests"] = len(plotly)
    return out


def _audit_twice(url: str, chrome: Chrome, repeat: bool) -> dict[str, Any]:
    """One more try when Lighthouse itself gives up (on a loaded 2-core machine its DevTools
    calls can time out on a 4.8 MB response); a repeat visit keeps the cache either way."""
    result = audit(url, chrome, repeat=repeat)
    if "error" in result:
        result = audit(url, chrome, repeat=repeat)
    return result


def visits(url: str, runs: int, before_each=None) -> dict[str, list[dict[str, Any]]]:
    """``runs`` pairs of (first visit, repeat visit), each pair in a fresh browser profile."""
    first, repeat = [], []
    for _ in range(runs):
        chrome = Chrome()
        try:
            if before_each:
                before_each()
            first.append(_audit_twice(url, chrome, False))
            if before_each:
                before_each()
            repeat.append(_audit_twice(url, chrome, True))
        finally:
            chrome.close()
    return {"first": first, "repeat": repeat}
