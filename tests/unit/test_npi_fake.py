"""The fake registry behaves like the real API (issue 19, point 7).

Checked against the real replies in tests/data/npi/real/ and the facts in the research
(npi_api_facts.md, numbers in the comments), over real HTTP to the fake.
"""

from __future__ import annotations

import json
import urllib.parse
import urllib.request

import pytest
from support.npi_server import FakeNPIServer, load, real_path, taxonomy_matches

REAL = json.loads(real_path("npi1_200_page_name_search.json").read_text(encoding="utf-8"))
FAKE = load("records.json")["results"]


@pytest.fixture(scope="module")
def server():
    srv = FakeNPIServer().start()
    yield srv
    srv.stop()


def ask(server: FakeNPIServer, **query: str) -> tuple[int, dict]:
    url = server.url + "?" + urllib.parse.urlencode(query)
    with urllib.request.urlopen(url, timeout=5) as reply:
        return reply.status, json.loads(reply.read())


def errors(body: dict) -> list[tuple[str, str, str]]:
    return [(e["number"], e["field"], e["description"]) for e in body["Errors"]]


# ----------------------------------------------------------------------------- refusals (#12-#18)


def test_no_criteria_is_refused_exactly_as_the_real_api_refuses(server):
    server.reset("normal")
    status, body = ask(server, version="2.1")
    real = json.loads(real_path("errors_04_no_criteria.json").read_text(encoding="utf-8"))
    assert status == 200 and "results" not in body
    assert errors(body) == errors(real) == [("04", "generic", "No valid search criteria provided")]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, [("17", "version", "Unsupported Version")]),
        ({"version": "2.0"}, [("17", "version", "Unsupported Version")]),
        ({"version": "2.1", "state": "CO"},
         [("07", "state", "Field state requires additional search criteria")]),
        ({"version": "2.1", "state": "CO", "enumeration_type": "NPI-1"},
         [("07", "state", "Field state requires additional search criteria"),
          ("09", "enumeration_type", "Enumeration_type requires additional search criteria")]),
        ({"version": "2.1", "first_name": "j*"},
         [("03", "first_name", "Wildcards require at least two leading characters")]),
        ({"version": "2.1", "postal_code": "8*", "taxonomy_description": "Physical Therapist"},
         [("03", "postal_code", "Wildcards require at least two leading characters")]),
        ({"version": "2.1", "postal_code": "80202", "enumeration_type": "NPI-3"},
         [("05", "enumeration_type",
           "Field contains special character(s) or wrong number of characters")]),
    ],
)  # fmt: skip
def test_refusals_carry_the_real_numbers_and_texts_with_http_200(server, query, expected):
    server.reset("normal")
    status, body = ask(server, **query)
    assert status == 200 and errors(body) == expected


def test_state_with_a_taxonomy_is_accepted(server):  # research #21
    server.reset("normal")
    status, body = ask(server, version="2.1", state="CO", taxonomy_description="Chiropractor")
    assert status == 200 and body["result_count"] == 2  # Riley Fictional and the clinic


# ----------------------------------------------------------------------------- paging (#4)


@pytest.mark.parametrize(("limit", "count"), [("300", 200), ("200", 200), ("0", 10), ("", 10)])
def test_limit_is_clamped_not_refused(server, limit, count):
    server.reset("paging")
    server.extra = 400
    query = {"version": "2.1", "postal_code": "80202", "taxonomy_description": "Physical Therapist"}
    if limit:
        query["limit"] = limit
    _, body = ask(server, **query)
    assert body["result_count"] == count == len(body["results"])


# ----------------------------------------------------------------------------- matching (#26-#29)


@pytest.mark.parametrize(
    ("wanted", "desc", "matched"),
    [
        ("Physical Therapist", "Physical Therapist", True),
        ("Physical Therapist", "Physical Therapist, Pediatrics", True),
        ("Athletic Trainer", "Specialist/Technologist, Athletic Trainer", True),
        ("Dentist", "Dentist, General Practice", True),
        ("Physical Medicine & Rehabilitation", "Physical Medicine & Rehabilitation, Pain Medicine",
         True),
        ("Phys*", "Physical Therapist", True),
        ("Physical Therap", "Physical Therapist", False),  # exact, not a substring
        ("Therapist", "Physical Therapist", False),
        ("Chiropractor", None, False),
    ],
)  # fmt: skip
def test_taxonomy_description_matches_as_the_api_documents(wanted, desc, matched):
    assert taxonomy_matches(wanted, desc) is matched


def test_a_second_practice_site_matches_a_location_search(server):
    server.reset("normal")
    query = {"version": "2.1", "postal_code": "80203", "taxonomy_description": "Physical Therapist"}
    _, by_location = ask(server, **query, address_purpose="LOCATION")
    assert "9900000149" in {r["number"] for r in by_location["results"]}  # site in 80203
    _, primary = ask(server, **query, address_purpose="PRIMARY")
    assert "9900000149" not in {r["number"] for r in primary["results"]}  # main site Boulder
    _, mailing = ask(server, **query, address_purpose="MAILING")
    assert "9900000149" not in {r["number"] for r in mailing["results"]}


def test_a_non_primary_taxonomy_matches(server):  # research #27
    server.reset("normal")
    _, body = ask(server, version="2.1", postal_code="80203", taxonomy_description="Chiropractor")
    (clinic,) = body["results"]
    assert [t["primary"] for t in clinic["taxonomies"] if t["code"] == "111N00000X"] == [False]


# ----------------------------------------------------------------------------- shape (#34-#43)


def _keys(records: list[dict], part: str) -> set[str]:
    found: set[str] = set()
    for r in records:
        items = r[part] if isinstance(r[part], list) else [r[part]]
        for item in items:
            found |= set(item)
    return found


NPI2_BASIC = {  # research #41: organisations' basic keys (the real page holds people only)
    "organization_name", "organizational_subpart", "authorized_official_first_name",
    "authorized_official_last_name", "authorized_official_middle_name",
    "authorized_official_credential", "authorized_official_name_prefix",
    "authorized_official_name_suffix", "authorized_official_telephone_number",
    "authorized_official_title_or_position", "enumeration_date", "last_updated",
    "certification_date", "status",
}  # fmt: skip


def test_fixture_records_use_only_keys_the_real_replies_use():
    assert {frozenset(r) for r in FAKE} == {frozenset(r) for r in REAL["results"]}
    assert _keys(FAKE, "addresses") <= _keys(REAL["results"], "addresses")
    assert _keys(FAKE, "practiceLocations") <= _keys(REAL["results"], "practiceLocations")
    assert _keys(FAKE, "taxonomies") == _keys(REAL["results"], "taxonomies")
    assert _keys(FAKE, "basic") <= _keys(REAL["results"], "basic") | NPI2_BASIC
    assert "gender" not in _keys(FAKE, "basic")  # research #40: sex replaced gender


def _values(value):
    """Every leaf value, except taxonomy_group, which the real API sends as "" (#38)."""
    if isinstance(value, dict):
        for k, v in value.items():
            if k != "taxonomy_group":
                yield from _values(v)
    elif isinstance(value, list):
        for v in value:
            yield from _values(v)
    else:
        yield value


def test_fixture_records_are_in_the_current_shape():
    for r in FAKE:
        assert isinstance(r["number"], str)
        assert isinstance(r["created_epoch"], str) and len(r["created_epoch"]) == 13
        assert "" not in list(_values(r)), r["number"]  # empty keys are left out (#36)
    assert any(t["license"] is None for r in FAKE for t in r["taxonomies"])
    assert any(t["state"] is None for r in FAKE for t in r["taxonomies"])
    mailing_first = sum(r["addresses"][0]["address_purpose"] == "MAILING" for r in FAKE)
    assert mailing_first > len(FAKE) / 2  # as in the real page (132 of 200)
    assert any("credential" not in r["basic"] for r in FAKE if r["enumeration_type"] == "NPI-1")
    assert any(r["practiceLocations"] for r in FAKE)


def test_fixture_taxonomy_descriptions_are_the_real_ones():
    real = {t["code"]: t["desc"] for r in REAL["results"] for t in r["taxonomies"] if t["desc"]}
    fake = {t["code"]: t["desc"] for r in FAKE for t in r["taxonomies"]}
    assert fake["2251P0200X"] == "Physical Therapist, Pediatrics"
    assert fake["2255A2300X"] == "Specialist/Technologist, Athletic Trainer"
    shared = set(real) & set(fake)
    assert {"225100000X", "2251P0200X", "2255A2300X", "111N00000X", "171100000X"} <= shared
    assert {code: fake[code] for code in shared} == {code: real[code] for code in shared}


def test_replay_sends_the_saved_bytes(server):
    body = real_path("empty_city_zzzzzzz.json").read_bytes()
    server.replay(body)
    with urllib.request.urlopen(server.url + "?version=2.1", timeout=5) as reply:
        assert reply.read() == body
