"""Every bound dnkit puts on what a person types, in one place.

The cost engine, the saved plan, the dashboard's controls and the command line all read these, so
a value one of them accepts is never refused (or silently clamped) by another. The bounds catch
typing slips (an extra zero), not real prices or plans.
"""

from __future__ import annotations

# --- a course of sessions --------------------------------------------------------------------
# Most courses are 3 to 6 sessions, and Medicare pays for at most 20 acupuncture visits a year
# (cost_defaults.toml), so 20 covers every plan dnkit draws; the slider, the plan file, the
# engine and the CLI share it.
MAX_SESSIONS = 20
MAX_PACKAGE_SESSIONS = 50  # a clinic's package size (a package may hold more than one course)
MAX_PACKAGES = 10

# --- money, in US dollars ----------------------------------------------------------------------
MAX_SESSION_PRICE = 5_000.0  # one session, an allowed amount, a copay, Medicare's amount
MAX_FEE = 5_000.0  # a first-visit fee
MAX_PACKAGE_PRICE = 50_000.0
MAX_DEDUCTIBLE = 100_000.0
MAX_OOP = 1_000_000.0
MAX_COURSE_COST = 200_000.0  # "the most you will pay" in a comparison
MAX_COINSURANCE_PCT = 100.0
MAX_VISITS_PER_YEAR = 366
MIN_METRO_FACTOR = 0.5
MAX_METRO_FACTOR = 3.0

# --- what a person says about a provider --------------------------------------------------------
MAX_TRAINING_HOURS = 2_000.0
MAX_YEARS = 70.0
MAX_DISTANCE_MILES = 1_000.0
MAX_SUPERVISED_SESSIONS = 10_000
TEXT_LIMIT = 500  # a name, a licence number, a course name
LONG_TEXT_LIMIT = 2_000  # notes
MAX_CONCERN_CHARS = 500

# --- lists and files ---------------------------------------------------------------------------
MAX_PROVIDERS = 50  # providers in one plan
MAX_PREFERRED_SETTINGS = 10
MAX_PROVIDER_FILE_BYTES = 5_000_000
MAX_PLAN_BYTES = 5_000_000

# --- the comparison ------------------------------------------------------------------------------
MAX_WEIGHT = 100.0
MAX_DRAWS = 100_000  # weight draws in the "how sure" check
