"""Search the public US NPI Registry (NPPES, API v2.1) for licensed professionals near a person.

Why: a patient often starts with no names at all. The registry lists licensed professionals and
clinics with their practice addresses, phone, taxonomy, license number and license state. It
cannot say who does dry needling or how they trained, so every dry-needling answer on a found
provider stays "unknown"; a listing is a list of people to call, never a credential check.

The client is read against real replies of the API (``tests/data/npi/real/``) and the facts in
the research (``npi_api_facts.md``). Its parts, one job each:

* :mod:`~dnkit.registry.query`: what a person asks for, checked before any request;
* :mod:`~dnkit.registry.transport`: one page over HTTP, with timeout, retries and a cache;
* :mod:`~dnkit.registry.records`: one result read as the real API sends it;
* :mod:`~dnkit.registry.casing`: names and addresses written the way people write them;
* :mod:`~dnkit.registry.search`: paging, and a count of every record left out, with its reason;
* :mod:`~dnkit.registry.listing`: the lines a person reads, shared by the CLI and the dashboard;
* :mod:`~dnkit.registry.lookups`: where to check a license (facts in ``data/``).
"""

from dnkit.registry.errors import RegistryError, RegistryInputError, RegistryUnavailable
from dnkit.registry.listing import Listing, listing, listings, result_heading
from dnkit.registry.lookups import LicenseCheck, license_check, registry_source
from dnkit.registry.query import (
    API_VERSION,
    DEFAULT_BASE_URL,
    ENV_CACHE,
    ENV_URL,
    KIND_LABELS,
    KINDS,
    MAX_LIMIT,
    MAX_REACHABLE,
    MAX_SKIP,
    REGISTRY_PROFESSIONS,
    TERRITORIES,
    US_STATES,
    Kind,
    RegistryProfession,
    SearchQuery,
    build_url,
    normalize_city,
    normalize_kind,
    normalize_postal_code,
    normalize_registry_profession,
    normalize_state,
    resolve_base_url,
    resolve_cache_dir,
)
from dnkit.registry.records import LEFT_OUT, RegistryRecord, read_result
from dnkit.registry.search import (
    DEFAULT_CACHE_TTL,
    Progress,
    SearchResult,
    search,
    to_provider,
)
from dnkit.registry.transport import MAX_WAIT_SECONDS, USER_AGENT, retry_after

LISTING_NOTE = (
    "Being on this list does not prove that someone is trained or fit to treat you. The list "
    "comes from the NPI Registry, a US list of health workers. It shows who has a provider "
    "number and what work they say they do. It does not show who does dry needling or how they "
    "learned it. Check each license with your state board before you book."
)

__all__ = [
    "API_VERSION",
    "DEFAULT_BASE_URL",
    "DEFAULT_CACHE_TTL",
    "ENV_CACHE",
    "ENV_URL",
    "KINDS",
    "KIND_LABELS",
    "LEFT_OUT",
    "LISTING_NOTE",
    "MAX_LIMIT",
    "MAX_REACHABLE",
    "MAX_SKIP",
    "MAX_WAIT_SECONDS",
    "REGISTRY_PROFESSIONS",
    "TERRITORIES",
    "USER_AGENT",
    "US_STATES",
    "Kind",
    "LicenseCheck",
    "Listing",
    "Progress",
    "RegistryError",
    "RegistryInputError",
    "RegistryProfession",
    "RegistryRecord",
    "RegistryUnavailable",
    "SearchQuery",
    "SearchResult",
    "build_url",
    "license_check",
    "listing",
    "listings",
    "normalize_city",
    "normalize_kind",
    "normalize_postal_code",
    "normalize_registry_profession",
    "normalize_state",
    "read_result",
    "registry_source",
    "resolve_base_url",
    "resolve_cache_dir",
    "result_heading",
    "retry_after",
    "search",
    "to_provider",
]
