"""``dnkit lab``: open JupyterLab on dnkit's notebooks."""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

from dnkit.paths import PACKAGE_DIR, notebooks_dir


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("lab", help="open JupyterLab on the dnkit notebooks")
    p.add_argument("--port", type=int, default=8888)
    p.add_argument("--no-browser", action="store_true")
    p.add_argument(
        "--dir",
        type=Path,
        default=Path("dnkit-notebooks"),
        help="where to copy the notebooks when dnkit is installed from a wheel",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    source = notebooks_dir()
    if source.is_relative_to(PACKAGE_DIR):
        # Installed from a wheel: work on a copy, so the installed notebooks stay pristine.
        if not args.dir.exists():
            shutil.copytree(source, args.dir, ignore=shutil.ignore_patterns("__pycache__"))
        target = args.dir
    else:
        target = source
    cmd = [
        sys.executable,
        "-m",
        "jupyterlab",
        f"--port={args.port}",
        f"--ServerApp.root_dir={target.resolve()}",
    ]
    if args.no_browser:
        cmd.append("--no-browser")
    print(f"dnkit lab: opening JupyterLab on {target.resolve()}", flush=True)
    return subprocess.call(cmd)
