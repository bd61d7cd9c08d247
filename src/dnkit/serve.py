"""How dnkit runs Voila: one list of settings used by the CLI, the tests and the benchmarks.

The settings harden a public dashboard: no source or tracebacks reach the page, no files are
served except the app, idle kernels are culled (a closed tab's kernel is otherwise never shut
down: stack_probe §8.3), and a hung cell is bounded (§8.2).
"""

from __future__ import annotations

import socket
import sys
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
        # The dict form: "key=value" would pass the size as a string and break every socket.
        f'--Voila.tornado_settings={{"websocket_max_message_size": {WEBSOCKET_MAX_MESSAGE_BYTES}}}',
    ]


def voila_command(
    notebook: Path,
    port: int,
    open_browser: bool = False,
    ip: str = "127.0.0.1",
    extra: list[str] | None = None,
) -> list[str]:
    """The full ``voila`` command line for serving ``notebook``."""
    cmd = [
        sys.executable,
        "-m",
        "voila",
        str(notebook),
        f"--port={port}",
        f"--Voila.ip={ip}",
        "--Voila.port_retries=0",
        *voila_settings(),
    ]
    if not open_browser:
        cmd.append("--no-browser")
    return cmd + list(extra or [])


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def dashboard_url(port: int, ip: str = "127.0.0.1") -> str:
    return f"http://{ip}:{port}/"
