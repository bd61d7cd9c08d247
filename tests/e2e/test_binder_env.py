"""The Binder environment and the wheel, each proven in a fresh virtual environment.

One fresh venv (made once per session) is built the way repo2docker builds a Binder image:
Python from binder/runtime.txt, then ``pip install -r binder/requirements.txt`` from the
repository root, then binder/postBuild if there is one. Its own Voila then serves the dashboard,
once as the standalone app and once as Binder does (the server extension behind
``?urlpath=voila/render/...``). Last, the wheel built by ``python -m build`` replaces that install
and ``dnkit dashboard`` serves the page from another folder.
"""

from __future__ import annotations

import importlib.util
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import ARTIFACTS, plot_data, wait_for_plot
from support.voila import free_port, voila_command

import dnkit

# Minutes of pip and server starts: `python3 tasks.py bench` runs these, not the test command.
pytestmark = pytest.mark.binder

ROOT = Path(__file__).resolve().parents[2]
DASHBOARD = ROOT / "notebooks" / "dashboard.ipynb"
CHART = ".dn-cost-chart"
INSTALL_BUDGET_S = 240  # measured about 30 s with a warm pip cache on 2 cores

_spec = importlib.util.spec_from_file_location("binder_env", ROOT / "scripts" / "binder_env.py")
assert _spec and _spec.loader
binder_env = importlib.util.module_from_spec(_spec)
sys.modules.setdefault("binder_env", binder_env)
_spec.loader.exec_module(binder_env)


@dataclass
class FreshVenv:
    root: Path
    python: Path
    env: dict[str, str]
    install_seconds: float

    def bin(self, name: str) -> Path:
        return self.root / "bin" / name

    def run(self, *args: str | Path, cwd: Path) -> str:
        done = subprocess.run(
            [str(a) for a in args], cwd=cwd, env=self.env, capture_output=True, text=True
        )
        assert done.returncode == 0, f"{args} failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}"
        return done.stdout


@pytest.fixture(scope="session")
def binder_venv(tmp_path_factory: pytest.TempPathFactory) -> FreshVenv:
    base = tmp_path_factory.mktemp("binder-env")
    ARTIFACTS.mkdir(exist_ok=True)
    start = time.monotonic()
    python = binder_env.install_like_repo2docker(
        base / "venv", ROOT, log=ARTIFACTS / "binder-env-install.log"
    )
    seconds = time.monotonic() - start
    env = binder_env.clean_env(base / "venv")
    # Keep Jupyter config and data of this machine's user out, as in a Binder image.
    for name in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR"):
        env[name] = str(base / name.lower())
    (ARTIFACTS / "binder-env-timing.txt").write_text(
        f"fresh venv + pip install -r binder/requirements.txt: {seconds:.1f} s\n"
    )
    print(f"\nbinder env installed in {seconds:.1f} s", flush=True)
    return FreshVenv(base / "venv", python, env, seconds)


class Server:
    """A server process in its own process group, so its kernels stop with it."""

    def __init__(self, cmd: list[str], cwd: Path, env: dict[str, str], url: str, ready: str):
        self.url = url
        self.log_path = ARTIFACTS / f"binder-env-{url.split(':')[-1].strip('/')}.log"
        self._log = self.log_path.open("w")
        self.proc = subprocess.Popen(
            cmd,
            cwd=cwd,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self._wait(url + ready)

    def _wait(self, probe: str, deadline_s: float = 90) -> None:
        end = time.monotonic() + deadline_s
        while time.monotonic() < end:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited early; see {self.log_path}")
            try:
                with urllib.request.urlopen(probe, timeout=2):
                    return
            except OSError:
                time.sleep(0.25)
        raise RuntimeError(f"no answer from {probe} within {deadline_s} s; see {self.log_path}")

    def kernel_commands(self) -> list[list[str]]:
        """Command lines of the kernels this server started (its descendants, via /proc)."""
        children: dict[int, list[int]] = {}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
        found, todo = [], [self.proc.pid]
        while todo:
            for pid in children.get(todo.pop(), []):
                todo.append(pid)
                try:
                    argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
                except OSError:
                    continue
                cmd = [a.decode() for a in argv if a]
                if any("ipykernel_launcher" in a for a in cmd):
                    found.append(cmd)
        return found

    def stop(self) -> None:
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(15)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(5)
        self._log.close()


def smoke_test_dashboard(make_page, url: str, page_errors: list[str], shot: str) -> None:
    page = make_page()
    page.goto(url, wait_until="commit")
    page.wait_for_selector(".dn-app")
    page.locator(".dn-steps button", has_text="Costs").click()  # the chart is on that step
    wait_for_plot(page, CHART, traces=1)
    traces = plot_data(page, CHART)
    assert traces and any(t["y"] for t in traces), traces
    assert "Traceback" not in page.content()
    page.screenshot(path=str(ARTIFACTS / shot))
    assert page_errors == []


def test_binder_env_has_runtime_python_and_dnkit_installed_from_the_tree(binder_venv):
    out = binder_venv.run(
        binder_venv.python,
        "-c",
        "import sys, json, dnkit; print(json.dumps([sys.version_info[:2], dnkit.__version__, "
        "dnkit.__file__]))",
        cwd=binder_venv.root.parent,
    )
    version, dnkit_version, location = json.loads(out)
    assert tuple(version) == binder_env.runtime_version(ROOT)
    assert dnkit_version == dnkit.__version__
    # A regular install into the venv, not this checkout's source folder.
    assert Path(location).is_relative_to(binder_venv.root)
    binder_venv.run(binder_venv.python, "-m", "pip", "check", cwd=ROOT)
    assert binder_venv.install_seconds < INSTALL_BUDGET_S


def test_binder_env_voila_serves_the_dashboard(binder_venv, make_page, page_errors):
    port = free_port()
    cmd = voila_command(DASHBOARD, port)
    cmd[0] = str(binder_venv.python)  # that venv's Voila, with the settings the CLI uses
    # Started from the repository root, as on Binder, so the root voila.json is read too.
    server = Server(
        cmd, ROOT, binder_venv.env, f"http://127.0.0.1:{port}/", "voila/static/voila.js"
    )
    try:
        smoke_test_dashboard(make_page, server.url, page_errors, "binder-env-voila.png")
        kernels = server.kernel_commands()
        assert kernels, f"no kernel found; see {server.log_path}"
        assert all(Path(k[0]).parent == binder_venv.root / "bin" for k in kernels), kernels
    finally:
        server.stop()


def test_binder_link_path_serves_the_dashboard_through_jupyter_server(
    binder_venv, make_page, page_errors
):
    """Binder runs a Jupyter server in the repository root; the badge opens voila/render/...."""
    port = free_port()
    cmd = [
        str(binder_venv.bin("jupyter")),
        "server",
        "--no-browser",
        "--allow-root",
        f"--port={port}",
        "--ServerApp.ip=127.0.0.1",
        "--ServerApp.port_retries=0",
        "--IdentityProvider.token=",
    ]
    base = f"http://127.0.0.1:{port}/"
    server = Server(cmd, ROOT, binder_venv.env, base, "api/status")
    try:
        log = server.log_path.read_text()
        assert "voila.server_extension | extension was successfully loaded" in log
        url = base + "voila/render/notebooks/dashboard.ipynb"
        smoke_test_dashboard(make_page, url, page_errors, "binder-env-server-extension.png")
    finally:
        server.stop()


def test_built_wheel_installs_and_dnkit_dashboard_serves_it(
    binder_venv, tmp_path, make_page, page_errors
):
    start = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(tmp_path / "dist"), str(ROOT)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    [wheel] = (tmp_path / "dist").glob(f"dnkit-{dnkit.__version__}-*.whl")
    venv = binder_venv
    venv.run(venv.python, "-m", "pip", "install", "--no-deps", "--force-reinstall", wheel, cwd=ROOT)
    venv.run(venv.python, "-m", "pip", "check", cwd=ROOT)  # the wheel's requirements are met
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = venv.run(
        venv.python,
        "-c",
        "from dnkit.paths import dashboard_notebook as d; print(d())",
        cwd=elsewhere,
    )
    assert Path(out.strip()).is_relative_to(venv.root), out  # the notebook inside the wheel
    print(f"\nwheel built and installed in {time.monotonic() - start:.1f} s", flush=True)

    port = free_port()
    cmd = [str(venv.bin("dnkit")), "dashboard", "--no-browser", "--port", str(port)]
    server = Server(cmd, elsewhere, venv.env, f"http://127.0.0.1:{port}/", "voila/static/voila.js")
    try:
        smoke_test_dashboard(make_page, server.url, page_errors, "wheel-dnkit-dashboard.png")
    finally:
        server.stop()
