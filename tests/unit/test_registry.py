"""The NPI Registry client, run against a local fake registry on 127.0.0.1 (no network).

The fake answers as the real API does (tests/support/npi_server.py); the tests on the saved real
replies are in test_registry_real.py, the casing rules in test_registry_casing.py.
"""

from __future__ import annotations

import hashlib
import json
import socket
import time
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.npi_server import FakeNPIServer

from dnkit import registry
from dnkit.registry import (
    MAX_SKIP,
    RegistryError,
    RegistryInputError,
    RegistryUnavailable,
    search,
)


@pytest.fixture(scope="module")
def npi_server():
    server = FakeNPIServer().start()
    yield server
    server.stop()


@pytest.fixture
def npi(npi_server):
    npi_server.reset("normal")
    npi_server.extra = 130
    npi_server.fail_first = 1
    npi_server.retry_after = "2"
    npi_server.delay = 2.0
    return npi_server


class Sleeps(list):
    """Records the waits the client asks for, without waiting."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def find(npi, tmp_path, **kwargs):
    kwargs.setdefault("postal_code", "80202")
    kwargs.setdefault("base_url", npi.url)
    kwargs.setdefault("cache_dir", tmp_path / "cache")
    kwargs.setdefault("sleep", Sleeps())
    return search(**kwargs)


def closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/api/"


# ----------------------------------------------------------------------------- searching


def test_search_sends_the_documented_parameters(npi, tmp_path):
    find(npi, tmp_path)
    assert len(npi.hits) == 1
    sent = npi.hits[0]
    assert sent["version"] == "2.1"
    assert sent["enumeration_type"] == "NPI-1"
    assert sent["taxonomy_description"] == "Physical Therapist"
    assert sent["postal_code"] == "80202"
    assert sent["address_purpose"] == "LOCATION"
    assert sent["limit"] == "50" and sent["skip"] == "0"
    assert npi.user_agents[0].startswith("dnkit/")


def test_search_keeps_only_the_profession_at_the_practice_zip(npi, tmp_path):
    result = find(npi, tmp_path, convert=False)
    names = [r.name for r in result.records]
    # the organization (NPI-2), the chiropractor and the 80205 therapist are not in the list
    assert names == ["Avery Testperson", "Jordan Sampleperson"]
    assert result.pages == 1 and result.total_seen == 2 and not result.from_cache
    assert not result.truncated
    assert "NPI Registry" in result.source_note and npi.url in result.source_note
    # the citation is the registry's page from the sources list, dated by the fetch
    assert result.citation is not None
    assert result.citation.url == "https://npiregistry.cms.hhs.gov/api-page"
    assert result.citation.title.startswith("NPPES NPI Registry API")
    assert result.citation.accessed  # the day the data was fetched, shown with the title
    assert "Data fetched" in result.citation.label()
    assert result.left_out == {}


def test_record_fields_come_from_location_address_and_matching_taxonomy(npi, tmp_path):
    avery, jordan = find(npi, tmp_path, convert=False).records
    assert avery.npi == "9900000016"
    assert avery.credential == "PT, DPT"
    assert avery.address == "100 Example St, Suite 200, Denver, CO 80202-1234"  # not the PO box
    assert avery.phone == "303-555-0101"
    assert (avery.license_state, avery.license_number) == ("CO", "PT-TEST-0001")
    assert avery.last_updated == "2024-05-14"
    assert avery.profession == "PT" and not avery.organization
    # Jordan's primary taxonomy is a pediatric PT code; the athletic trainer one is secondary
    assert jordan.taxonomy_code == "2251P0200X"
    assert jordan.taxonomy_description == "Physical Therapist, Pediatrics"
    assert jordan.license_number == "PT-TEST-0002"
    assert not jordan.specialty_differs and not jordan.address_differs


def test_zip_prefix_searches_a_wider_area(npi, tmp_path):
    result = find(npi, tmp_path, postal_code="802", convert=False)
    assert npi.hits[0]["postal_code"] == "802*"
    names = {r.name for r in result.records}
    assert "Harper Nonreal" in names  # 80205
    assert "Sage Unrealton" not in names  # Boulder, 80301


def test_physicians_are_told_apart_by_credential(npi, tmp_path):
    result = find(npi, tmp_path, profession="PM&R", convert=False)
    assert npi.hits[0]["taxonomy_description"] == "Physical Medicine & Rehabilitation"
    professions = {r.name: r.profession for r in result.records}
    assert professions == {"Taylor Mockwell": "DO", "Quinn Exampleyard": "MD"}


@pytest.mark.parametrize(
    ("profession", "name"),
    [("DC", "Riley Fictional"), ("acupuncturist", "Morgan Demo"), ("ATC", "Jordan Sampleperson")],
)
def test_other_professions(npi, tmp_path, profession, name):
    result = find(npi, tmp_path, postal_code="80", profession=profession, convert=False)
    assert name in {r.name for r in result.records}


def test_organizations_only_when_asked(npi, tmp_path):
    result = find(npi, tmp_path, kind="both", convert=False)
    assert "enumeration_type" not in npi.hits[0]
    org = [r for r in result.records if r.organization]
    # organisation names read as people write them too (issue 19, point 1)
    assert [r.name for r in org] == ["Example Physical Therapy Clinic (Fictional) LLC"]
    assert org[0].license_number is None


def test_empty_results(npi, tmp_path):
    npi.reset("empty")
    result = find(npi, tmp_path)
    assert result.providers == [] and result.total_seen == 0 and result.pages == 1


# ----------------------------------------------------------------------------- paging


def test_pages_through_skip_until_a_short_page(npi, tmp_path):
    npi.reset("paging")  # 130 generated therapists in 80202 plus the two fixtures
    result = find(npi, tmp_path, limit=50, convert=False)
    assert [h["skip"] for h in npi.hits] == ["0", "50", "100"]
    assert result.pages == 3 and result.total_seen == 132
    assert len(result.records) == 132 == len({r.npi for r in result.records})
    assert not result.truncated


def test_stops_at_max_results_and_says_so(npi, tmp_path):
    npi.reset("paging")
    result = find(npi, tmp_path, limit=50, max_results=60, convert=False)
    assert result.pages == 2 and len(result.records) == 60
    assert result.truncated and "More results may exist" in result.source_note


def test_page_size_never_exceeds_what_is_wanted(npi, tmp_path):
    npi.reset("paging")
    result = find(npi, tmp_path, limit=50, max_results=10, convert=False)
    assert npi.hits[0]["limit"] == "10" and len(result.records) == 10 and result.pages == 1


def test_skip_never_passes_the_api_bound(npi, tmp_path):
    npi.reset("paging")
    npi.extra = 1500  # more than one query can reach
    result = find(npi, tmp_path, limit=200, max_results=1200, convert=False)
    skips = [int(h["skip"]) for h in npi.hits]
    assert skips == [0, 200, 400, 600, 800, 1000] and max(skips) <= MAX_SKIP
    assert len(result.records) == 1200 and result.truncated


# ----------------------------------------------------------------------------- cache


def test_second_search_is_served_from_the_cache(npi, tmp_path):
    first = find(npi, tmp_path, convert=False)
    second = find(npi, tmp_path, convert=False)
    assert len(npi.hits) == 1
    assert not first.from_cache and second.from_cache
    assert second.records == first.records
    files = list((tmp_path / "cache").glob("*.json"))
    assert len(files) == 1 and len(files[0].stem) == 64  # one file, named by a SHA-256
    entry = json.loads(files[0].read_text())
    assert files[0].stem == hashlib.sha256(entry["url"].encode()).hexdigest()


def test_a_different_search_is_not_taken_from_the_cache(npi, tmp_path):
    find(npi, tmp_path, convert=False)
    find(npi, tmp_path, postal_code="80203", convert=False)
    assert len(npi.hits) == 2


def test_cache_expires(npi, tmp_path):
    find(npi, tmp_path, now=lambda: 1_000_000.0, cache_ttl=3600, convert=False)
    find(npi, tmp_path, now=lambda: 1_003_599.0, cache_ttl=3600, convert=False)
    assert len(npi.hits) == 1
    later = find(npi, tmp_path, now=lambda: 1_003_601.0, cache_ttl=3600, convert=False)
    assert len(npi.hits) == 2 and not later.from_cache


def test_damaged_cache_file_is_fetched_again(npi, tmp_path):
    find(npi, tmp_path, convert=False)
    for path in (tmp_path / "cache").glob("*.json"):
        path.write_text("{not json")
    result = find(npi, tmp_path, convert=False)
    assert len(npi.hits) == 2 and len(result.records) == 2


def test_no_cache_when_turned_off(npi, tmp_path):
    find(npi, tmp_path, use_cache=False)
    find(npi, tmp_path, use_cache=False)
    assert len(npi.hits) == 2 and not (tmp_path / "cache").exists()


def test_environment_sets_registry_url_and_cache_dir(npi, tmp_path, monkeypatch):
    monkeypatch.setenv("DNKIT_NPI_URL", npi.url)
    monkeypatch.setenv("DNKIT_CACHE", str(tmp_path / "env-cache"))
    result = search(postal_code="80202", convert=False)
    assert len(result.records) == 2 and len(npi.hits) == 1
    assert list((tmp_path / "env-cache" / "npi").glob("*.json"))


def test_one_cache_variable_for_all_of_dnkit(tmp_path, monkeypatch):
    """DNKIT_CACHE is the one documented cache root; the old DNKIT_CACHE_DIR is not read."""
    monkeypatch.setenv("DNKIT_CACHE", str(tmp_path / "root"))
    monkeypatch.setenv("DNKIT_CACHE_DIR", str(tmp_path / "old"))
    assert registry.resolve_cache_dir() == tmp_path / "root" / "npi"
    assert registry.ENV_CACHE == "DNKIT_CACHE"
    monkeypatch.delenv("DNKIT_CACHE")
    assert registry.resolve_cache_dir() == Path.home() / ".cache" / "dnkit" / "npi"


def test_default_url_is_the_public_registry(monkeypatch):
    monkeypatch.delenv("DNKIT_NPI_URL", raising=False)
    assert registry.resolve_base_url() == "https://npiregistry.cms.hhs.gov/api/"


def test_failed_replies_are_not_cached(npi, tmp_path):
    npi.reset("malformed")
    with pytest.raises(RegistryError):
        find(npi, tmp_path)
    npi.reset("normal")
    assert len(find(npi, tmp_path).providers) == 2
    assert len(npi.hits) == 1


# ----------------------------------------------------------------------------- retries


def test_server_error_is_retried_with_backoff(npi, tmp_path):
    npi.reset("flaky")
    npi.fail_first = 2
    sleeps = Sleeps()
    result = find(npi, tmp_path, retries=3, sleep=sleeps, convert=False)
    assert len(npi.hits) == 3 and len(result.records) == 2
    assert sleeps == [0.5, 1.0]


def test_gives_up_after_the_retries(npi, tmp_path):
    npi.reset("down")
    sleeps = Sleeps()
    with pytest.raises(RegistryUnavailable) as err:
        find(npi, tmp_path, retries=2, sleep=sleeps)
    assert len(npi.hits) == 3 and sleeps == [0.5, 1.0]
    assert "HTTP 503" in str(err.value) and "3 tries" in str(err.value)


def test_rate_limit_honours_retry_after(npi, tmp_path):
    npi.reset("rate_limited")
    sleeps = Sleeps()
    result = find(npi, tmp_path, sleep=sleeps, convert=False)
    assert sleeps == [2.0] and len(result.records) == 2 and len(npi.hits) == 2


def test_a_huge_retry_after_is_capped(npi, tmp_path):
    npi.reset("rate_limited")
    npi.retry_after = "86400"
    sleeps = Sleeps()
    find(npi, tmp_path, sleep=sleeps)
    assert sleeps == [registry.MAX_WAIT_SECONDS]


def test_retry_after_as_a_date():
    now = 1_700_000_000.0
    header = format_datetime(datetime.fromtimestamp(now + 7, tz=UTC), usegmt=True)
    assert registry.retry_after(header, now) == pytest.approx(7.0)
    assert registry.retry_after("soon", now) is None
    assert registry.retry_after(None, now) is None


def test_slow_reply_times_out_cleanly(npi, tmp_path):
    npi.reset("slow")
    start = time.monotonic()
    with pytest.raises(RegistryUnavailable) as err:
        find(npi, tmp_path, timeout=0.3, retries=1)
    assert time.monotonic() - start < 1.8  # two tries of 0.3 s, not the 2 s reply
    assert "no reply within 0.3 seconds" in str(err.value)
    assert len(npi.hits) == 2


def test_unreachable_registry(tmp_path):
    sleeps = Sleeps()
    with pytest.raises(RegistryUnavailable) as err:
        search(
            postal_code="80202",
            base_url=closed_port_url(),
            cache_dir=tmp_path,
            retries=1,
            sleep=sleeps,
        )
    assert "could not connect" in str(err.value) and "internet connection" in str(err.value)
    assert sleeps == [0.5]


def test_a_reply_cut_short_is_retried_then_reported(npi, tmp_path):
    """Issue 19, point 6: a reply that is not JSON is a failure to retry, not a refusal."""
    npi.reset("malformed")
    sleeps = Sleeps()
    with pytest.raises(RegistryUnavailable, match="not valid JSON") as err:
        find(npi, tmp_path, retries=2, sleep=sleeps)
    assert len(npi.hits) == 3 and sleeps == [0.5, 1.0]
    assert "3 tries" in str(err.value)


def test_a_maintenance_page_is_retried_and_the_search_then_succeeds(npi, tmp_path):
    npi.reset("maintenance")  # the first request gets an HTML page with HTTP 200
    sleeps = Sleeps()
    result = find(npi, tmp_path, sleep=sleeps, convert=False)
    assert len(npi.hits) == 2 and sleeps == [0.5]
    assert [r.name for r in result.records] == ["Avery Testperson", "Jordan Sampleperson"]


def test_a_lasting_maintenance_page_says_the_registry_may_be_down(npi, tmp_path):
    npi.reset("maintenance")
    npi.fail_first = 99
    with pytest.raises(RegistryUnavailable) as err:
        find(npi, tmp_path, retries=1)
    text = str(err.value)
    assert "a web page instead of data" in text and "maintenance" in text
    assert len(npi.hits) == 2
    assert not list((tmp_path / "cache").glob("*.json"))  # nothing cached


def test_api_errors_array_is_reported(npi, tmp_path):
    npi.reset("errors")  # the real "no criteria" refusal, HTTP 200
    with pytest.raises(RegistryError, match="No valid search criteria provided") as err:
        find(npi, tmp_path)
    assert not isinstance(err.value, RegistryUnavailable)  # a refusal is not retried
    assert "field: generic" in str(err.value) and "error 04" in str(err.value)
    assert len(npi.hits) == 1


def test_several_errors_in_one_reply_are_all_reported(npi, tmp_path):
    body = json.dumps({"Errors": [
        {"description": "Field state requires additional search criteria", "field": "state",
         "number": "07"},
        {"description": "Enumeration_type requires additional search criteria",
         "field": "enumeration_type", "number": "09"},
    ]}).encode()  # fmt: skip
    npi.replay(body)
    with pytest.raises(RegistryError) as err:
        find(npi, tmp_path)
    text = str(err.value)
    assert "(field: state, error 07)" in text and "(field: enumeration_type, error 09)" in text
    assert len(npi.hits) == 1


def test_client_errors_are_not_retried(npi, tmp_path):
    npi.reset("not_found")
    with pytest.raises(RegistryError, match="HTTP 404"):
        find(npi, tmp_path)
    assert len(npi.hits) == 1


# ----------------------------------------------------------------------------- input


@pytest.mark.parametrize(
    ("typed", "sent"),
    [("80202", "80202"), (" 80202 ", "80202"), ("80202-1234", "80202"), ("802021234", "80202"),
     ("802", "802*"), ("80", "80*"), ("802*", "802*")],
)  # fmt: skip
def test_postal_codes(typed, sent):
    assert registry.normalize_postal_code(typed) == sent


@pytest.mark.parametrize("typed", ["", "8", "8020a", "802022", "80202-12", "SW1A 1AA", "*"])
def test_bad_postal_codes_name_the_field(typed):
    with pytest.raises(RegistryInputError, match="postal code"):
        registry.normalize_postal_code(typed)


@given(st.text(max_size=12))
def test_postal_code_check_never_crashes(text):
    try:
        out = registry.normalize_postal_code(text)
    except RegistryInputError:
        return
    assert out[:2].isdigit() and (len(out) == 5 or out.endswith("*"))


@given(st.from_regex(r"\d{5}", fullmatch=True))
def test_every_five_digit_zip_is_sent_as_typed(text):
    assert registry.normalize_postal_code(text) == text


@pytest.mark.parametrize(
    ("typed", "key"),
    [("PT", "PT"), ("pt", "PT"), ("Physical therapist", "PT"), ("chiropractor", "DC"),
     ("LAc", "LAc"), ("physiatrist", "PMR"), ("DO", "PMR")],
)  # fmt: skip
def test_professions(typed, key):
    assert registry.normalize_registry_profession(typed) == key


def test_unknown_profession_lists_the_choices():
    with pytest.raises(RegistryInputError, match=r"profession.*PT \(Physical therapist\)"):
        registry.normalize_registry_profession("dentist")


def test_states():
    assert registry.normalize_state(" co ") == "CO"
    assert registry.normalize_state("Colorado") == "CO"  # names work through dnkit.regulation
    with pytest.raises(RegistryInputError, match="state"):
        registry.normalize_state("Narnia")


@pytest.mark.parametrize(
    ("typed", "code"),
    [("PR", "PR"), ("Puerto Rico", "PR"), ("gu", "GU"), ("Guam", "GU"), ("VI", "VI"),
     ("American Samoa", "AS"), ("Northern Mariana Islands", "MP")],
)  # fmt: skip
def test_territories_are_places_to_search(typed, code):
    assert registry.normalize_state(typed) == code


@pytest.mark.parametrize(
    ("typed", "kind"),
    [("people", "people"), ("Clinics", "clinics"), ("organizations", "clinics"),
     ("NPI-2", "clinics"), ("both", "both"), ("all", "both")],
)  # fmt: skip
def test_kinds(typed, kind):
    assert registry.normalize_kind(typed) == kind


def test_unknown_kind_names_the_field():
    with pytest.raises(RegistryInputError, match="who: 'robots'"):
        registry.normalize_kind("robots")


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"postal_code": None}, "place"),
        ({"limit": 0}, "limit"),
        ({"limit": 201}, "limit"),
        ({"max_results": 1201}, "max results"),
        ({"base_url": "file:///etc/passwd"}, "registry URL"),
        ({"city": "<script>"}, "city"),
        ({"timeout": 0}, "timeout"),
        ({"kind": "robots"}, "who"),
    ],
)
def test_bad_search_input_is_refused_before_any_request(npi, tmp_path, kwargs, field):
    with pytest.raises(RegistryInputError, match=field):
        find(npi, tmp_path, **kwargs)
    assert npi.hits == []


def test_build_url_keeps_a_mirror_query():
    url = registry.build_url("https://mirror.example/api/?key=abc", {"limit": 5})
    assert url == "https://mirror.example/api/?key=abc&version=2.1&limit=5"


# ----------------------------------------------------------------------------- providers


def test_results_become_providers_with_every_dry_needling_answer_unknown(npi, tmp_path):
    from dnkit.providers import Answer

    avery = find(npi, tmp_path).providers[0]
    assert avery.name == "Avery Testperson" and avery.profession == "PT"
    assert avery.npi == "9900000016" and avery.credential == "PT, DPT"
    assert avery.address == "100 Example St, Suite 200, Denver, CO 80202-1234"
    assert avery.phone == "303-555-0101"
    assert (avery.license_state, avery.license_number) == ("CO", "PT-TEST-0001")
    assert avery.registry_updated == "2024-05-14"
    assert avery.license_verified is Answer.UNKNOWN  # a listing is not a license check
    answers = "sterile_single_use_needles written_consent initial_assessment side_effect_plan"
    for answer in [*answers.split(), "integrated_plan", "in_network"]:
        assert getattr(avery, answer) is Answer.UNKNOWN
    missing = "dn_program dn_hours_total dn_hours_in_person supervised_sessions years_licensed"
    for name in [*missing.split(), "years_dry_needling", "price_per_session", "distance_miles"]:
        assert getattr(avery, name) is None
    assert avery.techniques == () and "check the license" in avery.notes.lower()


def test_providers_round_trip_through_the_file_formats(npi, tmp_path):
    from dnkit.providers import providers_to_csv, providers_to_json, read_providers

    npi.reset("normal")
    found = find(npi, tmp_path, postal_code="80", profession="PMR").providers
    # Noel Nocredential has no credential: a physician, not guessed to be an MD (point 6)
    assert {p.profession for p in found} == {"MD", "DO", "other"}
    for text, name in ((providers_to_csv(found), "p.csv"), (providers_to_json(found), "p.json")):
        loaded = read_providers(text, name)
        assert loaded.problems == [] and loaded.providers == found


def test_odd_registry_records_are_cleaned_or_left_out(npi, tmp_path):
    result = find(npi, tmp_path, postal_code="80209")
    by_npi = {p.npi: p for p in result.providers}
    assert [r.npi for r in result.records] == [p.npi for p in result.providers]  # aligned
    assert "12345" not in by_npi  # not a 10-digit NPI: left out
    odd = by_npi["9900000123"]
    assert odd.license_state is None and "'ZZ', which is not a US state" in odd.notes
    assert result.left_out == {"unreadable": 1}  # the short NPI is counted, not dropped quietly
    assert result.total_seen == len(result.records) + 1
    escaped = by_npi["9900000131"]
    assert "\x1b" not in escaped.name and escaped.name.startswith("Drew")


# ----------------------------------------------------------------------------- issue 19


def test_a_puerto_rico_search_finds_the_therapist_licensed_there(npi, tmp_path):
    """Point 2: a territory is a valid license state; the record is kept, not skipped."""
    result = find(npi, tmp_path, postal_code=None, state="Puerto Rico")
    assert npi.hits[0]["state"] == "PR"
    (marisol,) = result.providers
    assert marisol.name == "Marisol De La Prueba-Ocasio"
    assert (marisol.license_state, marisol.license_number) == ("PR", "PR-TEST-0017")
    assert marisol.address == "400 Ave Ejemplo, Urb. Ficticia, Apt. 5G, San Juan, PR 00918-3710"
    assert result.left_out == {}


@pytest.mark.parametrize("code", registry.TERRITORIES)
def test_every_territory_is_a_license_state_with_its_own_rules_row(code):
    from dnkit.providers import Provider
    from dnkit.regulation import jurisdictions, rule_for, rules_for
    from dnkit.vetting import assess

    provider = Provider(name="Test Person", profession="PT", license_state=code)
    assert provider.license_state == code
    rule = rule_for(code, "PT")
    # A row of its own in the rules table: nothing found there, so no source to cite.
    assert rule.status == "unknown" and rules_for(code) == [rule]
    assert jurisdictions()[code].split()[0] in rule.summary  # "Northern Marianas" for MP
    assert "no rule" in rule.summary and "licensing board" in rule.summary
    assert assess(provider, code).provider == provider  # vetting takes the territory too


def test_an_inactive_record_is_left_out_and_counted(npi, tmp_path):
    """Point 6 and point 2: basic.status is checked; nothing leaves without a count."""
    result = find(npi, tmp_path, postal_code="80203")
    assert [p.name for p in result.providers] == ["Kelly McFakerton-Demo"]
    assert result.left_out == {"inactive": 1} and result.total_seen == 2
    assert result.left_out_note() == (
        "The registry sent 2 records. 1 is not shown: 1 not active in the registry."
    )


def test_a_provider_found_through_a_second_site_is_shown_there(npi, tmp_path):
    """Point 4: the address (and phone) that matched the search, with the main one beside it."""
    (kelly,) = find(npi, tmp_path, postal_code="80203", convert=False).records
    assert kelly.address == "55 W 5th Ave, Ste 2B, Denver, CO 80203-1055"
    assert kelly.phone == "303-555-0214"  # the second site's phone, not the Boulder one
    assert kelly.main_address == "1201 NW 16th St, Apartment 3G, Boulder, CO 80302-1201"
    assert kelly.address_differs
    provider = registry.to_provider(kelly)
    assert provider.address == kelly.address and provider.phone == "303-555-0214"
    assert "Main practice address: 1201 NW 16th St" in provider.notes


def test_the_main_specialty_is_shown_when_the_match_is_another(npi, tmp_path):
    """Point 3: a clinic listed mainly as Internal Medicine matches a chiropractor search."""
    result = find(npi, tmp_path, postal_code="80203", profession="DC", kind="both")
    (clinic,) = result.records
    assert (clinic.taxonomy_code, clinic.taxonomy_description) == ("111N00000X", "Chiropractor")
    assert clinic.primary_taxonomy_description == "Internal Medicine"
    assert clinic.specialty_differs
    assert ("Main specialty", "Internal Medicine") in registry.listing(clinic).lines
    assert "Main specialty in the registry: Internal Medicine." in result.providers[0].notes
    # and a person whose search match is a second taxonomy (Jordan: main PT, matched ATC)
    jordan = find(npi, tmp_path, profession="ATC", convert=False).records[0]
    assert jordan.taxonomy_description == "Specialist/Technologist, Athletic Trainer"
    assert jordan.primary_taxonomy_description == "Physical Therapist, Pediatrics"
    assert jordan.license_number == "AT-TEST-0002"  # the matched taxonomy's license


@pytest.mark.parametrize(
    ("kind", "sent", "names"),
    [
        ("people", "NPI-1", ["Avery Testperson", "Jordan Sampleperson"]),
        ("clinics", "NPI-2", ["Example Physical Therapy Clinic (Fictional) LLC"]),
        ("both", None, ["Avery Testperson", "Jordan Sampleperson",
                        "Example Physical Therapy Clinic (Fictional) LLC"]),
    ],
)  # fmt: skip
def test_people_clinics_or_both(npi, tmp_path, kind, sent, names):
    """Point 5: clinics (NPI-2) are searched too, as a choice."""
    result = find(npi, tmp_path, kind=kind)
    assert npi.hits[0].get("enumeration_type") == sent
    assert [p.name for p in result.providers] == names


def test_a_clinic_shows_its_authorized_official(npi, tmp_path):
    (clinic,) = find(npi, tmp_path, kind="clinics").records
    assert clinic.organization and clinic.profession == "PT"
    assert clinic.official == "Pat O'Example, PT, DPT, Owner and Clinic Director, 303-555-0180"
    lines = dict(registry.listing(clinic).lines)
    assert lines["Kind"] == "Clinic or other organization"
    assert lines["Authorized official"] == clinic.official
    provider = registry.to_provider(clinic)
    assert "Authorized official: Pat O'Example" in provider.notes
    assert provider.address == "800 Example St, Denver, CO 80202-0008"


def test_a_physician_with_no_credential_is_not_called_an_md(npi, tmp_path):
    """Point 6: say "physician" when the credential does not tell MD from DO."""
    (noel,) = find(npi, tmp_path, postal_code="80203", profession="PMR", convert=False).records
    assert noel.credential is None
    assert noel.profession == "other" and noel.profession_label == "Physician (MD or DO not listed)"
    assert "MD" not in noel.profession_label.replace("MD or DO", "")
    provider = registry.to_provider(noel)
    assert provider.profession == "other" and "whether MD or DO" in provider.notes
    check = registry.listing(noel).check.text
    assert "the board for doctors in your state" in check


@pytest.mark.parametrize(
    ("credential", "kind"),
    [("M.D.", "MD"), ("M. D.", "MD"), ("MD, PhD", "MD"), ("D.O.", "DO"), ("DO, MPH", "DO"),
     ("d.o.", "DO"), ("", None), ("MBBS", None), ("MD/DO", None), ("DPT", None)],
)  # fmt: skip
def test_physician_kind_from_the_credential(credential, kind):
    from dnkit.registry.records import physician_kind

    assert physician_kind(credential) == kind


def test_progress_is_reported_before_each_page(npi, tmp_path):
    npi.reset("paging")
    seen: list[registry.Progress] = []
    find(npi, tmp_path, limit=50, convert=False, on_progress=seen.append)
    assert [(p.page, p.received, p.kept) for p in seen] == [(1, 0, 0), (2, 50, 50), (3, 100, 100)]


def test_left_out_records_over_the_limit_are_counted(npi, tmp_path):
    npi.reset("paging")
    result = find(npi, tmp_path, limit=50, max_results=45, convert=False)
    assert len(result.records) == 45 and result.total_seen == 45
    result = find(npi, tmp_path, limit=20, max_results=30, convert=False)
    assert len(result.records) == 30 and result.left_out == {"over_limit": 10}
    assert result.total_seen == 40


_FIXTURES = FakeNPIServer().answer(
    {"version": "2.1", "postal_code": "80", "taxonomy_description": "Physical Therapist",
     "limit": "200"}
)["results"]  # fmt: skip
_JUNK = [None, "text", 7, {}, {"number": "12"}, {"basic": {"first_name": "X"}, "number": "1"}]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    picks=st.lists(st.sampled_from(range(len(_FIXTURES) + len(_JUNK))), max_size=30),
    inactive=st.sets(st.integers(0, 29)),
    kind=st.sampled_from(registry.KINDS),
    keep=st.integers(1, 40),
)
def test_every_record_sent_is_kept_or_counted_with_its_reason(
    npi_server, picks, inactive, kind, keep
):
    """Point 2: whatever the reply holds, sent == shown + left out, each with its reason."""
    results = []
    for i, pick in enumerate(picks):
        raw = json.loads(json.dumps((_FIXTURES + _JUNK)[pick]))
        if i in inactive and isinstance(raw, dict) and isinstance(raw.get("basic"), dict):
            raw["basic"]["status"] = "D"
        results.append(raw)
    npi_server.replay(json.dumps({"result_count": len(results), "results": results}).encode())
    result = search(
        postal_code="802", kind=kind, limit=200, max_results=keep, base_url=npi_server.url,
        use_cache=False,
    )  # fmt: skip
    assert result.total_seen == len(picks)
    assert result.total_seen == len(result.records) + sum(result.left_out.values())
    assert len(result.providers) == len(result.records) <= keep
    assert set(result.left_out) <= set(registry.LEFT_OUT) and all(result.left_out.values())
    assert len({r.npi for r in result.records}) == len(result.records)
    note = result.left_out_note()
    assert all(registry.LEFT_OUT[key] in note for key in result.left_out)


def test_a_record_dnkit_cannot_store_is_counted(npi, tmp_path):
    """A lone surrogate in a name passes the reader but not the Provider model: counted."""
    query = {"version": "2.1", "postal_code": "80202", "enumeration_type": "NPI-1",
             "taxonomy_description": "Physical Therapist"}  # fmt: skip
    page = npi.answer(query)
    page["results"][0]["basic"]["last_name"] = "TEST\ud800PERSON"
    npi.replay(json.dumps(page).encode())
    result = find(npi, tmp_path)
    assert [p.name for p in result.providers] == ["Jordan Sampleperson"]
    assert [r.name for r in result.records] == ["Jordan Sampleperson"]  # kept aligned
    assert result.left_out == {"unusable": 1} and result.total_seen == 2
    assert "1 with data dnkit cannot store" in result.left_out_note()
