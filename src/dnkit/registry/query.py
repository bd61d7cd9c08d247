"""What a person asks the registry for: a profession, people or clinics, and a place.

Everything typed is checked here, before any request, and each refusal names the field. The
query also knows which address of a record it was about, so a provider found through a second
practice site is shown at that site and not at a main address in another town.
"""

from __future__ import annotations

import os
import re
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, get_args

from dnkit.registry.errors import RegistryInputError

# The public endpoint (CMS "NPI Registry API", version 2.1), as published on the API page
# (research npi_api_facts.md #1).
DEFAULT_BASE_URL = "https://npiregistry.cms.hhs.gov/api/"
API_VERSION = "2.1"
ENV_URL = "DNKIT_NPI_URL"
# One variable for every on-disk cache dnkit keeps; the registry's pages go in its "npi" folder.
ENV_CACHE = "DNKIT_CACHE"
MAX_LIMIT = 200  # the API's largest page (research #3)
MAX_SKIP = 1000  # the API's largest skip (research #3)
MAX_REACHABLE = MAX_SKIP + MAX_LIMIT  # so 1,200 records per query at most

# States, DC and the five inhabited territories; the registry lists US providers only.
_US_CODES = (
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH "
    "NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY"
)
TERRITORIES = ("PR", "GU", "VI", "AS", "MP")
US_STATES = frozenset((*_US_CODES.split(), *TERRITORIES))

Kind = Literal["people", "clinics", "both"]
KINDS: tuple[str, ...] = get_args(Kind)
KIND_LABELS = {
    "people": "People",
    "clinics": "Clinics and other organizations",
    "both": "People and clinics",
}
# The API's enumeration_type for each choice; "both" sends none (research #19).
_ENUMERATION = {"people": "NPI-1", "clinics": "NPI-2", "both": None}


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

_KIND_ALIASES = {
    "people": "people",
    "person": "people",
    "individuals": "people",
    "npi-1": "people",
    "clinics": "clinics",
    "clinic": "clinics",
    "organizations": "clinics",
    "organisations": "clinics",
    "npi-2": "clinics",
    "both": "both",
    "all": "both",
}


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
        "profession", f"{text!r} is not one dnkit can search. Use one of: {valid}"
    )


def normalize_kind(text: str) -> Kind:
    """'people', 'clinics' or 'both' (also 'organizations', 'NPI-2', 'all')."""
    kind = _KIND_ALIASES.get(str(text or "").strip().lower())
    if kind is None:
        raise RegistryInputError("who", f"{text!r} is not a choice. Use people, clinics, or both.")
    return kind  # type: ignore[return-value]


def normalize_postal_code(text: str) -> str:
    """A 5-digit ZIP (ZIP+4 allowed) or the first 2-4 digits; a prefix becomes a wildcard.

    The API matches a trailing ``*`` after at least 2 characters on ``postal_code`` (research
    #23, #25).
    """
    raw = (text or "").strip().rstrip("*").strip()
    if re.fullmatch(r"\d{5}(-?\d{4})?", raw):
        return raw[:5]
    if re.fullmatch(r"\d{2,4}", raw):
        return raw + "*"
    raise RegistryInputError(
        "postal code",
        f"{text!r} is not a US ZIP code. Type 5 digits (like 80202), or the first "
        "2 to 4 digits to search a wider area (like 802).",
    )


def normalize_state(text: str) -> str:
    """A US state or territory code; names ("Colorado", "Puerto Rico") work via regulation."""
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
            "state",
            f"{text!r} is not a US state or territory. The NPI Registry lists US "
            "providers only; use a 2-letter code like CO or PR, or a name like Colorado.",
        )
    return code


def normalize_city(text: str) -> str:
    raw = " ".join((text or "").split())
    if not raw or len(raw) > 60 or not re.fullmatch(r"[A-Za-z][A-Za-z .'\-]*", raw):
        raise RegistryInputError(
            "city", f"{text!r} is not a city name. Use letters, spaces, hyphens or periods."
        )
    return raw


def resolve_base_url(base_url: str | None = None) -> str:
    """Argument, else ``$DNKIT_NPI_URL``, else the public registry; http(s) only."""
    url = (base_url or os.environ.get(ENV_URL) or DEFAULT_BASE_URL).strip()
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise RegistryInputError(
            "registry URL", f"{url!r} must start with http:// or https:// and name a host"
        )
    return url


def resolve_cache_dir(cache_dir: str | Path | None = None) -> Path:
    """Argument, else ``$DNKIT_CACHE/npi``, else ``~/.cache/dnkit/npi``."""
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


# --------------------------------------------------------------------------- the query


def _text(value: Any) -> str:
    return " ".join(str(value or "").split())


@dataclass(frozen=True)
class SearchQuery:
    """A checked search: build it with :meth:`make`, which refuses anything unusable."""

    profession: RegistryProfession
    kind: Kind
    postal_code: str | None
    city: str | None
    state: str | None

    @classmethod
    def make(
        cls,
        profession: str = "PT",
        kind: str = "people",
        postal_code: str | None = None,
        city: str | None = None,
        state: str | None = None,
    ) -> SearchQuery:
        query = cls(
            profession=REGISTRY_PROFESSIONS[normalize_registry_profession(profession)],
            kind=normalize_kind(kind),
            postal_code=normalize_postal_code(str(postal_code)) if postal_code else None,
            city=normalize_city(str(city)) if city else None,
            state=normalize_state(str(state)) if state else None,
        )
        if not (query.postal_code or query.city or query.state):
            raise RegistryInputError(
                "place", "give a postal code, a city or a state to search near."
            )
        return query

    def params(self) -> dict[str, str | int]:
        """The API's parameters, in a stable order (the cache is keyed by the URL)."""
        params: dict[str, str | int] = {}
        enumeration = _ENUMERATION[self.kind]
        if enumeration:
            params["enumeration_type"] = enumeration
        params["taxonomy_description"] = self.profession.taxonomy_description
        if self.postal_code:
            params["postal_code"] = self.postal_code
        if self.city:
            params["city"] = self.city
        if self.state:
            params["state"] = self.state
        params["address_purpose"] = "LOCATION"  # the practice address, not the mailing one
        return params

    def wants(self, enumeration_type: str) -> bool:
        wanted = _ENUMERATION[self.kind]
        return wanted is None or enumeration_type.upper() == wanted

    def place_matches(self, address: dict[str, Any]) -> bool:
        """True when this registry address lies in the place searched (every field given)."""
        if self.postal_code:
            code = re.sub(r"\D", "", _text(address.get("postal_code")))
            if self.postal_code.endswith("*"):
                if not code.startswith(self.postal_code[:-1]):
                    return False
            elif code[:5] != self.postal_code:
                return False
        if self.city and _text(address.get("city")).lower() != self.city.lower():
            return False
        return not (self.state and _text(address.get("state")).upper() != self.state)

    def describe_place(self) -> str:
        """'ZIP 80202', 'ZIP codes starting 802', 'Denver, CO' for messages."""
        parts = []
        if self.postal_code:
            parts.append(
                f"ZIP codes starting {self.postal_code[:-1]}"
                if self.postal_code.endswith("*")
                else f"ZIP {self.postal_code}"
            )
        from dnkit.registry.lookups import place_name

        state = place_name(self.state) if self.state else None
        place = ", ".join(p for p in (self.city, state) if p)
        if place:
            parts.append(place)
        return ", ".join(parts)
