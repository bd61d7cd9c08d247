"""How dnkit writes an amount of money: one formatter for sentences, tables, charts and the CLI."""

from __future__ import annotations


def money(amount: float) -> str:
    """``$1,200``: whole dollars, with thousands separators."""
    return f"${amount:,.0f}"


def money_range(low: float, high: float, sep: str = " to ") -> str:
    """``$300 to $900``, or one amount when the two round to the same dollar."""
    if round(low) == round(high):
        return money(low)
    return f"{money(low)}{sep}{money(high)}"
