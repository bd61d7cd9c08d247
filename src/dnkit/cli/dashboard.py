"""``dnkit dashboard``: serve the packaged dashboard notebook with Voila, in this process."""

from __future__ import annotations

import argparse

from dnkit.paths import dashboard_notebook
from dnkit.serve import dashboard_url, default_pool_size, serve_dashboard


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("dashboard", help="open the dnkit dashboard in your browser (Voila)")
    p.add_argument("--port", type=int, default=8866, help="port to serve on (default 8866)")
    p.add_argument("--ip", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--no-browser", action="store_true", help="do not open a browser")
    p.add_argument(
        "--pool",
        type=int,
        default=None,
        metavar="N",
        help="warm kernels kept ready, each used by one visitor only "
        f"(default {default_pool_size()} on this machine; 0 turns the pool off)",
    )
    p.add_argument(
        "--voila-arg",
        action="append",
        default=[],
        metavar="FLAG",
        help="one more Voila option, for example --voila-arg=--base_url=/dnkit/ "
        "(repeatable; it overrides dnkit's value for the same option)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    notebook = dashboard_notebook()
    pool = default_pool_size() if args.pool is None else max(0, args.pool)
    print(
        f"dnkit dashboard: serving {notebook.name} at {dashboard_url(args.port, args.ip)} "
        f"with {pool} warm kernel(s)",
        flush=True,
    )
    print("Press Ctrl+C to stop.", flush=True)
    return serve_dashboard(
        notebook,
        args.port,
        args.ip,
        open_browser=not args.no_browser,
        pool=pool,
        extra=args.voila_arg,
    )
