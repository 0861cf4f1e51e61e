"""Tracking's tables and the ledger's money in one reporting currency.

What counts is the ledger's (``domain/ledger``): orders placed or later, not cancelled; an
order's cost is its quantity at its unit price; money is converted at the rate of its
transaction's date, an order's at its month's first day, a payment's at its day, a pledge at
its window's first day (else the day of the view). Produced and delivered value are units at
the order's unit price, converted as its cost is. Sums come from SQL per group, currency and
month (or day): each sum is converted once at that date's rate, to the cent.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal

from coprod.domain import entities as d
from coprod.domain import ledger as book
from coprod.domain.money import Money
from coprod.domain.rates import CENT, Rates, month_start
from coprod.services.tracking.reading import OrderGroup, PaymentGroup

Cell = str | int | Decimal | float | None
NOBODY = "(no instrument)"  # the funder of orders no instrument pays


@dataclass(frozen=True)
class Column:
    """A column of a tracking table: its name and what its figures are (``money`` in the
    reporting currency, ``units``, ``count``, ``percent``, ``months``, ``text``, ``date``)."""

    name: str
    unit: str


@dataclass
class Table:
    """A tracking table: named columns, one row per group, and the totals where they add."""

    name: str
    columns: tuple[Column, ...]
    rows: list[dict[str, Cell]]
    totals: dict[str, Cell] | None = None


@dataclass
class Reporting:
    """Money converted into the reporting currency as the ledger converts it
    (``domain/ledger.convert``: at the rate of its date, to the cent), with the rates used."""

    rates: Rates
    currency: str
    used: set[book.RateUsed] = field(default_factory=set)
    _rate: dict[tuple[str, date], Decimal] = field(default_factory=dict)

    def convert(self, money: Money, on: date, what: str) -> Decimal:
        """``money`` in the reporting currency at the rate of ``on``, to the cent; MissingRate
        naming ``what`` when no rate is stored on or before ``on``. The ledger's conversion
        finds each currency and day's rate once; later sums of that currency and day are
        multiplied by it and rounded as ``Rates.convert`` rounds (thousands of orders, a few
        dozen rates)."""
        if money.currency == self.currency:
            return money.amount
        rate = self._rate.get((money.currency, on))
        if rate is None:
            amount, used = book.convert(money, self.currency, on, self.rates, what)
            if used is None:
                return amount
            self.used.add(used)
            self._rate[(money.currency, on)] = used.rate
            return amount
        return (money.amount * rate).quantize(CENT, rounding=ROUND_HALF_EVEN)

    def pledged(self, instrument: d.FundingInstrument, today: date) -> Decimal:
        """An instrument's pledge, at the ledger's pledge date (its window's first day, else
        ``today``)."""
        what = book.label("funding_instruments", instrument.key)
        return self.convert(instrument.pledged, book.pledge_date(instrument, today), what)

    def ordered(self, amount: Decimal, currency: str, month: str | None) -> Decimal:
        """Money of orders of ``month`` (at its first day's rate); nothing stays nothing,
        and money in the reporting currency stays as it is."""
        if not amount or currency == self.currency:
            return amount
        if month is None:
            raise ValueError(f"orders in {currency} summed without their month")
        what = f"orders of {month} in {currency}"
        return self.convert(Money(amount, currency), month_start(month), what)

    def paid(self, group: PaymentGroup) -> Decimal:
        """Payments of one currency and day (in the reporting currency: any days)."""
        if group.currency == self.currency:
            return group.amount
        if group.paid_on is None:
            raise ValueError(f"payments in {group.currency} summed without their day")
        what = f"payments of {group.paid_on.isoformat()} in {group.currency}"
        return self.convert(Money(group.amount, group.currency), group.paid_on, what)

    def rates_used(self) -> list[str]:
        """The rates used, in order, as the ledger writes them."""
        return [str(rate) for rate in sorted(self.used)]


def cents(amount: Decimal) -> Decimal:
    """An amount to the cent."""
    return amount.quantize(CENT, rounding=ROUND_HALF_EVEN)


@dataclass
class Sums:
    """The figures of one group of orders (and its instruments and payments)."""

    pledged: Decimal = Decimal(0)
    allocated: Decimal = Decimal(0)
    disbursed: Decimal = Decimal(0)
    needed: int = 0
    ordered: int = 0
    produced: int = 0
    produced_value: Decimal = Decimal(0)
    delivered: int = 0
    delivered_value: Decimal = Decimal(0)
    orders: int = 0
    instruments: int = 0

    def add(self, group: OrderGroup, money: Reporting) -> None:
        """Count a group of ordered orders in, its money at its month's rate."""

        def convert(amount: Decimal) -> Decimal:
            return money.ordered(amount, group.currency, group.month)

        self.orders += group.orders
        self.ordered += group.ordered
        self.allocated += convert(group.cost)
        self.produced += group.produced
        self.produced_value += convert(group.produced_value)
        self.delivered += group.delivered
        self.delivered_value += convert(group.delivered_value)


def figures_row(sums: Sums, names: Iterable[str]) -> dict[str, Cell]:
    """The named figures of ``sums``: money to the cent, units as they are."""
    row: dict[str, Cell] = {}
    for name in names:
        value = getattr(sums, name)
        row[name] = cents(value) if isinstance(value, Decimal) else value
    return row


def totals_of(rows: list[dict[str, Cell]], columns: Iterable[Column]) -> dict[str, Cell]:
    """Column sums of the money, units and counts of ``rows``."""
    totals: dict[str, Cell] = {}
    for column in columns:
        if column.unit == "money":
            totals[column.name] = sum(
                (v for r in rows if isinstance(v := r.get(column.name), Decimal)), Decimal(0)
            )
        elif column.unit in ("units", "count"):
            totals[column.name] = sum(v for r in rows if isinstance(v := r.get(column.name), int))
    return totals
