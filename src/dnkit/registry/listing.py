"""What a person reads about each registry result, written once for ``dnkit find`` and the
dashboard's cards, so both show the same facts in the same order for the same reply."""

from __future__ import annotations

from dataclasses import dataclass

from dnkit.registry.lookups import LicenseCheck, license_check
from dnkit.registry.query import KIND_LABELS, REGISTRY_PROFESSIONS
from dnkit.registry.records import RegistryRecord
from dnkit.registry.search import SearchResult

NOT_LISTED = "Not listed in the registry"
CLINIC = "Clinic or other organization"


@dataclass(frozen=True)
class Listing:
    """One result: a heading, labelled lines, the phone to call and how to check the license."""

    npi: str
    heading: str
    lines: tuple[tuple[str, str], ...]
    phone: str | None
    check: LicenseCheck

    def text_lines(self) -> list[str]:
        """The listing as plain text lines (the command line prints these)."""
        out = [self.heading]
        out += [f"{label}: {value}" for label, value in self.lines]
        source = self.check.source
        out.append(
            f"Check the license: {self.check.full_text}"
            + (f" Source: {source.label()}" if source else "")
        )
        return out


def _license(record: RegistryRecord) -> str:
    if not record.license_number:
        state = f" (license state {record.license_state})" if record.license_state else ""
        return NOT_LISTED + state
    state = f", {record.license_state}" if record.license_state else ""
    return f"{record.license_number}{state}"


def _board(record: RegistryRecord) -> str:
    """The profession whose board to name; a physician of unknown kind is still a physician."""
    physician = REGISTRY_PROFESSIONS["PMR"].code_prefix
    if record.profession == "other" and record.taxonomy_code.startswith(physician):
        return "physician"
    return record.profession


def listing(record: RegistryRecord) -> Listing:
    """The lines people read about one record, in reading order."""
    heading = record.name + (f", {record.credential}" if record.credential else "")
    lines: list[tuple[str, str]] = []
    if record.organization:
        lines.append(("Kind", CLINIC))
    lines.append(("Profession", record.profession_label))
    lines.append(("Listed as", record.taxonomy_description))
    if record.specialty_differs:
        lines.append(("Main specialty", record.primary_taxonomy_description))
    lines.append(("Address", record.address or NOT_LISTED))
    if record.address_differs and record.main_address:
        lines.append(("Main address", record.main_address))
    lines.append(("Phone", record.phone or NOT_LISTED))
    lines.append(("License", _license(record)))
    if record.official:
        lines.append(("Authorized official", record.official))
    updated = f", registry updated {record.last_updated}" if record.last_updated else ""
    lines.append(("NPI", record.npi + updated))
    return Listing(
        npi=record.npi,
        heading=heading,
        lines=tuple(lines),
        phone=record.phone,
        check=license_check(_board(record), record.license_state),
    )


def listings(result: SearchResult) -> list[Listing]:
    return [listing(r) for r in result.records]


def result_heading(result: SearchResult, shown: int | None = None) -> str:
    """'Found 2 physical therapist listings (people) near ZIP 80202'."""
    count = len(result.records) if shown is None else shown
    query = result.query
    label = query.profession.label if query else "Provider"
    what = label[:1].lower() + label[1:]
    noun = "listing" if count == 1 else "listings"
    kind = f" ({KIND_LABELS[query.kind].lower()})" if query else ""
    place = f" near {query.describe_place()}" if query else ""
    return f"Found {count} {what} {noun}{kind}{place} in the NPI Registry"
