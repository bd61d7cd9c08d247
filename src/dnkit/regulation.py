"""Who may dry needle where: rules by place (US states, DC, a few countries) and profession.

The facts live in ``data/state_rules.csv``, one row per jurisdiction and profession, rebuilt from
the project's corrected research (``tests/unit/test_rules_data.py`` compares the two field by
field). Each row names its sources by id from the source registry (:mod:`dnkit.sources`) and gives
the date of its sources. A row only exists where the research found something (US territories have
a row that says so); for any other pair :func:`rule_for` answers with status ``unknown`` instead of
guessing. Fields the research could not confirm are named in ``unconfirmed``, and a requirement the
research could not confirm starts with ``UNCONFIRMED:`` in the file, so every view can mark them.

Pure Python, no Jupyter or plotly imports: the CLI, vetting and the dashboard all share it.
"""

from __future__ import annotations

import csv
import dataclasses
import difflib
import io
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Literal, get_args

from dnkit.errors import InputError
from dnkit.sources import (
    UNCONFIRMED,
    Citation,
    SourceDataError,
    cite,
    ordered,
    tier_c_note,
)

Status = Literal["allowed", "prohibited", "not_addressed", "pending", "unknown"]
STATUSES: tuple[str, ...] = get_args(Status)

# Plain words for each status, for tables, the CLI and screen readers.
STATUS_LABELS: dict[str, str] = {
    "allowed": "Allowed",
    "prohibited": "Not allowed",
    "not_addressed": "Law is silent",
    "pending": "Not yet: law passed, rules pending",
    "unknown": "Unknown: nothing found",
}

PROFESSIONS: dict[str, str] = {
    "PT": "physical therapist",
    "PTA": "physical therapist assistant",
    "DC": "chiropractor",
    "MD": "medical doctor",
    "DO": "osteopathic doctor",
    "ATC": "athletic trainer",
    "OT": "occupational therapist",
    "LAc": "licensed acupuncturist",
    "NP": "nurse practitioner",
    "PA": "physician assistant",
    "other": "other provider",
}

# Common ways people name a profession, after _key() (lower case, no dots, single spaces).
_PROFESSION_ALIASES: dict[str, str] = {
    "physical therapist": "PT",
    "physical therapy": "PT",
    "physiotherapist": "PT",
    "physiotherapy": "PT",
    "physio": "PT",
    "dpt": "PT",
    "mpt": "PT",
    "physical therapist assistant": "PTA",
    "physical therapy assistant": "PTA",
    "pt assistant": "PTA",
    "chiropractor": "DC",
    "chiropractic": "DC",
    "chiro": "DC",
    "doctor of chiropractic": "DC",
    "medical doctor": "MD",
    "physician": "MD",
    "doctor of medicine": "MD",
    "osteopathic doctor": "DO",
    "osteopath": "DO",
    "osteopathic physician": "DO",
    "doctor of osteopathic medicine": "DO",
    "doctor of osteopathy": "DO",
    "athletic trainer": "ATC",
    "at": "ATC",
    "occupational therapist": "OT",
    "occupational therapy": "OT",
    "otr": "OT",
    "acupuncturist": "LAc",
    "licensed acupuncturist": "LAc",
    "nurse practitioner": "NP",
    "physician assistant": "PA",
    "physician associate": "PA",
    "other provider": "other",
}

COUNTRY_NAMES: dict[str, str] = {
    "US": "United States",
    "CA": "Canada",
    "UK": "United Kingdom",
    "IE": "Ireland",
    "AU": "Australia",
    "FR": "France",
}

NUMERIC_FIELDS = (
    "min_hours_total",
    "min_hours_in_person",
    "supervised_sessions",
    "years_practice_before",
)
Consent = Literal["", "required", "written"]
CONSENTS: tuple[str, ...] = get_args(Consent)
# Field names that may be listed in the ``unconfirmed`` column.
CONFIRMABLE_FIELDS = ("status", *NUMERIC_FIELDS, "consent")
# How an unconfirmed requirement starts in the data file.
UNCONFIRMED_PREFIX = f"{UNCONFIRMED}:"

CSV_COLUMNS = (
    "jurisdiction",
    "jurisdiction_name",
    "country",
    "profession",
    "status",
    *NUMERIC_FIELDS,
    "consent",
    "requirements",
    "summary",
    "source_ids",
    "source_date",
    "unconfirmed",
)

_JURISDICTION_ALIASES: dict[str, str] = {
    "washington dc": "DC",
    "united kingdom": "UK",
    "gb": "UK",
    "great britain": "UK",
    "england": "UK",
    "wales": "UK",
}


class UnknownJurisdictionError(InputError):
    """A place dnkit has no rules for; the message lists the codes it knows."""


class UnknownProfessionError(InputError):
    """A profession dnkit does not know; the message lists the codes it knows."""


class RegulationDataError(ValueError):
    """The packaged rules file is broken; the message names the row and column."""


@dataclass(frozen=True)
class Requirement:
    """One more thing the rule asks for, in plain words; ``confirmed`` False marks it."""

    text: str
    confirmed: bool = True

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Rule:
    """What one jurisdiction says about dry needling by one profession, with its sources."""

    jurisdiction: str
    jurisdiction_name: str
    country: str
    profession: str
    status: Status
    min_hours_total: float | None
    min_hours_in_person: float | None
    supervised_sessions: int | None
    years_practice_before: float | None
    consent: Consent
    requirements: tuple[Requirement, ...]
    summary: str
    sources: tuple[Citation, ...]
    source_date: str
    unconfirmed: tuple[str, ...]

    @property
    def confirmed(self) -> bool:
        """True when the research confirmed every field of this rule."""
        return not self.unconfirmed

    def is_confirmed(self, field: str) -> bool:
        return field not in self.unconfirmed

    @property
    def profession_name(self) -> str:
        return PROFESSIONS[self.profession]

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def country_name(self) -> str:
        return COUNTRY_NAMES.get(self.country, self.country)

    @property
    def has_numeric_minimum(self) -> bool:
        return any(getattr(self, name) is not None for name in NUMERIC_FIELDS)

    def citations_label(self, sep: str = "; ") -> str:
        """All sources on one line of plain text (title, publisher, date, address, mark)."""
        from dnkit.render.citations import citation_text

        return sep.join(citation_text(c) for c in self.sources) or "No source found."

    @property
    def tier_note(self) -> str:
        """Plain words when the whole rule rests on commercial or consumer pages, else ''."""
        return tier_c_note(self.sources)

    @property
    def source_note(self) -> str:
        """What to say beside this rule's sources: that it rests only on commercial pages, or
        where its unconfirmed figures come from (once), or ''."""
        notes = [self.unconfirmed_note(f) for f in (*NUMERIC_FIELDS, "consent")]
        return self.tier_note or " ".join(dict.fromkeys(n for n in notes if n))

    def unconfirmed_note(self, field: str) -> str:
        """Why a number or the consent rule is UNCONFIRMED, when it comes from a summary.

        An unconfirmed field with a value was read in commercial summaries of the rule (the
        research's tier C), not in the rule itself; an unconfirmed field with no value was not
        found at all, and the views say that instead.
        """
        if field not in self.unconfirmed or not getattr(self, field):
            return ""
        summaries = [c for c in self.sources if c.tier == "C"][:1]  # the main one, by name
        return tier_c_note(summaries) or (
            "The research could not check this against the rule itself."
        )

    def to_dict(self) -> dict:
        """Every field as JSON-ready values; sources as objects with title, url, date, confirmed."""
        return {
            "jurisdiction": self.jurisdiction,
            "jurisdiction_name": self.jurisdiction_name,
            "country": self.country,
            "profession": self.profession,
            "profession_name": self.profession_name,
            "status": self.status,
            "status_label": self.status_label,
            "min_hours_total": self.min_hours_total,
            "min_hours_in_person": self.min_hours_in_person,
            "supervised_sessions": self.supervised_sessions,
            "years_practice_before": self.years_practice_before,
            "consent": self.consent,
            "requirements": [{"text": r.text, "confirmed": r.confirmed} for r in self.requirements],
            "summary": self.summary,
            "tier_note": self.tier_note,
            "sources": [c.to_dict() for c in self.sources],
            "source_date": self.source_date,
            "unconfirmed": list(self.unconfirmed),
            "confirmed": self.confirmed,
        }


def _key(text: str) -> str:
    """Fold case, accents, dots, dashes and spaces so 'Québec', ' quebec ' and 'QUEBEC' match."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = text.lower().replace(".", "").replace(",", " ")
    return " ".join(text.replace("_", " ").split())


def _split(text: str, sep: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(sep) if part.strip())


def _number(value: str, where: str, column: str, *, integer: bool = False) -> float | int | None:
    value = value.strip()
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        raise RegulationDataError(f"{where}, column {column}: {value!r} is not a number") from None
    if number < 0:
        raise RegulationDataError(f"{where}, column {column}: {value!r} is negative")
    if integer:
        if not number.is_integer():
            raise RegulationDataError(f"{where}, column {column}: {value!r} is not a whole number")
        return int(number)
    return number


def _requirements(text: str) -> tuple[Requirement, ...]:
    out = []
    for item in _split(text, ";"):
        if item.startswith(UNCONFIRMED_PREFIX):
            out.append(Requirement(item.removeprefix(UNCONFIRMED_PREFIX).strip(), False))
        else:
            out.append(Requirement(item))
    return tuple(out)


def parse_rules(text: str, origin: str = "state_rules.csv") -> list[Rule]:
    """Parse and check the rules CSV; errors name the row and the column at fault."""
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in CSV_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise RegulationDataError(f"{origin}: missing column(s) {', '.join(missing)}")
    rules: list[Rule] = []
    seen: set[tuple[str, str]] = set()
    for line, row in enumerate(reader, start=2):
        where = f"{origin} row {line}"
        if None in row or None in row.values():
            got = sum(v is not None for k, v in row.items() if k is not None)
            got += len(row.get(None) or [])  # type: ignore[call-overload]
            raise RegulationDataError(
                f"{where}: expected {len(reader.fieldnames or [])} columns, got {got}"
            )
        code = row["jurisdiction"].strip()
        profession = row["profession"].strip()
        if not code:
            raise RegulationDataError(f"{where}, column jurisdiction: empty")
        if profession not in PROFESSIONS:
            raise RegulationDataError(
                f"{where}, column profession: {profession!r} is not one of {', '.join(PROFESSIONS)}"
            )
        if (code, profession) in seen:
            raise RegulationDataError(f"{where}: a second row for {code} and {profession}")
        seen.add((code, profession))
        status = row["status"].strip()
        if status not in STATUSES:
            raise RegulationDataError(
                f"{where}, column status: {status!r} is not one of {', '.join(STATUSES)}"
            )
        unconfirmed = _split(row["unconfirmed"], ";")
        for name in unconfirmed:
            if name not in CONFIRMABLE_FIELDS:
                raise RegulationDataError(
                    f"{where}, column unconfirmed: {name!r} is not one of "
                    f"{', '.join(CONFIRMABLE_FIELDS)}"
                )
        date = row["source_date"].strip()
        ids = _split(row["source_ids"], "|")
        # Only a row that says "we found nothing" (status unknown) may have no source.
        if not ids and status != "unknown":
            raise RegulationDataError(f"{where}, column source_ids: no source given")
        if ids and not date:
            raise RegulationDataError(f"{where}, column source_date: no date given")
        try:
            cited = [cite(i, confirmed="status" not in unconfirmed) for i in ids]
        except SourceDataError as err:
            raise RegulationDataError(f"{where}, column source_ids: {err}") from None
        # A source that gives no date of its own is dated by the rule it is cited for.
        sources = ordered(c if c.date else dataclasses.replace(c, date=date) for c in cited)
        consent = row["consent"].strip()
        if consent not in CONSENTS:
            raise RegulationDataError(
                f"{where}, column consent: {consent!r} is not empty, required or written"
            )
        summary = row["summary"].strip()
        if not summary:
            raise RegulationDataError(f"{where}, column summary: empty")
        rules.append(
            Rule(
                jurisdiction=code,
                jurisdiction_name=row["jurisdiction_name"].strip(),
                country=row["country"].strip(),
                profession=profession,
                status=status,  # type: ignore[arg-type]
                min_hours_total=_number(row["min_hours_total"], where, "min_hours_total"),
                min_hours_in_person=_number(
                    row["min_hours_in_person"], where, "min_hours_in_person"
                ),
                supervised_sessions=_number(  # type: ignore[arg-type]
                    row["supervised_sessions"], where, "supervised_sessions", integer=True
                ),
                years_practice_before=_number(
                    row["years_practice_before"], where, "years_practice_before"
                ),
                consent=consent,  # type: ignore[arg-type]
                requirements=_requirements(row["requirements"]),
                summary=summary,
                sources=sources,
                source_date=date,
                unconfirmed=unconfirmed,
            )
        )
    return rules


@cache
def _load() -> tuple[Rule, ...]:
    text = (files("dnkit") / "data" / "state_rules.csv").read_text(encoding="utf-8")
    return tuple(parse_rules(text))


@cache
def _index() -> dict[tuple[str, str], Rule]:
    return {(r.jurisdiction, r.profession): r for r in _load()}


def all_rules() -> list[Rule]:
    """Every rule in the data, US first (by state name), then other countries."""
    return list(_load())


def jurisdictions() -> dict[str, str]:
    """Code -> name for every place with rules, US states and DC first."""
    out: dict[str, str] = {}
    for rule in _load():
        out.setdefault(rule.jurisdiction, rule.jurisdiction_name)
    return out


@cache
def _jurisdiction_lookup() -> dict[str, str]:
    lookup = {_key(alias): code for alias, code in _JURISDICTION_ALIASES.items()}
    for code, name in jurisdictions().items():
        lookup[_key(code)] = code
        lookup[_key(name)] = code
    return lookup


def normalize_jurisdiction(text: str) -> str:
    """'ca', 'California', ' CA ' -> 'CA'; 'quebec' -> 'CA-QC'. Raises UnknownJurisdictionError."""
    if not isinstance(text, str) or not text.strip():
        raise UnknownJurisdictionError(
            "jurisdiction",
            "give a US state code or name (for example CA or California); "
            f"valid codes: {', '.join(jurisdictions())}",
        )
    lookup = _jurisdiction_lookup()
    key = _key(text)
    if key in lookup:
        return lookup[key]
    hyphenless = key.replace("-", " ")
    for code in jurisdictions():
        if _key(code).replace("-", " ") == hyphenless:
            return code
    close = difflib.get_close_matches(key, lookup, n=3, cutoff=0.75)
    hint = f" Did you mean {', '.join(sorted({lookup[c] for c in close}))}?" if close else ""
    raise UnknownJurisdictionError(
        "jurisdiction",
        f"{text.strip()!r} is not a place dnkit knows.{hint} "
        f"Valid codes: {', '.join(jurisdictions())}",
    )


def normalize_profession(text: str) -> str:
    """'pt', 'Physical Therapist', 'physios' -> 'PT'. Raises UnknownProfessionError."""
    valid = ", ".join(f"{code} ({name})" for code, name in PROFESSIONS.items())
    if not isinstance(text, str) or not text.strip():
        raise UnknownProfessionError("profession", f"give a profession code; valid codes: {valid}")
    key = _key(text).replace("-", " ")
    by_code = {_key(code): code for code in PROFESSIONS}
    for candidate in (key, key.removesuffix("s")):
        if candidate in by_code:
            return by_code[candidate]
        if candidate in _PROFESSION_ALIASES:
            return _PROFESSION_ALIASES[candidate]
    raise UnknownProfessionError(
        "profession", f"{text.strip()!r} is not a profession dnkit knows. Valid codes: {valid}"
    )


def unknown_summary(jurisdiction_name: str) -> str:
    """The plain text shown where the research found nothing for a place and profession."""
    return (
        f"We found no rule on dry needling for this kind of provider in {jurisdiction_name}. "
        "Ask their board before you book."
    )


def others_allowed(jurisdiction: str, profession: str) -> list[Rule]:
    """The rules for other professions that may dry needle in this place (maybe UNCONFIRMED)."""
    return [
        r for r in rules_for(jurisdiction) if r.status == "allowed" and r.profession != profession
    ]


def rule_for(jurisdiction: str, profession: str) -> Rule:
    """The rule for one place and profession; status ``unknown`` (no source) if none is known."""
    code = normalize_jurisdiction(jurisdiction)
    prof = normalize_profession(profession)
    found = _index().get((code, prof))
    if found is not None:
        return found
    any_rule = next(r for r in _load() if r.jurisdiction == code)
    return Rule(
        jurisdiction=code,
        jurisdiction_name=any_rule.jurisdiction_name,
        country=any_rule.country,
        profession=prof,
        status="unknown",
        min_hours_total=None,
        min_hours_in_person=None,
        supervised_sessions=None,
        years_practice_before=None,
        consent="",
        requirements=(),
        summary=unknown_summary(any_rule.jurisdiction_name),
        sources=(),
        source_date="",
        unconfirmed=(),
    )


def rules_for(jurisdiction: str) -> list[Rule]:
    """Every rule the research found for one place, in the order of PROFESSIONS."""
    code = normalize_jurisdiction(jurisdiction)
    order = list(PROFESSIONS)
    return sorted(
        (r for r in _load() if r.jurisdiction == code), key=lambda r: order.index(r.profession)
    )


def mark(rule: Rule, field: str) -> str:
    """' [UNCONFIRMED]' when ``field`` of ``rule`` is unconfirmed, else ''."""
    from dnkit.render.citations import mark_text

    return mark_text(field not in rule.unconfirmed)
