import subprocess
import sys

from dnkit.cli import main
from dnkit.paths import dashboard_notebook
from dnkit.serve import voila_argv


def test_dashboard_notebook_is_found():
    assert dashboard_notebook().name == "dashboard.ipynb"


def test_voila_argv_hardens_the_server():
    cmd = voila_argv(dashboard_notebook(), 8899)
    assert "--port=8899" in cmd and "--Voila.open_browser=False" in cmd
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


def test_extra_tornado_settings_merge_into_one_flag():
    from dnkit.serve import merge_flags, voila_settings

    args = [*voila_settings(), "--Voila.tornado_settings=disable_check_xsrf=True"]
    merged = [a for a in merge_flags(args) if a.startswith("--Voila.tornado_settings")]
    assert merged == [
        '--Voila.tornado_settings={"disable_check_xsrf": True, '
        '"websocket_max_message_size": 16777216}'
    ]


def test_an_extra_flag_replaces_the_settings_value_for_the_same_option():
    extra = ["--MappingKernelManager.cull_idle_timeout=5"]
    cmd = voila_argv(dashboard_notebook(), 8899, extra=extra)
    assert "--MappingKernelManager.cull_idle_timeout=5" in cmd
    assert sum(a.startswith("--MappingKernelManager.cull_idle_timeout") for a in cmd) == 1
