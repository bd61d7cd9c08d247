"""Registry text in capitals, shown the way people write it.

Why: the NPI Registry stores names and addresses in capitals ("DAPPAH-COLON", "68 MCGILLIC RD",
"APARTMENT 3G", "1201 NW 16TH ST"). Plain ``str.capitalize`` turns those into "Dappah-colon",
"Mcgillic", "Apartment 3g" and "Nw", which a patient reads as typos. Each word is cased on its
own, between hyphens, spaces and punctuation, by these rules:

* a word someone already cased (mixed capitals and small letters) is left as it is;
* ordinals read ``5th``, ``22nd``; other words holding a digit keep their capitals (``3G``,
  ``A203``, ``I-35``), and so do single letters (unit letters, ``N`` ``S`` ``E`` ``W``);
* ``Mc`` and ``O'`` names read ``McGillic`` and ``O'Connor``; ``Mac`` only where it is the
  Scottish prefix (``MacDonald``), not in ``Machado``, ``Macias`` or ``Mack``;
* addresses keep short codes in capitals (``NW``, ``PO``, ``US``); organisation names keep
  company forms and credentials (``LLC``, ``PC``, ``DPT``) and write ``and``, ``of``, ``for``
  in small letters after the first word.

A name the rules cannot know is shown with an ordinary capital first letter; a person can fix it
in their own list. Pure functions, no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# One word: letters and digits (any script), with inner apostrophes ("O'CONNOR", "MARY'S"),
# and words joined by hyphens ("DAPPAH-COLON", "MC-141"), which are cased together or apart.
_PART = r"[^\W_]+(?:['’][^\W_]+)*"
_WORD = re.compile(rf"{_PART}(?:-{_PART})*")
_ORDINAL = re.compile(r"(\d+)(ST|ND|RD|TH)", re.IGNORECASE)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Capitals people keep in a street line: the four diagonal directions, post office and military
# boxes, US highways, farm-to-market, county and rural routes, highway contracts, mailboxes.
ADDRESS_CODES = _words("NE NW SE SW PO US FM CR RR HC APO FPO DPO PMB")
# Capitals people keep in an organisation's name: company forms and professional credentials.
ORGANIZATION_CODES = _words(
    "LLC PLLC LLP LLLP LP PC PA PSC SC PLC DBA USA US II III IV PT DPT OT OTR MD DO DC ATC DDS "
    "DMD OD NP RN LMT ENT YMCA"
)
# Small words written in small letters inside an organisation's name (never as the first word).
ORGANIZATION_SMALL_WORDS = _words("AND OF THE FOR AT IN ON BY TO")
NAME_SUFFIXES = {"JR": "Jr", "SR": "Sr", "II": "II", "III": "III", "IV": "IV"}

# "Mac" followed by these is the Scottish prefix even though a vowel follows.
_MAC_WITH_VOWEL = _words(
    "MACARTHUR MACAULAY MACAULEY MACALLISTER MACASKILL MACINTYRE MACINNES MACINTOSH MACEWAN "
    "MACEACHERN MACISAAC MACIVER"
)
# Names that start with "Mac" and a consonant but are not Mac + a name.
_NOT_MAC = _words(
    "MACKEY MACKIE MACKLE MACKLIN MACKLEY MACKOWIAK MACKEN MACKELL MACKRELL MACRI MACRO MACBETH"
)


def _capital(word: str) -> str:
    return word[:1].upper() + word[1:].lower()


def _prefixed(word: str) -> str | None:
    """McGillic, MacDonald, O'Connor, D'Angelo; None when the word has no such prefix."""
    upper = word.upper()
    parts = re.split(r"(['’])", word, maxsplit=1)
    if len(parts) == 3:
        head, mark, tail = parts
        if len(head) == 1 and len(tail) > 1:  # O'Connor, D'Angelo
            return head.upper() + mark + _capital(tail)
        return _capital(head) + mark + tail.lower()  # Mary's
    if upper.startswith("MC") and len(upper) > 3 and upper[2:].isalpha():
        return "Mc" + _capital(word[2:])
    if upper.startswith("MAC") and upper.isalpha() and upper not in _NOT_MAC:
        rest = upper[3:]
        scottish = upper in _MAC_WITH_VOWEL or (len(upper) >= 6 and rest[0] not in "AEIOUHCY")
        if scottish:
            return "Mac" + _capital(word[3:])
    return None


def _common(word: str) -> str | None:
    """Rules every kind of text shares; None means 'not decided yet'."""
    if not (word.isupper() or word.islower()):
        return word  # already cased by someone (or digits only)
    ordinal = _ORDINAL.fullmatch(word)
    if ordinal:
        return ordinal.group(1) + ordinal.group(2).lower()
    if any(c.isdigit() for c in word) or len(word) == 1:
        return word.upper()
    return None


def _code(parts: list[str]) -> bool:
    """'MC-141', 'I-35', '21-A': a code of digits and short letter groups, kept in capitals."""
    return any(c.isdigit() for c in "".join(parts)) and all(
        any(c.isdigit() for c in p) or len(p) <= 2 for p in parts
    )


def _recase(text: str, rule: Callable[[str, int], str]) -> str:
    """Apply ``rule(word, position)`` to each word, keeping every separator as it is."""
    position = -1

    def one(part: str) -> str:
        decided = _common(part)
        return decided if decided is not None else rule(part, position)

    def compound(match: re.Match[str]) -> str:
        nonlocal position
        position += 1
        parts = match.group(0).split("-")
        if len(parts) > 1 and _code(parts):
            return match.group(0).upper()
        return "-".join(one(p) for p in parts)

    return _WORD.sub(compound, text)


def _person_word(word: str, _position: int) -> str:
    upper = word.upper()
    if upper in NAME_SUFFIXES:
        return NAME_SUFFIXES[upper]
    return _prefixed(word) or _capital(word)


def _address_word(word: str, _position: int) -> str:
    if word.upper() in ADDRESS_CODES:
        return word.upper()
    return _prefixed(word) or _capital(word)


def _organization_word(word: str, position: int) -> str:
    upper = word.upper()
    if upper in ORGANIZATION_CODES:
        return upper
    if position > 0 and upper in ORGANIZATION_SMALL_WORDS:
        return word.lower()
    return _prefixed(word) or _capital(word)


def person_name(text: str) -> str:
    """'JOSEPHINE DAPPAH-COLON' -> 'Josephine Dappah-Colon'; 'O'CONNOR' -> "O'Connor"."""
    return _recase(text, _person_word)


def address_line(text: str) -> str:
    """'1201 NW 16TH ST APARTMENT 3G' -> '1201 NW 16th St Apartment 3G'. Also for cities."""
    return _recase(text, _address_word)


def organization_name(text: str) -> str:
    """'CENTER FOR PHYSICAL THERAPY LLC' -> 'Center for Physical Therapy LLC'."""
    return _recase(text, _organization_word)
