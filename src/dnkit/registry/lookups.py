"""Where to check a license, and how to name the registry as a source.

The facts live in ``data/license_lookups.toml`` with their sources; this module only fills in
the profession and the place. A listing is never a license check, so every listing carries one
of these texts.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

from dnkit.sources import Citation, cite


@dataclass(frozen=True)
class LicenseCheck:
    """What to do to check one license, and a source to follow where the research has one."""

    text: str  # where to look up the license
    extra: str = ""  # a second place to look, where the research has one
    source: Citation | None = None  # the source of that second place

    @property
    def full_text(self) -> str:
        return f"{self.text} {self.extra}".strip()


@cache
def _data() -> dict[str, Any]:
    text = (files("dnkit") / "data" / "license_lookups.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def registry_source(fetched: str) -> Citation:
    """The registry as a source, with the day its data was fetched."""
    return cite(_data()["registry"]["source"], accessed=fetched)


def place_name(state: str | None) -> str:
    """'PR' -> 'Puerto Rico'; a code dnkit has no name for stays as it is."""
    if not state:
        return "your state"
    try:
        from dnkit.regulation import jurisdictions

        return jurisdictions().get(state, state)
    except ImportError:  # pragma: no cover - regulation ships with dnkit
        return state


def license_check(profession: str, state: str | None = None) -> LicenseCheck:
    """Plain advice on where to check a license, for a dnkit profession code and a state code."""
    data = _data()
    entry = data["professions"].get(profession) or data["professions"]["other"]
    text = data["check"]["text"].format(board=entry["board"], place=place_name(state))
    source = cite(entry["source"]) if entry.get("source") else None
    return LicenseCheck(text=text, extra=entry.get("extra", ""), source=source)
