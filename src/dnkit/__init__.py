"""dnkit: help a person find a safe, qualified dry needling provider.

The domain modules (regulation, providers, vetting, costs, compare, guide) are plain Python and
import nothing from Jupyter; the widget views live in :mod:`dnkit.ui`.
"""

__version__ = "0.1.0"

NOT_MEDICAL_ADVICE = (
    "dnkit helps you choose. It is not medical advice. Talk with your doctor before you start."
)
