"""Search the public US NPI Registry (NPPES, API v2.1) for licensed professionals near a person.

Why: a patient often starts with no names at all. The registry lists licensed professionals with
their practice address, phone, taxonomy, license number and license state. It cannot say who does
dry needling or how they trained, so every dry-needling answer on a found provider stays
"unknown"; a listing is a list of people to call, never a credential check.

The client is plain stdlib (``urllib``): a timeout on every request, a small number of retries
with exponential backoff on server errors, rate limits and dropped connections (honouring
``Retry-After``), paging with ``skip`` inside the API's bounds, and an on-disk cache with an
expiry so a repeated search is instant and polite to the registry.
"""

from __future__ import annotations

import email.utils
import hashlib
import http.client
import json
import os
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dnkit import __version__
from dnkit.sources import Citation

if TYPE_CHECKING:  # the model lives in dnkit.providers; imported lazily at conversion time
    from dnkit.providers import Provider

# The public endpoint (CMS "NPI Registry API", version 2.1). The research (product_anchors §3.4)
# names the API and its parameters; the address is the one CMS publishes on its API page.
DEFAULT_BASE_URL = "https://npiregistry.cms.hhs.gov/api/"
API_VERSION = "2.1"
ENV_URL = "DNKIT_NPI_URL"
ENV_CACHE = "DNKIT_CACHE_DIR"
MAX_LIMIT = 200  # the API's largest page (limit 1-200)
MAX_SKIP = 1000  # the API's largest skip (0-1000)
MAX_REACHABLE = MAX_SKIP + MAX_LIMIT  # so about 1,200 records per query at most
DEFAULT_CACHE_TTL = 24 * 3600.0
MAX_BODY_BYTES = 20 * 1024 * 1024
MAX_WAIT_SECONDS = 30.0  # never sleep longer than this between tries, whatever Retry-After says
USER_AGENT = f"dnkit/{__version__} (open-source patient tool for finding providers; python-urllib)"

# States, DC and the territories with US addresses; the registry lists US providers only.
_US_CODES = (
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH "
    "NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR GU VI AS MP"
)
US_STATES = frozenset(_US_CODES.split())

LISTING_NOTE = (
    "Being on this list does not prove that someone is trained or fit to treat you. The list "
    "comes from the NPI Registry, a US list of health workers. It shows who has a provider "
    "number and what work they say they do. It does not show who does dry needling or how they "
    "learned it. Check each license with your state board before you book."
)


@dataclass(frozen=True)
class RegistryProfession:
    """A profession dnkit can search for, as the registry's taxonomy knows it."""

    key: str  # the search key: PT, DC, ATC, LAc, PMR
    label: str  # plain name for people
    taxonomy_code: str  # NUCC code (research product_anchors §3.4)
    taxonomy_description: str  # what we send as the API's taxonomy_description
    code_prefix: str  # results must carry a taxonomy whose code starts with this


REGISTRY_PROFESSIONS: dict[str, RegistryProfession] = {
    p.key: p
    for p in (
        RegistryProfession("PT", "Physical therapist", "225100000X", "Physical Therapist", "2251"),
        RegistryProfession("DC", "Chiropractor", "111N00000X", "Chiropractor", "111N"),
        RegistryProfession(
            "ATC", "Athletic trainer", "2255A2300X", "Athletic Trainer", "2255A2300X"
        ),
        RegistryProfession("LAc", "Acupuncturist", "171100000X", "Acupuncturist", "171100000X"),
        RegistryProfession(
            "PMR",
            "Physician in physical medicine and rehabilitation (MD or DO)",
            "208100000X",
            "Physical Medicine & Rehabilitation",
            "2081",
        ),
    )
}

_PROFESSION_ALIASES = {
    "pt": "PT",
    "physical therapist": "PT",
    "physical therapy": "PT",
    "physiotherapist": "PT",
    "dc": "DC",
    "chiropractor": "DC",
    "atc": "ATC",
    "at": "ATC",
    "athletic trainer": "ATC",
    "lac": "LAc",
    "l.ac.": "LAc",
    "acupuncturist": "LAc",
    "pmr": "PMR",
    "pm&r": "PMR",
    "physiatrist": "PMR",
    "physical medicine and rehabilitation": "PMR",
    "physical medicine & rehabilitation": "PMR",
    "md": "PMR",
    "do": "PMR",
}


class RegistryError(Exception):
    """The registry answered, but not with results we can use (errors, bad JSON, refusal)."""


class RegistryUnavailable(RegistryError):
    """The registry could not be reached, or kept failing after every retry."""


class RegistryInputError(ValueError):
    """A search field a person typed cannot be used; the message names the field."""


@dataclass(frozen=True)
class RegistryRecord:
    """One registry result, reduced to what a patient needs to make a phone call."""

    npi: str
    name: str
    profession: str  # dnkit profession code (PT, DC, ATC, LAc, MD, DO)
    credential: str | None
    address: str | None
    phone: str | None
    license_number: str | None
    license_state: str | None
    taxonomy_code: str
    taxonomy_description: str
    last_updated: str | None
    organization: bool


@dataclass
class SearchResult:
    """Providers found, with how the search went and where the data came from."""

    providers: list[Provider]
    total_seen: int  # registry records received over all pages, before filtering
    pages: int  # pages read (from the network or the cache)
    from_cache: bool  # every page came from the on-disk cache
    source_note: str  # registry name, address and the date the data was fetched
    records: list[RegistryRecord] = field(default_factory=list)
    truncated: bool = False  # more records may exist beyond what we read
    citation: Citation | None = None


# --------------------------------------------------------------------------- input checks


def normalize_registry_profession(text: str) -> str:
    """'pt', 'Physical therapist', 'PM&R' -> a key of REGISTRY_PROFESSIONS."""
    raw = (text or "").strip()
    if raw in REGISTRY_PROFESSIONS:
        return raw
    key = _PROFESSION_ALIASES.get(raw.lower())
    if key:
        return key
    valid = ", ".join(f"{k} ({p.label})" for k, p in REGISTRY_PROFESSIONS.items())
    raise RegistryInputError(
        f"profession: {text!r} is not one dnkit can search. Use one of: {valid}"
    )


def normalize_postal_code(text: str) -> str:
    """A 5-digit ZIP (ZIP+4 allowed) or the first 2-4 digits; a prefix becomes a wildcard.

    The API matches a trailing ``*`` wildcard on ``postal_code`` (research §3.4 gives ``941*``).
    """
    raw = (text or "").strip().rstrip("*").strip()
    if re.fullmatch(r"\d{5}(-?\d{4})?", raw):
        return raw[:5]
    if re.fullmatch(r"\d{2,4}", raw):
        return raw + "*"
    raise RegistryInputError(
        f"postal code: {text!r} is not a US ZIP code. Type 5 digits (like 80202), or the first "
        "2 to 4 digits to search a wider area (like 802)."
    )


def normalize_state(text: str) -> str:
    """A US state code for the registry; names ("Colorado") work via dnkit.regulation."""
    raw = (text or "").strip()
    code = raw.upper()
    if code not in US_STATES:
        try:
            from dnkit.regulation import normalize_jurisdiction

            code = normalize_jurisdiction(raw)
        except (ImportError, ValueError):
            pass
    if code not in US_STATES:
        raise RegistryInputError(
            f"state: {text!r} is not a US state. The NPI Registry lists US providers only; "
            "use a 2-letter code like CO or a name like Colorado."
        )
    return code


def normalize_city(text: str) -> str:
    raw = " ".join((text or "").split())
    if not raw or len(raw) > 60 or not re.fullmatch(r"[A-Za-z][A-Za-z .'\-]*", raw):
        raise RegistryInputError(
            f"city: {text!r} is not a city name. Use letters, spaces, hyphens or periods."
        )
    return raw


def resolve_base_url(base_url: str | None = None) -> str:
    """Argument, else ``$DNKIT_NPI_URL``, else the public registry; http(s) only."""
    url = (base_url or os.environ.get(ENV_URL) or DEFAULT_BASE_URL).strip()
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise RegistryInputError(
            f"registry URL: {url!r} must start with http:// or https:// and name a host"
        )
    return url


def resolve_cache_dir(cache_dir: str | Path | None = None) -> Path:
    """Argument, else ``$DNKIT_CACHE_DIR/npi``, else ``~/.cache/dnkit/npi``."""
    if cache_dir is not None:
        return Path(cache_dir)
    root = os.environ.get(ENV_CACHE)
    if root:
        return Path(root) / "npi"
    return Path.home() / ".cache" / "dnkit" / "npi"


def build_url(base_url: str, params: dict[str, str | int]) -> str:
    """Add the search to the base URL, keeping any query it already has (e.g. a mirror key)."""
    parts = urllib.parse.urlsplit(base_url)
    query = dict(urllib.parse.parse_qsl(parts.query, keep_blank_values=True))
    query.setdefault("version", API_VERSION)
    query.update({k: str(v) for k, v in params.items()})
    return urllib.parse.urlunsplit(
        (parts.scheme, parts.netloc, parts.path or "/", urllib.parse.urlencode(query), "")
    )


# --------------------------------------------------------------------------- HTTP and cache


def _retry_after(value: str | None, now: float) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - now)


def _fetch(
    url: str,
    *,
    timeout: float,
    retries: int,
    backoff: float,
    sleep: Callable[[float], None],
    now: Callable[[], float],
) -> bytes:
    """GET ``url``; retry 5xx, 429 and network failures ``retries`` times, then give up."""
    request = urllib.request.Request(
        url, headers={"User-Agent": USER_AGENT, "Accept": "application/json"}
    )
    problem = ""
    server_side = False
    for attempt in range(retries + 1):
        wait = backoff * (2**attempt)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                body = response.read(MAX_BODY_BYTES + 1)
            if len(body) > MAX_BODY_BYTES:
                raise RegistryError("The registry's reply was too large to be a search result.")
            return body
        except urllib.error.HTTPError as err:
            code = err.code
            header = err.headers.get("Retry-After") if err.headers else None
            snippet = _snippet(err)
            err.close()
            if code == 429 or 500 <= code < 600:
                problem = f"the registry answered HTTP {code}"
                server_side = True
                hinted = _retry_after(header, now())
                if hinted is not None:
                    wait = hinted
            else:
                raise RegistryError(
                    f"The registry refused the search (HTTP {code}). {snippet}".strip()
                ) from None
        except (TimeoutError, urllib.error.URLError, http.client.HTTPException, OSError) as err:
            reason = getattr(err, "reason", err)
            server_side = False
            if isinstance(reason, TimeoutError) or isinstance(err, TimeoutError):
                problem = f"no reply within {timeout:g} seconds"
            else:
                problem = f"could not connect ({reason})"
        if attempt < retries:
            sleep(min(max(wait, 0.0), MAX_WAIT_SECONDS))
    tries = retries + 1
    advice = (
        "The registry may be busy or down; try again later."
        if server_side
        else "Check your internet connection and try again later."
    )
    raise RegistryUnavailable(
        f"Could not get results from the NPI Registry at {_host(url)}: {problem} "
        f"({tries} {'try' if tries == 1 else 'tries'}). {advice}"
    )


def _snippet(err: urllib.error.HTTPError) -> str:
    try:
        text = err.read(300).decode("utf-8", "replace")
    except OSError:
        return ""
    return " ".join(text.split())[:200]


def _host(url: str) -> str:
    return urllib.parse.urlsplit(url).netloc


def _parse(body: bytes, url: str) -> dict[str, Any]:
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise RegistryError(
            f"The registry at {_host(url)} sent a reply that is not valid JSON, so it cannot "
            "be read. Try again later."
        ) from None
    if not isinstance(data, dict):
        raise RegistryError(
            f"The registry at {_host(url)} sent an unexpected reply (not an object)."
        )
    errors = data.get("Errors") or data.get("errors")
    if errors:
        raise RegistryError("The registry rejected the search: " + _describe_errors(errors))
    results = data.get("results", [])
    if not isinstance(results, list):
        raise RegistryError(f"The registry at {_host(url)} sent 'results' that is not a list.")
    return data


def _describe_errors(errors: Any) -> str:
    items = errors if isinstance(errors, list) else [errors]
    texts = []
    for item in items:
        if isinstance(item, dict):
            desc = str(item.get("description") or item.get("message") or item).strip()
            fld = item.get("field")
            texts.append(f"{desc} (field: {fld})" if fld else desc)
        else:
            texts.append(str(item))
    return "; ".join(texts)


class _Cache:
    """One JSON file per URL (named by its SHA-256), holding the parsed page and when we got it."""

    def __init__(self, directory: Path, ttl: float, now: Callable[[], float]) -> None:
        self.directory = directory
        self.ttl = ttl
        self.now = now

    def _path(self, url: str) -> Path:
        return self.directory / (hashlib.sha256(url.encode("utf-8")).hexdigest() + ".json")

    def get(self, url: str) -> tuple[dict[str, Any], float] | None:
        try:
            entry = json.loads(self._path(url).read_text(encoding="utf-8"))
            fetched = float(entry["fetched_at"])
            data = entry["data"]
        except (OSError, ValueError, KeyError, TypeError):
            return None  # missing or damaged: fetch again
        if entry.get("url") != url or not isinstance(data, dict):
            return None
        if self.now() - fetched > self.ttl:
            return None
        return data, fetched

    def put(self, url: str, data: dict[str, Any], fetched: float) -> None:
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            path = self._path(url)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps({"url": url, "fetched_at": fetched, "data": data}))
            os.replace(tmp, path)
        except OSError:
            pass  # a read-only home must not break the search


# --------------------------------------------------------------------------- conversion


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _clean(value: Any) -> str:
    """One line of text without control characters (no terminal escapes from a reply)."""
    if value in (None, ""):
        return ""
    return " ".join(_CONTROL.sub(" ", str(value)).split())[:300]


def _title(text: str) -> str:
    """Registry names are upper case; show them the way people write names."""
    return " ".join(w.capitalize() if w.isupper() or w.islower() else w for w in text.split())


def _format_zip(code: str) -> str:
    digits = re.sub(r"\D", "", code)
    return f"{digits[:5]}-{digits[5:]}" if len(digits) == 9 else code


def _practice_address(addresses: Iterable[Any]) -> dict[str, Any] | None:
    found = [a for a in addresses if isinstance(a, dict)]
    for a in found:
        if str(a.get("address_purpose", "")).upper() == "LOCATION":
            return a
    return None


def _address_text(a: dict[str, Any]) -> str | None:
    street = ", ".join(_title(_clean(a.get(k))) for k in ("address_1", "address_2") if a.get(k))
    city = _title(_clean(a.get("city")))
    region = " ".join(
        p for p in (_clean(a.get("state")), _format_zip(_clean(a.get("postal_code")))) if p
    )
    text = ", ".join(p for p in (street, city, region) if p)
    return text or None


def _pick_taxonomy(taxonomies: Iterable[Any], prof: RegistryProfession) -> dict[str, Any] | None:
    """The taxonomy that matches the search, preferring the one marked primary."""
    matching = [
        t
        for t in taxonomies
        if isinstance(t, dict)
        and str(t.get("code", "")).upper().startswith(prof.code_prefix.upper())
    ]
    for t in matching:
        if t.get("primary") in (True, "true", "True", "Y"):
            return t
    return matching[0] if matching else None


def _dnkit_profession(prof: RegistryProfession, credential: str) -> str:
    if prof.key != "PMR":
        return prof.key
    letters = re.sub(r"[^A-Z]", "", credential.upper())
    return "DO" if letters.startswith("DO") else "MD"


def parse_record(raw: dict[str, Any], prof: RegistryProfession) -> RegistryRecord | None:
    """One registry result -> a record, or None when it lacks the profession we searched for."""
    if not isinstance(raw, dict):
        return None
    taxonomy = _pick_taxonomy(raw.get("taxonomies") or [], prof)
    if taxonomy is None:
        return None
    basic = raw.get("basic") if isinstance(raw.get("basic"), dict) else {}
    organization = str(raw.get("enumeration_type", "")).upper() == "NPI-2"
    if organization:
        name = _clean(basic.get("organization_name") or basic.get("name"))
    else:
        name = " ".join(
            _title(_clean(basic.get(k))) for k in ("first_name", "last_name") if basic.get(k)
        )
    npi = _clean(raw.get("number"))
    if not name or not re.fullmatch(r"\d{10}", npi):
        return None
    credential = _clean(basic.get("credential"))
    location = _practice_address(raw.get("addresses") or [])
    return RegistryRecord(
        npi=npi,
        name=name,
        profession=_dnkit_profession(prof, credential),
        credential=credential or None,
        address=_address_text(location) if location else None,
        phone=(_clean(location.get("telephone_number")) or None) if location else None,
        license_number=_clean(taxonomy.get("license")) or None,
        license_state=_clean(taxonomy.get("state")).upper() or None,
        taxonomy_code=_clean(taxonomy.get("code")),
        taxonomy_description=_clean(taxonomy.get("desc")),
        last_updated=_clean(basic.get("last_updated")) or None,
        organization=organization,
    )


def to_provider(record: RegistryRecord) -> Provider:
    """A registry record as a dnkit Provider: every dry-needling answer stays unknown."""
    from dnkit.providers import Answer, Provider

    unknown = Answer.UNKNOWN
    kind = " as an organization" if record.organization else ""
    state = record.license_state if record.license_state in US_STATES else None
    odd_state = (
        f" The registry lists the license state as {record.license_state!r}, which is not a US "
        "state."
        if record.license_state and state is None
        else ""
    )
    return Provider(
        name=record.name,
        profession=record.profession,
        license_state=state,
        license_number=record.license_number,
        license_verified=unknown,
        dn_program=None,
        dn_hours_total=None,
        dn_hours_in_person=None,
        supervised_sessions=None,
        years_licensed=None,
        years_dry_needling=None,
        techniques=(),
        sterile_single_use_needles=unknown,
        written_consent=unknown,
        initial_assessment=unknown,
        side_effect_plan=unknown,
        integrated_plan=unknown,
        setting=None,
        price_per_session=None,
        first_visit_fee=None,
        packages=(),
        in_network=unknown,
        insurance_notes="",
        distance_miles=None,
        notes=(
            f"Found in the NPI Registry{kind} ({record.taxonomy_description or 'taxonomy'}, "
            f"{record.taxonomy_code}). Being listed does not prove training. Check the license "
            "with the state board." + odd_state
        ),
        npi=record.npi,
        credential=record.credential,
        address=record.address,
        phone=record.phone,
        registry_updated=record.last_updated,
    )


# --------------------------------------------------------------------------- search


def search(
    postal_code: str | None = None,
    city: str | None = None,
    state: str | None = None,
    profession: str = "PT",
    limit: int = 50,
    max_results: int = 200,
    individuals_only: bool = True,
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
) -> SearchResult:
    """Find licensed professionals of one profession at a practice address near a place.

    ``limit`` is the page size (1-200), ``max_results`` how many to keep (at most 1,200, the
    most the API lets one query reach). ``convert=False`` skips building Provider objects.
    """
    prof = REGISTRY_PROFESSIONS[normalize_registry_profession(profession)]
    params: dict[str, str | int] = {}
    if individuals_only:
        params["enumeration_type"] = "NPI-1"
    params["taxonomy_description"] = prof.taxonomy_description
    if postal_code not in (None, ""):
        params["postal_code"] = normalize_postal_code(str(postal_code))
    if city not in (None, ""):
        params["city"] = normalize_city(str(city))
    if state not in (None, ""):
        params["state"] = normalize_state(str(state))
    if not {"postal_code", "city", "state"} & params.keys():
        raise RegistryInputError("place: give a postal code, a city or a state to search near.")
    params["address_purpose"] = "LOCATION"  # match the practice address, not the mailing one
    if not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise RegistryInputError(f"limit: {limit!r} must be a whole number from 1 to {MAX_LIMIT}")
    if not isinstance(max_results, int) or not 1 <= max_results <= MAX_REACHABLE:
        raise RegistryInputError(
            f"max results: {max_results!r} must be a whole number from 1 to {MAX_REACHABLE}"
        )
    if not timeout or timeout <= 0:
        raise RegistryInputError(f"timeout: {timeout!r} must be more than 0 seconds")
    if not isinstance(retries, int) or not 0 <= retries <= 10:
        raise RegistryInputError(f"retries: {retries!r} must be a whole number from 0 to 10")
    base = resolve_base_url(base_url)
    cache = _Cache(resolve_cache_dir(cache_dir), cache_ttl, now) if use_cache else None

    page_size = min(limit, max_results)
    records: list[RegistryRecord] = []
    seen: set[str] = set()
    total_seen = pages = 0
    all_cached = True
    oldest_fetch: float | None = None
    truncated = False
    skip = 0
    while True:
        url = build_url(base, {**params, "limit": page_size, "skip": skip})
        hit = cache.get(url) if cache else None
        if hit:
            data, fetched = hit
        else:
            all_cached = False
            body = _fetch(
                url, timeout=timeout, retries=retries, backoff=backoff, sleep=sleep, now=now
            )
            data, fetched = _parse(body, url), now()
            if cache:
                cache.put(url, data, fetched)
        oldest_fetch = fetched if oldest_fetch is None else min(oldest_fetch, fetched)
        pages += 1
        results = data.get("results") or []
        total_seen += len(results)
        for raw in results:
            record = parse_record(raw, prof)
            if record and record.npi not in seen and len(records) < max_results:
                seen.add(record.npi)
                records.append(record)
        if len(results) < page_size:
            break  # the last page
        if len(records) >= max_results or skip + page_size > MAX_SKIP:
            truncated = True
            break
        skip += page_size

    when = datetime.fromtimestamp(oldest_fetch or now(), tz=UTC).strftime("%Y-%m-%d")
    citation = Citation(
        title=f"NPPES NPI Registry, API version {API_VERSION} (CMS)", date=when, url=base
    )
    note = (
        f"Source: NPPES NPI Registry (CMS), API version {API_VERSION}, {base}, data fetched {when}."
    )
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
                continue
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
    )


# --------------------------------------------------------------------------- verifying licenses

# Where a person can check a license, from research product_anchors §3.5. There is no one national
# lookup for most of these professions: the state board is the place to check.
LICENSE_LOOKUPS: dict[str, tuple[str, Citation | None]] = {
    "PT": (
        "There is no national site to check a PT license yet. Use the license search on your "
        "state PT board's site.",
        Citation(
            title="FSBPT Forum 2025: Building a public licensure lookup for physical therapy",
            date="2025",
            url="https://www.fsbpt.org/Free-Resources/FSBPT-Forum/Forum-2025/"
            "Building-a-Public-Licensure-Lookup-for-Physical-Therapy",
        ),
    ),
    "LAc": (
        "Check the license on your state acupuncture board's site. You can also look the person "
        "up on NCCAOM's site.",
        Citation(
            title="NCCAOM help: how do I find an acupuncturist",
            date="undated page",
            url="https://help.nccaom.org/hc/en-us/articles/360009708013-How-do-I-find-an-"
            "acupuncturist-or-an-Oriental-medicine-practitioner",
        ),
    ),
}
_GENERIC_LOOKUP = (
    "Look on your state board's website for its license search. Check that the license is "
    "active and that the board took no action against it."
)


def license_lookup_hint(profession: str) -> tuple[str, Citation | None]:
    """Plain advice on where to verify a license for a dnkit profession code."""
    return LICENSE_LOOKUPS.get(profession, (_GENERIC_LOOKUP, None))
