"""`dnkit find` and the dashboard's 'Find candidates near me', against the local fake registry.

Both show the same listings for the same reply (issue 19): the last section checks that on the
fake's replies and on a real saved page.
"""

from __future__ import annotations

import json
import re
import socket
from html.parser import HTMLParser

import pytest
from support.npi_server import FakeNPIServer, real_path

from dnkit.cli import main
from dnkit.providers import Answer, Provider, read_providers
from dnkit.registry import LISTING_NOTE, listings, search
from dnkit.ui.find import (
    ADD_LABEL,
    ADDED_LABEL,
    BUSY_LABEL,
    MAX_SHOWN,
    OFFLINE,
    SEARCH_LABEL,
    FindView,
    progress_text,
)


@pytest.fixture(scope="module")
def npi_server():
    server = FakeNPIServer().start()
    yield server
    server.stop()


@pytest.fixture
def npi(npi_server, tmp_path, monkeypatch):
    npi_server.reset("normal")
    npi_server.delay = 2.0
    npi_server.extra = 130
    npi_server.page_delay = 0.0
    monkeypatch.setenv("DNKIT_CACHE", str(tmp_path / "cache"))  # never the real home
    monkeypatch.delenv("DNKIT_NPI_URL", raising=False)
    return npi_server


def closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/api/"


# ----------------------------------------------------------------------------- command line


def test_find_writes_a_providers_file_that_reads_back(npi, tmp_path, capsys):
    out = tmp_path / "candidates.csv"
    code = main(
        ["find", "--zip", "80202", "--profession", "PT", "--registry-url", npi.url,
         "--output", str(out)]
    )  # fmt: skip
    assert code == 0
    loaded = read_providers(out)
    assert loaded.problems == []
    assert [p.name for p in loaded.providers] == ["Avery Testperson", "Jordan Sampleperson"]
    first = loaded.providers[0]
    assert first.npi == "9900000016" and first.license_number == "PT-TEST-0001"
    assert first.phone == "303-555-0101"
    assert first.address == "100 Example St, Suite 200, Denver, CO 80202-1234"
    assert first.license_verified is Answer.UNKNOWN
    printed = capsys.readouterr().out
    assert LISTING_NOTE in printed
    assert "board for physical therapists in Colorado" in printed
    assert "1. Avery Testperson, PT, DPT" in printed and f"Wrote 2 providers to {out}" in printed
    assert "NPI Registry" in printed and npi.url in printed  # the source and its date


def test_find_json_to_stdout_keeps_notes_on_stderr(npi, capsys):
    code = main(["find", "--zip", "80202", "--registry-url", npi.url, "--format", "json"])
    assert code == 0
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert [p["name"] for p in data["providers"]] == ["Avery Testperson", "Jordan Sampleperson"]
    assert LISTING_NOTE in captured.err
    loaded = read_providers(captured.out, "found.json")
    assert loaded.problems == [] and len(loaded.providers) == 2


def test_find_json_file_by_its_name(npi, tmp_path):
    out = tmp_path / "found.json"
    code = main(
        ["find", "--zip", "80", "--profession", "physiatrist", "--registry-url", npi.url,
         "-o", str(out)]
    )  # fmt: skip
    assert code == 0
    assert json.loads(out.read_text())["providers"][0]["profession"] in ("MD", "DO")
    # the physician with no credential is "other", not guessed to be an MD (point 6)
    assert {p.profession for p in read_providers(out).providers} == {"MD", "DO", "other"}


def test_find_uses_the_environment_url_and_cache(npi, monkeypatch, capsys):
    monkeypatch.setenv("DNKIT_NPI_URL", npi.url)
    assert main(["find", "--zip", "80202", "--format", "csv"]) == 0
    assert main(["find", "--zip", "80202", "--format", "csv"]) == 0
    assert len(npi.hits) == 1  # the second run came from the cache
    assert main(["find", "--zip", "80202", "--format", "csv", "--no-cache"]) == 0
    assert len(npi.hits) == 2
    assert capsys.readouterr().out.count("Avery Testperson") == 3


def test_find_with_no_results_says_so(npi, capsys):
    npi.reset("empty")
    assert main(["find", "--zip", "80202", "--registry-url", npi.url]) == 0
    assert "No one matching this search was found" in capsys.readouterr().out


def test_find_clinics_and_both(npi, capsys):
    """Point 5: --who clinics searches organisations; --include-organizations means both."""
    assert main(["find", "--zip", "80202", "--who", "clinics", "--registry-url", npi.url]) == 0
    assert npi.hits[-1]["enumeration_type"] == "NPI-2"
    out = capsys.readouterr().out
    assert "1. Example Physical Therapy Clinic (Fictional) LLC" in out
    assert "Kind: Clinic or other organization" in out
    assert "Authorized official: Pat O'Example, PT, DPT, Owner and Clinic Director" in out
    argv = ["find", "--zip", "80202", "--include-organizations", "--registry-url", npi.url]
    assert main(argv) == 0
    assert "enumeration_type" not in npi.hits[-1]
    assert main([*argv, "--who", "people"]) == 2
    assert "--include-organizations means --who both" in capsys.readouterr().err


def test_find_says_what_it_left_out(npi, capsys):
    assert main(["find", "--zip", "80203", "--registry-url", npi.url]) == 0
    out = capsys.readouterr().out
    assert "The registry sent 2 records. 1 is not shown: 1 not active in the registry." in out
    assert "Main address: 1201 NW 16th St, Apartment 3G, Boulder, CO 80302-1201" in out


def test_find_in_a_territory(npi, capsys):
    assert main(["find", "--state", "Puerto Rico", "--registry-url", npi.url]) == 0
    out = capsys.readouterr().out
    assert "near Puerto Rico" in out and "Marisol De La Prueba-Ocasio" in out
    assert "board for physical therapists in Puerto Rico" in out


def test_find_unreachable_registry_exits_1_without_traceback(npi, capsys):
    code = main(["find", "--zip", "80202", "--registry-url", closed_port_url(), "--retries", "0"])
    assert code == 1
    err = capsys.readouterr().err
    assert err.startswith("dnkit find: Could not get results from the NPI Registry")
    assert "Traceback" not in err


def test_find_bad_reply_exits_1(npi, capsys):
    npi.reset("malformed")
    argv = ["find", "--zip", "80202", "--registry-url", npi.url, "--retries", "0"]
    assert main(argv) == 1
    assert "not valid JSON" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["--zip", "8O2O2"], "postal code"),
        ([], "--zip, --city or --state"),
        (["--zip", "80202", "--profession", "dentist"], "profession"),
        (["--zip", "80202", "--limit", "0"], "--limit"),
        (["--state", "Narnia"], "state"),
        (["--zip", "80202", "--registry-url", "ftp://example"], "registry URL"),
    ],
)
def test_find_bad_input_exits_2_and_names_the_field(npi, capsys, argv, says):
    assert main(["find", *argv]) == 2
    assert says in capsys.readouterr().err
    assert npi.hits == []


def test_find_unwritable_output_exits_1(npi, tmp_path, capsys):
    target = tmp_path / "missing-folder" / "out.csv"
    assert main(["find", "--zip", "80202", "--registry-url", npi.url, "-o", str(target)]) == 1
    assert "could not write" in capsys.readouterr().err


# ----------------------------------------------------------------------------- dashboard view


def make_view(npi, tmp_path, **kwargs):
    added: list[list[Provider]] = []
    view = FindView(on_add=added.append, base_url=npi.url, cache_dir=tmp_path / "c", **kwargs)
    return view, added


def card_texts(view: FindView) -> list[str]:
    return [card.children[0].value for card in view.cards.children]


def test_view_searches_and_adds_one_person_per_card(npi, tmp_path):
    view, added = make_view(npi, tmp_path)
    labels: list[str] = []
    view.search_button.observe(lambda change: labels.append(change["new"]), "description")
    view.postal_code.value = "80202"
    view.profession.value = "PT"
    view.search_button.click()
    assert labels == [BUSY_LABEL, SEARCH_LABEL]  # the progress text showed, then went away
    assert not view.search_button.disabled
    cards = card_texts(view)
    assert len(cards) == 2 and "<table" not in "".join(cards)  # cards, not a wide table
    assert "Avery Testperson" in cards[0] and "PT-TEST-0001" in cards[0]
    assert '<a href="tel:3035550101">303-555-0101</a>' in cards[0]
    assert "100 Example St, Suite 200, Denver, CO 80202-1234" in cards[0]
    assert "board for physical therapists in Colorado" in cards[0]
    assert "Found 2" in view.status.value
    assert "Found 2 physical therapist listings (people) near ZIP 80202" in view.summary.value
    assert LISTING_NOTE in view.note.value
    assert "NPI Registry" in view.source.value
    assert 'href="https://npiregistry.cms.hhs.gov/api-page"' in view.source.value
    second = view.cards.children[1].children[1]
    assert second.description == ADD_LABEL
    second.click()
    assert len(added) == 1 and [p.name for p in added[0]] == ["Jordan Sampleperson"]
    assert isinstance(added[0][0], Provider)
    assert second.description == ADDED_LABEL and second.disabled
    assert "Added to your list: Jordan Sampleperson" in view.message.value


def test_adding_carries_the_matched_phone_and_address(npi, tmp_path):
    """Point 8: the phone and address of the site in the place searched reach the plan."""
    view, added = make_view(npi, tmp_path)
    view.postal_code.value = "80203"
    view.search_button.click()
    card = card_texts(view)[0]
    assert "Main address" in card and "55 W 5th Ave, Ste 2B, Denver, CO 80203-1055" in card
    assert "1 not active in the registry" in view.summary.value
    view.cards.children[0].children[1].click()
    (kelly,) = added[0]
    assert kelly.phone == "303-555-0214"
    assert kelly.address == "55 W 5th Ave, Ste 2B, Denver, CO 80203-1055"
    assert (kelly.npi, kelly.credential) == ("9900000149", "DPT")
    assert (kelly.license_state, kelly.license_number) == ("CO", "PT-TEST-0014")


def test_view_searches_clinics(npi, tmp_path):
    view, _ = make_view(npi, tmp_path)
    view.postal_code.value = "80203"
    view.profession.value = "DC"
    view.kind.value = "clinics"
    view.search_button.click()
    assert npi.hits[-1]["enumeration_type"] == "NPI-2"
    (card,) = card_texts(view)
    assert "Example Spine and Medicine Center of Denver (Fictional) PLLC" in card
    assert "<strong>Main specialty:</strong> Internal Medicine</p>" in card
    assert "<strong>Authorized official:</strong> Robin MacDemo, M.D., Medical Director" in card


def test_view_shows_progress_while_it_pages(npi, tmp_path):
    npi.reset("paging")
    npi.extra = 60
    view, _ = make_view(npi, tmp_path)
    statuses: list[str] = []
    view.status.observe(lambda change: statuses.append(change["new"]), "value")
    view.postal_code.value = "802"  # 62 therapists and more: two pages of 50
    view.search_button.click()
    shown = [re.sub(r"<[^>]+>", "", s) for s in statuses]
    assert shown[0] == "Asking the NPI Registry…"
    # the first page left out 2 (an unreadable NPI and an inactive record), so a second is read
    assert "Reading page 2 of the results (50 read so far, 48 kept)…" in shown
    assert shown[-1] == f"Found {MAX_SHOWN}."
    assert 'role="status" aria-live="polite"' in statuses[-1]


def test_progress_texts():
    from dnkit.registry import Progress

    assert progress_text(Progress(1, 0, 0)) == "Asking the NPI Registry…"
    assert progress_text(Progress(3, 400, 12)) == (
        "Reading page 3 of the results (400 read so far, 12 kept)…"
    )


def test_view_escapes_registry_text(npi, tmp_path):
    view, _ = make_view(npi, tmp_path)
    view.postal_code.value = "80209"
    view.search_button.click()
    html = "".join(card_texts(view))
    assert "&lt;b&gt;markup&lt;/b&gt;" in html.lower()
    assert "<script>" not in html.lower() and "<b>" not in html.lower()


def test_view_offline_shows_a_message_and_keeps_working(npi, tmp_path):
    added: list = []
    view = FindView(on_add=added.append, base_url=closed_port_url(), cache_dir=tmp_path)
    view.postal_code.value = "80202"
    view.search_button.click()  # must not raise
    assert "could not reach the NPI Registry" in view.message.value
    assert OFFLINE.split(".")[0] in view.message.value
    assert view.cards.children == () and view.summary.value == ""
    assert not view.search_button.disabled and view.search_button.description == SEARCH_LABEL


def test_view_slow_registry_times_out(npi, tmp_path):
    npi.reset("slow")
    view, _ = make_view(npi, tmp_path, timeout=0.2)
    view.postal_code.value = "80202"
    view.search_button.click()
    assert "could not reach the NPI Registry" in view.message.value


def test_view_bad_zip_and_empty_results(npi, tmp_path):
    view, _ = make_view(npi, tmp_path)
    view.search_button.click()
    assert "ZIP code" in view.message.value and npi.hits == []
    view.postal_code.value = "abc"
    view.search_button.click()
    assert "postal code" in view.message.value and npi.hits == []
    npi.reset("empty")
    view.postal_code.value = "80202"
    view.search_button.click()
    assert "No physical therapist listings were found" in view.summary.value


def test_view_registry_error_is_shown(npi, tmp_path):
    npi.reset("errors")
    view, _ = make_view(npi, tmp_path)
    view.postal_code.value = "80202"
    view.search_button.click()
    assert "No valid search criteria provided" in view.message.value
    assert 'role="alert"' in view.message.value


def test_view_a_failing_callback_is_a_message(npi, tmp_path):
    def broken(_providers):
        raise RuntimeError("compare view is not ready")

    view = FindView(on_add=broken, base_url=npi.url, cache_dir=tmp_path)
    view.postal_code.value = "80202"
    view.search_button.click()
    view.cards.children[0].children[1].click()  # must not raise
    assert "Something went wrong" in view.message.value


def test_a_new_search_closes_the_old_cards(npi, tmp_path):
    view, _ = make_view(npi, tmp_path)
    view.postal_code.value = "80202"
    view.search_button.click()
    old = view.cards.children
    view.search_button.click()
    assert all(card.comm is None for card in old)  # closed, not left in the browser


def test_license_checks_follow_the_profession_and_state(npi, tmp_path):
    view, _ = make_view(npi, tmp_path)
    view.postal_code.value = "80"
    view.profession.value = "LAc"
    view.search_button.click()
    (card,) = card_texts(view)
    assert "board for acupuncturists in Colorado" in card
    assert "NCCAOM" in card and 'rel="noopener noreferrer"' in card
    assert 'href="https://help.nccaom.org/hc/en-us/articles/360009708013"' in card


def test_texts_people_read_are_plain_language():
    from support.readability import failures

    from dnkit import registry
    from dnkit.regulation import jurisdictions

    texts = [("listing note", LISTING_NOTE), ("offline", OFFLINE)]
    for code in ("PT", "DC", "ATC", "LAc", "MD", "DO", "physician", "other"):
        for place in (None, *jurisdictions()):
            check = registry.license_check(code, place)
            texts.append((f"check {code} {place}", check.text))
            texts += [(f"check {code} extra", check.extra)] if check.extra else []
    texts += [(f"left out {k}", f"2 records are not shown: 2 {v}.") for k, v in
              registry.LEFT_OUT.items()]  # fmt: skip
    professions = ("physical therapists", "acupuncturists", "chiropractors", "athletic trainers")
    explained = ("NPI Registry", "acupuncture", "NCCAOM", *professions)
    assert failures(texts, explained=explained) == []


def test_found_file_can_be_vetted(npi, tmp_path, capsys):
    out = tmp_path / "found.csv"
    assert main(["find", "--zip", "80202", "--registry-url", npi.url, "-o", str(out)]) == 0
    capsys.readouterr()
    assert main(["vet", str(out), "--state", "CO"]) == 0
    report = capsys.readouterr().out
    assert "Avery Testperson" in report and "Jordan Sampleperson" in report


# ----------------------------------------------------------------------------- the same results


class _CardReader(HTMLParser):
    """Reads a card back into the listing's text lines: heading, 'Label: value', check."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []
        self._text: str | None = None

    def handle_starttag(self, tag, attrs):
        if tag in ("h4", "p"):
            self._text = ""

    def handle_data(self, data):
        if self._text is not None:
            self._text += data

    def handle_endtag(self, tag):
        if tag in ("h4", "p") and self._text is not None:
            self.lines.append(" ".join(self._text.split()))
            self._text = None


def _read_card(html: str) -> list[str]:
    reader = _CardReader()
    reader.feed(html)
    return reader.lines


def _cli_listings(text: str) -> list[list[str]]:
    blocks = re.findall(r"^\d+\. (.+(?:\n   .+)*)", text, flags=re.MULTILINE)
    return [[line.strip() for line in block.split("\n")] for block in blocks]


def _normalise(lines: list[str]) -> list[str]:
    """The card links its source; the terminal writes it out. Compare the words people read."""
    return [re.sub(r" Source: .*", "", line) for line in lines]


SAME_SEARCHES = [
    ("fake", ["--zip", "80202"], {"postal_code": "80202"}),
    ("fake", ["--zip", "80203"], {"postal_code": "80203"}),
    ("fake", ["--zip", "80203", "--profession", "DC", "--who", "clinics"],
     {"postal_code": "80203", "profession": "DC", "kind": "clinics"}),
    ("fake", ["--zip", "80", "--profession", "PMR"], {"postal_code": "80", "profession": "PMR"}),
    ("fake", ["--zip", "80209"], {"postal_code": "80209"}),
    ("real", ["--zip", "37854"], {"postal_code": "37854"}),
    ("real", ["--zip", "99586", "--profession", "LAc"], {"postal_code": "99586",
                                                          "profession": "LAc"}),
]  # fmt: skip


@pytest.mark.parametrize(("reply", "argv", "choices"), SAME_SEARCHES)
def test_cli_and_dashboard_show_the_same_listings(npi, tmp_path, capsys, reply, argv, choices):
    if reply == "real":
        npi.replay(real_path("npi1_200_page_name_search.json"))
    assert main(["find", *argv, "--no-cache", "--registry-url", npi.url]) == 0
    printed = capsys.readouterr().out
    from_cli = _cli_listings(printed)

    view, _ = make_view(npi, tmp_path)
    view.postal_code.value = choices["postal_code"]
    view.profession.value = choices.get("profession", "PT")
    view.kind.value = choices.get("kind", "people")
    view.cache_dir = tmp_path / f"fresh-{len(npi.hits)}"
    view.search_button.click()
    from_cards = [_read_card(html) for html in card_texts(view)]

    assert from_cli, printed
    assert [_normalise(c) for c in from_cards] == [_normalise(c) for c in from_cli]
    # and the note on what was left out is the same text in both
    result = search(base_url=npi.url, use_cache=False, **choices)
    note = result.left_out_note()
    assert (note in printed) and (note in view.summary.value) if note else True
    assert [item.heading for item in listings(result)] == [c[0] for c in from_cli]
