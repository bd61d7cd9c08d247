"""One registry result, read as the real API sends it, reduced to what a patient needs.

The real v2.1 reply (research npi_api_facts.md #34-#44, and the saved pages in
``tests/data/npi/real/``) differs from the documentation in ways that matter here:

* ``addresses`` holds one MAILING and one LOCATION address, in either order; extra practice
  sites are in ``practiceLocations``. The search may have matched one of those extra sites, so
  the address shown is the one in the place searched, with the main one beside it.
* the API matches a profession on *any* of a provider's taxonomies, so the matched taxonomy may
  not be the main one (a clinic listed mainly as Internal Medicine can match "Chiropractor");
  both are kept so a view can say so.
* empty keys are left out (``credential``, ``telephone_number``, ``address_2``), ``license``,
  ``state`` and even ``desc`` can be null, ``sex`` replaced ``gender``, and ``basic.status``
  says whether the NPI is active.

:func:`read_result` never raises on a strange record: it returns the record, or the reason it
was left out (a key of :data:`LEFT_OUT`), so a search can count every record it did not show.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from dnkit.registry.casing import address_line, organization_name, person_name
from dnkit.registry.query import REGISTRY_PROFESSIONS, RegistryProfession, SearchQuery

# Why a record the registry sent is not in the list, in words that follow a count
# ("2 are not shown: 1 not active in the registry; 1 with no practice address ...").
LEFT_OUT: dict[str, str] = {
    "unreadable": "with no 10-digit NPI or no name",
    "kind": "not the kind you asked for (people or clinics)",
    "inactive": "not active in the registry",
    "profession": "not listed with the profession you searched for",
    "place": "with no practice address in the place you searched",
    "repeat": "sent twice (the same NPI on two pages)",
    "over_limit": "past the number of results you asked for",
    "unusable": "with data dnkit cannot store",
}

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_PLACEHOLDER = {"", "--"}


def clean(value: Any) -> str:
    """One line of text without control characters (no terminal escapes from a reply)."""
    if value is None:
        return ""
    text = " ".join(_CONTROL.sub(" ", str(value)).split())[:300]
    return "" if text in _PLACEHOLDER else text


@dataclass(frozen=True)
class RegistryRecord:
    """One registry result: who, what they are listed as, where, and how to check them."""

    npi: str
    name: str
    organization: bool
    profession: str  # dnkit profession code: PT, DC, ATC, LAc, MD, DO, or other
    profession_label: str  # plain words: "Physical therapist", "Physician (MD or DO not listed)"
    credential: str | None
    taxonomy_code: str  # the taxonomy the search matched
    taxonomy_description: str
    primary_taxonomy_code: str  # the one the registry marks as main
    primary_taxonomy_description: str
    address: str | None  # the practice address in the place searched
    phone: str | None  # that address's phone
    main_address: str | None  # the main practice address
    license_number: str | None
    license_state: str | None
    last_updated: str | None
    status: str | None  # "A" for active; None when the reply does not say
    sex: str | None  # "F", "M", or None (``basic.sex``; ``gender`` in older replies)
    official: str | None = None  # a clinic's authorized official: name, title and phone

    @property
    def specialty_differs(self) -> bool:
        """The search matched a taxonomy that is not the provider's main one."""
        return self.primary_taxonomy_code != self.taxonomy_code

    @property
    def address_differs(self) -> bool:
        """The address in the place searched is not the main practice address."""
        return bool(self.main_address) and self.main_address != self.address


# --------------------------------------------------------------------------- pieces


def phone_text(value: Any) -> str | None:
    """'3035550181' -> '303-555-0181'; other forms as the registry sent them."""
    text = clean(value)
    digits = re.sub(r"\D", "", text)
    if len(digits) == 10 and text == digits:
        return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"
    return text or None


def _format_zip(code: str) -> str:
    digits = re.sub(r"\D", "", code)
    return f"{digits[:5]}-{digits[5:]}" if len(digits) == 9 else code


def address_text(a: dict[str, Any]) -> str | None:
    """'100 Example St, Suite 200, Denver, CO 80202-1234' from a registry address."""
    street = ", ".join(
        address_line(clean(a.get(k))) for k in ("address_1", "address_2") if clean(a.get(k))
    )
    city = address_line(clean(a.get("city")))
    region = " ".join(
        p for p in (clean(a.get("state")).upper(), _format_zip(clean(a.get("postal_code")))) if p
    )
    text = ", ".join(p for p in (street, city, region) if p)
    return text or None


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _is_location(a: dict[str, Any]) -> bool:
    return clean(a.get("address_purpose")).upper() == "LOCATION"


def practice_addresses(raw: dict[str, Any]) -> list[dict[str, Any]]:
    """The main practice address first, then the extra sites (``practiceLocations``)."""
    main = [a for a in _dicts(raw.get("addresses")) if _is_location(a)]
    extra = _dicts(raw.get("practiceLocations"))
    return main[:1] + extra


def _is_primary(t: dict[str, Any]) -> bool:
    return t.get("primary") in (True, "true", "True", "Y", "y")


def _primary(taxonomies: list[dict[str, Any]]) -> dict[str, Any] | None:
    for t in taxonomies:
        if _is_primary(t):
            return t
    return taxonomies[0] if taxonomies else None


def _matching(taxonomies: list[dict[str, Any]], prof: RegistryProfession) -> dict[str, Any] | None:
    """The taxonomy of the searched profession: the main one if it is, else one with a license.

    The same code can come twice, once with a license and state and once without (research #38).
    """
    prefix = prof.code_prefix.upper()
    found = [t for t in taxonomies if clean(t.get("code")).upper().startswith(prefix)]
    found.sort(key=lambda t: (not _is_primary(t), not clean(t.get("license"))))
    return found[0] if found else None


def _profession_of(taxonomy: dict[str, Any] | None) -> RegistryProfession | None:
    code = clean((taxonomy or {}).get("code")).upper()
    for prof in REGISTRY_PROFESSIONS.values():
        if code.startswith(prof.code_prefix.upper()):
            return prof
    return None


def physician_kind(credential: str) -> str | None:
    """'D.O.' -> 'DO'; 'M. D., PhD' -> 'MD'; None when the credential does not say."""
    pieces = {re.sub(r"[^A-Z]", "", p.upper()) for p in re.split(r"[,;/&]| and ", credential)}
    words = {w for p in re.split(r"[,;/&\s]+", credential.upper()) if (w := re.sub(r"\W", "", p))}
    tokens = pieces | words
    if "DO" in tokens and "MD" not in tokens:
        return "DO"
    if "MD" in tokens and "DO" not in tokens:
        return "MD"
    return None


def _profession(
    prof: RegistryProfession | None, credential: str, organization: bool
) -> tuple[str, str]:
    """(dnkit profession code, plain label). An unknown physician is not guessed to be an MD."""
    if prof is None:
        return "other", "Other health professional"
    if prof.key != "PMR":
        return prof.key, prof.label
    if organization:
        return "other", "Physical medicine and rehabilitation practice"
    kind = physician_kind(credential)
    if kind is None:
        return "other", "Physician (MD or DO not listed)"
    return kind, f"Physician ({kind}) in physical medicine and rehabilitation"


def _person(basic: dict[str, Any]) -> str:
    name = " ".join(clean(basic.get(k)) for k in ("first_name", "last_name") if clean(basic.get(k)))
    suffix = clean(basic.get("name_suffix"))
    return person_name(f"{name} {suffix}" if name and suffix else name)


def _official(basic: dict[str, Any]) -> str | None:
    """'Pat Example, PT, Owner, 303-555-0108' from ``authorized_official_*`` fields."""
    key = "authorized_official_"
    name = " ".join(
        clean(basic.get(key + k)) for k in ("first_name", "last_name") if clean(basic.get(key + k))
    )
    if not name:
        return None
    parts = [person_name(name), clean(basic.get(key + "credential"))]
    parts.append(organization_name(clean(basic.get(key + "title_or_position"))))
    parts.append(phone_text(basic.get(key + "telephone_number")) or "")
    return ", ".join(p for p in parts if p)


def _description(t: dict[str, Any] | None) -> str:
    if t is None:
        return ""
    return clean(t.get("desc")) or f"taxonomy {clean(t.get('code'))}".strip()


# --------------------------------------------------------------------------- a whole record


def read_result(raw: Any, query: SearchQuery | None = None) -> RegistryRecord | str:
    """A registry result as a record, or the key in :data:`LEFT_OUT` saying why it was left out.

    Without a query every readable record is kept, at its main address and main taxonomy.
    """
    if not isinstance(raw, dict):
        return "unreadable"
    basic = raw.get("basic") if isinstance(raw.get("basic"), dict) else {}
    enumeration = clean(raw.get("enumeration_type")).upper()
    organization = enumeration == "NPI-2"
    if query is not None and not query.wants(enumeration or "NPI-1"):
        return "kind"
    npi = clean(raw.get("number"))  # a string in current replies, a number in 2019 ones
    if organization:
        name = organization_name(clean(basic.get("organization_name") or basic.get("name")))
    else:
        name = _person(basic)
    if not name or not re.fullmatch(r"\d{10}", npi):
        return "unreadable"
    status = clean(basic.get("status")).upper() or None
    if status not in (None, "A"):
        return "inactive"
    taxonomies = _dicts(raw.get("taxonomies"))
    primary = _primary(taxonomies)
    if query is None:
        matched, prof = primary, _profession_of(primary)
    else:
        matched, prof = _matching(taxonomies, query.profession), query.profession
        if matched is None:
            return "profession"
    sites = practice_addresses(raw)
    if query is None:
        site = sites[0] if sites else None
    else:
        site = next((a for a in sites if query.place_matches(a)), None)
        if site is None:
            return "place"
    credential = clean(basic.get("credential"))
    code, label = _profession(prof, credential, organization)
    taxonomy = matched or {}
    return RegistryRecord(
        npi=npi,
        name=name,
        organization=organization,
        profession=code,
        profession_label=label,
        credential=credential or None,
        taxonomy_code=clean(taxonomy.get("code")),
        taxonomy_description=_description(matched),
        primary_taxonomy_code=clean((primary or {}).get("code")),
        primary_taxonomy_description=_description(primary),
        address=address_text(site) if site else None,
        phone=phone_text(site.get("telephone_number")) if site else None,
        main_address=address_text(sites[0]) if sites else None,
        license_number=clean(taxonomy.get("license")) or None,
        license_state=clean(taxonomy.get("state")).upper() or None,
        last_updated=clean(basic.get("last_updated")) or None,
        status=status,
        sex=(clean(basic.get("sex") or basic.get("gender")).upper() or None),
        official=_official(basic) if organization else None,
    )
