"""SIGTERM or Ctrl+C (SIGINT) to the real ``dnkit dashboard`` stops Voila and every kernel it
started, warm pool included, and frees the port within 10 s (issue 18, point 5)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.request

import psutil
import pytest
from conftest import ARTIFACTS
from support.voila import dashboard_command, free_port

STOP_WITHIN_S = 10
POOL = 2


def _kernels(proc: psutil.Process) -> list[psutil.Process]:
    try:
        return [c for c in proc.children(recursive=True) if "ipykernel" in " ".join(c.cmdline())]
    except psutil.Error:
        return []


def _port_free(port: int) -> bool:
    """Free for a restarted server (servers bind with SO_REUSEADDR, so the closed connections'
    TIME_WAIT does not count; a process still listening does)."""
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_dnkit_dashboard_stops_every_kernel_and_frees_the_port(sig):
    port = free_port()
    log = (ARTIFACTS / f"clean-stop-{sig.name}.log").open("w")
    # Its own session: nothing here may be stopped by signalling a group, only the command.
    proc = subprocess.Popen(
        dashboard_command(port, pool=POOL),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    ps = psutil.Process(proc.pid)
    try:
        url = f"http://127.0.0.1:{port}/"
        end = time.monotonic() + 120
        while time.monotonic() < end and len(_kernels(ps)) < POOL:
            assert proc.poll() is None, "dnkit dashboard exited early"
            time.sleep(0.5)
        # A visitor takes a warm kernel, and the pool starts another one to refill.
        with urllib.request.urlopen(url, timeout=120) as resp:
            assert resp.status == 200
            resp.read()
        time.sleep(1.5)
        started = {p.pid: p for p in [ps, *ps.children(recursive=True)]}
        assert len(_kernels(ps)) >= POOL, "the pool's kernels were not found"

        t0 = time.monotonic()
        proc.send_signal(sig)
        proc.wait(STOP_WITHIN_S)
        while time.monotonic() - t0 < STOP_WITHIN_S and not _port_free(port):
            time.sleep(0.2)
        took = time.monotonic() - t0
        left = [p for p in started.values() if p.is_running() and p.status() != "zombie"]
        assert left == [], f"still running {took:.1f} s after {sig.name}: {left}"
        assert _port_free(port), f"port {port} still taken {took:.1f} s after {sig.name}"
        assert took < STOP_WITHIN_S
    finally:
        if proc.poll() is None:
            proc.kill()
        for p in ps.children(recursive=True) if proc.poll() is None else []:
            p.kill()
        log.close()
