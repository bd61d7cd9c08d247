"""One kind of error for input a person typed or loaded that dnkit cannot use.

Every layer raises :class:`InputError` (or a subclass named after the part that checks it) with
the ``field`` that is wrong and a plain ``message``. Views turn the field into the label the person
sees (:mod:`dnkit.labels`), the command line into the option they typed; nobody has to parse a
sentence to find out where the problem is.
"""

from __future__ import annotations


class InputError(ValueError):
    """``field`` names where the problem is (a field, a dotted path or a file name)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class CostInputError(InputError):
    """A price, insurance or Medicare input the cost engine cannot use."""


class CompareInputError(InputError):
    """A weight, must-have or setting the comparison cannot use."""


class PlanLoadError(InputError):
    """A plan file (or browser draft) that cannot be used as a whole."""

    @property
    def where(self) -> str:
        """The dotted path or file name (the older name of ``field``)."""
        return self.field


class PlanInputError(InputError):
    """A change to the plan that the plan refuses (the plan keeps its last good value)."""


def first_problem(error: Exception, prefix: tuple[str | int, ...] = ()) -> tuple[str, str]:
    """(dotted field, plain message) of the first problem in a pydantic ValidationError.

    The cost inputs report a check of the cost engine with the engine's own field name in the
    error's context; that name is used, so the message points at the box to fix.
    """
    first = error.errors()[0]  # type: ignore[attr-defined]
    loc = (*prefix, *first["loc"])
    ctx = first.get("ctx") or {}
    if first["type"] == "cost_input" and "field" in ctx:
        loc = (*loc, ctx["field"])
    field = ".".join(str(p) for p in loc)
    text = str(first["msg"]).replace("Value error, ", "").replace("Assertion failed, ", "")
    last = str(loc[-1]) if loc else ""
    return field, (text.removeprefix(f"{last}: ") if last else text)
