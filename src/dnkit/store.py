"""The one current plan, and field-level access to it for the views that show and change it.

Every step of the dashboard binds its controls to fields of one :class:`PlanStore`. A change is
checked against the whole plan first and only then swapped in, so the plan never holds a value
the rest of dnkit would refuse; a refused change raises :class:`~dnkit.errors.PlanInputError`
naming the field, and the plan keeps its last good value. Subscribers are told only when the
value they watch really changed, and every subscription returns its own "unsubscribe".

Pure Python: views wire widgets to fields with :func:`dnkit.ui.bind.bind`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from pydantic import BaseModel, ValidationError

from dnkit.errors import PlanInputError, first_problem
from dnkit.plan import Plan

PlanListener = Callable[[Plan, frozenset[str]], None]


def _get(obj: Any, parts: list[str]) -> Any:
    for part in parts:
        if isinstance(obj, BaseModel):
            obj = getattr(obj, part)
        elif isinstance(obj, Mapping):
            obj = obj.get(part)
        else:
            raise KeyError(part)
    return obj


def _with(obj: Any, parts: list[str], value: Any, done: tuple[str, ...] = ()) -> Any:
    """``obj`` with the value at ``parts`` replaced; a changed model is validated again."""
    head, rest = parts[0], parts[1:]
    if isinstance(obj, BaseModel):
        if head not in type(obj).model_fields:
            raise PlanInputError(".".join((*done, head)), "is not a part of the plan")
        new = _with(getattr(obj, head), rest, value, (*done, head)) if rest else value
        try:
            return type(obj).model_validate({**dict(obj), head: new})
        except ValidationError as err:
            field, text = first_problem(err, done)
            raise PlanInputError(field, text) from None
    if isinstance(obj, Mapping):
        new = _with(obj.get(head), rest, value, (*done, head)) if rest else value
        out = dict(obj)
        if new is None:
            out.pop(head, None)
        else:
            out[head] = new
        return out
    raise PlanInputError(".".join((*done, head)), "is not a part of the plan")


class _Subscription:
    __slots__ = ("fn", "last", "paths")

    def __init__(self, paths: tuple[str, ...] | None, fn: Callable[..., None], last: Any) -> None:
        self.paths = paths
        self.fn = fn
        self.last = last


class FieldRef:
    """One field of the plan (or several read and written together), by dotted path."""

    def __init__(self, store: PlanStore, paths: tuple[str, ...]) -> None:
        self.store = store
        self.paths = paths

    @property
    def value(self) -> Any:
        return self.store.get(*self.paths)

    def set(self, value: Any) -> None:
        """Change the field; raises PlanInputError (and changes nothing) when the plan refuses."""
        values = value if len(self.paths) > 1 else (value,)
        if len(values) != len(self.paths):
            raise PlanInputError(self.paths[0], f"needs {len(self.paths)} values")
        self.store.set(dict(zip(self.paths, values, strict=True)))

    def subscribe(self, fn: Callable[[Any], None]) -> Callable[[], None]:
        """Call ``fn(value)`` after each real change of this field; returns the unsubscribe."""
        return self.store._add(_Subscription(self.paths, fn, self.value))


class PlanStore:
    """Holds the current plan; views read and change it through fields."""

    def __init__(self, plan: Plan | None = None) -> None:
        self._plan = plan if plan is not None else Plan()
        self._subs: list[_Subscription] = []

    @property
    def plan(self) -> Plan:
        return self._plan

    @property
    def listener_count(self) -> int:
        """How many subscriptions are live (a rebuilt view must not leave old ones behind)."""
        return len(self._subs)

    def field(self, *paths: str) -> FieldRef:
        if not paths:
            raise ValueError("field() needs at least one path, like 'jurisdiction'")
        for path in paths:
            self.get(path)  # fails now for a path the plan does not have
        return FieldRef(self, paths)

    def get(self, *paths: str) -> Any:
        values = tuple(_get(self._plan, p.split(".")) for p in paths)
        return values[0] if len(values) == 1 else values

    def subscribe(self, fn: PlanListener) -> Callable[[], None]:
        """Call ``fn(plan, changed_top_level_fields)`` after every change; returns unsubscribe."""
        return self._add(_Subscription(None, fn, None))

    def set(self, changes: Mapping[str, Any]) -> Plan:
        """Change fields by dotted path, all or none; raises PlanInputError naming the field."""
        plan = self._plan
        for path, value in changes.items():
            plan = _with(plan, path.split("."), value)
        return self._swap(plan)

    def update(self, **changes: Any) -> Plan:
        """Change top-level fields (``store.update(jurisdiction="CO")``)."""
        return self.set(changes)

    def replace(self, plan: Plan) -> Plan:
        """Put a whole plan in place (a loaded file or a restored draft, already checked)."""
        if not isinstance(plan, Plan):
            raise TypeError("replace() needs a dnkit.plan.Plan")
        return self._swap(plan)

    # -- internals
    def _add(self, sub: _Subscription) -> Callable[[], None]:
        self._subs.append(sub)

        def unsubscribe() -> None:
            if sub in self._subs:
                self._subs.remove(sub)

        return unsubscribe

    def _swap(self, plan: Plan) -> Plan:
        old, self._plan = self._plan, plan
        changed = frozenset(k for k in Plan.model_fields if getattr(old, k) != getattr(plan, k))
        if not changed:
            return plan
        for sub in list(self._subs):
            if sub not in self._subs:
                continue  # unsubscribed by an earlier listener
            if sub.paths is None:
                sub.fn(self._plan, changed)
                continue
            value = self.get(*sub.paths)
            if value != sub.last:
                sub.last = value
                sub.fn(value)
        return plan
