"""Sources: the one registry of where dnkit's facts come from, and citations of them.

Every fact dnkit shows (a state rule, a guide text, a question, a cost note, a vetting finding)
names its sources by id from ``data/sources.csv``. Each source there has a title, a publisher,
the date of the source (empty when the source gives none) and a tier from the project's research:

* ``A`` - statute, regulation, a state board or legislature, CMS, Medicare.gov, the Federal
  Register, a peer-reviewed journal or PubMed;
* ``B`` - professional bodies and recognised secondary sources (APTA, FSBPT, law-text sites);
* ``C`` - commercial or consumer pages (course sellers, clinics, blogs, billing firms).

A fact that rests only on tier C sources is UNCONFIRMED and says so in plain words
(:func:`tier_c_note`); tier A and B sources are listed first (:func:`ordered`). Known spam and
mirror domains are refused when the registry is read (:data:`JUNK_DOMAINS`).

How a citation looks (text, HTML, Markdown, the UNCONFIRMED mark) is the job of
:mod:`dnkit.render.citations`; this module only holds the facts. Pure Python, no Jupyter.
"""

from __future__ import annotations

import csv
import dataclasses
import difflib
import io
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from urllib.parse import urlparse

UNCONFIRMED = "UNCONFIRMED"
TIERS = ("A", "B", "C")
REGISTRY_COLUMNS = ("id", "url", "title", "title_note", "publisher", "date", "tier", "research")

# Spam pages and scraped document mirrors that once stood in for real sources. A host that is one
# of these, or under one of them, is never a source (the registry refuses it; tests scan for it).
JUNK_DOMAINS = frozenset(
    {
        "pages.dev",  # throw-away sites, e.g. enclosedcessnavoltage / xcelitebulletmagnetic
        "bndtmqurk.asia",
        "bloghong.com",
        "docksci.com",
        "docslib.org",
        "documents.pub",
        "doczz.net",
        "booksci.cn",
        "ichgcp.net",
        "integrativedn.com",
        "musculoskeletalkey.com",
        "uslegalhouse.com",
        "jcore-reference.highwire.org",
    }
)

# Plain words for the kind of tier C page a fact rests on, found from the publisher's name.
_TIER_C_KINDS = (
    (
        ("course", "training provider", "ce provider", "education provider"),
        "a course seller's page",
    ),
    (("compliance",), "a compliance company's summary"),
    (("billing", "consult", "software"), "a billing company's page"),
    (("law-firm", "law firm"), "a law firm's blog"),
    (("clinic", "practice site"), "a clinic's web page"),
    (("consumer", "blog"), "a consumer website"),
    (("news", "magazine"), "a news story"),
    (("advocacy",), "an advocacy group's page"),
    (("abstract",), "a conference abstract"),
    (("social network",), "a social network post"),
    (("ai bill",), "an AI-written bill summary"),
)
_TIER_C_DEFAULT = "a commercial web page"


class SourceDataError(ValueError):
    """The source registry is broken, or a fact names a source it does not have."""


@dataclass(frozen=True)
class Citation:
    """One source as a fact cites it. ``confirmed`` False: the fact could not be confirmed.

    ``id``, ``publisher`` and ``tier`` come from the registry (:func:`cite`). ``date`` is the
    date of the source, or empty when the source gives none; ``accessed`` is the day dnkit read
    live data from it (the NPI Registry), when that matters more than the page's own date.
    """

    title: str
    date: str = ""
    url: str = ""
    confirmed: bool = True
    publisher: str = ""
    tier: str = ""
    id: str = ""
    accessed: str = ""

    def __post_init__(self) -> None:
        if not self.title.strip():
            raise SourceDataError(f"a citation needs a title ({self.id or self.url or '?'})")

    @property
    def host(self) -> str:
        return urlparse(self.url).netloc.lower()

    def unconfirmed(self) -> Citation:
        """The same source, cited for a fact that could not be confirmed."""
        return dataclasses.replace(self, confirmed=False) if self.confirmed else self

    def label(self) -> str:
        """One line of plain text: title, publisher, date, address, and the UNCONFIRMED mark."""
        from dnkit.render.citations import citation_text

        return citation_text(self)

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "title": self.title,
            "publisher": self.publisher,
            "date": self.date,
            "url": self.url,
            "tier": self.tier,
            "confirmed": self.confirmed,
        }


def is_junk(url: str) -> bool:
    """True for an address on a known spam or mirror domain."""
    host = urlparse(url).netloc.lower().split(":")[0]
    return any(host == d or host.endswith("." + d) for d in JUNK_DOMAINS)


def parse_registry(text: str, origin: str = "sources.csv") -> dict[str, Citation]:
    """Read and check the registry; errors name the row and what is wrong."""
    reader = csv.DictReader(io.StringIO(text))
    if tuple(reader.fieldnames or ()) != REGISTRY_COLUMNS:
        raise SourceDataError(f"{origin}: columns must be {', '.join(REGISTRY_COLUMNS)}")
    out: dict[str, Citation] = {}
    urls: set[str] = set()
    for line, row in enumerate(reader, start=2):
        where = f"{origin} row {line}"
        if None in row or None in row.values():
            raise SourceDataError(f"{where}: expected {len(REGISTRY_COLUMNS)} columns")
        sid, url = row["id"].strip(), row["url"].strip()
        if not sid or sid in out:
            raise SourceDataError(f"{where}: id {sid!r} is empty or used twice")
        if not row["title"].strip():
            raise SourceDataError(f"{where} ({sid}): no title")
        if not row["publisher"].strip():
            raise SourceDataError(f"{where} ({sid}): no publisher")
        if row["tier"] not in TIERS:
            raise SourceDataError(f"{where} ({sid}): tier {row['tier']!r} is not A, B or C")
        if url:
            if urlparse(url).scheme not in ("http", "https") or not urlparse(url).netloc:
                raise SourceDataError(f"{where} ({sid}): {url!r} is not a web address")
            if is_junk(url):
                raise SourceDataError(f"{where} ({sid}): {url!r} is a spam or mirror site")
            if url in urls:
                raise SourceDataError(f"{where} ({sid}): {url!r} is listed twice")
            urls.add(url)
        out[sid] = Citation(
            title=row["title"].strip(),
            date=row["date"].strip(),
            url=url,
            publisher=row["publisher"].strip(),
            tier=row["tier"],
            id=sid,
        )
    return out


@cache
def registry() -> dict[str, Citation]:
    """Every source dnkit may cite, by id (read and checked once)."""
    text = (files("dnkit") / "data" / "sources.csv").read_text(encoding="utf-8")
    return parse_registry(text)


def cite(source_id: str, *, confirmed: bool = True, accessed: str = "") -> Citation:
    """The registry's source ``source_id`` as a citation; an unknown id is a clear error."""
    known = registry()
    if source_id not in known:
        close = difflib.get_close_matches(source_id, known, n=3)
        hint = f" Did you mean {', '.join(close)}?" if close else ""
        raise SourceDataError(f"no source with id {source_id!r} in data/sources.csv.{hint}")
    found = known[source_id]
    if accessed:
        found = dataclasses.replace(found, accessed=accessed)
    return found if confirmed else found.unconfirmed()


def cites(source_ids: Iterable[str], *, confirmed: bool = True) -> tuple[Citation, ...]:
    """Several sources, tier A and B first (see :func:`ordered`)."""
    return ordered(cite(i, confirmed=confirmed) for i in source_ids)


def by_url(url: str) -> Citation | None:
    """The registry's source at this address, if there is one."""
    return next((c for c in registry().values() if c.url == url), None)


def ordered(citations: Iterable[Citation]) -> tuple[Citation, ...]:
    """Tier A first, then B, then C; otherwise the order given; each source once."""
    seen: list[Citation] = []
    for c in citations:
        if not any((c.id and c.id == s.id) or c == s for s in seen):
            seen.append(c)
    rank = {t: i for i, t in enumerate(TIERS)}
    return tuple(sorted(seen, key=lambda c: rank.get(c.tier, len(TIERS))))


def only_tier_c(citations: Iterable[Citation]) -> bool:
    """True when there are sources and every one is tier C (commercial or consumer)."""
    tiers = [c.tier for c in citations]
    return bool(tiers) and all(t == "C" for t in tiers)


def tier_c_kind(citation: Citation) -> str:
    """Plain words for a tier C source: 'a course seller's page', 'a clinic's web page', ..."""
    publisher = citation.publisher.lower()
    for words, kind in _TIER_C_KINDS:
        if any(w in publisher for w in words):
            return kind
    return _TIER_C_DEFAULT


def tier_c_note(citations: Iterable[Citation], instead_of: str = "the law itself") -> str:
    """'This comes only from a course seller's page, not the law itself.' or '' when a tier A
    or B source backs the fact too."""
    cs = tuple(citations)
    if not only_tier_c(cs):
        return ""
    kinds = list(dict.fromkeys(tier_c_kind(c) for c in cs))
    what = kinds[0] if len(kinds) == 1 else ", ".join(kinds[:-1]) + " and " + kinds[-1]
    return f"This comes only from {what}, not {instead_of}."
