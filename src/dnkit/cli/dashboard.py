"""``dnkit dashboard``: serve the packaged dashboard notebook with Voila."""

from __future__ import annotations

import argparse
import subprocess

from dnkit.paths import dashboard_notebook
from dnkit.serve import dashboard_url, voila_command


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("dashboard", help="open the dnkit dashboard in your browser (Voila)")
    p.add_argument("--port", type=int, default=8866, help="port to serve on (default 8866)")
    p.add_argument("--ip", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--no-browser", action="store_true", help="do not open a browser")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    notebook = dashboard_notebook()
    cmd = voila_command(notebook, args.port, open_browser=not args.no_browser, ip=args.ip)
    print(
        f"dnkit dashboard: serving {notebook.name} at {dashboard_url(args.port, args.ip)}",
        flush=True,
    )
    print("Press Ctrl+C to stop.", flush=True)
    return subprocess.call(cmd, cwd=notebook.parent)
