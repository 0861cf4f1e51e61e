"""The ledger: the one definition of every figure of needs, instruments and funders, and the
rules those figures obey. Pure Python over the domain's records; ``services/ledger`` feeds it
from the store and every write path, the summary, the dashboard and the planner read it.

The figures count of an order only its units for a need (``OrderUnits``), its cost for an
instrument (``OrderCost``), and of a payment its money (``Paid``), each with its status and
the date its money is converted at. The ledger takes the records (``report``, ``ledger``),
which it reads as those, or the store's sums of them (``report_of``, ``ledger_of``: a
registry's 10 000 orders summed in SQL per instrument, status and currency, a record in
another currency than the report's kept alone so that it is converted alone, to the cent):
the same figures either way.

Per need: needed → proposed (by a plan, not an order) → ordered (placed or later, not
cancelled) → produced (production reports on those orders) → delivered (against those orders)
→ accepted (delivered on accepted orders).
Per funding instrument: pledged → allocated (the cost of its orders placed or later, not
cancelled) → disbursed (its payments, each converted into the instrument's currency at the
rate of its date). Per funder: the sums over its instruments, one currency at a time.

In one reporting currency (``report``, EUR unless a caller names another): every pledge,
order cost and payment is a ``MoneyEntry`` converted at the rate of its own date (``convert``,
the one conversion of the project), with the rate used; the instruments', funders' and total
figures are sums of those entries.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import pairwise

from coprod.domain import rulebook as rb
from coprod.domain.eligibility import in_window, refused_by
from coprod.domain.entities import (
    Delivery,
    FundingInstrument,
    InnovationProject,
    Need,
    Order,
    OrderStep,
    Payment,
    ProductionLine,
    ProductionReport,
    System,
)
from coprod.domain.enums import OrderStatus
from coprod.domain.money import Money
from coprod.domain.rates import REPORTING, MissingRate, Rates, month_start

S = OrderStatus

# What "ordered" means, everywhere: placed or later on the lifecycle, not cancelled.
ORDERED = frozenset({S.PLACED, S.IN_PRODUCTION, S.DELIVERED, S.ACCEPTED})
# The order lifecycle: proposed → placed → in production → delivered → accepted, forward only
# (steps may be skipped: a record may learn of an order once it is delivered); cancelled from
# any step before delivery, and final.
STEP = {S.PROPOSED: 0, S.PLACED: 1, S.IN_PRODUCTION: 2, S.DELIVERED: 3, S.ACCEPTED: 4}
CANCELLABLE = frozenset({S.PROPOSED, S.PLACED, S.IN_PRODUCTION})


def is_ordered(order: Order) -> bool:
    """Whether ``order`` counts as ordered: placed or later, not cancelled."""
    return order.status in ORDERED


def cost(order: Order) -> Decimal:
    """What ``order`` costs: its quantity at its unit price."""
    return order.unit_price.amount * order.quantity


@dataclass(frozen=True)
class NeedFigures:
    """A need's quantities along the ledger, in units."""

    key: str
    system: str
    due: str
    needed: int
    proposed: int
    ordered: int
    delivered: int
    accepted: int
    produced: int = 0

    @property
    def open(self) -> int:
        """Units needed and not yet ordered."""
        return max(self.needed - self.ordered, 0)


@dataclass(frozen=True)
class InstrumentFigures:
    """A funding instrument's money along the ledger, in its currency."""

    key: str
    funder: str
    currency: str
    pledged: Decimal
    allocated: Decimal
    disbursed: Decimal


@dataclass(frozen=True)
class FunderFigures:
    """A funder's money over its instruments in one currency."""

    funder: str
    currency: str
    instruments: tuple[str, ...]
    pledged: Decimal
    allocated: Decimal
    disbursed: Decimal


@dataclass(frozen=True)
class Ledger:
    """Every figure of the ledger over a set of records."""

    needs: list[NeedFigures]
    instruments: list[InstrumentFigures]
    funders: list[FunderFigures]


def ordered_by_need(orders: Iterable[Order]) -> dict[str, int]:
    """Units ordered (placed or later, not cancelled) per need key."""
    ordered: dict[str, int] = defaultdict(int)
    for order in orders:
        if order.need is not None and is_ordered(order):
            ordered[order.need] += order.quantity
    return ordered


def allocated_by_instrument(orders: Iterable[Order]) -> dict[str, Decimal]:
    """Money allocated (the cost of orders placed or later, not cancelled) per instrument key."""
    return allocated_of(costs_of(orders))


@dataclass(frozen=True, slots=True)
class OrderUnits:
    """Orders for one need in one status: their units, and the units produced and delivered
    on them. One order (``units_of``) or the store's sum over several: all that the need
    figures count of orders."""

    need: str
    status: OrderStatus
    quantity: int
    produced: int
    delivered: int


@dataclass(frozen=True, slots=True)
class OrderCost:
    """The cost of orders paid by one instrument, in one status and currency: one order
    (``costs_of``) or the store's sum over several. ``month``: the month whose first day's
    rate converts it; None for a sum over months that no conversion touches."""

    record: str  # the order's key, or what the sum holds
    instrument: str
    status: OrderStatus
    month: str | None
    cost: Money


@dataclass(frozen=True, slots=True)
class Paid:
    """Money paid by one instrument: one payment (``paid_of``) or the store's sum over
    several. ``paid_on``: the day whose rate converts it; None for a sum over days that no
    conversion touches."""

    record: str  # the payment's key, or what the sum holds
    instrument: str
    paid_on: date | None
    amount: Money


def costs_of(orders: Iterable[Order]) -> list[OrderCost]:
    """Each order paid by an instrument as its cost, converted at its month's rate."""
    return [
        OrderCost(o.key, o.instrument, o.status, o.month, Money(cost(o), o.unit_price.currency))
        for o in orders
        if o.instrument is not None
    ]


def paid_of(payments: Iterable[Payment]) -> list[Paid]:
    """Each payment as money paid by its instrument, converted at its day's rate."""
    return [Paid(p.key, p.instrument, p.paid_on, p.amount) for p in payments]


def allocated_of(costs: Iterable[OrderCost]) -> dict[str, Decimal]:
    """Money allocated per instrument key: the cost of its orders placed or later, not
    cancelled, in the orders' currency."""
    allocated: dict[str, Decimal] = defaultdict(Decimal)
    for spent in costs:
        if spent.status in ORDERED:
            allocated[spent.instrument] += spent.cost.amount
    return allocated


def delivered_by_order(deliveries: Iterable[Delivery]) -> dict[str, int]:
    """Units delivered per order key."""
    handed: dict[str, int] = defaultdict(int)
    for delivery in deliveries:
        handed[delivery.order] += delivery.quantity
    return handed


def produced_by_order(reports: Iterable[ProductionReport]) -> dict[str, int]:
    """Units reported produced per order key (reports that name an order)."""
    made: dict[str, int] = defaultdict(int)
    for report in reports:
        if report.order is not None:
            made[report.order] += report.quantity
    return made


# Deliveries and production reports count in the ledger only as units per order: a caller
# may give the records, or their sums per order key read by the store (a registry's 50 000
# deliveries summed in SQL rather than read one by one).
Deliveries = Iterable[Delivery] | Mapping[str, int]
Reports = Iterable[ProductionReport] | Mapping[str, int]


def units_delivered(deliveries: Deliveries) -> Mapping[str, int]:
    """Units delivered per order key, from the deliveries or their sums."""
    return deliveries if isinstance(deliveries, Mapping) else delivered_by_order(deliveries)


def units_produced(reports: Reports) -> Mapping[str, int]:
    """Units reported produced per order key, from the reports or their sums."""
    return reports if isinstance(reports, Mapping) else produced_by_order(reports)


def paid_by_order(
    payments: Iterable[Payment], currency_of: dict[str, str], rates: Rates
) -> dict[str, Decimal]:
    """Money paid per order key, each payment converted into the order's currency
    (``currency_of``) at the rate of its date."""
    return _converted_sums(((p.order, p.amount, p.paid_on) for p in payments), currency_of, rates)


def disbursed_by_instrument(
    payments: Iterable[Payment], currency_of: dict[str, str], rates: Rates
) -> dict[str, Decimal]:
    """Money disbursed per instrument key: its payments (advances included), each converted
    into the instrument's currency (``currency_of``) at the rate of its date."""
    return disbursed_of(paid_of(payments), currency_of, rates)


def disbursed_of(
    paid: Iterable[Paid], currency_of: dict[str, str], rates: Rates
) -> dict[str, Decimal]:
    """Money disbursed per instrument key: what it paid, converted into the instrument's
    currency (``currency_of``) at the rate of its day."""
    return _converted_sums(((p.instrument, p.amount, p.paid_on) for p in paid), currency_of, rates)


def _converted_sums(
    payments: Iterable[tuple[str, Money, date | None]], currency_of: dict[str, str], rates: Rates
) -> dict[str, Decimal]:
    """Money summed per key, each amount converted into its key's currency at its day's
    rate (a sum over days only when it is in that currency already)."""
    sums: dict[str, Decimal] = defaultdict(Decimal)
    for key, money, on in payments:
        target = currency_of[key]
        if money.currency == target:
            sums[key] += money.amount
        elif on is None:
            raise ValueError(f"{money.currency} summed over days cannot be converted to {target}")
        else:
            sums[key] += rates.convert(money.amount, money.currency, target, on).amount
    return sums


def units_of(
    orders: Iterable[Order], deliveries: Deliveries, reports: Reports = ()
) -> list[OrderUnits]:
    """Each order for a need as its units, with the units produced and delivered on it."""
    handed, made = units_delivered(deliveries), units_produced(reports)
    return [
        OrderUnits(o.need, o.status, o.quantity, made.get(o.key, 0), handed.get(o.key, 0))
        for o in orders
        if o.need is not None
    ]


def need_figures(
    needs: Iterable[Need],
    orders: Iterable[Order],
    deliveries: Deliveries,
    reports: Reports = (),
) -> list[NeedFigures]:
    """Each need's needed, proposed, ordered, produced, delivered and accepted units."""
    return needs_of(needs, units_of(orders, deliveries, reports))


def needs_of(needs: Iterable[Need], units: Iterable[OrderUnits]) -> list[NeedFigures]:
    """Each need's needed, proposed, ordered (placed or later, not cancelled), produced,
    delivered and accepted units, from its orders' units."""
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    for orders in units:
        figures = totals[orders.need]
        if orders.status is S.PROPOSED:
            figures[0] += orders.quantity
        elif orders.status in ORDERED:
            figures[1] += orders.quantity
            figures[2] += orders.delivered
            if orders.status is S.ACCEPTED:
                figures[3] += orders.delivered
            figures[4] += orders.produced
    return [NeedFigures(n.key, n.system, n.due, n.quantity, *totals[n.key]) for n in needs]


def instrument_figures(
    instruments: Iterable[FundingInstrument],
    orders: Iterable[Order],
    payments: Iterable[Payment] = (),
    rates: Rates | None = None,
) -> list[InstrumentFigures]:
    """Each instrument's pledged, allocated (the cost of its orders) and disbursed (its
    payments) money, in its own currency."""
    return instruments_of(instruments, costs_of(orders), paid_of(payments), rates)


def instruments_of(
    instruments: Iterable[FundingInstrument],
    costs: Iterable[OrderCost],
    paid: Iterable[Paid] = (),
    rates: Rates | None = None,
) -> list[InstrumentFigures]:
    """Each instrument's pledged, allocated (the cost of its orders) and disbursed (what it
    paid) money, in its own currency."""
    instruments = list(instruments)
    allocated = allocated_of(costs)
    currency_of = {i.key: i.pledged.currency for i in instruments}
    mine = [p for p in paid if p.instrument in currency_of]
    disbursed = disbursed_of(mine, currency_of, rates or Rates())
    return [
        InstrumentFigures(
            i.key,
            i.funder,
            i.pledged.currency,
            i.pledged.amount,
            allocated.get(i.key, Decimal(0)),
            disbursed.get(i.key, Decimal(0)),
        )
        for i in instruments
    ]


def funder_figures(instruments: Iterable[InstrumentFigures]) -> list[FunderFigures]:
    """Per funder and currency, the sums over its instruments."""
    groups: dict[tuple[str, str], list[InstrumentFigures]] = defaultdict(list)
    for figures in instruments:
        groups[(figures.funder, figures.currency)].append(figures)
    return [
        FunderFigures(
            funder,
            currency,
            tuple(f.key for f in group),
            sum((f.pledged for f in group), Decimal(0)),
            sum((f.allocated for f in group), Decimal(0)),
            sum((f.disbursed for f in group), Decimal(0)),
        )
        for (funder, currency), group in sorted(groups.items())
    ]


def ledger(  # noqa: PLR0917 - the records of the ledger, each kind once
    needs: Iterable[Need],
    instruments: Iterable[FundingInstrument],
    orders: Iterable[Order],
    deliveries: Deliveries,
    reports: Reports = (),
    payments: Iterable[Payment] = (),
    rates: Rates | None = None,
) -> Ledger:
    """The ledger of these records."""
    orders = list(orders)
    return ledger_of(
        needs, instruments, units_of(orders, deliveries, reports), costs_of(orders),
        paid_of(payments), rates,
    )  # fmt: skip


def ledger_of(  # noqa: PLR0917 - what the ledger counts of each kind of record, once
    needs: Iterable[Need],
    instruments: Iterable[FundingInstrument],
    units: Iterable[OrderUnits],
    costs: Iterable[OrderCost],
    paid: Iterable[Paid] = (),
    rates: Rates | None = None,
) -> Ledger:
    """The ledger of these needs and instruments, from their orders' units and costs and
    what was paid (the records as ``units_of``, ``costs_of``, ``paid_of`` give them, or
    the store's sums)."""
    by_instrument = instruments_of(instruments, costs, paid, rates)
    return Ledger(needs_of(needs, units), by_instrument, funder_figures(by_instrument))


# --- one reporting currency ------------------------------------------------------------------

PLEDGED, ALLOCATED, DISBURSED = "pledged", "allocated", "disbursed"
MONEY_FIGURES = (PLEDGED, ALLOCATED, DISBURSED)


@dataclass(frozen=True, order=True)
class RateUsed:
    """A rate a figure was converted at: one ``source`` bought ``rate`` ``target`` on ``on``
    (the reference rate of the transaction's date, or the last one quoted before it)."""

    source: str
    target: str
    on: date
    rate: Decimal

    def __str__(self) -> str:
        return f"1 {self.source} = {self.rate:.6f} {self.target} ({self.on.isoformat()})"

    def __hash__(self) -> int:
        # Equal rates share their currencies and day; a report hashes one per money entry
        # converted (thousands), and a Decimal's hash is the slow part.
        return hash((self.source, self.target, self.on))


def convert(
    money: Money, target: str, on: date | None, rates: Rates, what: str
) -> tuple[Decimal, RateUsed | None]:
    """``money`` in ``target`` at the rate of ``on`` (to the cent) and the rate used (None
    when no conversion was needed); MissingRate naming ``what``, the currency and the date
    when no rate is stored on or before ``on``, never a guessed rate. ``on`` is None for a
    sum over dates, which must be in ``target`` already."""
    if money.currency == target:
        return money.amount, None
    if on is None:
        raise ValueError(f"{what}: {money.currency} summed over dates cannot be converted")
    try:
        done = rates.convert(money.amount, money.currency, target, on)
    except MissingRate as exc:
        raise MissingRate(f"{what}: {exc.message}") from None
    if done.rate_on is None:
        return done.amount, None
    return done.amount, RateUsed(money.currency, target, done.rate_on, done.rate)


@dataclass(frozen=True)
class MoneyEntry:
    """One transaction of the ledger in the reporting currency: an instrument's pledge
    (``pledged``), the cost of an order placed or later, not cancelled (``allocated``), or a
    payment (``disbursed``), converted at the rate of its date ``on``."""

    figure: str  # PLEDGED, ALLOCATED or DISBURSED
    record: str  # the instrument's, order's or payment's key (or what a sum of them holds)
    instrument: str
    funder: str
    on: date | None  # the transaction's date, whose rate converts it (None: a sum over dates)
    original: Money  # the amount in its own currency
    amount: Decimal  # in the reporting currency
    rate: RateUsed | None  # None when ``original`` is in the reporting currency


@dataclass(frozen=True)
class Reported:
    """Pledged, allocated and disbursed in the reporting currency, with the rates used."""

    currency: str
    pledged: Decimal
    allocated: Decimal
    disbursed: Decimal
    rates: tuple[RateUsed, ...]


@dataclass(frozen=True)
class InstrumentReport:
    """An instrument's figures in the reporting currency (``reported``) beside the same
    figures in its own currency (``own``)."""

    key: str
    funder: str
    own: InstrumentFigures
    reported: Reported


@dataclass(frozen=True)
class FunderReport:
    """A funder's figures over all its instruments, in the reporting currency."""

    funder: str
    instruments: tuple[str, ...]
    reported: Reported


@dataclass(frozen=True)
class Report:
    """The ledger in one reporting currency: every money entry, and their sums per
    instrument, per funder and in all; the needs' units; the ledger in own currencies."""

    currency: str
    on: date  # the date a pledge without a window is converted at
    entries: list[MoneyEntry]
    instruments: list[InstrumentReport]
    funders: list[FunderReport]
    total: Reported
    needs: list[NeedFigures]
    ledger: Ledger


def pledge_date(instrument: FundingInstrument, on: date) -> date:
    """The date a pledge is converted at: the first day of its window, else ``on``."""
    return month_start(instrument.first_month) if instrument.first_month else on


def money_entries(
    instruments: Iterable[FundingInstrument],
    orders: Iterable[Order],
    payments: Iterable[Payment],
    rates: Rates,
    *,
    currency: str = REPORTING,
    on: date | None = None,
) -> list[MoneyEntry]:
    """Every pledge, order cost (placed or later, not cancelled) and payment of these
    instruments, each converted into ``currency`` at the rate of its date: a pledge at its
    window's first day (else ``on``, today by default), an order at its month's first day, a
    payment at its date. MissingRate names the record, the currency and the date."""
    return entries_of(
        instruments, costs_of(orders), paid_of(payments), rates, currency=currency, on=on
    )


PLURAL = {PLEDGED: "funding_instruments", ALLOCATED: "orders", DISBURSED: "payments"}


def entries_of(
    instruments: Iterable[FundingInstrument],
    costs: Iterable[OrderCost],
    paid: Iterable[Paid],
    rates: Rates,
    *,
    currency: str = REPORTING,
    on: date | None = None,
) -> list[MoneyEntry]:
    """Every pledge of these instruments, the cost of their orders placed or later (not
    cancelled) and what they paid, each converted into ``currency`` at the rate of its
    date (``money_entries``); a sum over dates stays as it is (it is in ``currency``)."""
    today = on or date.today()
    by_key = {i.key: i for i in instruments}
    found: list[MoneyEntry] = []
    for figure, key, payer, when, money in _transactions(by_key, costs, paid, today):
        amount, used = convert(money, currency, when, rates, label(PLURAL[figure], key))
        funder = by_key[payer].funder
        found.append(MoneyEntry(figure, key, payer, funder, when, money, amount, used))
    return found


def _transactions(
    instruments: dict[str, FundingInstrument],
    costs: Iterable[OrderCost],
    paid: Iterable[Paid],
    today: date,
) -> Iterable[tuple[str, str, str, date | None, Money]]:
    """Each pledge, order cost and payment of ``instruments``: figure, record, instrument,
    date (None: a sum over dates) and money."""
    for key, instrument in instruments.items():
        yield PLEDGED, key, key, pledge_date(instrument, today), instrument.pledged
    for spent in costs:
        if spent.instrument in instruments and spent.status in ORDERED:
            month = None if spent.month is None else month_start(spent.month)
            yield ALLOCATED, spent.record, spent.instrument, month, spent.cost
    for payment in paid:
        if payment.instrument in instruments:
            yield DISBURSED, payment.record, payment.instrument, payment.paid_on, payment.amount


def reported(entries: Iterable[MoneyEntry], currency: str) -> Reported:
    """The sums of ``entries`` per figure, with every rate they were converted at."""
    sums = dict.fromkeys(MONEY_FIGURES, Decimal(0))
    used: set[RateUsed] = set()
    for entry in entries:
        sums[entry.figure] += entry.amount
        if entry.rate is not None:
            used.add(entry.rate)
    return Reported(currency, sums[PLEDGED], sums[ALLOCATED], sums[DISBURSED], tuple(sorted(used)))


def report(  # noqa: PLR0917 - the records of the ledger, each kind once
    needs: Iterable[Need],
    instruments: Iterable[FundingInstrument],
    orders: Iterable[Order],
    deliveries: Deliveries,
    reports: Reports,
    payments: Iterable[Payment],
    rates: Rates,
    *,
    currency: str = REPORTING,
    on: date | None = None,
) -> Report:
    """The ledger of these records in ``currency``: each pledge, order cost and payment
    converted at the rate of its own date (``money_entries``), summed per instrument, per
    funder and in all."""
    orders = list(orders)
    return report_of(
        needs, instruments, units_of(orders, deliveries, reports), costs_of(orders),
        paid_of(payments), rates, currency=currency, on=on,
    )  # fmt: skip


def report_of(  # noqa: PLR0917 - what the ledger counts of each kind of record, once
    needs: Iterable[Need],
    instruments: Iterable[FundingInstrument],
    units: Iterable[OrderUnits],
    costs: Iterable[OrderCost],
    paid: Iterable[Paid],
    rates: Rates,
    *,
    currency: str = REPORTING,
    on: date | None = None,
) -> Report:
    """The ledger in ``currency`` of these needs and instruments, from their orders' units
    and costs and what was paid (each record, or the store's sums: ``report``'s figures
    either way, to the cent): each pledge, cost and payment converted at the rate of its own
    date, summed per instrument, per funder and in all."""
    instruments, costs, paid = list(instruments), list(costs), list(paid)
    today = on or date.today()
    own = ledger_of(needs, instruments, units, costs, paid, rates)
    entries = entries_of(instruments, costs, paid, rates, currency=currency, on=today)
    per_instrument: dict[str, list[MoneyEntry]] = defaultdict(list)
    for entry in entries:
        per_instrument[entry.instrument].append(entry)
    # A funder's and the total figures are sums of its instruments' (each entry is one
    # instrument's): the entries are summed once.
    sums = {i.key: reported(per_instrument[i.key], currency) for i in instruments}
    funders: dict[str, list[str]] = defaultdict(list)
    for instrument in instruments:
        funders[instrument.funder].append(instrument.key)
    return Report(
        currency,
        today,
        entries,
        [InstrumentReport(f.key, f.funder, f, sums[f.key]) for f in own.instruments],
        [
            FunderReport(funder, tuple(keys), added((sums[k] for k in keys), currency))
            for funder, keys in sorted(funders.items())
        ],
        added(sums.values(), currency),
        own.needs,
        own,
    )


def added(parts: Iterable[Reported], currency: str) -> Reported:
    """The figures of ``parts`` (sums of entries in ``currency``) added, with every rate any
    of them used: the sums of all their entries."""
    sums = dict.fromkeys(MONEY_FIGURES, Decimal(0))
    used: set[RateUsed] = set()
    for part in parts:
        sums[PLEDGED] += part.pledged
        sums[ALLOCATED] += part.allocated
        sums[DISBURSED] += part.disbursed
        used.update(part.rates)
    return Reported(currency, sums[PLEDGED], sums[ALLOCATED], sums[DISBURSED], tuple(sorted(used)))


# --- the rules ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Breach:
    """A record that breaks a ledger rule: the record, the field, the rule and what is wrong.

    ``detail`` never holds a figure of another organisation's records (a refusal may go to a
    manufacturer); ``figures`` may, and only ``coprod ledger verify`` (an operator) shows it."""

    record: str
    field: str
    rule: str
    detail: str
    figures: str = ""

    def __str__(self) -> str:
        return f"{self.record}: field {self.field}: {self.detail} (rule: {self.rule})"

    @property
    def code(self) -> str:
        """The stable id of the rule (``domain/rulebook.py``), what a refusal is translated
        by; ``rule`` for a rule declared nowhere."""
        return self.rule.code if isinstance(self.rule, rb.Rule) else "rule"


def label(kind: str, key: str) -> str:
    """How a refusal names a record: ``orders 'o-1'``."""
    return f"{kind} {key!r}"


def is_generic(system: System) -> bool:
    """Whether a system names a whole category (the catalogue's generic entries, such as
    ``drones`` or ``long-range weapons``: no maker, a name in lower case)."""
    return system.manufacturer is None and system.name == system.name.lower()


# The rule each eligibility field of an instrument states.
ADMITS = {
    "producer_countries": rb.PRODUCER_COUNTRIES,
    "site_countries": rb.SITE_COUNTRIES,
    "categories": rb.CATEGORIES,
}


def line_breach(
    order: Order, need: Need, need_system: System, line: ProductionLine, line_system: System
) -> Breach | None:
    """The order's line must make the need's system, or a system of the need's category when
    the need names a whole category."""
    if line.system == need.system:
        return None
    if is_generic(need_system) and line_system.category == need_system.category:
        return None
    wanted = f"a system of category {need_system.category!r}" if is_generic(need_system) else None
    return Breach(
        label("orders", order.key),
        "production_line",
        rb.LINE_MAKES_SYSTEM,
        f"line {line.key!r} makes {line.system!r}, but need {need.key!r} is for "
        f"{wanted or repr(need.system)}",
    )


def funding_breach(
    order: Order, instrument: FundingInstrument, line: ProductionLine, category: str
) -> Breach | None:
    """The paying instrument's rules (producer and site countries, categories, time window,
    currency) must admit the order's line and month."""
    record = label("orders", order.key)
    if order.unit_price.currency != instrument.pledged.currency:
        return Breach(
            record,
            "unit_price",
            rb.ORDER_CURRENCY,
            f"funding instrument {instrument.key!r} pays in {instrument.pledged.currency}, "
            f"not {order.unit_price.currency}",
        )
    refused = refused_by(
        producer_countries=instrument.producer_countries,
        site_countries=instrument.site_countries,
        categories=instrument.categories,
        country=line.company_country,
        site_country=line.site_country,
        category=category,
    )
    if refused is not None:
        allowed = ", ".join(getattr(instrument, refused))
        value = {
            "producer_countries": f"a producer of {line.company_country}",
            "site_countries": f"a site in {line.site_country}",
            "categories": f"category {category!r}",
        }[refused]
        return Breach(
            record,
            "instrument",
            ADMITS[refused],
            f"funding instrument {instrument.key!r} pays only for {refused} {allowed}, "
            f"not {value} (line {line.key!r})",
        )
    if not in_window(instrument.first_month, instrument.last_month, order.month):
        window = f"{instrument.first_month or 'any'} to {instrument.last_month or 'any'}"
        return Breach(
            record,
            "month",
            rb.ORDER_WINDOW,
            f"funding instrument {instrument.key!r} pays for months {window}, not {order.month}",
        )
    return None


def over_ordered(need: Need, ordered: int, record: str, field: str) -> Breach | None:
    """A need is never over-ordered: what is ordered for it (every organisation's orders)
    never exceeds what is needed. The detail names no quantity."""
    if ordered <= need.quantity:
        return None
    return Breach(
        record,
        field,
        rb.NEVER_OVER_ORDERED,
        f"need {need.key!r} would have more units ordered than it needs",
        f"ordered {ordered}, needed {need.quantity}",
    )


def over_allocated(
    instrument: FundingInstrument, allocated: Decimal, record: str, field: str
) -> Breach | None:
    """An instrument's allocated (the cost of its orders) never exceeds its pledge."""
    if allocated <= instrument.pledged.amount:
        return None
    return Breach(
        record,
        field,
        rb.ALLOCATED_WITHIN_PLEDGED,
        f"the orders paid by funding instrument {instrument.key!r} would cost more than it pledged",
        f"allocated {allocated}, pledged {instrument.pledged.amount}",
    )


def under_disbursed(
    instrument: FundingInstrument,
    allocated: Decimal,
    record: str,
    field: str,
    disbursed: Decimal | None = None,
) -> Breach | None:
    """What an instrument has disbursed (its payments; the stored total when ``disbursed`` is
    not given) never exceeds what is allocated (its orders' cost): an order it has paid for is
    not cancelled or moved away behind the payment's back."""
    paid = instrument.disbursed.amount if disbursed is None else disbursed
    if paid <= allocated:
        return None
    return Breach(
        record,
        field,
        rb.DISBURSED_WITHIN_ALLOCATED,
        f"funding instrument {instrument.key!r} would have disbursed more than its orders cost",
        f"disbursed {paid}, allocated {allocated}",
    )


def report_breach(report: ProductionReport, order: Order | None) -> Breach | None:
    """A production report that names an order reports on that order's line, for an order
    placed or later and not cancelled."""
    if order is None:
        return None
    record = label("production_reports", report.key)
    if order.production_line != report.production_line:
        return Breach(
            record,
            "order",
            rb.REPORTED_ON_OWN_LINE,
            f"order {order.key!r} is made on line {order.production_line!r}, "
            f"not {report.production_line!r}",
        )
    if not is_ordered(order):
        return Breach(
            record,
            "order",
            rb.REPORTED_FOR_PLACED,
            f"order {order.key!r} is {order.status.value}",
        )
    return None


def over_produced(order: Order, produced: int, record: str, field: str) -> Breach | None:
    """produced ≤ ordered: the production reported on an order never exceeds its quantity."""
    if produced <= order.quantity:
        return None
    return Breach(
        record,
        field,
        rb.PRODUCED_WITHIN_ORDERED,
        f"order {order.key!r} would have more units reported produced than it orders",
        f"produced {produced}, ordered {order.quantity}",
    )


def over_delivered(
    order: Order, delivered: int, produced: int, record: str, field: str
) -> Breach | None:
    """delivered ≤ produced: what is delivered on an order was reported produced first."""
    if delivered <= produced:
        return None
    return Breach(
        record,
        field,
        rb.DELIVERED_WITHIN_PRODUCED,
        f"order {order.key!r} would have more units delivered than reported produced "
        "(report the production first)",
        f"delivered {delivered}, produced {produced}",
    )


def payment_breach(payment: Payment, order: Order) -> Breach | None:
    """A payment is made by the instrument that pays its order, for an order placed or
    later and not cancelled."""
    record = label("payments", payment.key)
    if order.instrument != payment.instrument:
        return Breach(
            record,
            "instrument",
            rb.PAID_BY_ORDER_INSTRUMENT,
            f"order {order.key!r} is not paid by funding instrument {payment.instrument!r}",
        )
    if not is_ordered(order):
        return Breach(
            record,
            "order",
            rb.PAID_FOR_PLACED,
            f"order {order.key!r} is {order.status.value}",
        )
    return None


def over_paid(order: Order, paid: Decimal, record: str, field: str) -> Breach | None:
    """The payments on an order never exceed its cost (a proposed or cancelled order costs
    nothing)."""
    owed = cost(order) if is_ordered(order) else Decimal(0)
    if paid <= owed:
        return None
    return Breach(
        record,
        field,
        rb.PAID_WITHIN_COST,
        f"order {order.key!r} would be paid more than it costs",
        f"paid {paid} {order.unit_price.currency}, cost {owed}",
    )


def status_breach(order: Order, before: OrderStatus) -> Breach | None:
    """An order's status moves forward on its lifecycle only, or to cancelled before delivery."""
    after = order.status
    if after is before:
        return None
    if after is S.CANCELLED and before in CANCELLABLE:
        return None
    if before is not S.CANCELLED and after is not S.CANCELLED and STEP[after] > STEP[before]:
        return None
    return Breach(
        label("orders", order.key),
        "status",
        rb.ORDER_STATUSES,
        f"cannot go from {before.value} to {after.value}",
    )


def dated_history(order: Order, before: Order | None, today: date) -> list[OrderStep]:
    """The history ``order`` is stored with: the one it carries, else the stored one; with a
    step for its status dated ``today`` when its status changes (or it is new) and it
    carries no step of its own for it."""
    stored = before.history if before is not None else []
    history = list(order.history) if order.history else list(stored)
    last = history[-1].status if history else (before.status if before is not None else None)
    if last is not order.status:
        history.append(OrderStep(order.status, today))
    return history


def history_breach(order: Order, before: Order | None) -> Breach | None:
    """An order's history keeps every stored step, moves forward on the lifecycle (or to
    cancelled before delivery), with dates that never go back, and ends with its status."""
    record = label("orders", order.key)
    stored = before.history if before is not None else []
    if order.history[: len(stored)] != stored:
        return Breach(
            record,
            "history",
            rb.ORDER_HISTORY_KEPT,
            "a stored step of the history was changed or removed",
        )
    steps = order.history
    for i, (earlier, later) in enumerate(pairwise(steps), start=1):
        if later.on < earlier.on:
            return _history(record, i, f"{later.on} is before {earlier.on}")
        moved = dataclasses.replace(order, status=later.status)
        if status_breach(moved, earlier.status) is not None or later.status is earlier.status:
            went = f"{earlier.status.value} to {later.status.value}"
            return _history(record, i, f"cannot go from {went}")
    if steps and steps[-1].status is not order.status:
        ends = f"the history ends at {steps[-1].status.value}, not {order.status.value}"
        return _history(record, len(steps) - 1, ends)
    return None


def _history(record: str, index: int, detail: str) -> Breach:
    return Breach(
        record,
        f"history.{index}",
        rb.ORDER_HISTORY_DATED,
        detail,
    )


def stages_breach(project: InnovationProject, before: InnovationProject | None) -> Breach | None:
    """A project's maturity stages move forward only, with dates that do not go backwards,
    and a change never lowers the stage already recorded."""
    record = label("innovation_projects", project.key)
    last = None
    for i, change in enumerate(project.stages):
        previous = project.stages[i - 1] if i else None
        if previous is not None and change.stage.value <= previous.stage.value:
            return _stage(record, f"stages.{i}", f"{change.stage.value} after {previous.stage}")
        if change.on is not None and last is not None and change.on < last:
            return _stage(record, f"stages.{i}.on", f"{change.on} is before {last}")
        last = change.on or last
    if before is not None and before.stages and project.stages:
        stored, now = before.stages[-1].stage, project.stages[-1].stage
        if now.value < stored.value:
            return _stage(record, "stages", f"{now.value} is below the recorded {stored.value}")
    return None


def _stage(record: str, field: str, detail: str) -> Breach:
    return Breach(record, field, rb.STAGES_FORWARD, detail)
