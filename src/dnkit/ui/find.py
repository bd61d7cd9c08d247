"""'Find candidates near me': search the NPI Registry by ZIP code and add people to the list.

The view only reads its controls, calls :func:`dnkit.registry.search` and shows the result. A
search has a timeout and few retries, so it cannot hang the page; any failure (offline, Binder
without network, a bad reply) becomes a message here and the rest of the app keeps working.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ipywidgets as W

from dnkit.figures.base import Table
from dnkit.registry import (
    LISTING_NOTE,
    REGISTRY_PROFESSIONS,
    RegistryError,
    RegistryInputError,
    RegistryUnavailable,
    SearchResult,
    license_lookup_hint,
    search,
)
from dnkit.render.html import esc, table_html
from dnkit.ui.controls import labelled
from dnkit.ui.guard import FRIENDLY, alert_html

log = logging.getLogger("dnkit.ui")

SEARCH_LABEL = "Search"
BUSY_LABEL = "Searching…"
MAX_SHOWN = 50
TIMEOUT_SECONDS = 8.0  # per request; with one retry a search gives up within about 17 s
COLUMNS = (
    "Name",
    "Profession",
    "Credential",
    "License (state, number)",
    "Phone",
    "Practice address",
    "NPI",
    "Registry last updated",
)
OFFLINE = (
    "We could not reach the NPI Registry, so we cannot show a list. This happens when you are "
    "offline, or when the page runs with no web access (as on Binder). The rest of dnkit still "
    "works. You can add people by hand in Compare."
)


class FindView:
    """Postal code and profession in; a results table and 'Add to my list' out.

    ``on_add`` receives the chosen :class:`dnkit.providers.Provider` objects.
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

        self.postal_code = labelled(
            W.Text(placeholder="for example 80202"), "Your ZIP code (5 digits)", "dn-find-zip"
        )
        self.profession = labelled(
            W.Dropdown(options=[(p.label, k) for k, p in REGISTRY_PROFESSIONS.items()], value="PT"),
            "Type of professional",
            "dn-find-profession",
        )
        self.search_button = W.Button(
            description=SEARCH_LABEL,
            button_style="primary",
            tooltip="Search the NPI Registry near this ZIP code",
        ).add_class("dn-find-search")
        self.status = W.HTML().add_class("dn-find-status")
        self.message = W.HTML().add_class("dn-message")
        self.results = W.HTML().add_class("dn-find-results")
        self.choose = labelled(
            W.SelectMultiple(options=[], rows=6), "Choose people to add", "dn-find-choose"
        )
        self.add_button = W.Button(
            description="Add to my list",
            disabled=True,
            tooltip="Add the people you chose to your list in Compare",
        ).add_class("dn-find-add")
        self.source = W.HTML().add_class("dn-source")
        self.note = W.HTML(self._note_html("PT")).add_class("dn-find-note")

        self.search_button.on_click(self._on_search)
        self.add_button.on_click(self._on_add)
        self.profession.observe(self._profession_changed, "value")
        self.widget = W.VBox(
            [
                W.HTML("<h3>Find candidates near me</h3>"),
                self.note,
                self.postal_code,
                self.profession,
                W.HBox([self.search_button, self.status]),
                self.message,
                self.results,
                self.choose,
                self.add_button,
                self.source,
            ],
            layout=W.Layout(width="100%"),
        ).add_class("dn-find")

    # ------------------------------------------------------------------ texts

    @staticmethod
    def _note_html(profession: str) -> str:
        hint, source = license_lookup_hint(profession)
        link = ""
        if source is not None and source.url:
            link = (
                f' <a href="{esc(source.url)}" target="_blank" rel="noopener noreferrer">'
                f"{esc(source.title)}</a> ({esc(source.date)})."
            )
        return (
            f'<p role="note"><strong>Please note:</strong> {esc(LISTING_NOTE)}</p>'
            f"<p>How to check a license: {esc(hint)}{link}</p>"
        )

    def _set_status(self, text: str) -> None:
        self.status.value = f'<span role="status" aria-live="polite">{esc(text)}</span>'

    # ------------------------------------------------------------------ callbacks

    def _profession_changed(self, change: dict) -> None:
        try:
            self.note.value = self._note_html(str(change["new"]))
        except Exception:  # the view never raises
            log.exception("could not update the license note")

    def _on_search(self, _button: W.Button | None = None) -> None:
        self.search_button.disabled = True
        self.search_button.description = BUSY_LABEL
        self._set_status("Searching the NPI Registry…")
        self.message.value = ""
        try:
            self._search()
        except Exception:
            log.exception("registry search failed unexpectedly")
            self._clear_results()
            self.message.value = alert_html(FRIENDLY)
            self._set_status("")
        finally:
            self.search_button.disabled = False
            self.search_button.description = SEARCH_LABEL

    def _search(self) -> None:
        zip_code = str(self.postal_code.value or "").strip()
        if not zip_code:
            self._set_status("")
            self.message.value = alert_html("Please type your 5-digit ZIP code first.")
            return
        try:
            result = search(
                postal_code=zip_code,
                profession=str(self.profession.value),
                limit=MAX_SHOWN,
                max_results=MAX_SHOWN,
                base_url=self.base_url,
                cache_dir=self.cache_dir,
                timeout=self.timeout,
                retries=1,
            )
        except RegistryInputError as err:
            self._set_status("")
            self.message.value = alert_html(str(err))
            return
        except RegistryUnavailable as err:
            log.warning("NPI Registry unavailable: %s", err)
            self._clear_results()
            self._set_status("")
            self.message.value = alert_html(OFFLINE)
            return
        except RegistryError as err:
            self._clear_results()
            self._set_status("")
            self.message.value = alert_html(
                f"The NPI Registry did not give usable results: {err} "
                "The rest of dnkit still works."
            )
            return
        self._show(result)

    def _clear_results(self) -> None:
        self.result = None
        self.results.value = ""
        self.choose.options = []
        self.add_button.disabled = True
        self.source.value = ""

    def _show(self, result: SearchResult) -> None:
        self.result = result
        count = len(result.providers)
        label = REGISTRY_PROFESSIONS[str(self.profession.value)].label.lower()
        if count == 0:
            self._clear_results()
            self._set_status("")
            self.message.value = (
                f"<p>No {esc(label)} listings were found for this ZIP code. Try the first 3 "
                "digits of your ZIP code to search a wider area.</p>"
            )
            self.source.value = f"<p>{esc(result.source_note)}</p>"
            return
        rows = tuple(
            (
                r.name,
                r.profession,
                r.credential or "",
                " ".join(x for x in (r.license_state, r.license_number) if x) or "not listed",
                r.phone or "",
                r.address or "",
                r.npi,
                r.last_updated or "",
            )
            for r in result.records
        )
        caption = f"{count} {label} {'listing' if count == 1 else 'listings'} near you"
        more = " More may exist: try a full 5-digit ZIP code." if result.truncated else ""
        self.results.value = table_html(Table(COLUMNS, rows), caption=caption) + (
            f"<p>{esc(more)}</p>" if more else ""
        )
        self.choose.options = [
            (f"{r.name} ({r.credential or r.profession}), NPI {r.npi}", i)
            for i, r in enumerate(result.records)
        ]
        self.choose.value = ()
        self.add_button.disabled = False
        self._set_status(f"Found {count}.")
        self.source.value = f"<p>{esc(result.source_note)}</p>"

    def _on_add(self, _button: W.Button | None = None) -> None:
        try:
            if self.result is None:
                return
            chosen = [self.result.providers[i] for i in self.choose.value]
            if not chosen:
                self.message.value = alert_html("Choose at least one person in the list first.")
                return
            self.on_add(chosen)
            names = ", ".join(p.name for p in chosen)
            self.message.value = (
                f'<p role="status">Added to your list: {esc(names)}. Ask each one the dry '
                "needling questions before you book.</p>"
            )
            self.choose.value = ()
        except Exception:
            log.exception("could not add providers to the list")
            self.message.value = alert_html(FRIENDLY)
