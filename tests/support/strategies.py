"""Hypothesis strategies shared by the tests: cost engine inputs and whole providers."""

from __future__ import annotations

from hypothesis import strategies as st

from dnkit.costs import InsurancePlan, MedicarePlan, Package, PriceRange, Pricing, plan_costs
from dnkit.limits import MAX_PACKAGE_PRICE, MAX_PACKAGE_SESSIONS, MAX_SESSIONS
from dnkit.providers import SETTINGS, TECHNIQUES, Answer, Provider
from dnkit.regulation import PROFESSIONS, jurisdictions

# ----------------------------------------------------------------------------- cost engine
money = st.floats(0, 400, allow_nan=False).map(lambda x: round(x, 2))


@st.composite
def prices(draw):
    a, b, c = sorted(draw(st.lists(money, min_size=3, max_size=3)))
    return PriceRange(a, b, c)


packages = st.lists(
    st.builds(Package, st.integers(1, 12), st.floats(0, 2000).map(lambda x: round(x, 2))),
    max_size=3,
)
pricing = st.builds(
    Pricing,
    prices(),
    first_visit_fee=money,
    metro_factor=st.sampled_from([1.0, 0.8, 1.2, 1.5]),
    packages=packages.map(tuple),
)
insurance = st.builds(
    InsurancePlan,
    covered=st.booleans(),
    allowed_amount=st.none() | money,
    deductible_remaining=st.floats(0, 3000).map(lambda x: round(x, 2)),
    copay=st.floats(0, 80).map(lambda x: round(x, 2)),
    coinsurance_pct=st.floats(0, 100),
    oop_max_remaining=st.none() | st.floats(0, 5000),
    visit_cap=st.none() | st.integers(0, 40),
    visits_used=st.integers(0, 40),
)
medicare = st.builds(
    MedicarePlan,
    profession=st.sampled_from(["PT", "DC", "MD", "DO", "NP", "PA", "LAc", "other"]),
    chronic_low_back_pain=st.booleans(),
    ncd_qualified=st.booleans(),
    part_b_deductible_remaining=st.floats(0, 300),
    approved_amount=st.none() | money,
    improving=st.booleans(),
    visits_used=st.integers(0, 25),
)
plans = st.builds(
    plan_costs, st.integers(1, MAX_SESSIONS), pricing, st.none() | insurance, st.none() | medicare
)


# ----------------------------------------------------------------------------- providers
SAFE_TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\n\r\t'=+-@;,\""),
    max_size=40,
)
AMOUNT = st.floats(min_value=0, max_value=2000, allow_nan=False, allow_infinity=False)


@st.composite
def providers(draw) -> Provider:
    def maybe(strategy):
        return draw(st.none() | strategy)

    def answer():
        return draw(st.sampled_from(list(Answer)))

    name = draw(SAFE_TEXT.filter(lambda s: s.strip()))
    total = maybe(AMOUNT)
    in_person = maybe(st.floats(0, total if total is not None else 2000, allow_nan=False))
    low = draw(st.floats(0, 5000, allow_nan=False))
    high = draw(st.floats(low, 5000, allow_nan=False))
    typical = draw(st.sampled_from([low, high, (low + high) / 2]))
    price = maybe(st.just(PriceRange(low, typical, high)))
    packages = draw(
        st.lists(
            st.builds(
                Package,
                st.integers(1, MAX_PACKAGE_SESSIONS),
                st.floats(0, MAX_PACKAGE_PRICE, allow_nan=False),
            ),
            max_size=3,
        )
    )
    return Provider(
        name=name,
        profession=draw(st.sampled_from(list(PROFESSIONS))),
        license_state=maybe(st.sampled_from(list(jurisdictions()))),
        license_number=maybe(SAFE_TEXT),
        license_verified=answer(),
        dn_program=maybe(SAFE_TEXT),
        dn_hours_total=total,
        dn_hours_in_person=in_person,
        supervised_sessions=maybe(st.integers(0, 10000)),
        years_licensed=maybe(st.floats(0, 70, allow_nan=False)),
        years_dry_needling=maybe(st.floats(0, 70, allow_nan=False)),
        techniques=tuple(draw(st.lists(st.sampled_from(TECHNIQUES), unique=True))),
        sterile_single_use_needles=answer(),
        written_consent=answer(),
        initial_assessment=answer(),
        side_effect_plan=answer(),
        integrated_plan=answer(),
        setting=maybe(st.sampled_from(SETTINGS)),
        price_per_session=price,
        first_visit_fee=maybe(st.floats(0, 5000, allow_nan=False)),
        packages=tuple(packages),
        in_network=answer(),
        insurance_notes=draw(SAFE_TEXT),
        distance_miles=maybe(st.floats(0, 1000, allow_nan=False)),
        notes=draw(SAFE_TEXT),
        npi=maybe(st.from_regex(r"\d{10}", fullmatch=True)),
        credential=maybe(SAFE_TEXT),
        address=maybe(SAFE_TEXT),
        phone=maybe(SAFE_TEXT),
        registry_updated=maybe(SAFE_TEXT),
    )
