"""Citations: every figure dnkit shows a person carries where it came from and how sure we are.

Domain data files keep their sources inline; this module gives them one shape so that views,
the CLI and the printed plan render them the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

UNCONFIRMED = "UNCONFIRMED"


@dataclass(frozen=True)
class Citation:
    """Where a fact comes from. ``url`` may be empty when the research did not keep the address."""

    title: str
    date: str
    url: str = ""
    confirmed: bool = True

    def __post_init__(self) -> None:
        if not self.title.strip():
            raise ValueError("a citation needs a title")
        if not self.date.strip():
            raise ValueError(f"citation {self.title!r} needs the date of its source")

    def label(self) -> str:
        """One line a person can read: title, date, address, and the UNCONFIRMED mark."""
        parts = [self.title, f"({self.date})"]
        if self.url:
            parts.append(self.url)
        text = " ".join(parts)
        return text if self.confirmed else f"{text} [{UNCONFIRMED}]"

    @classmethod
    def from_mapping(cls, data: dict) -> Citation:
        return cls(
            title=str(data["title"]),
            date=str(data["date"]),
            url=str(data.get("url", "")),
            confirmed=bool(data.get("confirmed", True)),
        )
