"""Live servers for the tests and the benchmarks: the real ``dnkit dashboard``, or plain Voila.

The dashboard notebook is served by the command people run (``python -m dnkit dashboard``:
in-process Voila with dnkit's settings, template, compression and warm-kernel pool). Other
notebooks (the benchmark floors, hardening fixtures) are served by plain ``voila`` with the same
hardening flags; the floors ask for Voila's own page (``PLAIN_PAGE``) so they measure the
platform, not dnkit.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Literal

from dnkit.paths import dashboard_notebook
from dnkit.serve import (
    CULL_IDLE_SECONDS,
    CULL_INTERVAL_SECONDS,
    dashboard_url,
    share_dir,
    voila_argv,
)

# Voila's own page: its lab template with every installed lab extension (the platform's floor).
PLAIN_PAGE = ["--template=lab", "--VoilaConfiguration.extension_allowlist=[]"]
# Lets the page's kernel-shutdown beacon through, so each visit's kernel ends when the visit
# does (stack_probe §8.3) and idle kernels do not pile up between measurements.
BEACON = ["--Voila.tornado_settings=disable_check_xsrf=True"]


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def culling(idle: int, interval: int) -> list[str]:
    return [
        f"--MappingKernelManager.cull_idle_timeout={idle}",
        f"--MappingKernelManager.cull_interval={interval}",
    ]


def voila_command(notebook: Path, port: int, extra: list[str] | None = None) -> list[str]:
    """Plain ``voila`` with dnkit's settings (``extra`` flags win)."""
    return [sys.executable, "-m", "voila", *voila_argv(notebook, port, extra=extra or [])]


def dashboard_command(
    port: int, pool: int = 1, extra: list[str] | None = None, python: str = sys.executable
) -> list[str]:
    """The real ``dnkit dashboard`` command."""
    flags = [f"--voila-arg={a}" for a in extra or []]
    return [python, "-m", "dnkit", "dashboard", "--no-browser", f"--port={port}",
            f"--pool={pool}", *flags]  # fmt: skip


class VoilaProcess:
    """A server on a free loopback port, as the tests and benchmarks run it.

    Readiness is checked on ``voila/static/voila.js``: Voila answers 302 for ``/api/status``
    (stack_probe §8.9), and a busy port makes it exit (``port_retries=0``) rather than serve
    somewhere else, which ``wait_ready`` reports. ``app`` picks the server: ``dnkit`` (the
    dashboard command; the default for the dashboard notebook) or ``voila``. ``pool`` is the
    dashboard's warm-kernel pool (1 keeps a test server's start cheap on 2 cores).
    """

    READY_PATH = "voila/static/voila.js"

    def __init__(
        self,
        notebook: Path,
        *,
        extra: list[str] | None = None,
        env: dict[str, str] | None = None,
        log_dir: Path | None = None,
        wait: bool = True,
        cull_idle: int = CULL_IDLE_SECONDS,
        cull_interval: int = CULL_INTERVAL_SECONDS,
        app: Literal["auto", "dnkit", "voila"] = "auto",
        pool: int = 1,
    ) -> None:
        self.notebook = notebook
        self.app = app if app != "auto" else (
            "dnkit" if notebook.resolve() == dashboard_notebook().resolve() else "voila"
        )  # fmt: skip
        self.port = free_port()
        self.url = dashboard_url(self.port)
        log_dir = log_dir or Path(tempfile.mkdtemp(prefix="dnkit-voila-"))
        log_dir.mkdir(parents=True, exist_ok=True)
        self.log_path = log_dir / f"voila-{notebook.stem}-{self.port}.log"
        self._log = self.log_path.open("w")
        flags = [*culling(cull_idle, cull_interval), *(extra or [])]
        if self.app == "dnkit":
            command = dashboard_command(self.port, pool, flags)
        else:
            command = voila_command(notebook, self.port, flags)
        environment = {**os.environ, **(env or {})}
        # Plain voila finds dnkit's template wherever dnkit is installed from.
        environment["JUPYTER_PATH"] = os.pathsep.join(
            p for p in (str(share_dir()), environment.get("JUPYTER_PATH", "")) if p
        )
        self.proc = subprocess.Popen(
            command,
            cwd=notebook.parent if notebook.is_file() else notebook,
            env=environment,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        if wait:
            self.wait_ready()

    def wait_ready(self, deadline_s: float = 90) -> None:
        end = time.monotonic() + deadline_s
        while time.monotonic() < end:
            if self.proc.poll() is not None:
                raise RuntimeError(f"voila exited early; see {self.log_path}")
            try:
                with urllib.request.urlopen(self.url + self.READY_PATH, timeout=2):
                    return
            except OSError:
                time.sleep(0.25)
        raise RuntimeError(f"voila did not answer within {deadline_s} s; see {self.log_path}")

    def log(self) -> str:
        self._log.flush()
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)
        self._log.close()
