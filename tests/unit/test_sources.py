"""The one source registry: built from the research, titled, tiered, free of spam and mirrors,
and the only place an address in the package may come from."""

import ast
import csv
import re
from pathlib import Path

import pytest
from support.research import FROM_SOURCES_CSV, research_sources, split_title

import dnkit
from dnkit.sources import (
    JUNK_DOMAINS,
    REGISTRY_COLUMNS,
    SourceDataError,
    cite,
    cites,
    is_junk,
    only_tier_c,
    ordered,
    parse_registry,
    registry,
    tier_c_note,
)

PACKAGE = Path(dnkit.__file__).parent
ADDRESS = re.compile(r"https?://[^\s\"'<>|)\],]+")
# Addresses in the code that are services dnkit talks to, not sources it cites: each with why.
SERVICE_ADDRESSES = {
    "https://npiregistry.cms.hhs.gov/api/": "the NPI Registry's API endpoint (cited as nppes-api)",
}
# The spam and mirror hosts named in the issue: all are refused.
ISSUE_JUNK = [
    "enclosedcessnavoltage.pages.dev",
    "xcelitebulletmagnetic.pages.dev",
    "39276.bndtmqurk.asia",
    "bloghong.com",
    "docksci.com",
    "docslib.org",
    "documents.pub",
    "doczz.net",
    "booksci.cn",
]


# A vendored library, shipped as its authors wrote it (plotly.js, in the template's static
# folder; see its README): its addresses are the library's own namespaces and credits, not
# facts dnkit shows.
VENDORED = (Path("share/voila/templates/dnkit/static"),)


def _package_texts():
    for path in sorted(PACKAGE.rglob("*")):
        if any(path.relative_to(PACKAGE).is_relative_to(v) for v in VENDORED):
            continue
        if path.is_file() and path.suffix in {".py", ".toml", ".csv", ".json", ".js", ".css"}:
            yield path, path.read_text(encoding="utf-8")


def _addresses(path: Path, text: str) -> list[str]:
    """Addresses in a file; in Python, in its string constants (split literals joined)."""
    if path.suffix != ".py":
        return ADDRESS.findall(text)
    found = []
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.JoinedStr):  # f"http://{ip}:{port}/": a pattern, not an address
            for part in node.values:
                part._in_fstring = True
        is_text = isinstance(node, ast.Constant) and isinstance(node.value, str)
        if is_text and not getattr(node, "_in_fstring", False):
            found += ADDRESS.findall(node.value)
    return found


# ------------------------------------------------------------------ built from the research
def _registry_rows() -> dict[str, dict[str, str]]:
    text = (PACKAGE / "data" / "sources.csv").read_text("utf-8")
    return {r["url"]: r for r in csv.DictReader(text.splitlines())}


def test_every_research_source_is_in_the_registry_as_the_research_gives_it():
    by_url, rows = {c.url: c for c in registry().values()}, _registry_rows()
    for row in research_sources():
        c = by_url.get(row["url"])
        assert c is not None, f"missing from the registry: {row['url']}"
        title, note = split_title(row["title"])
        assert (c.title, rows[c.url]["title_note"], c.publisher, c.date, c.tier) == (
            title,
            note,
            row["publisher"],
            row["date"],
            row["tier"],
        ), c.id


def test_sources_beyond_sources_csv_name_the_research_file_they_come_from():
    rows = list(_registry_rows().values())
    assert tuple(rows[0]) == REGISTRY_COLUMNS
    extra = [r for r in rows if r["research"] != FROM_SOURCES_CSV]
    assert len(extra) <= 3, "only a few sources may come from other research notes"
    for r in extra:
        assert re.match(r"(product_anchors|domain_facts)\.md \d", r["research"]), r["id"]
    assert len(rows) == len(research_sources()) + len(extra)


def test_title_notes_are_split_off_so_a_link_shows_the_title_alone():
    assert split_title("Scope of Practice (title from page address)") == (
        "Scope of Practice",
        "title from page address",
    )
    assert split_title("Public Act 100-0418 (SB0898 Enrolled)")[1] == ""
    assert not [c.id for c in registry().values() if "(title from page address)" in c.title]


def test_every_source_has_a_title_a_publisher_and_a_tier():
    for c in registry().values():
        assert c.title.strip() and c.publisher.strip(), c.id
        assert c.tier in ("A", "B", "C"), c.id
        assert c.url.startswith(("http://", "https://")) or c.id == "biologyinsights-cost"
        assert not c.title.startswith("http") and c.title != c.host, c.id


# ------------------------------------------------------------------ no junk, no stray address
@pytest.mark.parametrize("host", ISSUE_JUNK)
def test_the_issues_spam_and_mirror_hosts_are_junk(host):
    assert is_junk(f"https://{host}/page.html")


def test_real_sources_are_not_junk():
    assert not is_junk("https://pubmed.ncbi.nlm.nih.gov/25125935/")
    assert not is_junk("https://dev.integrativedryneedling.com/x")  # a C source, not spam
    assert not [c.id for c in registry().values() if c.url and is_junk(c.url)]


def test_no_file_in_the_package_names_a_junk_or_mirror_domain():
    bad = []
    for path, text in _package_texts():
        for domain in JUNK_DOMAINS:
            if domain in text and path.name != "sources.py":
                bad.append(f"{path.relative_to(PACKAGE)}: {domain}")
    assert bad == []


def test_every_address_in_the_package_is_in_the_registry():
    known = {c.url for c in registry().values()} | set(SERVICE_ADDRESSES)
    stray = []
    for path, text in _package_texts():
        if path.name == "sources.csv":  # the registry itself
            continue
        for url in _addresses(path, text):
            if url not in known:
                stray.append(f"{path.relative_to(PACKAGE)}: {url}")
    assert stray == []


def test_the_registry_refuses_bad_rows():
    head = ",".join(REGISTRY_COLUMNS)
    good = "x,https://example.org/a,A title,,A publisher,2024,A,sources.csv"
    assert parse_registry(f"{head}\n{good}\n")["x"].title == "A title"
    cases = [
        (good.replace("https://example.org/a", "https://docslib.org/doc/1"), "spam or mirror"),
        (good.replace("A title", ""), "no title"),
        (good.replace("A publisher", ""), "no publisher"),
        (good.replace(",A,", ",D,"), "tier"),
        (good.replace("https://example.org/a", "ftp://example.org"), "not a web address"),
    ]
    for row, message in cases:
        with pytest.raises(SourceDataError, match=message):
            parse_registry(f"{head}\n{row}\n")
    with pytest.raises(SourceDataError, match="used twice"):
        parse_registry(f"{head}\n{good}\n{good}\n")


# ------------------------------------------------------------------ citing by id, tiers
def test_cite_by_id_and_a_clear_error_for_a_typo():
    c = cite("brady2014")
    assert c.tier == "A" and c.url == "https://pubmed.ncbi.nlm.nih.gov/25125935/"
    assert not cite("brady2014", confirmed=False).confirmed
    with pytest.raises(SourceDataError, match="Did you mean brady2014"):
        cite("brady2041")


def test_tier_a_and_b_come_first_and_each_source_once():
    mixed = cites(["pphc-list", "apta-laws-by-state", "il-pt-act-1-5", "pphc-list"])
    assert [c.tier for c in mixed] == ["A", "B", "C"]
    assert ordered([cite("pphc-list"), cite("pphc-list", confirmed=False)]) == (cite("pphc-list"),)


def test_a_fact_resting_only_on_commercial_pages_says_so_in_plain_words():
    assert only_tier_c(cites(["co-therapycomply", "co-kinetacore"]))
    assert not only_tier_c(cites(["co-therapycomply", "apta-laws-by-state"]))
    assert not only_tier_c(())
    note = tier_c_note(cites(["idn-ot-scope"]))
    assert note == "This comes only from a course seller's page, not the law itself."
    mixed = tier_c_note(cites(["co-therapycomply", "co-kinetacore"]))
    assert mixed.startswith("This comes only from a compliance company's summary and a course")
    assert tier_c_note(cites(["apta-laws-by-state"])) == ""
