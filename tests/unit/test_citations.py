"""The one citation renderer: text, HTML and Markdown, lists, and the one UNCONFIRMED mark."""

import ast
import re
from pathlib import Path

import dnkit
from dnkit.providers import Provider
from dnkit.regulation import mark, rules_for
from dnkit.render.assessment import assessment_html
from dnkit.render.citations import (
    MARK,
    citation_html,
    citation_md,
    citation_text,
    citations_html,
    citations_md,
    citations_text,
    mark_html,
    mark_md,
    mark_text,
)
from dnkit.render.rules import rules_table_html
from dnkit.sources import Citation, cite, cites
from dnkit.vetting import assess

PACKAGE = Path(dnkit.__file__).parent


def _visible(html: str) -> str:
    """The text a person sees: tags and the addresses inside them removed."""
    return re.sub(r"<[^>]+>", " ", html)


def test_html_shows_the_title_as_the_link_then_publisher_and_date():
    html = citation_html(cite("brady2014"))
    assert html.startswith('<a href="https://pubmed.ncbi.nlm.nih.gov/25125935/" target="_blank"')
    assert ">Adverse events following trigger point dry needling: a prospective survey of " in html
    assert "</a>. PubMed (J Man Manip Ther 2014;22(3):134-40; Brady et al.). " in html
    assert html.endswith("Date of source: 2014-08.")
    assert "http" not in _visible(html)


def test_html_escapes_titles_and_marks_unconfirmed_sources():
    c = Citation(title='<b>x</b> "y"', publisher="P & Q", date="2020", url="https://e.org/?a=1&b=2")
    html = citation_html(c.unconfirmed())
    assert "<b>" not in html and "&lt;b&gt;" in html and "P &amp; Q" in html
    assert 'href="https://e.org/?a=1&amp;b=2"' in html
    assert html.endswith('<strong class="dn-unconfirmed">UNCONFIRMED</strong>')


def test_a_source_without_an_address_or_date_says_so_and_has_no_link():
    c = cite("biologyinsights-cost")
    assert "<a " not in citation_html(c)
    assert "No date given." in citation_text(c) and "http" not in citation_text(c)


def test_text_names_the_title_before_the_address_and_markdown_links_the_title():
    c = cite("fr-2025-part-b")
    text = citation_text(c)
    assert text.index(c.title[:40]) < text.index(c.url)
    assert "Federal Register (CMS). Date of source: 2025-11-19." in text
    md = citation_md(c)
    assert md.startswith("[Medicare Program; Medicare Part B Monthly") and f"]({c.url})." in md


def test_lists_are_numbered_best_tier_first_unless_the_numbers_are_already_used():
    mixed = [cite("pphc-list"), cite("apta-laws-by-state"), cite("ca-sb1600-2000")]
    html = citations_html(mixed, css_id="s1", note="A note.")
    assert html.startswith('<div class="dn-sources" id="s1"><p>Sources</p><ol><li>')
    titles = re.findall(r"<li><a [^>]*>([^<]*)</a>", html)
    assert titles[0].startswith("SB 1600") and titles[-1].startswith("Resources")
    assert '<p class="dn-source-note">A note.</p>' in html
    kept = citations_html(mixed, sort=False)
    assert re.findall(r"<li><a [^>]*>([^<]*)</a>", kept)[0].startswith("Resources")
    assert citations_text(mixed).splitlines()[0].startswith("1. SB 1600")
    assert citations_md(mixed).splitlines()[2].startswith("3. [Resources")
    assert "No source found." in citations_html([])


def test_one_unconfirmed_mark_in_three_forms():
    assert MARK == "[UNCONFIRMED]" and mark_text() == " [UNCONFIRMED]" and mark_text(True) == ""
    assert mark_html() == ' <strong class="dn-unconfirmed">UNCONFIRMED</strong>'
    assert mark_md() == " **UNCONFIRMED**"
    oh = rules_for("OH")[0]
    assert mark(oh, "min_hours_total") == mark_text()


def _code_strings(path: Path) -> list[str]:
    """String literals in a module, docstrings left out (they may describe the mark)."""
    tree = ast.parse(path.read_text("utf-8"))
    docs = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
    }
    return [
        n.value
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs
    ]


def test_the_mark_is_spelled_in_one_place_only():
    for path in PACKAGE.rglob("*.py"):
        for text in _code_strings(path):
            assert "(UNCONFIRMED)" not in text, path
            if path.name != "citations.py":
                assert "[UNCONFIRMED]" not in text, (path, text)


def test_rules_table_links_titles_and_shows_the_rules_date_and_tier_note():
    html = rules_table_html(rules_for("AL"))
    assert "http" not in _visible(html)
    assert "Date of the sources: 2007 (board minutes)" in html
    assert "This comes only from a course seller" in html  # the OT row rests on a seller
    assert ">Ala. Admin. Code r. 190-X-3-.03</a>" in html
    co = rules_table_html(rules_for("CO"))  # says where its UNCONFIRMED hours come from
    assert "This comes only from a compliance company&#x27;s summary" in co


def test_assessment_sources_are_titled_links_never_bare_addresses():
    p = Provider(name="X (fictional)", profession="PT", dn_hours_total=20)
    html = assessment_html(assess(p, "CO"))
    assert "http" not in _visible(html)
    assert ">Dry Needling: Laws by State</a>" in html


def test_the_whole_registry_renders_in_every_form():
    every = cites(["nppes-api", "nccaom-find-practitioner", "fsbpt-lookup-2025"])
    assert len(citations_text(every).splitlines()) == 3
    assert citations_html(every).count("<li>") == 3
