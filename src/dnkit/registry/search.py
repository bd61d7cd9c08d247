"""A whole search: page through the registry, keep what fits, and count what does not.

Every record the registry sends is either in the result or counted in ``left_out`` with its
reason, so ``total_seen == len(records) + sum(left_out.values())`` always holds and a person is
told how many were not shown and why.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from dnkit.registry.errors import RegistryInputError
from dnkit.registry.lookups import registry_source
from dnkit.registry.query import (
    DEFAULT_BASE_URL,
    MAX_LIMIT,
    MAX_REACHABLE,
    MAX_SKIP,
    US_STATES,
    SearchQuery,
    build_url,
    resolve_base_url,
    resolve_cache_dir,
)
from dnkit.registry.records import LEFT_OUT, RegistryRecord, read_result
from dnkit.registry.transport import PageCache, fetch_page
from dnkit.sources import Citation

if TYPE_CHECKING:  # the model lives in dnkit.providers; imported lazily at conversion time
    from dnkit.providers import Provider

DEFAULT_CACHE_TTL = 24 * 3600.0


@dataclass(frozen=True)
class Progress:
    """Where a search is: the page about to be read, and what came so far."""

    page: int  # 1 for the first page
    received: int  # records received on earlier pages
    kept: int  # of those, how many are in the list


@dataclass
class SearchResult:
    """Providers found, what was left out and why, and where the data came from."""

    providers: list[Provider]
    total_seen: int  # registry records received over all pages
    pages: int  # pages read (from the network or the cache)
    from_cache: bool  # every page came from the on-disk cache
    source_note: str  # registry name and the date the data was fetched
    records: list[RegistryRecord] = field(default_factory=list)
    truncated: bool = False  # more records may exist beyond what we read
    citation: Citation | None = None
    left_out: dict[str, int] = field(default_factory=dict)  # reason key -> count
    query: SearchQuery | None = None
    base_url: str = DEFAULT_BASE_URL

    @property
    def other_registry(self) -> str | None:
        """The registry address when it is not the public one (a mirror, or a test server)."""
        return None if self.base_url == DEFAULT_BASE_URL else self.base_url

    def left_out_note(self) -> str:
        """'The registry sent 5 records. 2 are not shown: 1 not active ...; 1 with no ...'."""
        hidden = sum(self.left_out.values())
        if not hidden:
            return ""
        sent = f"{self.total_seen} record{'s' if self.total_seen != 1 else ''}"
        verb = "is" if hidden == 1 else "are"
        reasons = "; ".join(f"{n} {LEFT_OUT[key]}" for key, n in self.left_out.items() if n)
        return f"The registry sent {sent}. {hidden} {verb} not shown: {reasons}."


def to_provider(record: RegistryRecord) -> Provider:
    """A registry record as a dnkit Provider: every dry-needling answer stays unknown.

    The phone and the address are those of the site in the place searched; the main address,
    the main specialty and a clinic's official go in the notes.
    """
    from dnkit.providers import Answer, Provider

    state = record.license_state if record.license_state in US_STATES else None
    kind = " as a clinic or other organization" if record.organization else ""
    notes = [
        f"Found in the NPI Registry{kind}, listed as {record.taxonomy_description} "
        f"({record.taxonomy_code})."
    ]
    if record.specialty_differs:
        notes.append(f"Main specialty in the registry: {record.primary_taxonomy_description}.")
    if record.address_differs:
        notes.append(f"Main practice address: {record.main_address}.")
    if record.official:
        notes.append(f"Authorized official: {record.official}.")
    if record.profession == "other" and "Physician" in record.profession_label:
        notes.append("A physician; the registry does not say whether MD or DO.")
    notes.append("Being listed does not prove training. Check the license with the state board.")
    if record.license_state and state is None:
        notes.append(
            f"The registry lists the license state as {record.license_state!r}, which is not a "
            "US state or territory."
        )
    return Provider(
        name=record.name,
        profession=record.profession,
        license_state=state,
        license_number=record.license_number,
        license_verified=Answer.UNKNOWN,
        notes=" ".join(notes),
        npi=record.npi,
        credential=record.credential,
        address=record.address,
        phone=record.phone,
        registry_updated=record.last_updated,
    )


def _check_numbers(limit: int, max_results: int, timeout: float, retries: int) -> None:
    if not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise RegistryInputError("limit", f"{limit!r} must be a whole number from 1 to {MAX_LIMIT}")
    if not isinstance(max_results, int) or not 1 <= max_results <= MAX_REACHABLE:
        raise RegistryInputError(
            "max results", f"{max_results!r} must be a whole number from 1 to {MAX_REACHABLE}"
        )
    if not timeout or timeout <= 0:
        raise RegistryInputError("timeout", f"{timeout!r} must be more than 0 seconds")
    if not isinstance(retries, int) or not 0 <= retries <= 10:
        raise RegistryInputError("retries", f"{retries!r} must be a whole number from 0 to 10")


def search(
    postal_code: str | None = None,
    city: str | None = None,
    state: str | None = None,
    profession: str = "PT",
    limit: int = 50,
    max_results: int = 200,
    kind: str = "people",
    base_url: str | None = None,
    cache_dir: str | Path | None = None,
    timeout: float = 10,
    retries: int = 3,
    *,
    cache_ttl: float = DEFAULT_CACHE_TTL,
    use_cache: bool = True,
    backoff: float = 0.5,
    sleep: Callable[[float], None] = time.sleep,
    now: Callable[[], float] = time.time,
    convert: bool = True,
    on_progress: Callable[[Progress], None] | None = None,
) -> SearchResult:
    """Find licensed professionals of one profession with a practice site near a place.

    ``kind`` is "people", "clinics" or "both". ``limit`` is the page size (1-200),
    ``max_results`` how many to keep (at most 1,200, the most the API lets one query reach).
    ``convert=False`` skips building Provider objects. ``on_progress`` is called before each
    page is read, so a view can say how far the search has got.
    """
    query = SearchQuery.make(profession, kind, postal_code, city, state)
    _check_numbers(limit, max_results, timeout, retries)
    base = resolve_base_url(base_url)
    cache = PageCache(resolve_cache_dir(cache_dir), cache_ttl, now) if use_cache else None

    page_size = min(limit, max_results)
    records: list[RegistryRecord] = []
    left_out: Counter[str] = Counter()
    seen: set[str] = set()
    total_seen = pages = 0
    all_cached = True
    oldest_fetch: float | None = None
    truncated = False
    skip = 0
    while True:
        if on_progress is not None:
            on_progress(Progress(page=pages + 1, received=total_seen, kept=len(records)))
        url = build_url(base, {**query.params(), "limit": page_size, "skip": skip})
        hit = cache.get(url) if cache else None
        if hit:
            data, fetched = hit
        else:
            all_cached = False
            data = fetch_page(
                url, timeout=timeout, retries=retries, backoff=backoff, sleep=sleep, now=now
            )
            fetched = now()
            if cache:
                cache.put(url, data, fetched)
        oldest_fetch = fetched if oldest_fetch is None else min(oldest_fetch, fetched)
        pages += 1
        results = data.get("results") or []
        total_seen += len(results)
        for raw in results:
            outcome = read_result(raw, query)
            if isinstance(outcome, str):
                left_out[outcome] += 1
            elif outcome.npi in seen:
                left_out["repeat"] += 1
            elif len(records) >= max_results:
                left_out["over_limit"] += 1
            else:
                seen.add(outcome.npi)
                records.append(outcome)
        if len(results) < page_size:
            break  # the last page
        if len(records) >= max_results or skip + page_size > MAX_SKIP:
            truncated = True
            break
        skip += page_size

    when = datetime.fromtimestamp(oldest_fetch or now(), tz=UTC).strftime("%Y-%m-%d")
    citation = registry_source(when)
    note = f"Source: {citation.title}, {citation.date}."
    if base != DEFAULT_BASE_URL:
        note += f" Read from the registry address set for this run: {base}"
    if truncated:
        note += " More results may exist; narrow the search to see them."
    providers = []
    if convert:
        kept = []
        for record in records:
            try:
                providers.append(to_provider(record))
                kept.append(record)
            except ValueError:  # pydantic's ValidationError: a record dnkit cannot hold
                left_out["unusable"] += 1
        records = kept
    return SearchResult(
        providers=providers,
        total_seen=total_seen,
        pages=pages,
        from_cache=all_cached,
        source_note=note,
        records=records,
        truncated=truncated,
        citation=citation,
        left_out={k: left_out[k] for k in LEFT_OUT if left_out[k]},
        query=query,
        base_url=base,
    )
