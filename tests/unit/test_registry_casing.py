"""Names and addresses from the registry, written the way people write them (issue 19, point 1).

Tested on the real 200-record page (tests/data/npi/real/) and on rules one by one.
"""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from support.npi_server import real_path

from dnkit.registry import read_result
from dnkit.registry.casing import address_line, organization_name, person_name

REAL_PAGE = json.loads(real_path("npi1_200_page_name_search.json").read_text(encoding="utf-8"))
RECORDS = {r["number"]: r for r in REAL_PAGE["results"]}


def real(last_name: str) -> dict:
    (found,) = [r for r in REAL_PAGE["results"] if r["basic"]["last_name"] == last_name]
    return found


# ----------------------------------------------------------------------------- on the real page


def test_the_names_the_issue_names_read_right():
    assert read_result(real("DAPPAH-COLON")).name == "Josephine Dappah-Colon"
    assert read_result(real("DARBOUZE-AUGUSTE")).name == "Josepha Darbouze-Auguste"
    assert read_result(real("DI GIACINTO-DOVIDIO")).name == "Josephine Di Giacinto-Dovidio"


def test_the_addresses_the_issue_names_read_right():
    assert read_result(real("DELANEY")).address == "68 McGillic Rd, Malone, NY 12953-5005"
    dolera = read_result(real("DOLERA")).address
    assert dolera == "50 East Hartsdale Avenue, Apartment 3G, Hartsdale, NY 10530"
    assert read_result(real("DORT")).address == "1201 NW 16th St, Miami, FL 33125-1624"
    assert read_result(real("DELUCA")).address == "2745 SW 28th Pl, Cape Coral, FL 33914-3847"
    assert read_result(real("DE LEON")).address == (
        "505 E Windmill Ln, #1 B-125, Las Vegas, NV 89123-1869"
    )


def test_every_real_record_is_only_recased_never_rewritten():
    """Casing changes letter case only: the same letters, in the same order, for all 200."""
    for raw in REAL_PAGE["results"]:
        record = read_result(raw)
        basic = raw["basic"]
        plain = f"{basic['first_name']} {basic['last_name']}"
        assert record.name.upper() == plain.upper(), record.npi
        street = raw["addresses"][0]["address_1"]  # whichever comes first
        assert address_line(street).upper() == street.upper()


def _words(text: str) -> list[str]:
    """Words, with hyphenated codes such as MC-141 kept whole."""
    return re.findall(r"[^\W_]+(?:-[^\W_]*\d[^\W_]*)*", text)


def test_real_names_and_streets_have_no_shouting_and_no_lost_capitals():
    for raw in REAL_PAGE["results"]:
        record = read_result(raw)
        for word in _words(record.name):
            assert (word[0].isupper() and not word[1:].isupper()) or len(word) == 1, record.name
        for word in _words(record.address or ""):
            ordinal = re.fullmatch(r"\d+(st|nd|rd|th)", word)
            if ordinal or word.isdigit():
                continue
            if any(c.isdigit() for c in word):  # unit letters and codes: 3G, A203, NY11201
                assert word == word.upper(), record.address
            elif word in ("NE", "NW", "SE", "SW", "PO", "N", "S", "E", "W"):
                continue
            elif len(word) == 2 and word.isupper():  # the state code at the end
                assert record.address.endswith(word + " " + record.address.split(" ")[-1])
            else:
                assert word[0].isupper() and not word[1:].isupper(), (word, record.address)


# ----------------------------------------------------------------------------- rules


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("DAPPAH-COLON", "Dappah-Colon"),
        ("MCGILLIC", "McGillic"),
        ("MCDONOUGH", "McDonough"),
        ("O'CONNOR", "O'Connor"),
        ("D'ANGELO", "D'Angelo"),
        ("MACDONALD", "MacDonald"),
        ("MACKENZIE", "MacKenzie"),
        ("MACINTYRE", "MacIntyre"),
        ("MACHADO", "Machado"),
        ("MACIAS", "Macias"),
        ("MACK", "Mack"),
        ("MACKEY", "Mackey"),
        ("MACON", "Macon"),
        ("DE LA ROSA", "De La Rosa"),
        ("JOHN SMITH JR", "John Smith Jr"),
        ("JOHN SMITH III", "John Smith III"),
        ("JOSEPHINE O. DARKO", "Josephine O. Darko"),
        ("McGillic", "McGillic"),  # already cased: left alone
        ("MARY-KATE O'NEIL-MCDONALD", "Mary-Kate O'Neil-McDonald"),
    ],
)
def test_person_names(raw, shown):
    assert person_name(raw) == shown


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("APARTMENT 3G", "Apartment 3G"),
        ("1201 NW 16TH ST", "1201 NW 16th St"),
        ("2000 5TH ST UNIT 449", "2000 5th St Unit 449"),
        ("150 1ST AVE", "150 1st Ave"),
        ("13577 W 22ND PL", "13577 W 22nd Pl"),
        ("1362 3RD AVE", "1362 3rd Ave"),
        ("901 NW SUNBURST CT APT A203", "901 NW Sunburst Ct Apt A203"),
        ("PO BOX 121", "PO Box 121"),
        ("2701 S I-35", "2701 S I-35"),
        ("1529 S STATE ST APT 21-A", "1529 S State St Apt 21-A"),
        ("25 HACKETT BLVD MC-141", "25 Hackett Blvd MC-141"),
        ("SUITE 400-CREDENTIALING", "Suite 400-Credentialing"),
        ("41 O'CONNOR RD.", "41 O'Connor Rd."),
        ("1 UNIVERSITY PLZ # NY11201", "1 University Plz # NY11201"),
        ("1561 HIGHWAY 42 N", "1561 Highway 42 N"),
        ("100 US HIGHWAY 1", "100 US Highway 1"),
        ("ST. MARY'S PLACE", "St. Mary's Place"),
        ("EAST LANSING", "East Lansing"),
    ],
)
def test_address_lines(raw, shown):
    assert address_line(raw) == shown


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("EXAMPLE PHYSICAL THERAPY CLINIC LLC", "Example Physical Therapy Clinic LLC"),
        ("CENTER FOR PHYSICAL THERAPY OF DENVER, PC", "Center for Physical Therapy of Denver, PC"),
        ("THE SPINE AND SPORTS CLINIC PLLC", "The Spine and Sports Clinic PLLC"),
        ("1ST CHOICE PHYSICAL THERAPY INC", "1st Choice Physical Therapy Inc"),
        ("JOHN SMITH DPT, P.C.", "John Smith DPT, P.C."),
        ("MCKENZIE O'NEIL CHIROPRACTIC", "McKenzie O'Neil Chiropractic"),
        ("ATHLETICO LTD", "Athletico Ltd"),
    ],
)  # fmt: skip
def test_organization_names(raw, shown):
    assert organization_name(raw) == shown


_TEXT = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcxyz0123456789 -'.#,/()&", max_size=40)


@given(_TEXT)
def test_casing_only_changes_letter_case(text):
    for recase in (person_name, address_line, organization_name):
        shown = recase(text)
        assert shown.upper() == text.upper() and len(shown) == len(text)


@given(_TEXT)
def test_casing_twice_changes_nothing_more(text):
    for recase in (person_name, address_line, organization_name):
        once = recase(text)
        assert recase(once) == once
