"""The notebooks in JupyterLab, as a Python user opens them (issue 18: the work on speed must
leave them working).

A real JupyterLab serves a copy of notebooks/ (JupyterLab saves what it runs; the repository's
notebooks stay clean). The dashboard notebook's cells are run as a person runs them: the app
appears in the
output, a step opens, its chart draws (plotly.js from the template's static folder, which the
Voila server extension serves inside JupyterLab too), and no cell writes an error.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ARTIFACTS, plot_data, wait_for_plot
from support.voila import free_port

# A JupyterLab start and a kernel: `python3 tasks.py bench` runs this with the other slow checks.
pytestmark = pytest.mark.jupyterlab

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
LAB_TIMEOUT_MS = 120_000


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("lab")
    for notebook in NOTEBOOKS.glob("*.ipynb"):
        shutil.copy(notebook, folder)
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    ARTIFACTS.mkdir(exist_ok=True)
    log = (ARTIFACTS / "jupyterlab.log").open("w")
    proc = subprocess.Popen(
        [
            sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root",
            f"--port={port}", "--ServerApp.ip=127.0.0.1", "--ServerApp.port_retries=0",
            "--IdentityProvider.token=", f"--ServerApp.root_dir={folder}",
            "--LabApp.news_url=None",
        ],
        cwd=folder,
        env=dict(os.environ, JUPYTER_RUNTIME_DIR=str(folder / ".runtime")),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(url + "api/status", timeout=2):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("JupyterLab did not start; see jupyterlab.log") from None
                time.sleep(0.5)
        yield url
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        log.close()


def test_the_dashboard_notebook_runs_in_jupyterlab(make_page, lab):
    page = make_page(width=1280, height=1000)
    page.set_default_timeout(LAB_TIMEOUT_MS)
    page.goto(lab + "lab/tree/dashboard.ipynb", wait_until="domcontentloaded")
    page.wait_for_selector(".jp-Notebook .jp-Cell")
    # The kernel is connected and idle (the status bar says so), before anything runs.
    page.wait_for_selector(".jp-StatusBar-Widget:has-text('| Idle')")
    page.wait_for_timeout(1000)
    # Each cell in turn, as a person does: click into it, Shift+Enter (the notebook is short).
    for i in range(page.locator(".jp-Notebook .jp-CodeCell").count()):
        page.locator(".jp-Notebook .jp-CodeCell .jp-InputArea-editor").nth(i).click()
        page.keyboard.press("Shift+Enter")
    page.wait_for_selector(".jp-Notebook .jp-InputPrompt:has-text('[1]')")
    page.wait_for_selector(".jp-OutputArea .dn-app .dn-step-start")
    page.locator(".dn-steps button", has_text="Costs").click()
    wait_for_plot(page, ".dn-cost-chart", traces=1)
    traces = plot_data(page, ".dn-cost-chart")
    assert traces and any(t["y"] for t in traces), traces
    errors = page.locator("[data-mime-type='application/vnd.jupyter.stderr']").all_inner_texts()
    assert [e for e in errors if "Traceback" in e or "Error" in e] == []
    page.screenshot(path=str(ARTIFACTS / "jupyterlab-dashboard.png"))
