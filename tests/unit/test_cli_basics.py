import subprocess
import sys

from dnkit.cli import main
from dnkit.paths import dashboard_notebook
from dnkit.serve import voila_command


def test_dashboard_notebook_is_found():
    assert dashboard_notebook().name == "dashboard.ipynb"


def test_voila_command_hardens_the_server():
    cmd = voila_command(dashboard_notebook(), 8899)
    assert "--port=8899" in cmd and "--no-browser" in cmd
    assert "--show_tracebacks=False" in cmd and "--strip_sources=True" in cmd
    assert any(a.startswith("--MappingKernelManager.cull_idle_timeout=") for a in cmd)


def test_help_lists_the_verbs(capsys):
    assert main([]) == 2
    out = capsys.readouterr().out
    assert "dashboard" in out and "lab" in out


def test_console_entry_point_runs():
    proc = subprocess.run(
        [sys.executable, "-m", "dnkit", "--version"], capture_output=True, text=True, check=True
    )
    assert proc.stdout.startswith("dnkit ")
