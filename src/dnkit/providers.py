"""Providers: what a patient learns about each dry needling provider, and the files that hold it.

People type these facts into spreadsheets by hand, or a care navigator gets them by email, so the
reader is strict and talkative: every value is checked, every unusable row is reported with its
row and column, and nothing is dropped without a message. An answer nobody gave stays
``unknown``; it is never read as yes or no, because a missing answer about sterile needles is not
a good answer.

CSV and JSON carry the same fields (``CSV_COLUMNS``), and so do spreadsheets (``.xlsx`` read
with openpyxl, ``.ods`` with odfpy; the first sheet or a named one), whose cells are read as the
text a CSV cell would hold. In CSV:

* yes/no answers are ``yes``, ``no``, ``unknown`` or empty (also ``y``/``n``/``true``/``false``);
* ``price_per_session`` is ``75``, a range ``60-90`` (typical = midpoint) or ``low-typical-high``;
* ``packages`` is ``SESSIONS:PRICE`` pairs split by ``;``, e.g. ``6:420;10:650``;
* ``techniques`` is a list from ``TECHNIQUES`` split by ``;`` or ``,``;
* the app's own words are read too, in any letter case: "Not sure" (an unknown answer, or no
  setting), "Physical therapist (PT)", "Physical therapy clinic", "Chiropractic office", and
  common synonyms (``_TECHNIQUE_WORDS``, ``_SETTING_WORDS``);
* a row whose first cell starts with ``#`` is a note and is skipped (the template's worked
  example and allowed values); a provider's name that starts with ``#`` is written as ``'#``;
* a cell that starts with ``=``, ``+``, ``-`` or ``@`` is written with a leading apostrophe, so a
  spreadsheet shows it as text and does not run it as a formula; reading removes exactly that
  apostrophe again, so a write and a read give back the same providers.

In JSON, ``price_per_session`` is ``{"low", "typical", "high"}`` and ``packages`` a list of
``{"sessions", "price"}`` (the CSV spellings are accepted too). A file is a list of providers or
``{"providers": [...]}``.
"""

from __future__ import annotations

import csv
import datetime
import difflib
import io
import json
import math
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from pydantic import (
    BaseModel,
    ConfigDict,
    ValidationError,
    ValidationInfo,
    field_serializer,
    field_validator,
)

from dnkit.costs import Package, PriceRange
from dnkit.errors import CostInputError
from dnkit.limits import (
    LONG_TEXT_LIMIT,
    MAX_DISTANCE_MILES,
    MAX_FEE,
    MAX_PACKAGE_PRICE,
    MAX_PACKAGE_SESSIONS,
    MAX_PROVIDER_FILE_BYTES,
    MAX_SESSION_PRICE,
    MAX_SUPERVISED_SESSIONS,
    MAX_TRAINING_HOURS,
    MAX_YEARS,
    TEXT_LIMIT,
)
from dnkit.regulation import (
    UnknownJurisdictionError,
    UnknownProfessionError,
    normalize_jurisdiction,
    normalize_profession,
)

TECHNIQUES = ("deep", "superficial", "pistoning", "electrical", "other")
SETTINGS = ("outpatient_pt", "sports_medicine", "pain_management", "chiropractic", "other")
# What the app calls each kind of clinic. A file may use these words or the codes above.
SETTING_LABELS: dict[str, str] = {
    "outpatient_pt": "Physical therapy clinic",
    "sports_medicine": "Sports medicine",
    "pain_management": "Pain clinic",
    "chiropractic": "Chiropractic office",
    "other": "Other kind of clinic",
}
REQUIRED_COLUMNS = ("name", "profession")
FORMULA_START = ("=", "+", "-", "@")
COMMENT_START = "#"  # a row whose first cell starts with it is a note, not a provider
# Cells written with a leading apostrophe: formulas, and "#" so a name never reads as a note.
_ESCAPED_START = (*FORMULA_START, COMMENT_START)


# "Did you check the license with the state board?" A plain "no" meant "not yet" to the people
# who typed it, so it is read as not checked; only an answer that says the license could not be
# found is a "no" (a red flag). Files keep their meaning: "yes", "no" (read as not yet), empty.
LICENSE_ANSWERS: tuple[tuple[str, str], ...] = (
    ("Yes, it is active", "yes"),
    ("Not yet", "unknown"),
    ("I looked and could not find an active license", "no"),
)
_LICENSE_WORDS = {
    "yes": "yes",
    "y": "yes",
    "true": "yes",
    "active": "yes",
    "checked": "yes",
    "verified": "yes",
    "no": "unknown",
    "n": "unknown",
    "false": "unknown",
    "not yet": "unknown",
    "not checked": "unknown",
    "not found": "no",
    "could not find": "no",
    "could not find it": "no",
    "no active license": "no",
    "no active licence": "no",
    "inactive": "no",
    "expired": "no",
    "i looked and could not find an active licence": "no",
}
# How each answer is written to a file (CSV, JSON, a plan), so it reads back the same.
LICENSE_FILE_WORDS = {"yes": "yes", "unknown": "unknown", "no": "not found"}


class Answer(StrEnum):
    """A yes/no question's answer. ``unknown`` means nobody has answered yet."""

    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"

    @classmethod
    def parse(cls, value: object) -> Answer:
        """Read yes/no/unknown (or y/n/true/false, empty = unknown), in any letter case."""
        if isinstance(value, Answer):
            return value
        if value is None:
            return cls.UNKNOWN
        if isinstance(value, bool):
            return cls.YES if value else cls.NO
        if isinstance(value, str):
            found = _ANSWER_WORDS.get(_words_key(value))
            if found is not None:
                return cls(found)
        raise ValueError(
            f"answer yes, no or unknown (or not sure), or leave it empty (got {value!r})"
        )


_ANSWER_WORDS = {
    "yes": "yes",
    "y": "yes",
    "true": "yes",
    "no": "no",
    "n": "no",
    "false": "no",
    "unknown": "unknown",
    "": "unknown",
    "?": "unknown",
    # The app's own answer, and the ways people write "we do not know yet".
    "not sure": "unknown",
    "unsure": "unknown",
    "don't know": "unknown",
    "dont know": "unknown",
    "do not know": "unknown",
    "not known": "unknown",
    "not known yet": "unknown",
}


def _words_key(text: str) -> str:
    """Lower case, single spaces, straight apostrophes; ``_`` and ``-`` between words count as
    spaces ("Not_sure", "not-sure" and "NOT  SURE" are the same answer)."""
    text = text.replace("\u2019", "'").replace("_", " ").replace("-", " ")
    return " ".join(text.lower().split())


# The app's own words for the license answers are always read back as what they say.
for _label, _value in LICENSE_ANSWERS:
    _LICENSE_WORDS[_words_key(_label)] = _value

# Spellings of each technique and kind of clinic, after _words_key(); the codes and the app's
# labels are added below, so these are only the other common ways to say them.
_TECHNIQUE_WORDS: dict[str, str] = {
    "deep dry needling": "deep",
    "deep needling": "deep",
    "superficial dry needling": "superficial",
    "superficial needling": "superficial",
    "shallow": "superficial",
    "piston": "pistoning",
    "pistoning technique": "pistoning",
    "electric": "electrical",
    "electrical stimulation": "electrical",
    "electric stimulation": "electrical",
    "with electric current": "electrical",
    "e stim": "electrical",
    "estim": "electrical",
    "electro needling": "electrical",
    "electroneedling": "electrical",
}
_SETTING_WORDS: dict[str, str | None] = {
    "physical therapy": "outpatient_pt",
    "physical therapy office": "outpatient_pt",
    "pt clinic": "outpatient_pt",
    "physiotherapy clinic": "outpatient_pt",
    "outpatient physical therapy": "outpatient_pt",
    "outpatient": "outpatient_pt",
    "sports medicine clinic": "sports_medicine",
    "sports clinic": "sports_medicine",
    "pain management": "pain_management",
    "pain management clinic": "pain_management",
    "pain center": "pain_management",
    "chiropractic": "chiropractic",
    "chiropractic clinic": "chiropractic",
    "chiropractor": "chiropractic",
    "other": "other",
    "other clinic": "other",
    # The app's "Not sure": no kind of clinic given.
    "not sure": None,
    "unknown": None,
    "don't know": None,
}
for _code in TECHNIQUES:
    _TECHNIQUE_WORDS[_words_key(_code)] = _code
for _code, _label in SETTING_LABELS.items():
    _SETTING_WORDS[_words_key(_code)] = _code
    _SETTING_WORDS[_words_key(_label)] = _code
# Professions as the app lists them, "Physical therapist (PT)", are read by their code; these
# are the app's words for a provider whose license is not known.
_PROFESSION_WORDS = {"someone else": "other", "not sure": "other", "other": "other"}

_NUMBER = re.compile(r"(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?")


def _number(value: object, upper: float, *, money: bool = False, whole: bool = False) -> Any:
    """A finite, non-negative number up to ``upper``; empty means not known (None)."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(f"must be a number, not {value!r}")
    if isinstance(value, str):
        text = value.strip()
        if money:
            text = text.removeprefix("$").strip()
        if not text:
            return None
        if text.startswith("-"):
            raise ValueError(f"cannot be negative (got {value!r})")
        if "," in text:
            raise ValueError(
                f"write it without commas: use a dot for decimals, like 27.5 (got {value!r})"
            )
        if not _NUMBER.fullmatch(text):
            raise ValueError(f"must be a number like 27 or 27.5 (got {value!r})")
        number = float(text)
    elif isinstance(value, int | float):
        try:
            number = float(value)
        except OverflowError:
            raise ValueError(f"{value} is far too large") from None
    else:
        raise ValueError(f"must be a number (got {type(value).__name__})")
    if not math.isfinite(number):
        raise ValueError("must be a finite number")
    if number < 0:
        raise ValueError(f"cannot be negative (got {number:g})")
    if number > upper:
        raise ValueError(f"{number:g} is more than {upper:g}; please check for a typo")
    if whole:
        if not number.is_integer():
            raise ValueError(f"must be a whole number (got {number:g})")
        return int(number)
    return number + 0.0  # turns -0.0 into 0.0


def _text(value: object, limit: int) -> str:
    """Stripped text without control characters, at most ``limit`` characters."""
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)  # a licence number written as a JSON number
    if not isinstance(value, str):
        raise ValueError(f"must be text (got {type(value).__name__})")
    text = value.strip()
    for char in text:
        if unicodedata.category(char) in ("Cc", "Cs") and char not in "\t\n\r":
            raise ValueError(f"contains a control character (code {ord(char)}); remove it")
    if len(text) > limit:
        raise ValueError(f"is {len(text)} characters long; keep it to {limit} or fewer")
    return text


def _choice_list(value: object, words: dict[str, str], what: str) -> tuple[str, ...]:
    """A list of choices: ``deep; pistoning``, ``Deep, Electrical`` (``;``, ``,``, ``/`` or new
    lines between them), each a code or one of its spellings in ``words``."""
    if value is None:
        return ()
    if isinstance(value, str):
        items: Iterable[object] = re.split(r"[;,/\n]", value)
    elif isinstance(value, list | tuple):
        items = value
    else:
        raise ValueError(f"must be a list of {what} separated by ';' or ','")
    allowed = sorted(set(words.values()), key=list(words.values()).index)
    out: list[str] = []
    for item in items:
        if not isinstance(item, str):
            raise ValueError(f"must be a list of {what} (got {item!r})")
        if not item.strip():
            continue
        key = words.get(_words_key(item))
        if key is None:
            raise ValueError(f"{item.strip()!r} is not one of: {', '.join(allowed)}")
        if key not in out:
            out.append(key)
    return tuple(out)


def parse_setting(text: str) -> str | None:
    """A kind of clinic as a code: ``"Physical therapy clinic"`` or ``"outpatient_pt"`` ->
    ``"outpatient_pt"``; empty or "Not sure" -> None. ValueError names the choices."""
    key = _words_key(str(text))
    if not key:
        return None
    if key not in _SETTING_WORDS:
        shown = ", ".join(f"{code} ({SETTING_LABELS[code]})" for code in SETTINGS)
        raise ValueError(f"{str(text).strip()!r} is not one of: {shown}")
    return _SETTING_WORDS[key]


def parse_price(value: object) -> PriceRange | None:
    """``75`` -> 75 to 75; ``60-90`` -> 60 to 90 (typical 75); ``50-60-100`` -> low-typical-high."""
    if value is None or isinstance(value, PriceRange):
        price = value
    elif isinstance(value, dict):
        unknown = set(value) - {"low", "typical", "high"}
        if unknown or not {"low", "high"} <= set(value):
            raise ValueError('write it as {"low": 60, "typical": 75, "high": 90}')
        low = _number(value["low"], MAX_SESSION_PRICE, money=True)
        high = _number(value["high"], MAX_SESSION_PRICE, money=True)
        if low is None or high is None:
            raise ValueError("needs both a low and a high price")
        typical = _number(value.get("typical"), MAX_SESSION_PRICE, money=True)
        price = _price(low, high, typical)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        amount = _number(value, MAX_SESSION_PRICE)
        price = _price(amount, amount, amount)
    elif isinstance(value, str):
        text = value.strip().replace("–", "-").replace("—", "-").replace(" ", "")
        if not text:
            return None
        parts = text.split("-")
        if len(parts) > 3 or not all(p.removeprefix("$") for p in parts):
            raise ValueError(f"write a price like 75 or a range like 60-90 (got {value!r})")
        try:
            amounts = [_number(p, MAX_SESSION_PRICE, money=True) for p in parts]
        except ValueError as err:
            if str(err).startswith("must be a number"):
                err = ValueError(f"write a price like 75 or a range like 60-90 (got {value!r})")
            raise err from None
        if len(amounts) == 1:
            price = _price(amounts[0], amounts[0], amounts[0])
        elif len(amounts) == 2:
            price = _price(amounts[0], amounts[1], None)
        else:
            price = _price(amounts[0], amounts[2], amounts[1])
    else:
        raise ValueError(f"write a price like 75 or a range like 60-90 (got {value!r})")
    if price is not None and price.high > MAX_SESSION_PRICE:
        raise ValueError(
            f"${price.high:g} is more than ${MAX_SESSION_PRICE:g}; please check for a typo"
        )
    return price


def _price(low: float, high: float, typical: float | None) -> PriceRange:
    try:
        if typical is None:
            return PriceRange.between(low, high)
        return PriceRange(low, typical, high)
    except CostInputError as err:
        raise ValueError(err.message if err.field == "price" else str(err)) from None


def parse_packages(value: object) -> tuple[Package, ...]:
    """``6:420;10:650`` -> 6 sessions for $420 and 10 sessions for $650."""
    if value is None:
        return ()
    items: Iterable[object]
    if isinstance(value, str):
        items = [part for part in value.split(";") if part.strip()]
    elif isinstance(value, list | tuple):
        items = value
    else:
        raise ValueError("write packages as SESSIONS:PRICE pairs, like 6:420;10:650")
    out = []
    for item in items:
        try:
            if isinstance(item, Package):
                package = item
            elif isinstance(item, str):
                package = Package.parse(item)
            elif isinstance(item, dict) and set(item) == {"sessions", "price"}:
                sessions = _number(item["sessions"], MAX_PACKAGE_SESSIONS, whole=True)
                price = _number(item["price"], MAX_PACKAGE_PRICE, money=True)
                if sessions is None or price is None:
                    raise ValueError("a package needs sessions and a price")
                package = Package(sessions, price)
            else:
                raise ValueError(f"write a package like 6:420 (got {item!r})")
        except CostInputError as err:
            raise ValueError(f"{item!r}: {err.message}") from None
        if package.price > MAX_PACKAGE_PRICE:
            raise ValueError(
                f"package price ${package.price:g} is more than ${MAX_PACKAGE_PRICE:g}"
            )
        out.append(package)
    return tuple(out)


class Provider(BaseModel):
    """One provider as the patient knows them. Every answer may be unknown.

    Build from Python values or from the text of a CSV cell; both are checked the same way.
    """

    # defer_build: the schema is built on first use, so `import dnkit.providers` stays fast.
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    name: str
    profession: str  # a code from dnkit.regulation.PROFESSIONS, e.g. PT, DC, LAc
    license_state: str | None = None
    license_number: str | None = None
    license_verified: Answer = Answer.UNKNOWN
    dn_program: str | None = None
    dn_hours_total: float | None = None
    dn_hours_in_person: float | None = None
    supervised_sessions: int | None = None
    years_licensed: float | None = None
    years_dry_needling: float | None = None
    techniques: tuple[str, ...] = ()
    sterile_single_use_needles: Answer = Answer.UNKNOWN
    written_consent: Answer = Answer.UNKNOWN
    initial_assessment: Answer = Answer.UNKNOWN
    side_effect_plan: Answer = Answer.UNKNOWN
    integrated_plan: Answer = Answer.UNKNOWN
    setting: str | None = None
    price_per_session: PriceRange | None = None
    first_visit_fee: float | None = None
    packages: tuple[Package, ...] = ()
    in_network: Answer = Answer.UNKNOWN
    insurance_notes: str = ""
    distance_miles: float | None = None
    notes: str = ""
    npi: str | None = None
    credential: str | None = None
    address: str | None = None
    phone: str | None = None
    registry_updated: str | None = None

    @field_validator("name", mode="before")
    @classmethod
    def _name(cls, v: object) -> str:
        text = _text(v, TEXT_LIMIT)
        if not text:
            raise ValueError("is required: every provider needs a name")
        return text

    @field_validator("profession", mode="before")
    @classmethod
    def _profession(cls, v: object) -> str:
        if v is None or (isinstance(v, str) and not v.strip()):
            raise ValueError("is required: PT, PTA, DC, MD, DO, ATC, OT, LAc, NP, PA or other")
        if not isinstance(v, str):
            raise ValueError(f"must be a profession code like PT (got {v!r})")
        if _words_key(v) in _PROFESSION_WORDS:
            return _PROFESSION_WORDS[_words_key(v)]
        # The app's list shows "Physical therapist (PT)": read the code in brackets first.
        shown = re.fullmatch(r"\s*(.*?)\s*\(\s*([A-Za-z]{1,5})\s*\)\s*", v)
        for text in ((shown.group(2), shown.group(1)) if shown else ()) + (v,):
            try:
                return normalize_profession(text)
            except UnknownProfessionError as err:
                error = err
        raise ValueError(error.message) from None

    @field_validator("license_state", mode="before")
    @classmethod
    def _license_state(cls, v: object) -> str | None:
        text = _text(v, TEXT_LIMIT)
        if not text:
            return None
        try:
            return normalize_jurisdiction(text)
        except UnknownJurisdictionError as err:
            raise ValueError(err.message) from None

    @field_validator(
        "license_number", "dn_program", "credential", "address", "phone", "registry_updated",
        mode="before",
    )  # fmt: skip
    @classmethod
    def _short_text(cls, v: object) -> str | None:
        return _text(v, TEXT_LIMIT) or None

    @field_validator("insurance_notes", "notes", mode="before")
    @classmethod
    def _long_text(cls, v: object) -> str:
        return _text(v, LONG_TEXT_LIMIT)

    @field_validator("npi", mode="before")
    @classmethod
    def _npi(cls, v: object) -> str | None:
        text = _text(v, TEXT_LIMIT)
        if text and not re.fullmatch(r"\d{10}", text):
            raise ValueError(f"an NPI is 10 digits (got {text!r})")
        return text or None

    @field_validator(
        "sterile_single_use_needles", "written_consent", "initial_assessment",
        "side_effect_plan", "integrated_plan", "in_network",
        mode="before",
    )  # fmt: skip
    @classmethod
    def _answer(cls, v: object) -> Answer:
        return Answer.parse(v)

    @field_serializer("license_verified")
    def _license_words(self, v: Answer) -> str:
        return LICENSE_FILE_WORDS[v.value]

    @field_validator("license_verified", mode="before")
    @classmethod
    def _license_checked(cls, v: object) -> Answer:
        """yes (active), not yet, or not found; see :data:`LICENSE_ANSWERS`."""
        if isinstance(v, Answer) or v is None:
            return v or Answer.UNKNOWN
        if isinstance(v, bool):
            return Answer.YES if v else Answer.UNKNOWN
        if isinstance(v, str):
            key = _words_key(v)
            found = _LICENSE_WORDS.get(key) or _ANSWER_WORDS.get(key)
            if found is not None:
                return Answer(found)
        raise ValueError(
            "answer yes (it is active), not yet, or not found (you looked and could not find "
            f"an active license); leave it empty if not checked (got {v!r})"
        )

    @field_validator("dn_hours_total", "dn_hours_in_person", mode="before")
    @classmethod
    def _hours(cls, v: object) -> float | None:
        return _number(v, MAX_TRAINING_HOURS)

    @field_validator("years_licensed", "years_dry_needling", mode="before")
    @classmethod
    def _years(cls, v: object) -> float | None:
        return _number(v, MAX_YEARS)

    @field_validator("supervised_sessions", mode="before")
    @classmethod
    def _sessions(cls, v: object) -> int | None:
        return _number(v, MAX_SUPERVISED_SESSIONS, whole=True)

    @field_validator("distance_miles", mode="before")
    @classmethod
    def _distance(cls, v: object) -> float | None:
        return _number(v, MAX_DISTANCE_MILES)

    @field_validator("first_visit_fee", mode="before")
    @classmethod
    def _fee(cls, v: object) -> float | None:
        return _number(v, MAX_FEE, money=True)

    @field_validator("techniques", mode="before")
    @classmethod
    def _techniques(cls, v: object) -> tuple[str, ...]:
        return _choice_list(v, _TECHNIQUE_WORDS, "techniques")

    @field_validator("setting", mode="before")
    @classmethod
    def _setting(cls, v: object) -> str | None:
        return parse_setting(_text(v, TEXT_LIMIT))

    @field_validator("price_per_session", mode="before")
    @classmethod
    def _price_per_session(cls, v: object) -> PriceRange | None:
        return parse_price(v)

    @field_validator("packages", mode="before")
    @classmethod
    def _packages(cls, v: object) -> tuple[Package, ...]:
        return parse_packages(v)

    @field_validator("dn_hours_in_person")
    @classmethod
    def _in_person_within_total(cls, v: float | None, info: ValidationInfo) -> float | None:
        total = info.data.get("dn_hours_total")
        if v is not None and total is not None and v > total:
            raise ValueError(
                f"{v:g} in-person hours is more than the {total:g} total hours (dn_hours_total)"
            )
        return v

    def replace(self, **changes: Any) -> Provider:
        """A copy with some fields changed, checked again (``model_copy`` would not check)."""
        return Provider.model_validate({**dict(self), **changes})


CSV_COLUMNS: tuple[str, ...] = tuple(Provider.model_fields)


@dataclass(frozen=True)
class Problem:
    """Something in a file that could not be used. ``row`` 1 is the first row under the header."""

    source: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [self.source or "input"]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.message}"


@dataclass
class LoadResult:
    """The providers that could be read, and a problem for everything that could not."""

    providers: list[Provider] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


# ----------------------------------------------------------------------------- writing


def _format_number(x: float) -> str:
    """Shortest text that reads back to the same float; no e-notation (``-`` splits ranges)."""
    if float(x).is_integer():
        return str(int(x))
    return format(Decimal(repr(float(x))), "f")


def format_price(price: PriceRange) -> str:
    """The CSV spelling of a price: ``75``, ``60-90`` or ``50-60-100`` (low-typical-high)."""
    low, typical, high = (_format_number(x) for x in (price.low, price.typical, price.high))
    if price.low == price.typical == price.high:
        return low
    if price.typical == PriceRange.between(price.low, price.high).typical:
        return f"{low}-{high}"
    return f"{low}-{typical}-{high}"


def format_packages(packages: Iterable[Package]) -> str:
    return ";".join(f"{p.sessions}:{_format_number(p.price)}" for p in packages)


def provider_to_row(provider: Provider) -> dict[str, str]:
    """The provider as CSV cell texts (before formula escaping), keyed by ``CSV_COLUMNS``."""
    row: dict[str, str] = {}
    for name in CSV_COLUMNS:
        value = getattr(provider, name)
        if value is None:
            text = ""
        elif name == "license_verified":
            text = LICENSE_FILE_WORDS[value.value]
        elif isinstance(value, Answer):
            text = value.value
        elif name == "techniques":
            text = ";".join(value)
        elif name == "packages":
            text = format_packages(value)
        elif isinstance(value, PriceRange):
            text = format_price(value)
        elif isinstance(value, int | float):
            text = _format_number(value)
        else:
            text = str(value)
        row[name] = text
    return row


def escape_cell(text: str) -> str:
    """Stop a spreadsheet from running a cell as a formula: ``=SUM(A1)`` -> ``'=SUM(A1)``."""
    core = text.lstrip("'")
    return "'" + text if core[:1] in _ESCAPED_START and core else text


def unescape_cell(text: str) -> str:
    """Undo :func:`escape_cell`: drop exactly one apostrophe before a formula character."""
    core = text.lstrip("'")
    return text[1:] if text.startswith("'") and core[:1] in _ESCAPED_START and core else text


def providers_to_csv(providers: Iterable[Provider]) -> str:
    """CSV text (header + one row each) that is safe to open in a spreadsheet."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for provider in providers:
        row = provider_to_row(provider)
        writer.writerow([escape_cell(row[name]) for name in CSV_COLUMNS])
    return buffer.getvalue()


def providers_to_json(providers: Iterable[Provider]) -> str:
    """``{"providers": [...]}`` with prices and packages as objects, for scripts."""
    data = {"providers": [p.model_dump(mode="json") for p in providers]}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


# ----------------------------------------------------------------------------- reading

_MAGIC = (
    (b"PK\x03\x04", "an Excel workbook or another zip file"),
    (b"\xd0\xcf\x11\xe0", "an old Excel (.xls) or Word file"),
    (b"%PDF", "a PDF"),
    (b"\x89PNG", "a PNG picture"),
    (b"\xff\xd8\xff", "a JPEG picture"),
)
_SAVE_AS = (
    "Save the spreadsheet as CSV (comma separated values), or keep it as .xlsx or .ods and "
    "load it with that name."
)
SPREADSHEETS = {".xlsx": "xlsx", ".xlsm": "xlsx", ".ods": "ods"}
SPREADSHEET_NAMES = {"xlsx": "Excel workbook (.xlsx)", "ods": "OpenDocument spreadsheet (.ods)"}
# A spreadsheet is a zip of XML: a small file can unpack to a huge one (a "zip bomb").
MAX_UNPACKED_BYTES = 50_000_000
MAX_PACK_RATIO = 200


def _decode(raw: bytes) -> tuple[str | None, str | None]:
    """(text, note) or (None, error message). Tries UTF-8, UTF-16 (with BOM), then Windows."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), None
        except UnicodeDecodeError:
            return None, "starts like UTF-16 text but is not valid UTF-16. " + _SAVE_AS
    for magic, what in _MAGIC:
        if raw.startswith(magic):
            return None, f"looks like {what}, not a CSV or JSON file. {_SAVE_AS}"
    if b"\x00" in raw:
        return None, (
            "contains binary data (zero bytes), so it is not a text file. "
            + _SAVE_AS
            + " If it is UTF-16 text, save it as UTF-8."
        )
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("cp1252")
        note = "is not UTF-8; read it as Windows-1252"
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
        note = "is not UTF-8; read it as Latin-1"
    return text, note + ". Check that accented letters look right, or save the file as UTF-8."


def _column_key(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.strip().lower())


def _unknown_column_message(name: str) -> str:
    close = difflib.get_close_matches(_column_key(name), CSV_COLUMNS, n=1)
    hint = f" Did you mean {close[0]!r}?" if close else ""
    return f"is not a column dnkit knows, so it was ignored.{hint}"


def _problems_from(err: ValidationError, source: str, row: int) -> list[Problem]:
    out = []
    for item in err.errors(include_url=False):
        column = str(item["loc"][0]) if item["loc"] else None
        message = item["msg"].removeprefix("Value error, ")
        if item["type"] == "missing":
            message = "is missing: every provider needs a name and a profession"
        elif item["type"] == "extra_forbidden":
            message = _unknown_column_message(column or "")
        out.append(Problem(source, row, column, message))
    return out


class _BadCell(str):
    """A spreadsheet cell that cannot stand for what was typed (a date where text was meant);
    the row is reported with this message instead of being read."""


def _is_comment(cells: list[str]) -> bool:
    """A row whose first cell starts with ``#`` is a note for people (the template's worked
    example and its list of allowed values), never a provider."""
    return bool(cells) and cells[0].lstrip().startswith(COMMENT_START)


def _read_csv(text: str, source: str) -> LoadResult:
    first_line = next(
        (ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")), ""
    )
    delimiter = _guess_delimiter(first_line)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    return _read_table(reader, source, delimiter)


def _read_table(records: Iterable[list[str]], source: str, delimiter: str = ",") -> LoadResult:
    """Rows of cell texts, the first non-empty one the header: CSV files and spreadsheets."""
    result = LoadResult()
    header: list[str] | None = None
    row_number = 0
    records = iter(records)
    while True:
        try:
            cells = next(records)
        except StopIteration:
            break
        except csv.Error as err:
            where = row_number + 1 if header is not None else None
            result.problems.append(
                Problem(
                    source,
                    where,
                    None,
                    f"cannot be read past this point ({err}); a quote mark may be missing. "
                    "Rows after it were not read.",
                )
            )
            break
        if header is None:
            if not any(c.strip() for c in cells) or _is_comment(cells):
                continue
            header = [_column_key(c) for c in cells]
            if header and header[0].startswith("\ufeff"):
                header[0] = header[0].lstrip("\ufeff")
            problem = _check_header(cells, header, source, delimiter, result)
            if problem:
                return result
            continue
        row_number += 1
        if not any(c.strip() for c in cells) or _is_comment(cells):
            continue
        if len(cells) > len(header):
            result.problems.append(
                Problem(
                    source,
                    row_number,
                    None,
                    f"has {len(cells)} cells but the header has {len(header)} columns; "
                    "a cell may hold an unquoted comma. This row was not loaded.",
                )
            )
            continue
        values = {
            name: unescape_cell(cell)
            for name, cell in zip(header, cells, strict=False)
            if name in Provider.model_fields
        }
        bad = [(name, cell) for name, cell in values.items() if isinstance(cell, _BadCell)]
        if bad:
            result.problems.extend(Problem(source, row_number, n, str(c)) for n, c in bad)
            continue
        _add(result, values, source, row_number)
    if header is None:
        result.problems.append(Problem(source, None, None, "is empty: it has no header row"))
    elif row_number == 0 or (not result.providers and not result.problems):
        result.problems.append(
            Problem(source, None, None, "has a header but no provider rows under it")
        )
    return result


def _guess_delimiter(first_line: str) -> str:
    """Pick the delimiter that splits the header into the most known column names."""
    best, best_score = ",", -1
    for delimiter in (",", ";", "\t"):
        cells = next(csv.reader([first_line], delimiter=delimiter), [])
        score = sum(_column_key(c).lstrip("\ufeff") in Provider.model_fields for c in cells)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _check_header(
    cells: list[str], header: list[str], source: str, delimiter: str, result: LoadResult
) -> bool:
    """Report header problems; True when no row can be read."""
    known = [h for h in header if h in Provider.model_fields]
    if not known:
        shown = ", ".join(repr(c) for c in cells[:5])
        result.problems.append(
            Problem(
                source,
                None,
                None,
                "has no column names dnkit knows in its first row (found "
                f"{shown}). The first row must name the columns, starting with name and "
                "profession; use the template from `dnkit.providers.template_csv()`.",
            )
        )
        return True
    fatal = False
    seen: set[str] = set()
    for original, key in zip(cells, header, strict=True):
        if not key:
            continue
        if key in seen:
            result.problems.append(
                Problem(source, None, original.strip(), "appears twice in the header")
            )
            fatal = True
        seen.add(key)
        if key not in Provider.model_fields:
            message = _unknown_column_message(original)
            if delimiter == "," and ";" in original:
                message += " The file may use ';' between cells."
            result.problems.append(Problem(source, None, original.strip(), message))
    for required in REQUIRED_COLUMNS:
        if required not in seen:
            result.problems.append(
                Problem(source, None, required, "column is missing; every provider needs one")
            )
            fatal = True
    return fatal


def _add(result: LoadResult, values: dict[str, Any], source: str, row: int) -> None:
    try:
        result.providers.append(Provider.model_validate(values))
    except ValidationError as err:
        result.problems.extend(_problems_from(err, source, row))


def _read_json(text: str, source: str) -> LoadResult:
    result = LoadResult()
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        message = f"is not valid JSON: {err.msg} (line {err.lineno}, column {err.colno})"
        return LoadResult([], [Problem(source, None, None, message)])
    except RecursionError:
        return LoadResult([], [Problem(source, None, None, "is nested too deeply to read")])
    except ValueError as err:  # e.g. an integer longer than Python will convert
        return LoadResult(
            [], [Problem(source, None, None, f"holds a number too long to read ({err})")]
        )
    if isinstance(data, dict) and isinstance(data.get("providers"), list):
        items = data["providers"]
    elif isinstance(data, list):
        items = data
    else:
        message = 'must hold a list of providers, or {"providers": [...]}'
        return LoadResult([], [Problem(source, None, None, message)])
    if not items:
        return LoadResult([], [Problem(source, None, None, "holds no providers")])
    unknown: dict[str, list[int]] = {}
    for row, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            result.problems.append(
                Problem(
                    source, row, None, f"must be an object with named fields (got {item!r:.40})"
                )
            )
            continue
        values = {}
        for key, value in item.items():
            name = _column_key(str(key))
            if name in Provider.model_fields:
                values[name] = value
            else:
                unknown.setdefault(str(key), []).append(row)
        _add(result, values, source, row)
    for key, rows in unknown.items():
        where = f" (in {len(rows)} providers)" if len(rows) > 1 else ""
        row = rows[0] if len(rows) == 1 else None
        result.problems.append(Problem(source, row, key, _unknown_column_message(key) + where))
    return result


def _spreadsheet_kind(raw: bytes, suffix: str) -> str | None:
    """ "xlsx" or "ods" when the name says so, or (for a name that says nothing) when the
    content is one; None for text files."""
    if suffix in SPREADSHEETS:
        return SPREADSHEETS[suffix]
    if suffix in (".csv", ".tsv", ".txt", ".json") or not raw.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            names = set(archive.namelist())
            if "xl/workbook.xml" in names:
                return "xlsx"
            if "mimetype" in names and b"opendocument.spreadsheet" in archive.read("mimetype"):
                return "ods"
    except (zipfile.BadZipFile, OSError, KeyError):
        return None
    return None


def _unpack_check(raw: bytes, kind: str) -> str | None:
    """Why this spreadsheet cannot be opened safely, or None: not a zip, or it would unpack
    to far more than any list of providers needs."""
    what = SPREADSHEET_NAMES[kind]
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return f"is not a readable {what}: the file is damaged or is not really a spreadsheet. "
    if unpacked > MAX_UNPACKED_BYTES or unpacked > MAX_PACK_RATIO * max(len(raw), 1):
        return (
            f"would unpack to {unpacked / 1_000_000:,.0f} MB, far more than a list of providers "
            "needs, so it was not opened. Save the sheet as CSV and try again."
        )
    return None


def _cell_text(value: object, column: str | None) -> str:
    """A spreadsheet value as the text a CSV cell would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return _format_number(value) if math.isfinite(value) else str(value)
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        if column == "registry_updated" and not isinstance(value, datetime.time):
            return value.isoformat()[:10]
        return _BadCell(
            f"holds a date or time ({value}); the spreadsheet may have changed what was typed "
            "(6:420 can turn into a time). Format the column as text, type it again, and load "
            "the file again. This row was not loaded."
        )
    return str(value)


def _sheet_rows(rows: Iterable[Iterable[object]]) -> Iterator[list[str]]:
    """Rows of values as CSV-like texts: the header row names the columns, so dates in each
    column can be read for what they are; trailing empty cells are dropped."""
    header: list[str] | None = None
    for row in rows:
        values = list(row)
        while values and values[-1] in (None, ""):
            values.pop()
        columns = header or []
        cells = [
            _cell_text(v, columns[i] if i < len(columns) else None) for i, v in enumerate(values)
        ]
        if header is None and any(c.strip() for c in cells) and not _is_comment(cells):
            header = [_column_key(c) for c in cells]
        yield cells


def _pick_sheet(names: list[str], sheet: str | None, what: str) -> tuple[int | None, str | None]:
    """(index of the sheet to read, or None with why)."""
    if not names:
        return None, f"is a {what} with no sheets"
    if sheet is None:
        return 0, None
    for i, name in enumerate(names):
        if name.strip().lower() == str(sheet).strip().lower():
            return i, None
    shown = ", ".join(repr(n) for n in names)
    return None, f"has no sheet named {sheet!r}; its sheets are {shown}"


def _read_xlsx(raw: bytes, source: str, sheet: str | None) -> LoadResult:
    from openpyxl import load_workbook

    what = SPREADSHEET_NAMES["xlsx"]
    try:
        # read_only streams rows; data_only gives the values a person sees, not formulas.
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises many kinds for a damaged file
        return _refuse(source, f"is not a readable {what} ({type(err).__name__}). {_SAVE_AS}")
    try:
        index, why = _pick_sheet(book.sheetnames, sheet, what)
        if index is None:
            return _refuse(source, why or "cannot be read")
        rows = book.worksheets[index].iter_rows(values_only=True)
        try:
            return _read_table(_sheet_rows(rows), _sheet_source(source, book.sheetnames, index))
        except Exception as err:
            return _refuse(source, f"could not be read to the end ({type(err).__name__}).")
    finally:
        book.close()


def _ods_value(cell: Any) -> object:
    """One ODS cell's value, by its type: numbers as numbers, text as text, dates as dates."""
    from odf import teletype
    from odf.namespaces import OFFICENS
    from odf.text import P

    kind = cell.attributes.get((OFFICENS, "value-type"))
    if kind in ("float", "percentage", "currency"):
        raw = cell.attributes.get((OFFICENS, "value"))
        try:
            number = float(raw)
        except (TypeError, ValueError):
            return raw
        return int(number) if number.is_integer() else number
    if kind == "boolean":
        return cell.attributes.get((OFFICENS, "boolean-value")) == "true"
    if kind == "date":
        text = cell.attributes.get((OFFICENS, "date-value")) or ""
        try:
            return datetime.datetime.fromisoformat(text)
        except ValueError:
            return text
    if kind == "time":
        return datetime.time()  # a duration like PT06H42M: only its being a time matters
    return "\n".join(teletype.extractText(p) for p in cell.getElementsByType(P)) or None


def _ods_rows(table: Any) -> Iterator[list[object]]:
    """Rows of one ODS table. Repeated rows and cells are expanded only when something
    follows them, so the million empty rows a sheet may declare cost nothing."""
    from odf.namespaces import TABLENS
    from odf.table import TableRow

    pending_empty = 0
    for row in table.getElementsByType(TableRow):
        values: list[object] = []
        blanks = 0
        for cell in row.childNodes:
            if cell.qname[1] not in ("table-cell", "covered-table-cell"):
                continue
            repeat = int(cell.attributes.get((TABLENS, "number-columns-repeated"), "1") or 1)
            # A covered cell (under a merged one) holds nothing of its own.
            value = _ods_value(cell) if cell.qname[1] == "table-cell" else None
            if value in (None, ""):
                blanks += repeat
                continue
            values.extend([None] * blanks)
            blanks = 0
            values.extend([value] * min(repeat, 1000))
        repeat_rows = int(row.attributes.get((TABLENS, "number-rows-repeated"), "1") or 1)
        if not values:
            pending_empty += repeat_rows
            continue
        for _ in range(min(pending_empty, 1000)):
            yield []
        pending_empty = 0
        for _ in range(min(repeat_rows, 1000)):
            yield values


def _read_ods(raw: bytes, source: str, sheet: str | None) -> LoadResult:
    from odf.opendocument import load
    from odf.table import Table

    what = SPREADSHEET_NAMES["ods"]
    try:
        document = load(io.BytesIO(raw))
        tables = document.spreadsheet.getElementsByType(Table)
    except Exception as err:  # odfpy raises many kinds for a damaged file
        return _refuse(source, f"is not a readable {what} ({type(err).__name__}). {_SAVE_AS}")
    names = [str(t.getAttribute("name") or f"Sheet{i + 1}") for i, t in enumerate(tables)]
    index, why = _pick_sheet(names, sheet, what)
    if index is None:
        return _refuse(source, why or "cannot be read")
    try:
        return _read_table(
            _sheet_rows(_ods_rows(tables[index])), _sheet_source(source, names, index)
        )
    except Exception as err:
        return _refuse(source, f"could not be read to the end ({type(err).__name__}).")


def _sheet_source(source: str, names: list[str], index: int) -> str:
    """Name the sheet in messages when the workbook has more than one."""
    return source if len(names) == 1 else f"{source}, sheet {names[index]!r}"


def _refuse(source: str, message: str) -> LoadResult:
    return LoadResult([], [Problem(source, None, None, message)])


def read_providers(
    data: bytes | str | Path, filename: str = "", sheet: str | None = None
) -> LoadResult:
    """Read providers from CSV, JSON, Excel (.xlsx) or OpenDocument (.ods): bytes, text, or a
    path. Never raises for bad content.

    The format comes from ``filename`` (``.json``, ``.csv``, ``.xlsx``, ``.ods``) or else from
    the content. A spreadsheet is read from its first sheet, or the one named ``sheet``. A file
    larger than ``MAX_PROVIDER_FILE_BYTES`` is refused. Rows that cannot be used are left out
    and each gets a :class:`Problem` naming its row and column; rows whose first cell starts
    with ``#`` are notes and are skipped.
    """
    source = filename or (data.name if isinstance(data, Path) else "input")

    def refuse(message: str) -> LoadResult:
        return _refuse(source, message)

    limit = f"{MAX_PROVIDER_FILE_BYTES // 1_000_000} MB"
    note = None
    if isinstance(data, Path):
        try:
            if data.stat().st_size > MAX_PROVIDER_FILE_BYTES:
                return refuse(f"is larger than {limit}; split it into smaller files")
            data = data.read_bytes()
        except OSError as err:
            return refuse(f"cannot be opened: {err.strerror or err}")
    suffix = Path(source).suffix.lower()
    if isinstance(data, bytes):
        if len(data) > MAX_PROVIDER_FILE_BYTES:
            return refuse(f"is larger than {limit}; split it into smaller files")
        kind = _spreadsheet_kind(data, suffix)
        if kind is not None:
            why = _unpack_check(data, kind)
            if why is not None:
                return refuse(why + (_SAVE_AS if why.startswith("is not") else ""))
            return (_read_xlsx if kind == "xlsx" else _read_ods)(data, source, sheet)
        text, note = _decode(data)
        if text is None:
            return refuse(note or "cannot be read")
    elif isinstance(data, str):
        if len(data) > MAX_PROVIDER_FILE_BYTES:
            return refuse(f"is larger than {limit}; split it into smaller files")
        if suffix in SPREADSHEETS:
            return refuse(f"is a spreadsheet; pass its bytes or its path, not text. {_SAVE_AS}")
        text = data
    else:
        raise TypeError(f"read_providers takes bytes, text or a Path, not {type(data).__name__}")
    text = text.removeprefix("\ufeff")
    if not text.strip():
        return refuse("is empty")
    looks_json = text.lstrip()[:1] in ("[", "{")
    if suffix == ".json" or (suffix not in (".csv", ".tsv", ".txt") and looks_json):
        result = _read_json(text, source)
    else:
        result = _read_csv(text, source)
    if note:
        result.problems.insert(0, Problem(source, None, None, note))
    if sheet is not None:
        result.problems.insert(
            0,
            Problem(
                source, None, None, f"is not a spreadsheet, so the sheet {sheet!r} was ignored"
            ),
        )
    return result


def template_csv() -> str:
    """The blank template: the header row, then notes for people: one worked example row and
    the allowed values. Each note starts with ``#``, so the reader skips it, and a template
    left as it is never adds a provider (see ``sample_providers`` for filled-in rows)."""
    return (files("dnkit") / "data" / "provider_template.csv").read_text("utf-8")


@cache
def _samples() -> tuple[Provider, ...]:
    raw = (files("dnkit") / "data" / "sample_providers.csv").read_bytes()
    result = read_providers(raw, "sample_providers.csv")
    if result.problems:
        raise RuntimeError("; ".join(str(p) for p in result.problems))
    return tuple(result.providers)


def sample_providers() -> list[Provider]:
    """Clearly fictional providers with a mix of answers (some unknown), for demos and tests."""
    return list(_samples())
