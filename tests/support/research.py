"""The research snapshot dnkit's facts are checked against, and the tool that syncs the registry.

``tests/data/research/`` holds a copy of the project's corrected research files
(``sources.csv``, ``state_rules.csv``). The data tests compare dnkit's shipped files with them
field by field, so the two cannot drift apart unnoticed. When the research changes, copy the new
files here and run ``python tests/support/research.py`` to add new sources to
``src/dnkit/data/sources.csv`` (existing ids are kept); then fix what the tests report
(see docs/content.md).
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlparse

ROOT = Path(__file__).resolve().parents[2]
RESEARCH = ROOT / "tests" / "data" / "research"
REGISTRY = ROOT / "src" / "dnkit" / "data" / "sources.csv"
FROM_SOURCES_CSV = "sources.csv"

# Notes the research adds at the end of a title to say how sure the title is. dnkit keeps them
# in their own column, so a link shows the title alone.
_TITLE_NOTE = re.compile(
    r"\s*\(([^()]*(?:title from page address|descriptive title|title as best known|not opened)"
    r"[^()]*)\)\s*$"
)
_NOT_A_NAME = {"com", "org", "gov", "net", "edu", "us", "uk", "co", "ca", "io", "au", "fr", "nl"}
_NOT_A_NAME |= {"in", "www", "app", "my", "m", "dev", "stage", "print", "ncbi", "nlm", "nih"}
_ID_QUERY_KEYS = ("id", "p", "commentid", "textid", "ncdid", "NCAId", "Display", "TID", "Rule")


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def research_sources() -> list[dict[str, str]]:
    return read_csv(RESEARCH / "sources.csv")


def research_rules() -> dict[str, dict[str, str]]:
    """The research's state table, by state code."""
    return {row["state_code"]: row for row in read_csv(RESEARCH / "state_rules.csv")}


def split_title(title: str) -> tuple[str, str]:
    """'Scope of Practice (title from page address)' -> ('Scope of Practice', 'title from...')."""
    match = _TITLE_NOTE.search(title)
    if not match:
        return title.strip(), ""
    return title[: match.start()].strip(), match.group(1).strip()


def make_id(url: str, taken: set[str]) -> str:
    """A short, stable id for a new source: a name from the host plus the end of the path."""
    parts = urlparse(url)
    labels = [label for label in parts.netloc.lower().split(".") if label not in _NOT_A_NAME]
    host = max(labels, key=len) if labels else "source"
    query = parse_qs(parts.query)
    tail = next((query[k][0] for k in _ID_QUERY_KEYS if k in query), "")
    segments = [s for s in parts.path.split("/") if s]
    tail = tail or (segments[-1] if segments else "")
    tail = re.sub(r"\.(html?|aspx?|php|cfm)$", "", tail, flags=re.IGNORECASE)
    slug = re.sub(r"[^a-z0-9]+", "-", tail.lower()).strip("-")[:40].rstrip("-")
    base = f"{host}-{slug}" if slug else host
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


REGISTRY_COLUMNS = ("id", "url", "title", "title_note", "publisher", "date", "tier", "research")


def registry_row(row: dict[str, str], source_id: str) -> dict[str, str]:
    title, note = split_title(row["title"])
    return {
        "id": source_id,
        "url": row["url"],
        "title": title,
        "title_note": note,
        "publisher": row["publisher"],
        "date": row["date"],
        "tier": row["tier"],
        "research": FROM_SOURCES_CSV,
    }


def sync(registry: Path = REGISTRY) -> list[str]:
    """Bring every research source into the registry; return the ids added or changed."""
    rows = read_csv(registry) if registry.exists() else []
    by_url = {r["url"]: r for r in rows}
    taken = {r["id"] for r in rows}
    changed = []
    for source in research_sources():
        old = by_url.get(source["url"])
        new = registry_row(source, old["id"] if old else make_id(source["url"], taken))
        if old == new:
            continue
        taken.add(new["id"])
        changed.append(new["id"])
        if old:
            rows[rows.index(old)] = new
        else:
            rows.append(new)
    with registry.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, REGISTRY_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return changed


if __name__ == "__main__":
    added = sync()
    print(f"{len(added)} source(s) added or changed: {', '.join(added) or 'none'}")
    sys.exit(0)
