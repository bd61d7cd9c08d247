"""The guide's sourced items, walked the same way by the content and the rendering tests."""

from __future__ import annotations

from collections.abc import Iterator

from dnkit import guide


def sourced_items() -> Iterator[guide.Sourced]:
    """Every item of the guide that is shown with its sources."""
    g = guide.load()
    yield from (g.about, *g.summary.points)
    yield from (g.decision, *g.decision.options, *g.comparison, *g.settings)
    yield from (*g.expectations, g.side_effects, *g.side_effects.minor, *g.side_effects.serious)
    yield from (*g.precautions.do_not, *g.precautions.tell_first, *g.evidence, *g.glossary)


def part_items(key: str) -> tuple[guide.Sourced, ...]:
    """The items of one part, to check a summary point against the part it stands for."""
    g = guide.load()
    se, pr = g.side_effects, g.precautions
    return {
        "decision": (g.decision, *g.decision.options),
        "comparison": g.comparison,
        "settings": (guide.Sourced(g.settings_sources), *g.settings),
        "expectations": g.expectations,
        "safety": (se, *se.minor, *se.serious, *pr.do_not, *pr.tell_first),
        "evidence": g.evidence,
        "glossary": g.glossary,
        "about": (g.about,),
    }[key]
