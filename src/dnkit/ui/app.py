"""The dashboard app: assembles the steps into one page."""

from __future__ import annotations

import ipywidgets as W

from dnkit import NOT_MEDICAL_ADVICE
from dnkit.markup import esc
from dnkit.ui.costs import CostPlannerView

TITLE = "dnkit: find a safe, qualified dry needling provider"
PURPOSE = (
    "Check a provider's training and your state's rules, compare providers, "
    "and see what a course of sessions may cost you."
)


def dashboard() -> W.VBox:
    """Build the whole dashboard as one widget."""
    header = W.HTML(
        f'<header class="dn-header"><h1>{esc(TITLE)}</h1><p>{esc(PURPOSE)}</p>'
        f'<p class="dn-not-advice" role="note"><strong>Please note:</strong> '
        f"{esc(NOT_MEDICAL_ADVICE)}</p></header>"
    )
    costs = CostPlannerView()
    return W.VBox([header, W.HTML("<h2>What will it cost?</h2>"), costs.widget]).add_class("dn-app")
