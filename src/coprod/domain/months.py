"""Months as the registry writes them (``YYYY-MM``), counted and moved, and days moved by
whole months (the alerts' boundaries, the demo's dates laid relative to its day). When an
order is expected is ``domain/tracking.expected_month``."""

from __future__ import annotations

import calendar
from datetime import date


def number(month: str) -> int:
    """``YYYY-MM`` as a count of months (year × 12 + month − 1), for arithmetic."""
    return int(month[:4]) * 12 + int(month[5:7]) - 1


def text(count: int) -> str:
    """The ``YYYY-MM`` of a count of months (``number``'s inverse)."""
    year, month = divmod(count, 12)
    return f"{year:04d}-{month + 1:02d}"


def of(day: date) -> str:
    """The ``YYYY-MM`` month ``day`` lies in."""
    return f"{day.year:04d}-{day.month:02d}"


def shift(month: str, months: int) -> str:
    """``month`` moved by ``months`` (negative: earlier)."""
    return text(number(month) + months)


def add(day: date, months: int) -> date:
    """``day`` moved by whole months, kept within its month (31 March + 1 month: 30 April)."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def between(earlier: str, later: str) -> int:
    """Whole months from ``earlier`` to ``later`` (negative when ``later`` comes first)."""
    return number(later) - number(earlier)
