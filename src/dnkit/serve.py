"""How dnkit runs Voila: one list of settings used by the CLI, the tests and the benchmarks.

The settings harden a public dashboard: no source or tracebacks reach the page, no files are
served except the app, idle kernels are culled (a closed tab's kernel is otherwise never shut
down: stack_probe §8.3), and a hung cell is bounded (§8.2).
"""

from __future__ import annotations

import ast
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

CULL_IDLE_SECONDS = 600
CULL_INTERVAL_SECONDS = 60
CELL_TIMEOUT_SECONDS = 120
# One widget message carries a whole uploaded file. Above tornado's 10 MiB default the socket is
# closed without a word; under this limit the app itself refuses files over 5 MB with a message.
WEBSOCKET_MAX_MESSAGE_BYTES = 16 * 1024 * 1024


def voila_settings(
    cull_idle: int = CULL_IDLE_SECONDS, cull_interval: int = CULL_INTERVAL_SECONDS
) -> list[str]:
    return [
        "--strip_sources=True",
        "--show_tracebacks=False",
        "--theme=light",
        "--VoilaConfiguration.file_allowlist=[]",
        f"--VoilaExecutor.timeout={CELL_TIMEOUT_SECONDS}",
        f"--MappingKernelManager.cull_idle_timeout={cull_idle}",
        f"--MappingKernelManager.cull_interval={cull_interval}",
        "--MappingKernelManager.cull_connected=False",
        tornado_flag({"websocket_max_message_size": WEBSOCKET_MAX_MESSAGE_BYTES}),
    ]


TORNADO_FLAG = "--Voila.tornado_settings="


def tornado_flag(settings: dict[str, object]) -> str:
    """One ``--Voila.tornado_settings`` flag in the dict form: the ``key=value`` form passes
    values as strings (a string size breaks every socket), and a second flag is refused."""
    # A Python literal (traitlets reads it with literal_eval): True, not JSON's true.
    body = ", ".join(f"{json.dumps(k)}: {settings[k]!r}" for k in sorted(settings))
    return TORNADO_FLAG + "{" + body + "}"


def _tornado_settings(flag: str) -> dict[str, object]:
    value = flag.removeprefix(TORNADO_FLAG)
    if value.startswith("{"):
        return dict(ast.literal_eval(value))
    key, _, raw = value.partition("=")
    literal = {"True": True, "False": False}.get(raw, raw)
    return {key: int(raw) if raw.isdigit() else literal}


def merge_tornado_flags(args: list[str]) -> list[str]:
    """Fold every tornado-settings flag in ``args`` into one (extra flags may add keys)."""
    merged: dict[str, object] = {}
    rest = []
    for arg in args:
        if arg.startswith(TORNADO_FLAG):
            merged.update(_tornado_settings(arg))
        else:
            rest.append(arg)
    return [*rest, tornado_flag(merged)] if merged else rest


def voila_command(
    notebook: Path,
    port: int,
    open_browser: bool = False,
    ip: str = "127.0.0.1",
    extra: list[str] | None = None,
    *,
    cull_idle: int = CULL_IDLE_SECONDS,
    cull_interval: int = CULL_INTERVAL_SECONDS,
) -> list[str]:
    """The full ``voila`` command line for serving ``notebook``.

    Culling times are arguments rather than ``extra`` flags: traitlets refuses a second value
    for an option the settings already set.
    """
    cmd = [
        sys.executable,
        "-m",
        "voila",
        str(notebook),
        f"--port={port}",
        f"--Voila.ip={ip}",
        "--Voila.port_retries=0",
        *voila_settings(cull_idle, cull_interval),
    ]
    if not open_browser:
        cmd.append("--no-browser")
    return merge_tornado_flags(cmd + list(extra or []))


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def dashboard_url(port: int, ip: str = "127.0.0.1") -> str:
    return f"http://{ip}:{port}/"


# How the tests and benchmarks start headless Chromium against a local Voila on this machine's
# closed network: no background traffic, and every non-local host failed at DNS level (Voila
# asks a CDN for icons). Not page.route(): interception drops the kernel-shutdown beacon
# (stack_probe §8.8).
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


class VoilaProcess:
    """A Voila server on a free loopback port, as the tests and benchmarks run it.

    Readiness is checked on ``voila/static/voila.js``: Voila answers 302 for ``/api/status``
    (stack_probe §8.9), and a busy port makes it exit (``port_retries=0``) rather than serve
    somewhere else, which ``wait_ready`` reports.
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
    ) -> None:
        self.notebook = notebook
        self.port = free_port()
        self.url = dashboard_url(self.port)
        log_dir = log_dir or Path(tempfile.mkdtemp(prefix="dnkit-voila-"))
        log_dir.mkdir(parents=True, exist_ok=True)
        self.log_path = log_dir / f"voila-{notebook.stem}-{self.port}.log"
        self._log = self.log_path.open("w")
        command = voila_command(
            notebook, self.port, extra=extra, cull_idle=cull_idle, cull_interval=cull_interval
        )
        self.proc = subprocess.Popen(
            command,
            cwd=notebook.parent,
            env={**os.environ, **(env or {})},
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
