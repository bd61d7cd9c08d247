"""Comparison figures: who comes first and why (a stacked bar of what each criterion adds), and
every score side by side (a dot view). Both come with a summary sentence and their table.

Both keep a fixed number of traces (one per criterion, in :data:`dnkit.compare.CRITERIA` order,
plus one for unknown answers in the bar chart), present even when empty, so a live chart can
update them in place. Criteria differ by colour *and* fill pattern (bars) or marker shape (dots),
so colour is never the only cue. Unknown answers are marked with a question mark, never drawn as
a score.
"""

from __future__ import annotations

import html

import plotly.graph_objects as go

from dnkit.compare import CRITERIA, Comparison, Ranked, criteria
from dnkit.figures.base import PALETTE, FigureResult, Table, base_layout

PATTERNS = ("/", "\\", "x", "-", "|", "+", ".")
SYMBOLS = ("circle", "square", "diamond", "triangle-up", "x", "cross", "star")
UNKNOWN_NAME = "Unknown (counts as 0)"
NAMES_NAME = "Provider names"
BAR_TRACE_COUNT = len(CRITERIA) + 2
DOT_TRACE_COUNT = len(CRITERIA) + 1
NAME_LIMIT = 40  # characters of a provider's name shown; the full name is in hovers and tables
UNKNOWN_X = -0.25  # where the dot view puts unknown scores, left of 0


def _plain(text: str) -> str:
    """Text safe inside a chart: plotly reads a few HTML tags (even links) in labels."""
    return html.escape(text, quote=False)


def short_name(ranked: Ranked) -> str:
    """``"1. Example Physical Therapy (fictional)"``: rank and name, cut to fit a phone, and
    escaped for the chart."""
    name = ranked.name if len(ranked.name) <= NAME_LIMIT else ranked.name[: NAME_LIMIT - 1] + "…"
    return _plain(f"{ranked.rank}. {name}")


def _num(x: float) -> str:
    return f"{x:.2f}"


def _cell(ranked: Ranked, key: str, value: float) -> str:
    s = ranked.score(key)
    if s.unknown:
        return "unknown"
    return _num(value) + (" (partly unknown)" if s.partly_unknown else "")


def _layout(title: str, height: int) -> dict:
    """Names sit above their row (not beside it), so a 375 px screen keeps its width for data."""
    layout = base_layout(title, "", "")
    # No zero line: it would run through the first letters of each name (drawn from 0).
    layout["xaxis"] = dict(fixedrange=True, zeroline=False, side="top", tickangle=0)
    layout["yaxis"] = dict(
        autorange="reversed", fixedrange=True, showticklabels=False, showgrid=False, zeroline=False
    )
    layout["legend"] = dict(
        orientation="h", yanchor="top", y=-0.02, x=0, entrywidth=160, traceorder="normal"
    )
    layout["margin"] = dict(l=8, r=8, t=72, b=8)
    layout["height"] = height
    layout["hovermode"] = "closest"
    return layout


def _names_trace(ranked: tuple[Ranked, ...], ys: list[float]) -> go.Scatter:
    return go.Scatter(
        x=[0.0] * len(ranked),
        y=ys,
        name=NAMES_NAME,
        mode="text",
        text=[short_name(r) for r in ranked],
        textposition="middle right",
        textfont=dict(size=13, color="#1f2933"),
        hoverinfo="skip",
        showlegend=False,
        cliponaxis=False,
    )


def contributions_figure(comparison: Comparison, height: int | None = None) -> FigureResult:
    """Ranked, stacked horizontal bars: what each criterion adds to each provider's score.

    Always ``BAR_TRACE_COUNT`` traces: the provider names (above each bar), one bar trace per
    criterion, then the unknown-answers markers ("?" and how many, after each bar with any).
    """
    info = criteria()
    ranked = comparison.ranked
    rows = [float(i) for i in range(len(ranked))]
    traces: list[go.BaseTraceType] = [_names_trace(ranked, [y - 0.5 for y in rows])]
    for j, key in enumerate(CRITERIA):
        share = comparison.weights[key]
        values = [r.score(key).contribution for r in ranked]
        hover = [
            f"{_plain(r.name)}<br>{info[key].label}: {_cell(r, key, r.score(key).contribution)} "
            f"of {share:.2f}<br>{_plain(r.score(key).detail)}"
            for r in ranked
        ]
        traces.append(
            go.Bar(
                x=values,
                y=rows,
                width=0.5,
                orientation="h",
                name=f"{info[key].label} ({share * 100:.0f}%)",
                marker=dict(
                    color=PALETTE[j % len(PALETTE)],
                    line=dict(color="#ffffff", width=1),
                    # "overlay" draws the pattern on top of the colour; without it the
                    # pattern replaces the colour and a white hatch on nothing is invisible.
                    pattern=dict(
                        shape=PATTERNS[j],
                        fillmode="overlay",
                        fgcolor="#ffffff",
                        fgopacity=0.6,
                        solidity=0.35,
                    ),
                ),
                hovertext=hover,
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    marked = [(i, r) for i, r in enumerate(ranked) if _weighed_unknowns(r, comparison)]
    traces.append(
        go.Scatter(
            x=[r.total + 0.03 for _, r in marked],
            y=[rows[i] for i, _ in marked],
            name=UNKNOWN_NAME,
            mode="markers+text",
            marker=dict(symbol="circle-open", size=10, color="#3e4c59", line=dict(width=2)),
            text=[f"? {len(_weighed_unknowns(r, comparison))}" for _, r in marked],
            textposition="middle right",
            textfont=dict(color="#1f2933", size=13),
            hovertext=[
                f"{_plain(r.name)}: not known yet: "
                + ", ".join(info[c].label.lower() for c in _weighed_unknowns(r, comparison))
                for _, r in marked
            ],
            hovertemplate="%{hovertext}<extra></extra>",
            cliponaxis=False,
        )
    )
    layout = _layout("Who comes first, and why: score out of 1", height or bars_height(len(ranked)))
    layout["barmode"] = "stack"
    layout["xaxis"].update(range=[0, 1.15], tickvals=[0, 0.25, 0.5, 0.75, 1])
    layout["yaxis"]["range"] = [max(len(ranked), 2) - 0.5, -1.0]
    fig = go.Figure(data=traces, layout=layout)
    return FigureResult(fig, _bars_summary(comparison), _bars_table(comparison))


def bars_height(providers: int) -> int:
    """Pixels for the bar chart: room for each provider's name, bar and the legend."""
    return 260 + 56 * max(providers, 2)


def _weighed_unknowns(r: Ranked, comparison: Comparison) -> list[str]:
    return [c for c in r.unknowns if comparison.weights[c] > 0]


def _bars_summary(comparison: Comparison) -> str:
    ranked = comparison.ranked
    if not ranked:
        return "No providers to show yet. " + comparison.summary
    first = ranked[0]
    words = [
        "Each bar is one provider's score out of 1, split into what each criterion adds.",
        f"{first.name} comes first with {_num(first.total)}.",
    ]
    if first.cost is not None:
        words.append(f"There, {first.cost.text()}.")
    if first.check_note:
        words.append(first.check_note)
    if len(ranked) > 1:
        words.append(f"{ranked[1].name} is next with {_num(ranked[1].total)}.")
    unsure = [r for r in ranked if _weighed_unknowns(r, comparison)]
    if unsure:
        count = len(unsure)
        words.append(
            f"{count} provider{'s have' if count != 1 else ' has'} unknown answers, marked "
            "with a question mark; they count as 0."
        )
    return " ".join(words)


def _bars_table(comparison: Comparison) -> Table:
    info = criteria()
    columns = (
        "Provider",
        "Score",
        *(f"{info[k].label} ({comparison.weights[k] * 100:.0f}%)" for k in CRITERIA),
        "Unknown",
        f"Cost of {comparison.sessions} sessions",
        "Checks",
    )
    rows = tuple(
        (
            f"{r.rank}. {r.name}",
            _num(r.total),
            *(_cell(r, k, r.score(k).contribution) for k in CRITERIA),
            ", ".join(info[c].label.lower() for c in r.unknowns) or "none",
            cost_cell(r),
            checks_cell(r),
        )
        for r in comparison.ranked
    )
    return Table(columns, rows)


def cost_cell(ranked: Ranked) -> str:
    """``"$520: a 6-session package plus the $100 first-visit fee"``, or why it is not known."""
    if ranked.cost is None:
        return "not known: no price per session given"
    return f"{ranked.cost.total_text()}: {ranked.cost.how}"


def checks_cell(ranked: Ranked) -> str:
    """What the vetting checks say about this provider, in the patient's state."""
    if ranked.meets_checks is None:
        return "not checked: choose your state"
    return ranked.check_note or "Meets the checks."


def scores_figure(comparison: Comparison, height: int | None = None) -> FigureResult:
    """Every score from 0 to 1 side by side: one row of dots per provider and criterion.

    Always ``DOT_TRACE_COUNT`` traces: the names, then one per criterion with its own shape. An
    unknown score is drawn as an open marker with "?" in the "unknown" column left of 0. The
    first trace holds the provider names.
    """
    info = criteria()
    ranked = comparison.ranked
    k = len(CRITERIA)
    step = k + 2  # rows per provider: its name, one per criterion, and a gap
    traces = [_names_trace(ranked, [i * step - 1.0 for i in range(len(ranked))])]
    for j, key in enumerate(CRITERIA):
        xs, ys, text, symbols, hover = [], [], [], [], []
        for i, r in enumerate(ranked):
            s = r.score(key)
            xs.append(UNKNOWN_X if s.unknown else s.score)
            ys.append(i * step + j)
            text.append("?" if s.unknown else "")
            symbols.append(f"{SYMBOLS[j]}-open" if s.unknown else SYMBOLS[j])
            hover.append(f"{_plain(r.name)}<br>{info[key].label}: {_cell(r, key, s.score or 0)}")
        traces.append(
            go.Scatter(
                x=xs,
                y=ys,
                name=info[key].label,
                mode="markers+text",
                marker=dict(symbol=symbols, size=10, color=PALETTE[j % len(PALETTE)]),
                text=text,
                textposition="middle right",
                cliponaxis=False,
                hovertext=hover,
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    layout = _layout(
        "Every score, from 0 (worst) to 1 (best)",
        height or 250 + max(len(ranked), 1) * step * 12,
    )
    layout["xaxis"].update(
        range=[UNKNOWN_X - 0.1, 1.08],
        tickvals=[UNKNOWN_X, 0, 0.5, 1],
        ticktext=["unknown", "0", "0.5", "1"],
    )
    layout["yaxis"]["range"] = [max(len(ranked), 1) * step - 1.5, -2.0]
    layout["shapes"] = [
        dict(type="line", x0=UNKNOWN_X / 2, x1=UNKNOWN_X / 2, y0=0, y1=1, yref="paper",
             line=dict(color="#9aa5b1", width=1, dash="dot"))
    ]  # fmt: skip
    fig = go.Figure(data=traces, layout=layout)
    return FigureResult(fig, _dots_summary(comparison), _dots_table(comparison))


def _dots_summary(comparison: Comparison) -> str:
    ranked = comparison.ranked
    if not ranked:
        return "No providers to show yet."
    info = criteria()
    words = ["Each dot is one score from 0 (worst) to 1 (best); each criterion has its own shape."]
    for key in CRITERIA:
        known = [r for r in ranked if not r.score(key).unknown]
        if len(known) > 1 and comparison.weights[key] > 0:
            best = max(known, key=lambda r: (r.score(key).score, -r.rank))
            if all(r.score(key).score == best.score(key).score for r in known):
                continue
            words.append(f"Best on {info[key].label.lower()}: {best.name}.")
    unknown = sum(len(r.unknowns) for r in ranked)
    if unknown:
        are = "score is" if unknown == 1 else "scores are"
        words.append(f"{unknown} {are} unknown; they are shown left of 0 with a '?'.")
    return " ".join(words)


def _dots_table(comparison: Comparison) -> Table:
    info = criteria()
    columns = ("Provider", *(info[k].label for k in CRITERIA))
    rows = tuple(
        (f"{r.rank}. {r.name}", *(_cell(r, k, r.score(k).score or 0.0) for k in CRITERIA))
        for r in comparison.ranked
    )
    return Table(columns, rows)
