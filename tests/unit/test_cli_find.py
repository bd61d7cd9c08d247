"""`dnkit find` and the dashboard's 'Find candidates near me', against the local fake registry."""

from __future__ import annotations

import json
import socket

import pytest
from npi_server import FakeNPIServer

from dnkit.cli import main
from dnkit.providers import Answer, Provider, read_providers
from dnkit.registry import LISTING_NOTE
from dnkit.ui.find import BUSY_LABEL, OFFLINE, SEARCH_LABEL, FindView


@pytest.fixture(scope="module")
def npi_server():
    server = FakeNPIServer().start()
    yield server
    server.stop()


@pytest.fixture
def npi(npi_server, tmp_path, monkeypatch):
    npi_server.reset("normal")
    npi_server.delay = 2.0
    monkeypatch.setenv("DNKIT_CACHE_DIR", str(tmp_path / "cache"))  # never the real home
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
    assert first.license_verified is Answer.UNKNOWN
    printed = capsys.readouterr().out
    assert LISTING_NOTE in printed and "state PT board" in printed
    assert "Avery Testperson" in printed and f"Wrote 2 providers to {out}" in printed
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
    assert {p.profession for p in read_providers(out).providers} == {"MD", "DO"}


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


def test_find_unreachable_registry_exits_1_without_traceback(npi, capsys):
    code = main(["find", "--zip", "80202", "--registry-url", closed_port_url(), "--retries", "0"])
    assert code == 1
    err = capsys.readouterr().err
    assert err.startswith("dnkit find: Could not get results from the NPI Registry")
    assert "Traceback" not in err


def test_find_bad_reply_exits_1(npi, capsys):
    npi.reset("malformed")
    assert main(["find", "--zip", "80202", "--registry-url", npi.url]) == 1
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


def test_view_searches_and_adds_chosen_people(npi, tmp_path):
    view, added = make_view(npi, tmp_path)
    labels: list[str] = []
    view.search_button.observe(lambda change: labels.append(change["new"]), "description")
    view.postal_code.value = "80202"
    view.profession.value = "PT"
    view.search_button.click()
    assert labels == [BUSY_LABEL, SEARCH_LABEL]  # the progress text showed, then went away
    assert not view.search_button.disabled
    html = view.results.value
    assert "<table" in html and "Avery Testperson" in html and "PT-TEST-0001" in html
    assert "303-555-0101" in html and "9900000016" in html
    assert "Found 2" in view.status.value
    assert LISTING_NOTE in view.note.value
    assert "NPI Registry" in view.source.value
    view.choose.value = (1,)
    view.add_button.click()
    assert len(added) == 1 and [p.name for p in added[0]] == ["Jordan Sampleperson"]
    assert isinstance(added[0][0], Provider)
    assert "Added to your list: Jordan Sampleperson" in view.message.value


def test_view_escapes_registry_text(npi, tmp_path):
    view, _ = make_view(npi, tmp_path)
    view.postal_code.value = "80209"
    view.search_button.click()
    html = view.results.value
    assert "&lt;b&gt;markup&lt;/b&gt;" in html.lower()
    assert "<script>" not in html.lower() and "<b>" not in html.lower()


def test_view_offline_shows_a_message_and_keeps_working(npi, tmp_path):
    added: list = []
    view = FindView(on_add=added.append, base_url=closed_port_url(), cache_dir=tmp_path)
    view.postal_code.value = "80202"
    view.search_button.click()  # must not raise
    assert "could not reach the NPI Registry" in view.message.value
    assert OFFLINE.split(".")[0] in view.message.value
    assert view.results.value == "" and view.add_button.disabled
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
    assert "No physical therapist listings were found" in view.message.value


def test_view_registry_error_is_shown(npi, tmp_path):
    npi.reset("errors")
    view, _ = make_view(npi, tmp_path)
    view.postal_code.value = "80202"
    view.search_button.click()
    assert "No valid search criteria provided" in view.message.value
    assert 'role="alert"' in view.message.value


def test_view_add_without_choice_and_failing_callback(npi, tmp_path):
    def broken(_providers):
        raise RuntimeError("compare view is not ready")

    view = FindView(on_add=broken, base_url=npi.url, cache_dir=tmp_path)
    view.postal_code.value = "80202"
    view.search_button.click()
    view.add_button.click()
    assert "Choose at least one person" in view.message.value
    view.choose.value = (0,)
    view.add_button.click()  # must not raise
    assert "Something went wrong" in view.message.value


def test_view_license_note_follows_the_profession(npi, tmp_path):
    view, _ = make_view(npi, tmp_path)
    assert "no national site to check a PT license" in view.note.value
    view.profession.value = "LAc"
    assert "NCCAOM" in view.note.value and 'rel="noopener noreferrer"' in view.note.value
    view.profession.value = "DC"
    assert "state board" in view.note.value


def test_texts_people_read_are_plain_language():
    from support.readability import failures

    from dnkit import registry

    texts = [("listing note", LISTING_NOTE), ("offline", OFFLINE)]
    texts += [(f"lookup {k}", v[0]) for k, v in registry.LICENSE_LOOKUPS.items()]
    texts.append(("lookup other", registry.license_lookup_hint("DC")[0]))
    assert failures(texts, explained=("NPI Registry", "acupuncture", "NCCAOM")) == []


def test_found_file_can_be_vetted(npi, tmp_path, capsys):
    out = tmp_path / "found.csv"
    assert main(["find", "--zip", "80202", "--registry-url", npi.url, "-o", str(out)]) == 0
    capsys.readouterr()
    assert main(["vet", str(out), "--state", "CO"]) == 0
    report = capsys.readouterr().out
    assert "Avery Testperson" in report and "Jordan Sampleperson" in report
