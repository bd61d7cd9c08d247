"""Wire a widget to a field of the plan, both ways, with one echo guard.

A person's change goes to the plan (checked there); a change of the plan from anywhere else (a
loaded file, a restored draft, another step) comes back to the widget. A value the plan refuses
stays in the widget as typed, so nothing the person wrote is lost, and the reason shows in the
field's message, right where they typed it; the plan keeps its last good value, and so does
everything drawn from it (charts, the draft, the summary).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as W

from dnkit.errors import InputError
from dnkit.labels import message as labelled_message
from dnkit.render.html import alert
from dnkit.store import FieldRef
from dnkit.ui.guard import log


def _same(x: Any) -> Any:
    return x


class FieldMessage:
    """The place under a control where a refused value is explained (hidden while empty)."""

    def __init__(self) -> None:
        self.widget = W.HTML(layout=W.Layout(display="none")).add_class("dn-field-message")

    def show(self, error: InputError | None) -> None:
        if error is None:
            self.widget.value = ""
            self.widget.layout.display = "none"
        else:
            self.widget.value = alert(labelled_message(error.field, error.message))
            self.widget.layout.display = None

    @property
    def text(self) -> str:
        return self.widget.value


def bind(
    widget: W.Widget,
    trait: str,
    field: FieldRef,
    *,
    to_widget: Callable[[Any], Any] = _same,
    from_widget: Callable[[Any], Any] = _same,
    message: FieldMessage | None = None,
) -> Callable[[], None]:
    """Keep ``widget.<trait>`` and ``field`` in step; returns the function that unbinds them.

    ``from_widget`` turns what the widget holds into the field's value (it may raise
    InputError); ``to_widget`` does the reverse. While one side writes to the other, the echo
    coming back is ignored.
    """
    writing = False
    problem = message or FieldMessage()

    def widget_changed(change: dict) -> None:
        nonlocal writing
        if writing:
            return
        writing = True
        try:
            field.set(from_widget(change["new"]))
        except InputError as err:
            problem.show(err)
            return
        except Exception:
            # A crafted message can send any value; it must never break the page.
            log.exception("could not use a value for %s", ".".join(field.paths))
            problem.show(InputError(field.paths[0], "this value cannot be used"))
            return
        finally:
            writing = False
        problem.show(None)

    def field_changed(value: Any) -> None:
        nonlocal writing
        if writing:
            return
        shown = to_widget(value)
        problem.show(None)  # the widget shows the plan's value again
        if getattr(widget, trait) == shown:
            return
        writing = True
        try:
            setattr(widget, trait, shown)
        finally:
            writing = False

    field_changed_initial = to_widget(field.value)
    if getattr(widget, trait) != field_changed_initial:
        writing = True
        try:
            setattr(widget, trait, field_changed_initial)
        finally:
            writing = False
    widget.observe(widget_changed, trait)
    unsubscribe = field.subscribe(field_changed)

    def unbind() -> None:
        widget.unobserve(widget_changed, trait)
        unsubscribe()

    return unbind


class Bindings:
    """The subscriptions a view holds, so closing the view lets go of all of them."""

    def __init__(self) -> None:
        self._undo: list[Callable[[], None]] = []

    def add(self, undo: Callable[[], None]) -> Callable[[], None]:
        self._undo.append(undo)
        return undo

    def bind(self, widget: W.Widget, trait: str, field: FieldRef, **kw: Any) -> None:
        self.add(bind(widget, trait, field, **kw))

    def close(self) -> None:
        while self._undo:
            self._undo.pop()()
