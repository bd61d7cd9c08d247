"""The dashboard's first screen as plain HTML: its words paint before any widget script runs.

A phone on a slow network needs seconds to load the widget scripts; until then a Voila page is
blank. The dashboard notebook therefore shows this HTML first (dnkit's Voila template writes it
into the page Voila sends, not into the JSON the scripts render later), and the widgets take
over below it: the header stays, and the waiting copy of the first question is hidden, in the
same frame as the widget app appears, so nothing on screen jumps. The texts are defined here
once; the widget app reads them from here too.
"""

from __future__ import annotations

from dnkit.guide import last_reviewed
from dnkit.render.html import esc
from dnkit.render.notice import notice_html
from dnkit.render.style import stylesheet

TITLE = "dnkit: find a safe, qualified dry needling provider"
PURPOSE = (
    "Check a provider's training and your state's rules, compare providers, "
    "and see what a course of sessions may cost you."
)
FIRST_QUESTION = "Where will you be treated, and who offered you dry needling?"
WAITING = "Getting the questions ready…"

# The output metadata dnkit's Voila template looks for: such an output's HTML goes into the page
# as it is (share/voila/templates/dnkit/index.html.j2).
METADATA = {"dnkit": {"first_screen": True}}

# Until the widget app has drawn its step buttons it stays invisible (its parts appear one by
# one); from then on the waiting copy of the question is gone, in the same frame. The waiting
# copy stands in the page's flow, where it cannot be clipped by the output around it; every
# other output box (the app's among them) is invisible until that frame, so nothing a person
# sees moves when the copy goes (the app's box, visible and 15 px tall, used to jump 100 px up
# then: a layout shift of 0.1).
_TAKE_OVER_CSS = (
    ".dn-app.dn-widgets:not(:has(.dn-steps button)) { visibility: hidden; }"
    " body:not(:has(.dn-steps button)) .jp-OutputArea-child:not(:has(.dn-first-screen))"
    " { visibility: hidden; }"
    " body:has(.dn-app.dn-widgets .dn-steps button) .dn-first-wait { display: none; }"
    " .dn-first-wait .dn-waiting { color: #3e4c59; }"
)


def reviewed() -> str:
    """When the facts behind the answers were last checked, in a few words."""
    d = last_reviewed()
    return f"Reviewed {d.strftime('%b')} {d.day}, {d.year}."


def header_html() -> str:
    return (
        f'<header class="dn-header"><h1>{esc(TITLE)}</h1><p class="dn-purpose">{esc(PURPOSE)}</p>'
        f"{notice_html(reviewed())}</header>"
    )


def first_screen_html() -> str:
    """The stylesheet, the header and the first question, waiting for the widgets."""
    return (
        f"<style>{stylesheet()}{_TAKE_OVER_CSS}</style>"
        f'<div class="dn-app dn-first-screen">{header_html()}'
        f'<section class="dn-first-wait" aria-busy="true"><h2>{esc(FIRST_QUESTION)}</h2>'
        f'<p class="dn-waiting">{esc(WAITING)}</p></section></div>'
    )
