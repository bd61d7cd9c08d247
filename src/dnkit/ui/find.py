"""'Find candidates near me': search the NPI Registry by ZIP code and add people to the list.

The view only reads its controls, calls :func:`dnkit.registry.search` and shows the result as
one card per listing, with the same lines ``dnkit find`` prints (:mod:`dnkit.registry.listing`).
Cards read well on a phone: no wide table, 16 px text, 44 px tap targets. A search has a timeout
and few retries, so it cannot hang the page; it says which page it is reading while it pages;
any failure (offline, Binder without network, a bad reply) becomes a message here and the rest
of the app keeps working.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ipywidgets as W

from dnkit.registry import (
    KIND_LABELS,
    LISTING_NOTE,
    REGISTRY_PROFESSIONS,
    Listing,
    Progress,
    RegistryError,
    RegistryInputError,
    RegistryUnavailable,
    SearchResult,
    listings,
    result_heading,
    search,
)
from dnkit.render.citations import citation_html
from dnkit.render.html import alert, esc
from dnkit.ui.controls import labelled
from dnkit.ui.guard import FRIENDLY

log = logging.getLogger("dnkit.ui")

SEARCH_LABEL = "Search"
BUSY_LABEL = "Searching…"
ADD_LABEL = "Add to my list"
ADDED_LABEL = "Added to my list"
MAX_SHOWN = 50
TIMEOUT_SECONDS = 8.0  # per request; with one retry a search gives up within about 17 s
OFFLINE = (
    "We could not reach the NPI Registry, so we cannot show a list. This happens when you are "
    "offline, or when the page runs with no web access (as on Binder). The rest of dnkit still "
    "works. You can add people by hand in Compare."
)
NOTE_HTML = (
    f'<p role="note"><strong>Please note:</strong> {esc(LISTING_NOTE)} Each result below says '
    "where to check that person's license.</p>"
)


def progress_text(progress: Progress) -> str:
    """'Asking the NPI Registry…', then 'Reading page 2 of the results (200 read so far)…'."""
    if progress.page == 1:
        return "Asking the NPI Registry…"
    return (
        f"Reading page {progress.page} of the results ({progress.received} read so far, "
        f"{progress.kept} kept)…"
    )


def _phone_link(phone: str) -> str:
    digits = re.sub(r"\D", "", phone)
    return f'<a href="tel:{esc(digits)}">{esc(phone)}</a>' if len(digits) >= 7 else esc(phone)


def card_html(item: Listing) -> str:
    """One listing as a card: heading, labelled lines, a phone link and how to check."""
    rows = []
    for label, value in item.lines:
        shown = _phone_link(value) if label == "Phone" and item.phone else esc(value)
        rows.append(f'<p class="dn-find-line"><strong>{esc(label)}:</strong> {shown}</p>')
    check = f"<strong>Check the license:</strong> {esc(item.check.full_text)}"
    if item.check.source is not None and item.check.source.url:
        check += f" Source: {citation_html(item.check.source)}."
    return (
        f'<article class="dn-find-listing" aria-label="{esc(item.heading)}">'
        f"<h4>{esc(item.heading)}</h4>{''.join(rows)}"
        f'<p class="dn-find-check">{check}</p></article>'
    )


class FindView:
    """ZIP code, profession and people-or-clinics in; result cards with 'Add to my list' out.

    ``on_add`` receives a list of :class:`dnkit.providers.Provider` objects (one per click),
    carrying the phone and the address in the place searched, the NPI, credential, license
    number and license state.
    """

    def __init__(
        self,
        on_add: Callable[[list[Any]], None],
        base_url: str | None = None,
        cache_dir: str | Path | None = None,
        timeout: float = TIMEOUT_SECONDS,
    ) -> None:
        self.on_add = on_add
        self.base_url = base_url
        self.cache_dir = cache_dir
        self.timeout = timeout
        self.result: SearchResult | None = None
        self.add_buttons: list[W.Button] = []

        self.postal_code = labelled(
            W.Text(placeholder="for example 80202"), "Your ZIP code (5 digits)", "dn-find-zip"
        )
        self.profession = labelled(
            W.Dropdown(options=[(p.label, k) for k, p in REGISTRY_PROFESSIONS.items()], value="PT"),
            "Type of professional",
            "dn-find-profession",
        )
        self.kind = labelled(
            W.Dropdown(options=[(label, k) for k, label in KIND_LABELS.items()], value="people"),
            "Look for",
            "dn-find-kind",
        )
        self.search_button = W.Button(
            description=SEARCH_LABEL,
            button_style="primary",
            tooltip="Search the NPI Registry near this ZIP code",
        ).add_class("dn-find-search")
        self.status = W.HTML().add_class("dn-find-status")
        self.message = W.HTML().add_class("dn-message")
        self.summary = W.HTML().add_class("dn-find-summary")
        self.cards = W.VBox(layout=W.Layout(width="100%")).add_class("dn-find-cards")
        self.source = W.HTML().add_class("dn-find-source")
        self.note = W.HTML(NOTE_HTML).add_class("dn-find-note")

        self.search_button.on_click(self._on_search)
        self.widget = W.VBox(
            [
                W.HTML("<h3>Find candidates near me</h3>"),
                self.note,
                self.postal_code,
                self.profession,
                self.kind,
                W.HBox([self.search_button, self.status], layout=W.Layout(flex_flow="row wrap")),
                self.message,
                self.summary,
                self.cards,
                self.source,
            ],
            layout=W.Layout(width="100%"),
        ).add_class("dn-find")

    # ------------------------------------------------------------------ texts

    def _set_status(self, text: str) -> None:
        self.status.value = f'<span role="status" aria-live="polite">{esc(text)}</span>'

    # ------------------------------------------------------------------ callbacks

    def _on_search(self, _button: W.Button | None = None) -> None:
        self.search_button.disabled = True
        self.search_button.description = BUSY_LABEL
        self._set_status("Asking the NPI Registry…")
        self.message.value = ""
        try:
            self._search()
        except Exception:
            log.exception("registry search failed unexpectedly")
            self._clear_results()
            self.message.value = alert(FRIENDLY)
            self._set_status("")
        finally:
            self.search_button.disabled = False
            self.search_button.description = SEARCH_LABEL

    def _progress(self, progress: Progress) -> None:
        self._set_status(progress_text(progress))

    def _search(self) -> None:
        zip_code = str(self.postal_code.value or "").strip()
        if not zip_code:
            self._set_status("")
            self.message.value = alert("Please type your 5-digit ZIP code first.")
            return
        try:
            result = search(
                postal_code=zip_code,
                profession=str(self.profession.value),
                kind=str(self.kind.value),
                limit=MAX_SHOWN,
                max_results=MAX_SHOWN,
                base_url=self.base_url,
                cache_dir=self.cache_dir,
                timeout=self.timeout,
                retries=1,
                on_progress=self._progress,
            )
        except RegistryInputError as err:
            self._set_status("")
            self.message.value = alert(str(err))
            return
        except RegistryUnavailable as err:
            log.warning("NPI Registry unavailable: %s", err)
            self._clear_results()
            self._set_status("")
            self.message.value = alert(OFFLINE)
            return
        except RegistryError as err:
            self._clear_results()
            self._set_status("")
            self.message.value = alert(
                f"The NPI Registry did not give usable results: {err} "
                "The rest of dnkit still works."
            )
            return
        self._show(result)

    def _clear_results(self) -> None:
        self.result = None
        self.summary.value = ""
        self._set_cards([])
        self.source.value = ""

    def _set_cards(self, cards: list[W.Widget]) -> None:
        old = self.cards.children
        self.cards.children = cards
        for card in old:  # free the old cards' widgets in the browser too
            for child in card.children:
                child.close()
            card.close()

    def _source_html(self, result: SearchResult) -> str:
        parts = [f"Source: {citation_html(result.citation)}." if result.citation else ""]
        if result.other_registry:
            parts.append(
                f"Read from the registry address set for this run: {esc(result.other_registry)}"
            )
        return f"<p>{' '.join(p for p in parts if p)}</p>"

    def _show(self, result: SearchResult) -> None:
        self.result = result
        items = listings(result)
        left_out = result.left_out_note()
        self.source.value = self._source_html(result)
        if not items:
            self._set_cards([])
            self._set_status("")
            label = REGISTRY_PROFESSIONS[str(self.profession.value)].label.lower()
            self.summary.value = (
                f"<p>No {esc(label)} listings were found for this ZIP code. Try the first 3 "
                "digits of your ZIP code to search a wider area.</p>"
                + (f"<p>{esc(left_out)}</p>" if left_out else "")
            )
            return
        more = " More may exist: try a full 5-digit ZIP code." if result.truncated else ""
        self.summary.value = (
            f"<h4>{esc(result_heading(result))}</h4>"
            + (f"<p>{esc(left_out)}</p>" if left_out else "")
            + (f"<p>{esc(more)}</p>" if more else "")
        )
        cards = []
        self.add_buttons = []
        for index, item in enumerate(items):
            button = W.Button(
                description=ADD_LABEL, icon="plus", tooltip=f"Add {item.heading} to my list"
            ).add_class("dn-find-add")
            button.on_click(lambda _b, i=index: self._on_add(i))
            self.add_buttons.append(button)
            cards.append(
                W.VBox([W.HTML(card_html(item)), button], layout=W.Layout(width="100%")).add_class(
                    "dn-find-card"
                )
            )
        self._set_cards(cards)
        self._set_status(f"Found {len(items)}.")

    def _on_add(self, index: int) -> None:
        try:
            if self.result is None or not 0 <= index < len(self.result.providers):
                return
            chosen = self.result.providers[index]
            self.on_add([chosen])
            button = self.add_buttons[index]
            button.description = ADDED_LABEL
            button.icon = "check"
            button.disabled = True
            self.message.value = (
                f'<p role="status">Added to your list: {esc(chosen.name)}. Ask them the dry '
                "needling questions before you book.</p>"
            )
        except Exception:
            log.exception("could not add providers to the list")
            self.message.value = alert(FRIENDLY)
