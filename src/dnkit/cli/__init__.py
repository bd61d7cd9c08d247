"""The ``dnkit`` command. Each verb lives in its own module with ``register(subparsers)``."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from dnkit import __version__

# Verb modules under dnkit.cli; each defines register(subparsers) and sets func on its parser.
VERBS = ("dashboard", "lab", "rules", "vet", "compare", "costs", "find")


class UsageError(Exception):
    """Input the command cannot use; printed to stderr with exit status 2."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dnkit",
        description="Find a safe, qualified dry needling provider. Not medical advice.",
    )
    parser.add_argument("--version", action="version", version=f"dnkit {__version__}")
    sub = parser.add_subparsers(dest="verb", metavar="COMMAND")
    for verb in VERBS:
        importlib.import_module(f"dnkit.cli.{verb}").register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except UsageError as err:
        print(f"dnkit {args.verb}: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader (for example `head`) closed the pipe: stop quietly, as Unix tools do.
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
