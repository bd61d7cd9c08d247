"""The registry client on real replies of the NPI Registry API (tests/data/npi/real/).

The fake server replays each saved reply byte for byte, so the whole client (HTTP, JSON,
records, casing, counting) reads exactly what the real API sent. The replay ignores the query,
so every record that does not fit the search must be left out *and counted*.
"""

from __future__ import annotations

import json
from collections import Counter

import pytest
from support.npi_server import FakeNPIServer, real_path

from dnkit.registry import (
    LEFT_OUT,
    RegistryError,
    RegistryUnavailable,
    read_result,
    search,
    to_provider,
)

PAGE = real_path("npi1_200_page_name_search.json")
RAW = json.loads(PAGE.read_text(encoding="utf-8"))["results"]


@pytest.fixture(scope="module")
def npi_server():
    server = FakeNPIServer().start()
    yield server
    server.stop()


def replayed(npi_server, tmp_path, name: str = PAGE.name, **kwargs):
    npi_server.replay(real_path(name))
    kwargs.setdefault("limit", 200)
    kwargs.setdefault("max_results", 200)
    return search(base_url=npi_server.url, use_cache=False, **kwargs)


def by_last_name(last_name: str) -> dict:
    (found,) = [r for r in RAW if r["basic"]["last_name"] == last_name]
    return found


# ----------------------------------------------------------------------------- shape


def test_the_real_page_is_what_the_research_says_it_is():
    """Guards the fixture: if it changes, the tests below lose what they stand on."""
    assert len(RAW) == 200
    assert all(isinstance(r["number"], str) for r in RAW)
    assert sum("credential" not in r["basic"] for r in RAW) == 69
    assert all("sex" in r["basic"] and "gender" not in r["basic"] for r in RAW)
    mailing_first = sum(r["addresses"][0]["address_purpose"] == "MAILING" for r in RAW)
    assert mailing_first == 132
    assert sum(bool(r["practiceLocations"]) for r in RAW) == 14
    assert any(t["license"] is None for r in RAW for t in r["taxonomies"])


def test_every_real_record_becomes_a_provider_and_none_is_dropped():
    """Point 2: nothing is skipped, the three Puerto Rico records included."""
    records = [read_result(r) for r in RAW]
    assert not [r for r in records if isinstance(r, str)]
    providers = [to_provider(r) for r in records]
    assert len(providers) == 200
    in_pr = [p for p in providers if p.license_state == "PR"]
    assert {p.name for p in in_pr} == {
        "Josefina De La Concha", "Josefina De La Rosa", "Josefina Diaz",
    }  # fmt: skip
    assert all(p.address and p.address.endswith(p.address.split()[-1]) for p in in_pr)


def test_sex_is_read_from_the_current_key_and_the_old_one():
    """Point 6: ``sex`` replaced ``gender``; both shapes are read."""
    record = read_result(by_last_name("DANWING"))
    assert record.sex == "F"
    old_shape = json.loads(json.dumps(by_last_name("DANWING")))
    old_shape["basic"]["gender"] = old_shape["basic"].pop("sex")
    assert read_result(old_shape).sex == "F"


def test_status_is_checked():
    """Point 6: every real record is active ("A"); a record marked otherwise is left out."""
    assert {r["basic"]["status"] for r in RAW} == {"A"}
    deactivated = json.loads(json.dumps(by_last_name("DANWING")))
    deactivated["basic"]["status"] = "D"
    assert read_result(deactivated) == "inactive"


def test_a_null_taxonomy_description_and_missing_phone_are_handled():
    no_desc = [r for r in RAW if any(t["desc"] is None for t in r["taxonomies"])]
    assert len(no_desc) == 2
    for raw in no_desc:
        main = next(t for t in raw["taxonomies"] if t["primary"])
        shown = read_result(raw).taxonomy_description
        assert shown == (main["desc"] or f"taxonomy {main['code']}")
        assert "None" not in shown
    no_phone = [r for r in RAW if "telephone_number" not in r["addresses"][0]]
    assert no_phone and all(read_result(r) for r in no_phone)


def test_two_entries_of_one_code_give_the_licensed_main_one():
    """Josie Deal lists 225100000X twice: once without license or state, once as main."""
    record = read_result(_deal())
    assert (record.license_number, record.license_state) == ("16133", "TN")


def _deal() -> dict:
    (found,) = [r for r in RAW if r["number"] == "1053158576"]
    return found


# ----------------------------------------------------------------------------- whole searches


def test_a_search_on_the_real_page_keeps_the_match_and_counts_the_rest(npi_server, tmp_path):
    """Points 2 and 4 on real data: Josie Deal is found through her second site, and each of
    the 199 others is counted with its reason."""
    result = replayed(npi_server, tmp_path, postal_code="37854", profession="PT")
    (deal,) = result.records
    assert deal.name == "Josie Deal" and deal.credential == "PT"
    assert deal.address == "1124 N Gateway Ave Ste 3, Rockwood, TN 37854-4214"
    assert deal.phone == "865-882-9183"
    assert deal.main_address == "226 Village Square Dr, Loudon, TN 37774-2807"
    assert result.total_seen == 200
    # 5 physical therapists on the page: Deal kept, 4 practise elsewhere; 195 are not PTs
    assert result.left_out == {"profession": 195, "place": 4}
    assert set(result.left_out) <= set(LEFT_OUT)
    assert "The registry sent 200 records. 199 are not shown" in result.left_out_note()


@pytest.mark.parametrize(
    ("profession", "state", "names"),
    [
        ("PT", "NY", ["Josephine Dolera"]),
        ("ATC", "NY", ["Josephine Delaney"]),
        ("ATC", "MI", ["Josie David"]),
        ("DC", "TX", ["Josie Derosa"]),
        ("LAc", "AK", ["Jo Dempsey"]),
        ("PT", "TX", ["Josephine Duncan"]),
    ],
)
def test_each_profession_on_the_real_page(npi_server, tmp_path, profession, state, names):
    result = replayed(npi_server, tmp_path, state=state, profession=profession)
    assert [r.name for r in result.records] == names
    assert result.total_seen == 200 == len(result.records) + sum(result.left_out.values())


def test_real_athletic_trainers_are_matched_by_their_real_description(npi_server, tmp_path):
    result = replayed(npi_server, tmp_path, state="NY", profession="ATC", convert=False)
    (delaney,) = result.records
    assert delaney.taxonomy_description == "Specialist/Technologist, Athletic Trainer"
    assert delaney.license_number is None and delaney.license_state is None  # null in the data
    assert delaney.address == "68 McGillic Rd, Malone, NY 12953-5005"


def test_puerto_rico_on_the_real_page(npi_server, tmp_path):
    """Point 2: a search in PR keeps PR records; here none is a PT, so all are counted."""
    result = replayed(npi_server, tmp_path, state="PR", profession="PT")
    assert result.records == []
    assert result.left_out == {"profession": 195, "place": 5}


def test_a_clinics_search_leaves_out_people_and_says_so(npi_server, tmp_path):
    result = replayed(npi_server, tmp_path, state="NY", profession="PT", kind="clinics")
    assert result.records == [] and result.left_out == {"kind": 200}


def test_the_real_empty_reply(npi_server, tmp_path):
    result = replayed(npi_server, tmp_path, "empty_city_zzzzzzz.json", postal_code="80202")
    assert result.records == [] and result.total_seen == 0 and result.left_out == {}


def test_the_real_refusal(npi_server, tmp_path):
    with pytest.raises(RegistryError) as err:
        replayed(npi_server, tmp_path, "errors_04_no_criteria.json", postal_code="80202")
    assert not isinstance(err.value, RegistryUnavailable)
    assert str(err.value) == (
        "The registry refused the search: No valid search criteria provided "
        "(field: generic, error 04)"
    )


def test_left_out_reasons_on_the_real_page_add_up(npi_server, tmp_path):
    for state, profession in (("CA", "PMR"), ("NY", "PT"), ("FL", "DC"), ("TX", "LAc")):
        result = replayed(npi_server, tmp_path, state=state, profession=profession)
        counted = Counter(result.left_out)
        assert result.total_seen == len(result.records) + sum(counted.values())
