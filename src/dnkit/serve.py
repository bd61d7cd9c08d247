"""How ``dnkit dashboard`` serves the dashboard: Voila in this process, hardened, light and warm.

The settings harden a public dashboard: no source or tracebacks reach the page, no files are
served except the app, idle kernels are culled (a closed tab's kernel is otherwise never shut
down: stack_probe §8.3), and a hung cell is bounded (§8.2). ``voila.json`` at the repository
root carries the same settings for Binder (tests/unit/test_binder_config.py checks it).

On top of plain Voila, :class:`DashboardServer` (a small subclass run in this process, so a
SIGTERM or Ctrl+C stops every kernel it started and frees the port):

- builds its tornado application *with* ``tornado_settings`` (plain Voila applies them after
  the application is built, which is why ``compress_response`` on its command line does
  nothing), so text and JavaScript are gzip-compressed;
- serves Voila's own scripts under a versioned folder and gives content-hashed files a year of
  cache (:mod:`dnkit.web`), so a repeat visit downloads almost nothing;
- loads only the lab extensions the dashboard uses (no 4.8 MB jupyterlab-plotly bundle);
- uses dnkit's Voila template, which puts the first screen's words in the HTML itself;
- keeps a pool of warm kernels that have already run the dashboard notebook (Voila's
  preheated kernels): each visitor gets one of their own, never used by anyone before.
"""

from __future__ import annotations

import json
import os
import signal
from collections.abc import Iterable
from importlib.resources import files
from pathlib import Path
from typing import Any

CULL_IDLE_SECONDS = 600
CULL_INTERVAL_SECONDS = 60
CELL_TIMEOUT_SECONDS = 120
# One widget message carries a whole uploaded file. Above tornado's 10 MiB default the socket is
# closed without a word; under this limit the app itself refuses files over 5 MB with a message.
WEBSOCKET_MAX_MESSAGE_BYTES = 16 * 1024 * 1024
# The dnkit Voila template (src/dnkit/share/voila/templates/dnkit): the first screen in the HTML.
TEMPLATE = "dnkit"
# The only JupyterLab extensions the dashboard's page needs: Voila's widget manager (it provides
# the widget registry), the ipywidgets controls and anywidget (the chart and the draft keeper).
# Everything else installed (jupyterlab-plotly's 4.8 MB bundle, pygments' styles) stays off.
LAB_EXTENSIONS = (
    "@voila-dashboards/widgets-manager8",
    "@jupyter-widgets/jupyterlab-manager",
    "anywidget",
)
# Resident memory of one pooled kernel that has run the dashboard notebook and waits for its
# visitor (benchmarks/run.py measures it; docs/deploy.md has the figure).
POOLED_KERNEL_BYTES = 110 * 1024 * 1024
# A burst of this many visitors per core finds a warm kernel; each refill costs the server
# about 1.5 CPU-seconds in the background (benchmarks/run.py).
POOL_PER_CORE = 5
# Never give the pool more than this share of the machine's memory.
POOL_MEMORY_SHARE = 0.25
TORNADO_FLAG = "--Voila.tornado_settings="


def share_dir() -> Path:
    """dnkit's Jupyter data folder (holds ``voila/templates/dnkit``), inside the package."""
    return Path(str(files("dnkit") / "share"))


def voila_settings(
    cull_idle: int = CULL_IDLE_SECONDS, cull_interval: int = CULL_INTERVAL_SECONDS
) -> list[str]:
    """The hardening and page settings, as Voila command-line flags (voila.json holds the same)."""
    return [
        "--strip_sources=True",
        "--show_tracebacks=False",
        "--theme=light",
        f"--template={TEMPLATE}",
        "--VoilaConfiguration.file_allowlist=[]",
        f"--VoilaConfiguration.extension_allowlist={json.dumps(list(LAB_EXTENSIONS))}",
        f"--VoilaExecutor.timeout={CELL_TIMEOUT_SECONDS}",
        f"--MappingKernelManager.cull_idle_timeout={cull_idle}",
        f"--MappingKernelManager.cull_interval={cull_interval}",
        "--MappingKernelManager.cull_connected=False",
        tornado_flag({"websocket_max_message_size": WEBSOCKET_MAX_MESSAGE_BYTES}),
    ]


def tornado_flag(settings: dict[str, object]) -> str:
    """One ``--Voila.tornado_settings`` flag in the dict form: the ``key=value`` form passes
    values as strings (a string size breaks every socket), and a second flag is refused."""
    # A Python literal (traitlets reads it with literal_eval): True, not JSON's true.
    body = ", ".join(f"{json.dumps(k)}: {settings[k]!r}" for k in sorted(settings))
    return TORNADO_FLAG + "{" + body + "}"


def _tornado_settings(flag: str) -> dict[str, object]:
    import ast

    value = flag.removeprefix(TORNADO_FLAG)
    if value.startswith("{"):
        return dict(ast.literal_eval(value))
    key, _, raw = value.partition("=")
    literal = {"True": True, "False": False}.get(raw, raw)
    return {key: int(raw) if raw.isdigit() else literal}


def merge_flags(args: Iterable[str]) -> list[str]:
    """One value per option, the last one given winning (traitlets refuses a second value);
    every tornado-settings flag folds into one, so extra flags may add keys."""
    merged: dict[str, object] = {}
    flags: dict[str, str] = {}
    for arg in args:
        if arg.startswith(TORNADO_FLAG):
            merged.update(_tornado_settings(arg))
            continue
        key = arg.split("=", 1)[0] if arg.startswith("--") else arg
        flags.pop(key, None)  # a later value moves to the end, as if given once
        flags[key] = arg
    out = list(flags.values())
    return [*out, tornado_flag(merged)] if merged else out


def _memory_bytes() -> int:
    try:
        return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return 4 * 1024**3


def default_pool_size(cores: int | None = None, memory: int | None = None) -> int:
    """Warm kernels to keep for this machine: five per core, within a quarter of its memory."""
    cores = cores or os.cpu_count() or 1
    memory = memory or _memory_bytes()
    by_memory = int(memory * POOL_MEMORY_SHARE // POOLED_KERNEL_BYTES)
    return max(1, min(POOL_PER_CORE * cores, by_memory))


def voila_argv(
    notebook: Path,
    port: int,
    ip: str = "127.0.0.1",
    *,
    open_browser: bool = False,
    pool: int = 0,
    extra: Iterable[str] = (),
) -> list[str]:
    """Voila's arguments for serving ``notebook`` with dnkit's settings; ``extra`` flags win."""
    args = [
        str(notebook),
        f"--port={port}",
        f"--Voila.ip={ip}",
        "--Voila.port_retries=0",
        *voila_settings(),
        f"--Voila.open_browser={open_browser}",
    ]
    if pool > 0:
        args += ["--preheat_kernel=True", f"--pool_size={pool}"]
    return merge_flags([*args, *extra])


def dashboard_url(port: int, ip: str = "127.0.0.1") -> str:
    return f"http://{ip}:{port}/"


def restart_idle_clock_on_hand_out(kernel_manager: Any) -> None:
    """A warm kernel's idle time counts from when a visitor gets it, not from when it warmed up.

    Voila keeps the culler off a kernel while it waits in the pool, but the wait may be longer
    than the cull timeout (a quiet hour). Handed to a visitor, such a kernel looked idle for
    that whole wait, so the next cull pass shut it down before the visitor's page had connected,
    and the page hung for good ("Kernel never reached an 'alive' state"). The soak test caught it.
    """
    hand_out = getattr(kernel_manager, "get_rendered_notebook", None)
    if hand_out is None:  # no pool: a kernel starts when its visitor asks, its clock is fresh
        return
    from jupyter_server._tz import utcnow

    async def get_rendered_notebook(*args: Any, **kwargs: Any) -> Any:
        task, cells, kernel_id = await hand_out(*args, **kwargs)
        kernel = kernel_manager._kernels.get(kernel_id)
        if kernel is not None:
            kernel.last_activity = utcnow()
        return task, cells, kernel_id

    kernel_manager.get_rendered_notebook = get_rendered_notebook


def _server_class() -> type:
    """Build the Voila subclass on first use: importing Voila costs about a second."""
    import tornado.web
    from jupyter_server.utils import url_path_join
    from voila import __version__ as voila_version
    from voila.app import Voila
    from voila.static_file_handler import MultiStaticFileHandler

    from dnkit import web

    static_version = f"v{voila_version}"

    def versioned_static(page_config: dict[str, Any], **_kw: Any) -> dict[str, Any]:
        """Voila's scripts have no hash in their names; a folder named after Voila's version
        lets them be cached for a year (a new Voila gets a new folder)."""
        url = str(page_config.get("fullStaticUrl", ""))
        if url.endswith("/voila/static"):
            page_config["fullStaticUrl"] = f"{url}/{static_version}"
        return page_config

    class DashboardServer(Voila):
        """Voila as ``dnkit dashboard`` runs it (see the module's docstring)."""

        def initialize(self, argv: list[str] | None = None) -> None:
            super().initialize(argv)
            if self.voila_configuration.page_config_hook is None:
                self.voila_configuration.page_config_hook = versioned_static
            # Ctrl+C in a terminal and SIGTERM from a service manager stop the same way.
            signal.signal(signal.SIGINT, self._handle_signal_stop)

        def init_settings(self) -> dict[str, Any]:
            # Applied when the application is built, so compress_response works.
            settings = super().init_settings()
            restart_idle_clock_on_hand_out(self.kernel_manager)
            return {**settings, "compress_response": True, **self.tornado_settings}

        def init_handlers(self) -> list:
            ours = [
                (
                    url_path_join(self.server_url, rf"/voila/static/{static_version}/(.*)"),
                    MultiStaticFileHandler,
                    {"paths": self.static_paths, "default_filename": "index.html"},
                ),
            ]
            return [*ours, *super().init_handlers()]

        def start(self) -> None:
            import tempfile

            self.connection_dir = tempfile.mkdtemp(prefix="voila_", dir=self.connection_dir_root)
            self.app = tornado.web.Application(**self.init_settings())
            self.app.add_transform(web.CacheLifetimes)
            self.app.add_handlers(".*$", self.init_handlers())
            self.listen()

        def _handle_signal_stop(self, sig: int, frame: Any) -> None:
            if getattr(self, "_stopping", False):
                return
            self._stopping = True
            self.log.info("dnkit dashboard: stopping on signal %s", sig)
            self.ioloop.add_callback_from_signal(self.ioloop.stop)

        def stop(self) -> None:
            """Shut every kernel down at once (pooled ones included); none holds work to save."""
            import shutil

            from jupyter_core.utils import run_sync

            shutil.rmtree(self.connection_dir, ignore_errors=True)
            run_sync(self.kernel_manager.shutdown_all)(now=True)

    return DashboardServer


def serve_dashboard(
    notebook: Path,
    port: int,
    ip: str = "127.0.0.1",
    *,
    open_browser: bool = False,
    pool: int = 0,
    extra: Iterable[str] = (),
) -> int:
    """Run the dashboard server in this process until SIGTERM or Ctrl+C; returns an exit code."""
    # dnkit's template is found wherever dnkit is installed (an editable install too).
    os.environ["JUPYTER_PATH"] = os.pathsep.join(
        p for p in (str(share_dir()), os.environ.get("JUPYTER_PATH", "")) if p
    )
    os.chdir(notebook.parent)
    argv = voila_argv(notebook, port, ip, open_browser=open_browser, pool=pool, extra=extra)
    server = _server_class()()
    server.initialize(argv)
    server.start()
    return 0
