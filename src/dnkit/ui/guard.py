"""Keep errors inside a view: a visitor sees a friendly message, the log gets the details.

Voila hides tracebacks (show_tracebacks=False), but an exception in a widget callback would
still leave the view half-updated and silent; this turns it into a message in that view.
"""

from __future__ import annotations

import functools
import logging
import os
import sys
from collections.abc import Callable
from typing import Any

import ipywidgets as W

from dnkit.render.html import alert


def _server_log_stream():
    """A stream to the kernel process's real stderr (the server log), not to the browser.

    In a kernel, ``sys.stderr`` is sent to the page over the websocket, and ipykernel also
    forwards file descriptor 2; its saved copy of the original descriptor is what reaches the
    server's log without passing through the page.
    """
    fd = getattr(sys.stderr, "_original_stdstream_copy", None)
    if isinstance(fd, int):
        return os.fdopen(os.dup(fd), "w", buffering=1)
    return sys.__stderr__


log = logging.getLogger("dnkit.ui")
if not log.handlers:
    _handler = logging.StreamHandler(_server_log_stream())
    _handler.setFormatter(logging.Formatter("[dnkit] %(levelname)s %(name)s: %(message)s"))
    log.addHandler(_handler)
    log.propagate = False

FRIENDLY = (
    "Something went wrong in this part of the page. Your other answers are safe. "
    "Please try again, or reload the page."
)


def guarded(message: W.HTML) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Decorate a callback so that any exception becomes a message in ``message``."""

    def wrap(fn: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(fn)
        def inner(*args: Any, **kwargs: Any) -> Any:
            try:
                return fn(*args, **kwargs)
            except Exception:
                log.exception("error in %s", fn.__qualname__)
                message.value = alert(FRIENDLY)
                return None

        return inner

    return wrap


def build_safely(factory: Callable[[], W.Widget], name: str) -> W.Widget:
    """Build a view; if that fails, show a friendly message in its place."""
    try:
        return factory()
    except Exception:
        log.exception("could not build the %s view", name)
        return W.HTML(alert(f"The {name} part could not be shown. {FRIENDLY}"))
