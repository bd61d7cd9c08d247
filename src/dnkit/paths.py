"""Where the packaged notebooks and data live, in an installed wheel and in a source checkout."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

PACKAGE_DIR = Path(str(files("dnkit")))


def notebooks_dir() -> Path:
    """The notebooks folder: inside the wheel, or ``notebooks/`` of a source checkout."""
    packaged = PACKAGE_DIR / "notebooks"
    if (packaged / "dashboard.ipynb").is_file():
        return packaged
    checkout = PACKAGE_DIR.parent.parent / "notebooks"
    if (checkout / "dashboard.ipynb").is_file():
        return checkout
    raise FileNotFoundError(
        f"dnkit's notebooks are missing: looked in {packaged} and {checkout}. Reinstall dnkit."
    )


def dashboard_notebook() -> Path:
    return notebooks_dir() / "dashboard.ipynb"
