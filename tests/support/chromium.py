"""How the tests and the benchmarks start headless Chromium against a local server.

On this machine's closed network: no background traffic, and every non-local host failed at DNS
level (Voila asks a CDN for icons). Not page.route(): interception drops the kernel-shutdown
beacon (stack_probe §8.8).
"""

from __future__ import annotations

import os
from typing import Any

HEADLESS_CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
)


def chromium_path() -> str:
    """``DNKIT_CHROMIUM`` (``playwright`` for Playwright's own build), else Debian's."""
    return os.environ.get("DNKIT_CHROMIUM", "/usr/bin/chromium")


def launch(playwright: Any) -> Any:
    exe = chromium_path()
    kwargs: dict[str, Any] = {"args": list(HEADLESS_CHROMIUM_ARGS)}
    if exe != "playwright":
        kwargs["executable_path"] = exe
    return playwright.chromium.launch(**kwargs)
