"""The one stylesheet of the dashboard, the notebooks' views and the printed summary."""

from __future__ import annotations

from functools import cache
from importlib.resources import files


@cache
def stylesheet() -> str:
    return (files("dnkit") / "render" / "style.css").read_text("utf-8")


def style_tag() -> str:
    return f"<style>{stylesheet()}</style>"
