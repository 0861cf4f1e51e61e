"""Exchange rates: dated reference rates with the euro as base (the ECB's layout: one unit of
euro buys ``per_euro`` units of the currency), and the conversion of money at the rate of a
transaction's date. Pure Python."""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal

from coprod.errors import InvalidInput

BASE = "EUR"
REPORTING = "EUR"  # the reporting currency unless a caller names another
CENT = Decimal("0.01")


@dataclass(frozen=True)
class ExchangeRate:
    """On ``on``, one euro bought ``per_euro`` units of ``currency``."""

    currency: str
    on: date
    per_euro: Decimal


@dataclass(frozen=True)
class Conversion:
    """An amount converted: what was asked, the rate used (units of ``target`` per unit of
    ``source``) and the date of that rate (None when no conversion was needed)."""

    amount: Decimal
    source: str
    target: str
    rate: Decimal
    rate_on: date | None


class MissingRate(InvalidInput):
    """No exchange rate on or before the date asked."""


class Rates:
    """The reference rates of every currency, by date."""

    def __init__(self, rates: Iterable[ExchangeRate] = ()) -> None:
        by_currency: dict[str, list[ExchangeRate]] = defaultdict(list)
        for rate in rates:
            by_currency[rate.currency].append(rate)
        self._dates = {c: [r.on for r in sorted(rs, key=_on)] for c, rs in by_currency.items()}
        self._rates = {c: sorted(rs, key=_on) for c, rs in by_currency.items()}
        # The rate of each (source, target, day) once worked out, and the day it was quoted:
        # a report converts thousands of records at a few dozen distinct days.
        self._found: dict[tuple[str, str, date], tuple[Decimal, date]] = {}

    def per_euro(self, currency: str, on: date) -> ExchangeRate:
        """The latest rate of ``currency`` on or before ``on`` (a weekend takes Friday's);
        MissingRate when there is none."""
        if currency == BASE:
            return ExchangeRate(BASE, on, Decimal(1))
        dates = self._dates.get(currency, [])
        i = bisect.bisect_right(dates, on)
        if i == 0:
            raise MissingRate(
                f"no exchange rate of {currency} against EUR on or before {on.isoformat()}: "
                "import the reference rates first (coprod rates import FILE.csv)"
            )
        return self._rates[currency][i - 1]

    def convert(self, amount: Decimal, source: str, target: str, on: date) -> Conversion:
        """``amount`` of ``source`` in ``target`` at the rates of ``on``, to the cent."""
        if source == target:
            return Conversion(amount, source, target, Decimal(1), None)
        rate, used = self._rate(source, target, on)
        converted = (amount * rate).quantize(CENT, rounding=ROUND_HALF_EVEN)
        return Conversion(converted, source, target, rate, used)

    def _rate(self, source: str, target: str, on: date) -> tuple[Decimal, date]:
        """Units of ``target`` per unit of ``source`` on ``on``, and the day it was quoted."""
        found = self._found.get((source, target, on))
        if found is None:
            frm, to = self.per_euro(source, on), self.per_euro(target, on)
            used = max(r.on for r in (frm, to) if r.currency != BASE)
            found = self._found[(source, target, on)] = (to.per_euro / frm.per_euro, used)
        return found

    def __bool__(self) -> bool:
        return bool(self._rates)


def _on(rate: ExchangeRate) -> date:
    return rate.on


def month_start(month: str) -> date:
    """The first day of a ``YYYY-MM`` month: the date an order's money is converted at."""
    return date(int(month[:4]), int(month[5:7]), 1)
