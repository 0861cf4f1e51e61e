"""Bar charts drawn on the server: one row per category, labels and values as HTML text.

Each bar is a small SVG stretched to the width of its row (no inline style, so the pages'
Content-Security-Policy holds), so a chart fits a phone as well as a desktop and its words keep
their size. Every bar carries its value written out; a chart whose values span orders of
magnitude (2 SAMP/T batteries beside 150 000 shells, €60k beside €2B) is drawn on a logarithmic
scale with a gridline at each power of ten. Each chart has its figures as a table below it.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

from coprod.web.labels import N_
from coprod.web.locales import Reader

SWATCHES = 7  # colours s0..s6 in coprod.css
LOG_NOTE = N_(
    "Logarithmic scale: each gridline is ten times the one before; the figures are exact."
)
ROW_NOTE = N_("Each row on its own scale: its largest bar fills the row.")
LOG_SPREAD = 100.0  # largest / smallest non-zero value above which the scale is logarithmic


@dataclass(frozen=True)
class Series:
    """One coloured set of bars: a name and one value per category."""

    name: str
    values: list[float]


def is_spread(values: list[float]) -> bool:
    """Whether the non-zero values span more than ``LOG_SPREAD`` (a linear axis hides some)."""
    positive = [abs(v) for v in values if v]
    return bool(positive) and max(positive) / min(positive) > LOG_SPREAD


def _extent(value: float, top: float, log: bool) -> float:
    """How much of the row a bar of ``value`` fills, in percent."""
    if value <= 0 or top <= 0:
        return 0.0
    if log:
        return 100.0 * math.log10(1 + value) / math.log10(1 + top)
    return 100.0 * value / top


def _gridlines(top: float) -> str:
    lines = []
    for power in range(int(math.log10(top)) + 1 if top >= 1 else 0):
        x = _extent(10.0**power, top, log=True)
        lines.append(f'<line x1="{x:.2f}" x2="{x:.2f}" y1="0" y2="10" class="grid"/>')
    return "".join(lines)


def _bar(segments: list[tuple[int, float]], grid: str) -> str:
    """An SVG bar of coloured segments (series index, percent of the row)."""
    rects, x = [], 0.0
    for index, width in segments:
        if width > 0:
            rects.append(
                f'<rect x="{x:.2f}" y="0" width="{width:.2f}" height="10" '
                f'class="bar s{index % SWATCHES}"/>'
            )
            x += width
    return (
        '<svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" '
        f'focusable="false">{grid}{"".join(rects)}</svg>'
    )


def _legend(series: list[Series]) -> str:
    if len(series) < 2:
        return ""
    items = "".join(
        f'<li><span class="swatch s{i % SWATCHES}"></span>{escape(s.name)}</li>'
        for i, s in enumerate(series)
    )
    return f'<ul class="legend">{items}</ul>'


def _rows(
    categories: list[str],
    series: list[Series],
    *,
    stacked: bool,
    fmt: Callable[[float], str],
    top: float,
    log: bool,
    per_row: bool = False,
) -> str:
    grid = _gridlines(top) if log else ""
    rows = []
    for i, category in enumerate(categories):
        values = [s.values[i] for s in series]
        if per_row:
            top = max(values) if values else 0.0
        if stacked:
            segments = [(k, _extent(v, top, log)) for k, v in enumerate(values)]
            total = escape(fmt(sum(values)))
            lines = [f'<div class="line">{_bar(segments, grid)}<span>{total}</span></div>']
        else:
            lines = [
                f'<div class="line">{_bar([(k, _extent(v, top, log))], grid)}'
                f'<span><span class="sr-only">{escape(series[k].name)}: </span>'
                f"{escape(fmt(v))}</span></div>"
                for k, v in enumerate(values)
            ]
        rows.append(
            f'<div class="row"><div class="category">{escape(category)}</div>'
            f'<div class="lines">{"".join(lines)}</div></div>'
        )
    return "".join(rows)


def _table(
    title: str, categories: list[str], series: list[Series], fmt: Callable[[float], str]
) -> str:
    head = "".join(f'<th scope="col">{escape(s.name)}</th>' for s in series)
    body = "".join(
        f'<tr><th scope="row">{escape(c)}</th>'
        + "".join(f"<td>{escape(fmt(s.values[i]))}</td>" for s in series)
        + "</tr>"
        for i, c in enumerate(categories)
    )
    return (
        f'<table class="records figures"><caption class="sr-only">{escape(title)}</caption>'
        f"<thead><tr><td></td>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def _remembered(fmt: Callable[[float], str]) -> Callable[[float], str]:
    """``fmt`` writing each value once: a chart writes every value twice (beside its bar and
    in its table), and many repeat (0 %, 100 %); Babel's formatting is the costly part of a
    chart of thousands of bars."""
    written: dict[float, str] = {}

    def remembered(value: float) -> str:
        text = written.get(value)
        if text is None:
            text = written[value] = fmt(value)
        return text

    return remembered


def bar_chart(
    title: str,
    categories: list[str],
    series: list[Series],
    *,
    stacked: bool,
    fmt: Callable[[float], str],
    reader: Reader,
    axis_max: float = 0.0,
    log: bool | None = None,
    per_row: bool = False,
) -> Markup:
    """A bar chart of ``series`` over ``categories`` with its table of figures.

    The axis ends at the largest bar (or ``axis_max``, 100 for shares). ``log`` None: a
    logarithmic axis when the values span more than two orders of magnitude. ``per_row``: small
    multiples, each row on its own linear scale (its largest bar fills it), for rows whose
    magnitudes are not to be compared (an instrument's pledge beside another's, shells beside
    batteries) but whose bars are.
    """
    if not categories:
        empty = reader.gettext(N_("Nothing to show yet."))
        return Markup(f'<p class="empty">{escape(title)}: {escape(empty)}</p>')
    fmt = _remembered(fmt)
    totals = [
        sum(s.values[i] for s in series) if stacked else max(s.values[i] for s in series)
        for i in range(len(categories))
    ]
    top = max(*totals, axis_max, 0.0)
    every = totals if stacked else [v for s in series for v in s.values]
    logarithmic = not per_row and (is_spread(every) if log is None else log)
    chosen = LOG_NOTE if logarithmic else ROW_NOTE if per_row else ""
    note = f'<p class="scale">{escape(reader.gettext(chosen))}</p>' if chosen else ""
    rows = _rows(
        categories, series, stacked=stacked, fmt=fmt, top=top, log=logarithmic, per_row=per_row
    )
    scale = "log" if logarithmic else "row" if per_row else "linear"
    summary = escape(reader.gettext(N_("The figures as a table")))
    return Markup(
        f'<figure class="chart" data-scale="{scale}">'
        f"<figcaption>{escape(title)}</figcaption>{note}{_legend(series)}"
        f'<div class="rows">{rows}</div>'
        f"<details><summary>{summary}</summary>{_table(title, categories, series, fmt)}</details>"
        "</figure>"
    )
