"""The provider check reads top down (issue 17.5): the verdict in words first, then what is
wrong, then what to ask next, then what is not known and what is fine; long lists fold after the
first few; the banner above the form is one line whose height does not depend on the answers."""

from __future__ import annotations

import re

from dnkit.providers import Provider
from dnkit.render.assessment import SHOWN_FIRST, assessment_html, banner_html
from dnkit.vetting import assess


def _mixed() -> Provider:
    """Some answers wrong, some fine, many not known: every part of the check shows."""
    return Provider(
        name="Mixed Clinic (fictional)",
        profession="PT",
        license_verified="not found",
        sterile_single_use_needles="yes",
        dn_hours_total=10,
    )


def test_the_check_reads_verdict_wrong_ask_unknown_fine_in_that_order():
    html = assessment_html(assess(_mixed(), "CO"))
    marks = [
        'class="dn-verdict',
        "What is wrong (",
        "What to ask next (",
        "Not known yet (",
        "What is fine (",
        "Sources for this check (",
    ]
    where = [html.find(m) for m in marks]
    assert all(i >= 0 for i in where), dict(zip(marks, where, strict=True))
    assert where == sorted(where), dict(zip(marks, where, strict=True))


def test_long_lists_fold_after_the_first_few():
    html = assessment_html(assess(Provider(name="New (fictional)", profession="PT"), "CO"))
    asks = int(re.search(r"What to ask next \((\d+)\)", html).group(1))
    assert asks > SHOWN_FIRST
    shown = html.split("What to ask next", 1)[1].split("<details>", 1)[0]
    assert shown.count("<li>") == SHOWN_FIRST
    assert f"Show {asks - SHOWN_FIRST} more questions" in html


def test_the_banner_is_one_line_whatever_the_answers():
    """The banner's markup has the same shape for a new provider and a checked one, so the
    form under it does not move while the person answers."""
    shapes = {
        re.sub(
            r"dn-(banner|verdict)-\w+", "V", re.sub(r">[^<]*<", "><", banner_html(assess(p, "CO")))
        )
        for p in (Provider(name="A (fictional)", profession="PT"), _mixed())
    }
    assert len(shapes) == 1, shapes
