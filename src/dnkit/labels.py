"""The words a person sees for each field, and the one function that names a field in a message.

A control's visible label and the message that says what is wrong with it use the same words,
so a person can find the box to fix. The dashboard and the command line both read this map.
Keys are the field names of the plan (:class:`dnkit.plan.Plan`), its cost inputs
(:class:`dnkit.cost_inputs.CostInputs`) and a provider (:class:`dnkit.providers.Provider`).
"""

from __future__ import annotations

# The kinds of clinic, as a person names them, are defined beside the kinds themselves
# (a file may use these words); views read them from here with the other labels.


def profession_label(code: str) -> str:
    """``"Physical therapist (PT)"``: the profession's name and its code."""
    from dnkit.regulation import PROFESSIONS

    name = PROFESSIONS.get(code, code)
    return f"{name[:1].upper()}{name[1:]} ({code})"


def profession_options() -> list[tuple[str, str]]:
    """(label, code) for every profession dnkit knows, for a dropdown."""
    from dnkit.regulation import PROFESSIONS

    return [(profession_label(code), code) for code in PROFESSIONS]


COST_LABELS: dict[str, str] = {
    "sessions": "Number of sessions",
    "price_low": "Price per session (low to high)",
    "price_high": "Price per session (low to high)",
    "price_typical": "Typical price per session",
    "first_visit_fee": "First-visit fee in dollars (0 if none)",
    "metro_factor": "Area price factor (1 means no change)",
    "packages": "Package offers (like 6:420; 10:650)",
    "covered": "Does your plan pay for dry needling?",
    "allowed_amount": "Plan's allowed amount per visit ($, blank: clinic price)",
    "deductible_remaining": "Deductible left this year ($)",
    "copay": "Copay per visit ($)",
    "coinsurance": "Coinsurance (%)",
    "oop_max_remaining": "Out-of-pocket maximum left ($, blank: none)",
    "visit_cap": "Visits the plan pays for a year (blank: no limit)",
    "visits_used": "Visits used this year",
    "provider": "Whose prices?",
    "medicare": "Your Medicare",
    "medicare_advantage": "Your Medicare",
    "profession": "Who does the needling?",
    "chronic_low_back_pain": "It is for chronic low back pain (12 weeks or more)",
    "ncd_qualified": "NP, PA or acupuncturist with the degree and license Medicare asks for",
    "improving": "My back pain is getting better",
    "part_b_deductible_remaining": "Part B deductible left this year ($, blank: all of it)",
    "part_b_met": "I have already met my Part B deductible this year",
    "approved_amount": "Medicare's approved amount per visit ($, if known)",
    "medicare_visits_used": "Acupuncture visits Medicare paid for this year",
}

PROVIDER_LABELS: dict[str, str] = {
    "name": "Provider or clinic name",
    "profession": "Kind of provider",
    "license_state": "State of their license (like CO)",
    "license_number": "License number",
    "license_verified": "Did you check the license with the state board?",
    "dn_program": "Name of their dry needling course",
    "dn_hours_total": "Dry needling training hours in all",
    "dn_hours_in_person": "Of those, hours hands-on and in person",
    "supervised_sessions": "Sessions they did while a teacher watched",
    "years_licensed": "Years licensed",
    "years_dry_needling": "Years doing dry needling",
    "techniques": "Methods they use",
    "sterile_single_use_needles": "Sterile needles, used once and thrown away?",
    "written_consent": "Do they ask for your written consent?",
    "initial_assessment": "Do they check you fully before needling?",
    "side_effect_plan": "Do they have a plan for side effects?",
    "integrated_plan": "Is needling part of a wider treatment plan?",
    "setting": "Where they work",
    "price_per_session": "Price per session in dollars (like 75 or 60-90)",
    "first_visit_fee": "First visit fee in dollars",
    "packages": "Package deals (like 6:420 for 6 sessions for $420)",
    "in_network": "In your insurance network?",
    "insurance_notes": "Notes on insurance",
    "distance_miles": "Distance from you in miles",
    "notes": "Your notes",
    "address": "Address",
    "phone": "Phone",
}

COMPARE_LABELS: dict[str, str] = {
    "jurisdiction": "Your state",
    "weights": "What matters to you",
    "max_distance": "Longest trip, in miles (empty: no limit)",
    "max_cost": "Most you will pay for your planned sessions, in $ (empty: no limit)",
}

PLAN_LABELS: dict[str, str] = {
    "jurisdiction": "Your state",
    "offered_by": "Their profession",
    "offered_by_name": "Their name or their clinic's (optional)",
    "concern": "What brings you here?",
    "providers": "Your providers",
    "weights": "What matters to you",
    "must_haves": "Must-haves",
    "preferred_settings": "Kinds of clinic you prefer",
    "values": "What matters most to you",
    "sure_start": "How you feel about this choice (start)",
    "sure_end": "How you feel about this choice (end)",
    "costs": "Costs",
}

# Where a field lives in the plan, for dotted names such as "costs.copay".
_BY_SECTION: dict[str, dict[str, str]] = {
    "costs": COST_LABELS,
    "must_haves": COMPARE_LABELS,
    "providers": PROVIDER_LABELS,
}


def label(field: str) -> str:
    """The visible label for a field name or a dotted plan path ("costs.copay"); the field
    itself when dnkit has no label for it (never an empty string)."""
    parts = [p for p in str(field).split(".") if p and not p.isdigit()]
    if not parts:
        return str(field)
    last = parts[-1]
    section = _BY_SECTION.get(parts[0]) if len(parts) > 1 else None
    for table in (section, PLAN_LABELS, COST_LABELS, COMPARE_LABELS, PROVIDER_LABELS):
        if table and last in table:
            return table[last]
    return last


def message(field: str, text: str) -> str:
    """``"Copay per visit ($): cannot be negative (got -5)"``: a problem named by its label."""
    return f"{label(field)}: {text}"
