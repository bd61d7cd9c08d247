"""The cost planner view: sessions and price in, a live chart, a sentence and a table out."""

from __future__ import annotations

import ipywidgets as W

from dnkit.costs import CostInputError, PriceRange, default_price, self_pay_bands
from dnkit.figures import cost_band_figure
from dnkit.markup import esc, table_html
from dnkit.ui.chart import LiveChart
from dnkit.ui.controls import labelled

MAX_SESSIONS = 20


class CostPlannerView:
    """Self-pay cost band over 1..20 sessions; redraws in place when a control changes."""

    def __init__(self, sessions: int = 6) -> None:
        d = default_price()
        self.sessions = labelled(
            W.IntSlider(value=sessions, min=1, max=MAX_SESSIONS, step=1, continuous_update=False),
            "Number of sessions",
            "dn-sessions",
        )
        self.price = labelled(
            W.FloatRangeSlider(
                value=(d.price.low, d.price.high),
                min=0,
                max=400,
                step=5,
                readout_format="$.0f",
                continuous_update=False,
            ),
            "Price per session (low to high)",
            "dn-price",
        )
        self.summary = W.HTML().add_class("dn-cost-summary")
        self.table = W.HTML().add_class("dn-cost-table")
        self.message = W.HTML().add_class("dn-message")
        self.source = W.HTML(
            f'<p class="dn-source">Default price: {esc(d.note)} Source: {esc(d.source.label())}</p>'
        )
        result = self._compute()
        self.chart = LiveChart(result.figure)
        self.chart.widget.add_class("dn-cost-chart")
        self._show(result)
        self.sessions.observe(self._changed, "value")
        self.price.observe(self._changed, "value")
        self.widget = W.VBox(
            [
                self.sessions,
                self.price,
                self.message,
                self.summary,
                self.chart.widget,
                self.table,
                self.source,
            ],
            layout=W.Layout(width="100%"),
        ).add_class("dn-cost-planner")

    def _compute(self):
        low, high = self.price.value
        price = PriceRange.between(float(low), float(high))
        return cost_band_figure(self_pay_bands(MAX_SESSIONS, price), int(self.sessions.value))

    def _show(self, result) -> None:
        self.summary.value = f"<p><strong>{esc(result.summary)}</strong></p>"
        self.table.value = table_html(result.table, caption="Self-pay total cost by sessions")

    def _changed(self, _change=None) -> None:
        try:
            result = self._compute()
        except CostInputError as err:
            self.message.value = f'<p class="dn-error" role="alert">{esc(err)}</p>'
            return
        self.message.value = ""
        self.chart.update(result.figure)
        self._show(result)
