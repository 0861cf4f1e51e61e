"""Charts as SVG drawn on the server: horizontal bars, grouped or stacked, with a legend.

No JavaScript and no external asset: the page carries the picture itself, so it renders the
same in any browser and in a screenshot.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

PALETTE = ("#1f5f99", "#e0a100", "#3a8f5c", "#b8433a", "#7a5aa6", "#4b9fb4", "#8a6d3b")
ROW, BAR_GAP, LABEL_W, CHART_W, LEGEND_ROW, BAR_H = 26, 6, 230, 640, 20, 12
LABEL_CHARS = 36  # what fits in LABEL_W at the page's font size


@dataclass(frozen=True)
class Series:
    """One coloured set of bars: a name and one value per category."""

    name: str
    values: list[float]


def _fmt(value: float) -> str:
    """A compact amount: 1.2bn, 3.4M, 5.6k."""
    if abs(value) >= 1e9:
        return f"{value / 1e9:.1f}bn"
    if abs(value) >= 1e6:
        return f"{value / 1e6:.1f}M"
    if abs(value) >= 1e3:
        return f"{value / 1e3:.1f}k"
    return f"{value:g}"


def percent(value: float) -> str:
    """A share already in percent: 42%."""
    return f"{value:.0f}%"


def short_label(label: str, limit: int = LABEL_CHARS) -> str:
    """``label`` cut at a word boundary to fit beside the bars, with an ellipsis when cut."""
    if len(label) <= limit:
        return label
    cut = label[: limit - 1].rsplit(" ", 1)[0] if " " in label[: limit - 1] else label[: limit - 1]
    return cut.rstrip(" ,;:-") + "…"


def _legend(series: list[Series]) -> tuple[list[str], int]:
    parts, x, y = [], LABEL_W, 6
    for i, s in enumerate(series):
        width = 24 + 7 * len(s.name)
        if x + width > LABEL_W + CHART_W and x > LABEL_W:
            x, y = LABEL_W, y + LEGEND_ROW
        colour = PALETTE[i % len(PALETTE)]
        parts.append(f'<rect x="{x}" y="{y}" width="12" height="12" fill="{colour}"/>')
        parts.append(f'<text x="{x + 16}" y="{y + 10}" class="legend">{escape(s.name)}</text>')
        x += width
    return parts, y + LEGEND_ROW


def _row_height(series: int, stacked: bool) -> int:
    return ROW if stacked else max(ROW, BAR_H * series + BAR_GAP)


def _row(
    label: str,
    y: int,
    values: list[float],
    scale: float,
    *,
    stacked: bool,
    fmt: Callable[[float], str],
) -> list[str]:
    row = _row_height(len(values), stacked)
    parts = [
        f'<text x="{LABEL_W - 6}" y="{y + row / 2 + 4}" text-anchor="end">'
        f"<title>{escape(label)}</title>{escape(short_label(label))}</text>"
    ]
    height = (row - BAR_GAP) if stacked else (row - BAR_GAP) / max(len(values), 1)
    x = float(LABEL_W)
    for i, value in enumerate(values):
        width = max(value * scale, 0.0)
        top = y if stacked else y + i * height
        colour = PALETTE[i % len(PALETTE)]
        parts.append(
            f'<rect class="bar" x="{x:.1f}" y="{top:.1f}" width="{width:.1f}" '
            f'height="{height:.1f}" fill="{colour}"><title>{escape(label)}: {fmt(value)}'
            "</title></rect>"
        )
        if not stacked and value:
            parts.append(
                f'<text x="{x + width + 3:.1f}" y="{top + height - 1:.1f}" class="value">'
                f"{fmt(value)}</text>"
            )
        if stacked:
            x += width
    total = sum(values, 0.0)
    if stacked and total:
        parts.append(
            f'<text x="{x + 3:.1f}" y="{y + ROW / 2 + 4}" class="value">{fmt(total)}</text>'
        )
    return parts


def bar_chart(
    title: str,
    categories: list[str],
    series: list[Series],
    *,
    stacked: bool,
    fmt: Callable[[float], str] = _fmt,
    axis_max: float = 0.0,
) -> Markup:
    """A horizontal bar chart: one row per category, one bar (or segment) per series.

    The axis ends at the largest bar, or at ``axis_max`` when that is larger (100 for shares).
    """
    if not categories:
        return Markup(f'<p class="empty">{escape(title)}: nothing to show yet.</p>')
    totals = [
        sum(s.values[i] for s in series) if stacked else max(s.values[i] for s in series)
        for i in range(len(categories))
    ]
    scale = (CHART_W - 60) / max(*totals, axis_max, 1e-9)
    legend, top = _legend(series)
    row = _row_height(len(series), stacked)
    height = top + row * len(categories) + 8
    parts = [
        f'<svg class="chart" role="img" aria-label="{escape(title)}" viewBox="0 0 '
        f'{LABEL_W + CHART_W} {height}" width="{LABEL_W + CHART_W}" height="{height}" '
        'xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
        *legend,
    ]
    for i, label in enumerate(categories):
        values = [s.values[i] for s in series]
        parts.extend(_row(label, top + i * row, values, scale, stacked=stacked, fmt=fmt))
    parts.append("</svg>")
    return Markup("".join(parts))
