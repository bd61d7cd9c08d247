"""The questions a patient should ask a dry needling provider, with why each matters.

Kept as data (``data/questions.toml``) so the wording can be reviewed without reading code. Each
question names the provider fields its answer fills, so a form, the vetting findings ("ask this
next") and the printed plan all use the same words.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from dnkit.sources import Citation, SourceDataError, cites, only_tier_c, tier_c_note


@dataclass(frozen=True)
class Question:
    """One question: what to ask, why, what a good answer sounds like, and its sources.

    ``sources`` are tier A and B first; a question whose reasons rest only on commercial or
    consumer pages is UNCONFIRMED (``confirmed`` False) and ``note`` says so in plain words.
    """

    id: str
    question: str
    why: str
    good_answer: str
    fields: tuple[str, ...]
    sources: tuple[Citation, ...]

    @property
    def source(self) -> Citation:
        """The best source (tier A or B first), for places that show one."""
        return self.sources[0]

    @property
    def confirmed(self) -> bool:
        return not only_tier_c(self.sources)

    @property
    def note(self) -> str:
        return tier_c_note(self.sources, "a study or an official source")


@cache
def _load() -> tuple[Question, ...]:
    from dnkit.providers import CSV_COLUMNS

    raw = tomllib.loads((files("dnkit") / "data" / "questions.toml").read_text("utf-8"))
    out = []
    seen: set[str] = set()
    for i, item in enumerate(raw["question"], start=1):
        where = f"questions.toml question {i}"
        for key in ("id", "question", "why", "good_answer", "fields", "sources"):
            if not item.get(key):
                raise ValueError(f"{where}: {key!r} is missing or empty")
        if item["id"] in seen:
            raise ValueError(f"{where}: id {item['id']!r} is used twice")
        seen.add(item["id"])
        bad = [f for f in item["fields"] if f not in CSV_COLUMNS]
        if bad:
            raise ValueError(f"{where}: unknown provider fields {bad}")
        try:
            sources = cites(item["sources"], confirmed=True)
        except SourceDataError as err:
            raise ValueError(f"{where}: {err}") from None
        if only_tier_c(sources):
            sources = tuple(c.unconfirmed() for c in sources)
        out.append(
            Question(
                id=item["id"],
                question=item["question"].strip(),
                why=item["why"].strip(),
                good_answer=item["good_answer"].strip(),
                fields=tuple(item["fields"]),
                sources=sources,
            )
        )
    return tuple(out)


def questions() -> list[Question]:
    """All questions, in the order a patient would ask them."""
    return list(_load())


def question(question_id: str) -> Question:
    """The question with this id; KeyError lists the valid ids."""
    for q in _load():
        if q.id == question_id:
            return q
    raise KeyError(f"no question {question_id!r}; ids are {', '.join(q.id for q in _load())}")


def question_for_field(field: str) -> Question | None:
    """The question whose answer fills ``field``, or None when no question asks for it.

    Raises KeyError for a name that is not a provider field, so typos do not pass quietly.
    """
    from dnkit.providers import CSV_COLUMNS

    if field not in CSV_COLUMNS:
        raise KeyError(f"{field!r} is not a provider field")
    return next((q for q in _load() if field in q.fields), None)
