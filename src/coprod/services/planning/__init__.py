"""Planning from the registry: export its needs, lines and instruments as a scenario, and
store a plan back as proposed orders and funding allocations. The caller's unit of work commits.

What the registry already holds is taken out first, with the ledger's figures
(``domain/ledger``): a need's quantity less what is ordered for it (placed or later, not
cancelled), a line's monthly capacity less what those orders take in each month, an
instrument's budget is what is pledged and not yet allocated (the cost of its orders placed or
later). Proposals are not orders: they take no need, capacity or money, and storing a plan
leaves every instrument's allocated as it is. Proposed orders of an earlier plan (keys
``plan-…``) are released before planning again.

A plan run (``services/plan_runs``) reads the scenario (``read_registry``) in a unit of work
that does not write, solves with no transaction open, then stores the plan in a short writing
one (``store_if_unchanged``), which first checks that the registry still gives the scenario
solved.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import numpy as np

from coprod.db.uow import UnitOfWork
from coprod.domain import entities as d
from coprod.domain import ledger as book
from coprod.domain.bounds import PLAN_MONTHS
from coprod.domain.enums import OrderStatus
from coprod.domain.money import CENT, Money
from coprod.domain.rates import REPORTING, month_start
from coprod.errors import Conflict, InvalidInput
from coprod.planner.plan import PlanResult
from coprod.planner.problem import SCHEMA, Problem, absolute_month, month_text
from coprod.services import registry
from coprod.services.ledger.rates import read_rates

PLAN_PREFIX = "plan-"


@dataclass
class Export:
    """A scenario made from the registry, and the records it had to leave out (and why)."""

    scenario: dict[str, Any]
    skipped: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Stored:
    """What storing a plan wrote: proposed orders created, the money they propose per
    instrument (not allocated: only orders placed or later allocate), orders released."""

    orders: int
    allocated: dict[str, Decimal]
    released: int


def release_proposed(uow: UnitOfWork) -> int:
    """Delete the proposed orders of an earlier plan (they allocate no money)."""
    proposed = uow.orders.list_({"status": OrderStatus.PROPOSED.value})
    earlier = [order for order in proposed if order.key.startswith(PLAN_PREFIX)]
    for order in earlier:
        uow.orders.delete(order.key)
    return len(earlier)


def export_scenario(
    uow: UnitOfWork, months: int, start: str | None = None, reporting: str = REPORTING
) -> Export:
    """The registry's open needs, lines and instruments as ``coprod.scenario/1``, from the
    ledger's figures: proposals (an earlier plan's or anyone's) take nothing. Money is in the
    reporting currency: each line's unit cost and each instrument's budget left converted at
    the rates of the plan's first month (its first day, or the last rate before it)."""
    PLAN_MONTHS.check(months, "months")
    first = start or datetime.now(UTC).strftime("%Y-%m")
    start_month = absolute_month(first)
    if start_month is None:
        raise InvalidInput(f"--start: {first!r} is not a month 'YYYY-MM'")
    orders = [o for o in uow.orders.list_() if book.is_ordered(o)]
    export = Export({})
    lines = uow.production_lines.list_()
    instruments = uow.funding_instruments.list_()
    allocated = book.allocated_by_instrument(orders)
    money = _Converter(uow, lines, instruments, reporting, month_start(first))
    needs = _needs(uow.needs.list_(), orders, export)
    producers = _producers(lines, orders, start_month, months, export, money)
    export.scenario = {
        "schema": SCHEMA,
        "name": f"registry-{first}",
        "notes": "Exported from the coprod registry."
        + (" Left out: " + "; ".join(export.skipped) if export.skipped else ""),
        "currency": reporting,
        "start": first,
        "months": months,
        "lateness_penalty": 0.1,
        "max_lateness": 3,
        "cost_weight": 0.0,
        "products": _products(uow, needs, producers),
        "needs": needs,
        "producers": producers,
        "instruments": [
            _instrument(i, allocated.get(i.key, Decimal(0)), money) for i in instruments
        ],
    }
    if money.rates_used:
        export.scenario["notes"] += " Rates: " + "; ".join(money.rates_used) + "."
    if _has_contract_terms(needs, producers):
        export.scenario["integral"] = True  # whole units: the registry's numbers are whole
    return export


class _Converter:
    """Money of the registry in the reporting currency at the rates of one date."""

    def __init__(
        self,
        uow: UnitOfWork,
        lines: list[d.ProductionLine],
        instruments: list[d.FundingInstrument],
        reporting: str,
        on: date,
    ) -> None:
        currencies = {line.unit_cost.currency for line in lines}
        currencies |= {i.pledged.currency for i in instruments} | {reporting}
        self.rates = read_rates(uow, currencies)
        self.reporting, self.on = reporting, on
        self.rates_used: list[str] = []

    def to_reporting(self, amount: Decimal, currency: str, what: str) -> Decimal:
        """``amount`` of ``currency`` in the reporting currency; InvalidInput naming ``what``
        when no rate is stored."""
        return self.convert(amount, currency, self.reporting, what)

    def convert(self, amount: Decimal, source: str, target: str, what: str) -> Decimal:
        """``amount`` of ``source`` in ``target`` at the rates of the plan's first day."""
        converted, rate = book.convert(Money(amount, source), target, self.on, self.rates, what)
        if rate is not None and str(rate) not in self.rates_used:
            self.rates_used.append(str(rate))
        return converted


def _has_contract_terms(needs: list[dict[str, Any]], producers: list[dict[str, Any]]) -> bool:
    return any("max_suppliers" in n for n in needs) or any(
        "lot_size" in p or "min_order" in p for p in producers
    )


def _needs(needs: list[d.Need], orders: list[d.Order], export: Export) -> list[dict[str, Any]]:
    ordered = book.ordered_by_need(orders)
    result = []
    for need in needs:
        open_quantity = need.quantity - ordered.get(need.key, 0)
        if open_quantity <= 0 or need.priority <= 0:
            why = "fully ordered" if open_quantity <= 0 else "priority 0"
            export.skipped.append(f"need {need.key} ({why})")
            continue
        record = {
            "id": need.key,
            "product": need.system,
            "quantity": open_quantity,
            "priority": float(need.priority),
            "due": need.due,
            "recipient": need.recipient,
        }
        if need.max_suppliers is not None:
            record["max_suppliers"] = need.max_suppliers
        result.append(record)
    return result


def _producers(  # noqa: PLR0917 - the registry's parts a producer list is made of
    lines: list[d.ProductionLine],
    orders: list[d.Order],
    start: int,
    months: int,
    export: Export,
    money: _Converter,
) -> list[dict[str, Any]]:
    taken: dict[str, list[int]] = defaultdict(lambda: [0] * months)
    for order in orders:
        index = (absolute_month(order.month) or start - 1) - start
        if 0 <= index < months:
            taken[order.production_line][index] += order.quantity
    result = []
    for line in lines:
        if line.unit_cost.amount <= 0:
            export.skipped.append(f"line {line.key} (no unit cost)")
            continue
        capacity = [max(line.monthly_capacity - used, 0) for used in taken[line.key]]
        result.append(
            {
                "id": line.key,
                "organisation": line.organisation,
                "country": line.company_country,
                "site_country": line.site_country,
                "product": line.system,
                "unit_cost": float(
                    money.to_reporting(
                        line.unit_cost.amount,
                        line.unit_cost.currency,
                        f"production line {line.key!r}: unit_cost",
                    )
                ),
                "capacity": capacity if any(taken[line.key]) else line.monthly_capacity,
                "lead_time": line.lead_time_months,
                **_contract_terms(line),
            }
        )
    return result


def _contract_terms(line: d.ProductionLine) -> dict[str, int]:
    """A line's lot size and minimum order, where set."""
    terms = {"lot_size": line.lot_size, "min_order": line.min_order}
    return {name: value for name, value in terms.items() if value is not None}


def _products(
    uow: UnitOfWork, needs: list[dict[str, Any]], producers: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    keys = sorted({n["product"] for n in needs} | {p["product"] for p in producers})
    systems = [uow.systems.get_by_key(key) for key in keys]
    return [{"id": s.key, "name": s.name, "category": s.category} for s in systems]


def _instrument(
    instrument: d.FundingInstrument, allocated: Decimal, money: _Converter
) -> dict[str, Any]:
    left = max(instrument.pledged.amount - allocated, Decimal(0))
    where = f"funding instrument {instrument.key!r}: pledged"
    budget = money.to_reporting(left, instrument.pledged.currency, where)
    record: dict[str, Any] = {
        "id": instrument.key,
        "name": instrument.name,
        "funder": instrument.funder,
        "kind": instrument.kind.value,
        "budget": float(budget),
    }
    for name in ("site_countries", "producer_countries", "categories", "first_month", "last_month"):
        value = getattr(instrument, name)
        if value is not None:
            record[name] = value
    return record


def store_plan(uow: UnitOfWork, problem: Problem, result: PlanResult) -> Stored:
    """Proposed orders (one per line, need, month and paying instrument, whole units); the
    money they would take per instrument is reported, not allocated (proposals are not
    orders). A contract plan's orders are grouped into one proposed contract per line and
    need: their keys share the contract's key ``plan-STAMP-cNNNNN``."""
    stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
    allocated: dict[str, Decimal] = defaultdict(Decimal)
    orders: list[d.Order] = []
    keys = _order_keys(f"{PLAN_PREFIX}{stamp}", result.contract is not None)
    price_of = _Prices(uow, problem)
    for producer, need, month, instrument, units in _order_parts(problem, result):
        price = price_of(producer, instrument)
        order = d.Order(
            key=keys(producer, need),
            need=problem.need_ids[need],
            production_line=problem.producer_ids[producer],
            instrument=problem.instrument_ids[instrument],
            quantity=units,
            unit_price=price,
            month=month_text(problem.start + month),
            status=OrderStatus.PROPOSED,
        )
        orders.append(order)
        allocated[order.instrument or ""] += price.amount * units
    registry.record_orders(uow, orders)  # the needs' caps checked once for the whole plan
    return Stored(len(orders), dict(allocated), 0)


class _Prices:
    """A proposed order's unit price in its paying instrument's currency (an order is paid in
    its instrument's currency): the plan's unit cost, in the reporting currency, converted at
    the rates of the plan's first day."""

    def __init__(self, uow: UnitOfWork, problem: Problem) -> None:
        self.problem = problem
        instruments = uow.funding_instruments.list_()
        lines = uow.production_lines.list_()
        self.currency_of = {i.key: i.pledged.currency for i in instruments}
        self.line_currency = {line.key: line.unit_cost.currency for line in lines}
        scenario = problem.scenario
        on = month_start(scenario.start)
        self.money = _Converter(uow, lines, instruments, scenario.currency, on)

    def __call__(self, producer: int, instrument: int) -> Money:
        """The unit price of ``producer``'s units paid by ``instrument``."""
        line = self.problem.producer_ids[producer]
        paid_by = self.problem.instrument_ids[instrument]
        currency = self.currency_of.get(paid_by) or self.line_currency[line]
        unit = Decimal(str(self.problem.unit_cost[producer])).quantize(CENT)
        where = f"a proposed order on line {line!r}: unit_price"
        return Money(self.money.convert(unit, self.money.reporting, currency, where), currency)


def _order_keys(prefix: str, contracts: bool) -> Callable[[int, int], str]:
    """Keys of a plan's proposed orders: numbered, or per contract (line, need) and part."""
    count = 0
    contract_of: dict[tuple[int, int], int] = {}
    parts: dict[int, int] = defaultdict(int)

    def key(producer: int, need: int) -> str:
        nonlocal count
        count += 1
        if not contracts:
            return f"{prefix}-{count:05d}"
        contract = contract_of.setdefault((producer, need), len(contract_of) + 1)
        parts[contract] += 1
        return f"{prefix}-c{contract:05d}-{parts[contract]:03d}"

    return key


def contract_key(order_key: str) -> str | None:
    """The proposed contract an order belongs to (``plan-STAMP-cNNNNN``), or None."""
    head, _, part = order_key.rpartition("-")
    if not order_key.startswith(PLAN_PREFIX) or "-c" not in head or not part.isdigit():
        return None
    return head


def read_registry(uow: UnitOfWork, months: int, start: str | None = None) -> Export:
    """The scenario a plan run solves: the registry's open needs, lines and instruments, the
    earlier plan released (reads only: run it in a unit of work that does not write)."""
    first = start or datetime.now(UTC).strftime("%Y-%m")
    return export_scenario(uow, months, first)


def store_if_unchanged(
    uow: UnitOfWork, export: Export, problem: Problem, result: PlanResult
) -> Stored:
    """Release the earlier plan and store ``result`` (the plan of ``export``), in a writing
    unit of work; Conflict, with nothing written, when the registry changed since ``export``
    was read in a way that changes the scenario (the caller commits)."""
    scenario = export.scenario
    now = export_scenario(uow, scenario["months"], scenario["start"])
    if now.scenario != scenario:
        raise Conflict(
            "the registry's needs, lines, instruments or orders changed while the plan was "
            "being solved: nothing was stored; run the plan again"
        )
    released = release_proposed(uow)
    stored = store_plan(uow, problem, result)
    return Stored(stored.orders, stored.allocated, released)


def _order_parts(problem: Problem, result: PlanResult) -> list[tuple[int, int, int, int, int]]:
    """(line, need, month, instrument, whole units): each line-month's whole units shared by
    its payers (each payer its share rounded down, the units left over to the payers with the
    largest remainders while their instrument's unspent budget covers the excess), then
    handed to the line-month's orders in turn, so an order keeps all its whole units (a
    contract stays at or above its minimum order) unless no payer could cover one."""
    funding, orders = result.funding, result.orders
    paid: dict[tuple[int, int], list[tuple[int, float]]] = defaultdict(list)
    for i, p, t, amount in zip(
        funding.instrument, funding.producer, funding.month, funding.amount, strict=True
    ):
        paid[(int(p), int(t))].append((int(i), float(amount)))
    wanted: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
    for p, j, t, quantity in zip(
        orders.producer, orders.need, orders.month, orders.quantity, strict=True
    ):
        units = int(np.floor(float(quantity) + 1e-9))
        if units > 0:
            wanted[(int(p), int(t))].append((int(j), units))
    slack = {i: float(problem.budget[i] - result.spent[i]) for i in range(len(problem.budget))}
    parts: list[tuple[int, int, int, int, int]] = []
    for (p, t), needs in wanted.items():
        price = float(problem.unit_cost[p])
        shares = _payer_units(paid[(p, t)], sum(units for _, units in needs), price, slack)
        parts.extend((p, j, t, i, units) for j, i, units in _fill(needs, shares))
    return parts


def _payer_units(
    payers: list[tuple[int, float]], units: int, price: float, slack: dict[int, float]
) -> list[tuple[int, int]]:
    """Whole units per payer of one line-month (largest remainders first, within slack)."""
    total = sum(amount for _, amount in payers)
    if total <= 0:
        return []
    exact = [(i, units * amount / total) for i, amount in payers]
    whole = {i: int(np.floor(share + 1e-9)) for i, share in exact}
    left = units - sum(whole.values())
    for i, share in sorted(exact, key=lambda item: np.floor(item[1] + 1e-9) - item[1]):
        excess = price * (whole[i] + 1 - share)
        if left > 0 and excess <= slack[i] - 1e-6 * max(1.0, price):
            whole[i] += 1
            slack[i] -= excess
            left -= 1
    return [(i, n) for i, n in whole.items() if n > 0]


def _fill(
    needs: list[tuple[int, int]], payers: list[tuple[int, int]]
) -> list[tuple[int, int, int]]:
    """(need, payer, units): the payers' units handed to the needs' orders in turn."""
    parts: list[tuple[int, int, int]] = []
    k = 0
    remaining = [n for _, n in payers]
    for j, wanted in needs:
        units = wanted
        while units > 0 and k < len(payers):
            take = min(units, remaining[k])
            parts.append((j, payers[k][0], take))
            units -= take
            remaining[k] -= take
            if remaining[k] == 0:
                k += 1
    return parts
