"""The guide drawn as HTML and Markdown: the summary first, each part on demand, sources as
numbered notes with titles (on demand too), terms explained where they appear."""

import dataclasses
import re
import subprocess
import sys
from html.parser import HTMLParser

import pytest
from support.guide_items import sourced_items

from dnkit import NOT_MEDICAL_ADVICE, guide
from dnkit.guide import TEXTS
from dnkit.render import guide as render
from dnkit.render.html import esc


def test_unconfirmed_items_say_so_everywhere():
    unconfirmed = [x for x in sourced_items() if not x.confirmed]
    assert len(unconfirmed) >= 5
    html, md = render.guide_html(), render.guide_markdown()
    for x in unconfirmed:
        assert esc(x.unconfirmed_note) in html
    assert html.count("UNCONFIRMED:") >= len(unconfirmed)
    assert md.count("**UNCONFIRMED:**") >= len(unconfirmed)


def test_no_screen_text_shows_a_bare_address():
    html = render.guide_html()
    texts = re.sub(r"<[^>]+>", " ", html)  # what a person reads, without the tags
    assert "http" not in texts and "www." not in texts
    titles = {esc(c.title).rstrip(".") for c in guide.load().sources.values()}
    links = re.findall(r'<a href="(?!#)[^>]*>(.*?)</a>', html)
    assert len(links) > 50
    assert set(links) <= titles, "every link's text is its source's title"
    inside = set(re.findall(r'<a href="#[^"]*">(.*?)</a>', html))  # links within the guide
    assert inside == {*(esc(t) for t in guide.SECTION_TITLES.values()), TEXTS.back_to_summary}


VOID = {"br", "hr", "img", "input", "meta", "link", "wbr"}


class Checker(HTMLParser):
    """Checks nesting, and records headings, header cells and tags seen."""

    def __init__(self):
        super().__init__()
        self.stack, self.tags, self.th, self.headings = [], [], [], []
        self._in_h = None

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "th":
            self.th.append(dict(attrs).get("scope"))
        if tag in ("h2", "h3", "h4", "h5"):
            self._in_h = tag
            self.headings.append([tag, ""])
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()
        if tag == self._in_h:
            self._in_h = None

    def handle_data(self, data):
        if self._in_h:
            self.headings[-1][1] += data


def check(html):
    c = Checker()
    c.feed(html)
    c.close()
    assert c.stack == [], f"unclosed {c.stack}"
    assert "script" not in c.tags and "img" not in c.tags and "style" not in c.tags
    return c


def test_comparison_is_a_real_table_with_header_cells():
    c = check(render.section_html("comparison"))
    rows = len(guide.comparison())
    assert c.th.count("col") == 4 and c.th.count("row") == rows
    assert "caption" in c.tags


@pytest.mark.parametrize("key", guide.PARTS)
def test_each_section_is_well_formed_with_a_heading_and_sources(key):
    html = render.section_html(key, level=3)
    c = check(html)
    assert c.headings[0] == ["h3", guide.SECTION_TITLES[key]]
    assert '<div class="dn-sources"' in html
    assert "Date of source:" in html or "No date given." in html


def test_heading_levels_follow_the_given_level():
    c = check(render.section_html("decision", level=2))
    assert {h for h, _ in c.headings} == {"h2", "h3", "h4"}


def test_unknown_section_is_a_clear_error():
    with pytest.raises(KeyError, match="no guide section 'costs'"):
        render.section_html("costs")


def test_whole_guide_carries_not_advice_and_review_date():
    html = render.guide_html()
    check(html)
    assert esc(NOT_MEDICAL_ADVICE) in html
    assert "last reviewed on December 3, 2026" in html
    assert 'class="dn-funding"' in html and 'class="dn-update-policy"' in html


def test_glossary_terms_are_explained_where_they_appear():
    seen = {}
    html = render.explain_terms("A trigger point hurts. Trigger points are common.", seen)
    assert html.count("<abbr") == 1  # first use only
    assert 'title="A tight, sore knot in a muscle.' in html
    assert list(seen) == ["trigger point"]
    plural = render.explain_terms("Ask about copays and coinsurance.")
    assert plural.count("<abbr") == 2 and ">copays</abbr>" in plural


def test_section_lists_the_terms_it_used_in_a_details_note():
    html = render.section_html("comparison")
    assert '<details class="dn-terms"><summary>Words in this section</summary>' in html
    assert "<dt>qi</dt>" in html


def test_terms_inside_words_are_not_marked():
    assert "<abbr" not in render.explain_terms("The copayment and the shamrock.")


def test_text_is_escaped():
    html = render.explain_terms('<script>alert("x")</script> & a trigger point')
    assert "<script>" not in html and "&lt;script&gt;" in html and "&amp;" in html
    assert html.count("<abbr") == 1


def test_markdown_has_table_sources_and_notice():
    md = render.guide_markdown()
    assert md.startswith("# Learn about dry needling")
    assert "not medical advice" in md and "December 3, 2026" in md
    assert "| Topic | Dry needling | Acupuncture | Sources |" in md
    assert "## Sources" in md and "Date of source: 2014-08." in md
    assert "[Adverse events following trigger point dry needling" in md  # title is the link
    last = md.split("## Sources")[1].strip().splitlines()
    assert len(last) == len({c for c in guide.load().sources.values()})


# ------------------------------------------------------------------------- on demand
def _sources_count(html):
    """The count a part's sources note gives, and the number of sources listed in it."""
    m = re.search(
        r'<details class="dn-sources-more"[^>]*><summary>Sources for this part \((\d+)\)'
        r"</summary>(.*?)</details>",
        html,
    )
    assert m, "no sources note"
    return int(m.group(1)), m.group(2).count("<li>")


@pytest.mark.parametrize("key", guide.PARTS)
def test_every_part_opens_on_demand_and_ends_with_sources_and_the_way_back(key):
    html = render.section_html(key)
    title = esc(guide.SECTION_TITLES[key])
    assert html.startswith(
        f'<details class="dn-guide-section dn-guide-{key}" id="dn-learn-{key}">'
        f'<summary><h3 class="dn-guide-title">{title}</h3></summary>'
    )
    assert " open" not in re.findall(r"<details[^>]*>", html)[0]  # closed until opened
    said, listed = _sources_count(html)
    assert said == listed > 0
    assert html.endswith(
        '<p class="dn-back-link"><a href="#dn-learn-summary">Back to the summary</a></p>'
        "</div></details>"
    )
    # the sources come last, after the part's text: the note sits after every citation mark
    assert html.rindex('class="dn-cite"') < html.index('class="dn-sources-more"')


@pytest.mark.parametrize("key", [*guide.PARTS, "summary"])
def test_source_numbers_count_up_down_the_page(key):
    html = render.summary_html() if key == "summary" else render.section_html(key)
    marks = re.findall(r"\(Sources? ([\d, ]+)\)", html)
    assert marks
    firsts = []
    for mark in marks:
        nums = [int(n) for n in mark.split(", ")]
        assert nums == sorted(nums)
        firsts += [n for n in nums if n not in firsts]
    assert firsts == list(range(1, len(firsts) + 1))
    said, listed = _sources_count(html)
    assert said == listed == len(firsts)


def test_the_summary_links_every_point_to_its_part_and_names_every_part():
    html = render.summary_html(level=3)
    check(html)
    assert html.startswith('<section class="dn-learn-summary" id="dn-learn-summary"')
    points = guide.summary().points
    for p in points:
        heading = f'<h4><a href="#dn-learn-{p.part}">{esc(guide.SECTION_TITLES[p.part])}</a></h4>'
        assert heading in html
        after = html[html.index(heading) :]
        first_words = esc(p.text.split(",")[0].split(".")[0])
        assert first_words in re.sub(r"<abbr[^>]*>|</abbr>", "", after[:2000])
    linked = set(re.findall(r'href="#dn-learn-(\w+)"', html))
    assert linked == set(guide.PARTS), "every part is reachable from the summary"
    assert 'class="dn-also"' in html and "Words to know" in html and "About this guide" in html
    assert "<details open" not in html and " open>" not in html


def test_unconfirmed_points_of_the_summary_are_marked(monkeypatch):
    raw = guide.load()
    point = raw.summary.points[0]
    marked = dataclasses.replace(point, confirmed=False, unconfirmed_note="Only one site says so.")
    summary = dataclasses.replace(raw.summary, points=(marked, *raw.summary.points[1:]))
    monkeypatch.setattr(render, "load", lambda: dataclasses.replace(raw, summary=summary))
    html = render.summary_html()
    first = html.split('<li class="dn-point', 2)[1]
    assert "UNCONFIRMED:</strong> Only one site says so." in first


def test_whole_guide_shows_the_summary_first_and_every_part_closed():
    html = render.guide_html()
    summary = html.index('id="dn-learn-summary"')
    assert all(summary < html.index(f'id="dn-learn-{k}"') for k in guide.PARTS)
    assert re.findall(r"<details[^>]*\bopen\b", html) == []


def test_tables_become_cards_on_a_phone_and_keep_their_column_names():
    for key, labels in (("comparison", {"Dry needling", "Acupuncture"}), ("safety", {"How often"})):
        html = render.section_html(key)
        assert 'class="dn-table' in html and "dn-stack" in html
        cells = re.findall(r"<td( data-label=\"[^\"]*\")?>", html)
        named = {re.sub(r'.*"(.*)"', r"\1", c) for c in cells if c}
        assert named == labels
        # only the sources cell goes without a name (its text says "Sources" itself)
        rows = html.count("<tr>") - 1
        assert sum(1 for c in cells if not c) == rows


def test_markdown_starts_with_the_summary():
    md = render.guide_markdown()
    head = md.split("## Your choice")[0]
    assert "## In short" in head
    for p in guide.summary().points:
        assert f"- **{guide.SECTION_TITLES[p.part]}.**" in head


def test_the_renderers_import_no_jupyter():
    code = (
        "import sys, dnkit.render.guide; print(sorted({'ipywidgets','IPython'} & set(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
