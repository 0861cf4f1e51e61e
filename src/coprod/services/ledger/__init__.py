"""The ledger's figures and rules over the store (``domain/ledger.py`` defines them).

``read_ledger`` gives the figures of what the caller's unit of work may see, each instrument in
its own currency; ``read_report`` the same figures in one reporting currency (EUR unless the
caller names another), each pledge, order cost and payment converted at the rate of its date,
with the rates used (the summary, the dashboard, ``coprod ledger show`` and ``GET /api/ledger``
read it; ``report_document`` is its JSON). Every write path (``services/registry``: the
API, the pages, JSON and CSV imports, review, plan runs) calls ``check_change`` before it writes
a record and ``check_writes`` once its records are written, in the same transaction: the rules
weigh every organisation's records, and a refusal names the record, the field and the rule
without another organisation's figures. ``verify`` lists every stored record that breaks a
rule (``coprod ledger verify``), for registries written before the rules held;
``record_verify`` stores what it finds (``breaches.py``: the alerts read that list) and every
write re-judges the stored breaches of the records it weighed (``rejudge``).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Collection, Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from coprod.db import models as m
from coprod.db.repositories import Repository, mapping_of
from coprod.db.uow import UnitOfWork
from coprod.domain import entities as d
from coprod.domain import kinds
from coprod.domain import ledger as book
from coprod.domain import rulebook as rb
from coprod.domain.ledger import Breach, label
from coprod.domain.money import Money
from coprod.domain.rates import REPORTING, MissingRate, Rates
from coprod.errors import Forbidden, InvalidInput, RuleViolation
from coprod.services.accounts.access import EVERYTHING, Principal, caller, require_role
from coprod.services.ledger import breaches, sums
from coprod.services.ledger.rates import read_rates

# Instruments an order leaves when it changes instrument (their allocated must drop):
# remembered on the session by check_change, used by check_writes of the same transaction.
LEFT_BEHIND = "coprod.ledger.left_behind"
# Instruments a payment leaves (moved or deleted: their disbursed must drop) and orders a
# production report leaves (what was delivered on them must still have been produced).
PAYERS_LEFT = "coprod.ledger.payers_left"
ORDERS_LEFT = "coprod.ledger.orders_left"


def read_ledger(uow: UnitOfWork) -> book.Ledger:
    """The ledger of the records ``uow`` may see."""
    instruments = uow.funding_instruments.list_()
    payments = uow.payments.list_()
    currencies = {p.amount.currency for p in payments} | {i.pledged.currency for i in instruments}
    return book.ledger(
        uow.needs.list_(),
        instruments,
        uow.orders.list_(),
        units_per_order(uow, uow.deliveries, m.DeliveryRow),
        units_per_order(uow, uow.production_reports, m.ProductionReportRow),
        payments,
        read_rates(uow, currencies),
    )


def units_per_order(
    uow: UnitOfWork,
    records: Repository[Any, Any],
    row: type[m.DeliveryRow] | type[m.ProductionReportRow],
) -> dict[str, int]:
    """The units of the deliveries (or production reports) the caller may see, summed per
    order key in one query: all the ledger needs of them."""
    order = aliased(m.OrderRow)
    stmt = (
        select(order.key, func.sum(row.quantity))
        .select_from(row)
        .join(order, order.id == row.order_id)
        .group_by(order.key)
    )
    return {str(key): int(units) for key, units in uow.session.execute(records.scoped(stmt))}


CURRENCY = re.compile(r"[A-Z]{3}")


def reporting_currency(currency: str | None) -> str:
    """The reporting currency asked for (EUR when none): InvalidInput unless it is an ISO
    4217 code such as EUR, GBP or USD."""
    chosen = (currency or REPORTING).strip().upper()
    if not CURRENCY.fullmatch(chosen):
        raise InvalidInput(
            f"currency: {currency!r} is not a currency code (three letters, such as EUR or GBP)"
        )
    return chosen


def read_report(uow: UnitOfWork, currency: str = REPORTING, on: date | None = None) -> book.Report:
    """The ledger of the records ``uow`` may see in the reporting ``currency``: each pledge,
    order cost and payment converted at the rate of its date (a pledge without a window at
    ``on``, today by default), with the rates used. MissingRate (422, exit 2) names the
    record, the currency and the date of a rate the store lacks."""
    chosen = reporting_currency(currency)
    instruments = uow.funding_instruments.list_()
    orders, payments = uow.orders.list_(), uow.payments.list_()
    currencies = {p.amount.currency for p in payments} | {i.pledged.currency for i in instruments}
    currencies |= {o.unit_price.currency for o in orders} | {chosen}
    return book.report(
        uow.needs.list_(),
        instruments,
        orders,
        units_per_order(uow, uow.deliveries, m.DeliveryRow),
        units_per_order(uow, uow.production_reports, m.ProductionReportRow),
        payments,
        read_rates(uow, currencies),
        currency=chosen,
        on=on,
    )


def read_totals(uow: UnitOfWork, currency: str = REPORTING, on: date | None = None) -> book.Report:
    """``read_report``'s figures, to the cent, from the store's sums (``sums.py``: a few
    GROUP BY queries, not a registry's orders and payments one by one): what the dashboard
    and ``coprod summary`` show. Its money entries are those sums (one per record only for
    money converted), not one per record: ``read_report`` lists those."""
    chosen = reporting_currency(currency)
    instruments = uow.funding_instruments.list_()
    costs, paid = sums.order_costs(uow, chosen), sums.paid(uow, chosen)
    currencies = {p.amount.currency for p in paid} | {i.pledged.currency for i in instruments}
    currencies |= {c.cost.currency for c in costs} | {chosen}
    return book.report_of(
        sums.needs(uow),
        instruments,
        sums.order_units(uow),
        costs,
        paid,
        read_rates(uow, currencies),
        currency=chosen,
        on=on,
    )


def ledger_report(uow: UnitOfWork, currency: str = REPORTING) -> dict[str, Any]:
    """The caller's ledger in the reporting ``currency`` as JSON-ready data
    (``report_document`` of ``read_report``): ``GET /api/ledger?currency=GBP``."""
    caller(uow)
    return report_document(read_report(uow, currency))


def remember_left(uow: UnitOfWork, what: str, key: str) -> None:
    """Note an instrument or order a change leaves behind, for ``check_writes`` to weigh."""
    uow.session.info.setdefault(what, set()).add(key)


def violation(breach: Breach, where: str | None = None) -> RuleViolation:
    """The refusal of ``breach``: its words, its field, and its rule's stable id as the code
    (the pages translate by it, ``web/refusals.py``; the API answers it as ``code``)."""
    message = f"{where}: {breach}" if where else str(breach)
    return RuleViolation(
        message, code=breach.code, field=breach.field, params={"rule": breach.rule}
    )


def refuse(breach: Breach | None) -> None:
    """RuleViolation with the breach's words, if there is one."""
    if breach is not None:
        raise violation(breach)


def check_change(uow: UnitOfWork, entity: Any) -> None:
    """The rules that weigh a record against its stored version, before it is written: an
    order's status moves forward, a project's stages too, an instrument's allocated is not
    set by hand."""
    if isinstance(entity, d.Order):
        _check_acceptance(uow, entity)
        # The caller's own view (a record it cannot see it cannot change either); an import
        # has prefetched it, so this asks nothing more.
        before = uow.orders.find_by_key(entity.key)
        if before is not None:
            refuse(book.status_breach(entity, before.status))
            if before.instrument is not None and before.instrument != entity.instrument:
                uow.session.info.setdefault(LEFT_BEHIND, set()).add(before.instrument)
        # The order is written with its dated history (a status change gets its step).
        entity.history = book.dated_history(entity, before, date.today())
        refuse(book.history_breach(entity, before))
    elif isinstance(entity, d.InnovationProject):
        refuse(book.stages_breach(entity, uow.innovation_projects.find_by_key(entity.key)))
    elif isinstance(entity, d.FundingInstrument):
        _check_allocated_by_hand(uow, entity)
        _check_disbursed_by_hand(uow, entity)
    elif isinstance(entity, d.Payment):
        paid = uow.payments.find_by_key(entity.key)
        if paid is not None and paid.instrument != entity.instrument:
            remember_left(uow, PAYERS_LEFT, paid.instrument)
    elif isinstance(entity, d.ProductionReport):
        made = uow.production_reports.find_by_key(entity.key)
        if made is not None and made.order is not None and made.order != entity.order:
            remember_left(uow, ORDERS_LEFT, made.order)


def _check_acceptance(uow: UnitOfWork, order: d.Order) -> None:
    """Only the recipient's side (ministry, admin, or the operator's own commands) confirms
    acceptance; a manufacturer reports production and dispatch on its own lines."""
    caller = uow.orders.access
    if order.status is not book.S.ACCEPTED or not isinstance(caller, Principal):
        return
    before = uow.orders.find_by_key(order.key)
    if before is not None and before.status is book.S.ACCEPTED:
        return
    if not caller.sees_everything:
        raise Forbidden(
            f"orders {order.key!r}: field status: a {caller.role.value} account may not "
            "confirm acceptance (the ministry does)",
            code="order.acceptance",
            field="status",
        )


def _check_allocated_by_hand(uow: UnitOfWork, instrument: d.FundingInstrument) -> None:
    before = uow.funding_instruments.find_by_key(instrument.key)
    if before is None or before.allocated == instrument.allocated:
        return
    derived = _allocated(uow, [instrument.key]).get(instrument.key, Decimal(0))
    if instrument.allocated.amount != derived:
        refuse(
            Breach(
                label("funding_instruments", instrument.key),
                "allocated",
                rb.ALLOCATED_FROM_ORDERS,
                "allocated cannot be changed by hand: place, change or cancel orders instead",
            )
        )


def _check_disbursed_by_hand(uow: UnitOfWork, instrument: d.FundingInstrument) -> None:
    before = uow.funding_instruments.find_by_key(instrument.key)
    if before is None or before.disbursed == instrument.disbursed:
        return
    derived = _disbursed(uow, {instrument.key: instrument.pledged.currency})
    if instrument.disbursed.amount != derived.get(instrument.key, Decimal(0)):
        refuse(
            Breach(
                label("funding_instruments", instrument.key),
                "disbursed",
                rb.DISBURSED_FROM_PAYMENTS,
                "disbursed cannot be changed by hand: record or change payments instead",
            )
        )


def _disbursed(uow: UnitOfWork, currency_of: dict[str, str]) -> dict[str, Decimal]:
    """Each instrument's payments, converted into its currency (``currency_of``)."""
    ids = _ids(uow, m.FundingInstrumentRow, currency_of)
    payments = uow.payments.unscoped().list_in("instrument_id", ids)
    rates = read_rates(uow, {p.amount.currency for p in payments} | set(currency_of.values()))
    return book.disbursed_by_instrument(payments, currency_of, rates)


def check_writes(uow: UnitOfWork, entities: Iterable[Any]) -> None:
    """The ledger's rules over the records just written and what they touch (the orders on a
    line, for a need or paid by an instrument just written included); the stored allocated of
    every instrument an order touched is brought in step with its orders. A few queries per
    kind of record, however many were written (an import of thousands)."""
    written = list(entities)
    orders = [e for e in written if isinstance(e, d.Order)]
    checked: list[tuple[str | None, d.Order]] = [(None, o) for o in orders]
    checked += _orders_of_written(uow, written, {o.key for o in orders})
    needs = _keyed(uow.needs, {o.need for _, o in checked if o.need} | _keys(written, d.Need))
    left = uow.session.info.pop(LEFT_BEHIND, set())
    paying = {o.instrument for _, o in checked if o.instrument}
    instruments = _keyed(
        uow.funding_instruments, paying | left | _keys(written, d.FundingInstrument)
    )
    lines = _keyed(uow.production_lines, {o.production_line for _, o in checked})
    systems = _keyed(
        uow.systems, {n.system for n in needs.values()} | {x.system for x in lines.values()}
    )
    for where, order in checked:
        line = lines[order.production_line]
        line_system = systems[line.system]
        breach = None
        if order.need is not None:
            need = needs[order.need]
            breach = book.line_breach(order, need, systems[need.system], line, line_system)
        if breach is None and order.instrument is not None:
            instrument = instruments[order.instrument]
            breach = book.funding_breach(order, instrument, line, line_system.category)
        if breach is not None:
            raise violation(breach, where)
    _check_needs(uow, written, orders, needs)
    _check_instruments(uow, written, orders, instruments, left)
    touched = check_order_books(uow, written)
    payers = {e.instrument for e in written if isinstance(e, d.Payment)}
    keep_disbursed(uow, payers | uow.session.info.pop(PAYERS_LEFT, set()))
    weighed = {label(kinds.kind_of(e).plural, e.key) for e in written}
    weighed |= {label("orders", key) for key in touched | {o.key for _, o in checked}}
    weighed |= {label("needs", key) for key in needs}
    weighed |= {label("funding_instruments", key) for key in instruments}
    rejudge(uow, weighed)


# What a written record is held to on its order, and the field a refusal names.
FIELD_OF = {"payments": "amount", "orders": "quantity"}


def _touched_orders(written: list[Any]) -> dict[str, str]:
    """The orders whose produced, delivered and paid figures a write changes, each with the
    label of the record written for it."""
    touched: dict[str, str] = {}
    for entity in written:
        if isinstance(entity, d.Order):
            touched[entity.key] = label("orders", entity.key)
        elif isinstance(entity, d.Delivery):
            touched.setdefault(entity.order, label("deliveries", entity.key))
        elif isinstance(entity, d.ProductionReport) and entity.order is not None:
            touched.setdefault(entity.order, label("production_reports", entity.key))
        elif isinstance(entity, d.Payment):
            touched.setdefault(entity.order, label("payments", entity.key))
    return touched


def check_order_books(uow: UnitOfWork, written: list[Any]) -> set[str]:
    """Per order touched (every organisation's records weigh): a report is on the order's
    line, a payment by the order's instrument; produced ≤ ordered, delivered ≤ produced,
    paid ≤ cost (payments converted into the order's currency at the rate of their date).
    The keys of the orders weighed."""
    touched = _touched_orders(written)
    for key in uow.session.info.pop(ORDERS_LEFT, set()):
        touched.setdefault(key, label("orders", key))
    if not touched:
        return set()
    orders = _keyed(uow.orders, set(touched))
    for entity in written:
        if isinstance(entity, d.ProductionReport):
            refuse(book.report_breach(entity, orders.get(entity.order or "")))
        elif isinstance(entity, d.Payment):
            refuse(book.payment_breach(entity, orders[entity.order]))
    ids = _ids(uow, m.OrderRow, touched)
    reports = uow.production_reports.unscoped().list_in("order_id", ids)
    made = book.produced_by_order(reports)
    handed = book.delivered_by_order(uow.deliveries.unscoped().list_in("order_id", ids))
    payments = uow.payments.unscoped().list_in("order_id", ids)
    currency_of = {k: o.unit_price.currency for k, o in orders.items()}
    rates = read_rates(uow, {p.amount.currency for p in payments} | set(currency_of.values()))
    try:
        paid = book.paid_by_order(payments, currency_of, rates)
    except MissingRate as exc:
        where = next((label("payments", e.key) for e in written if isinstance(e, d.Payment)), "")
        raise MissingRate(
            f"{where}: field amount: {exc.message}" if where else exc.message
        ) from None
    for report in reports:  # an order cancelled or moved to another line leaves its reports
        refuse(
            _prefixed(
                touched[report.order or ""], book.report_breach(report, orders[report.order or ""])
            )
        )
    for payment in payments:  # an order that changed instrument leaves its payments behind
        refuse(
            _prefixed(touched[payment.order], book.payment_breach(payment, orders[payment.order]))
        )
    for key in sorted(touched):
        order, where = orders[key], touched[key]
        field = FIELD_OF.get(where.split(" ", 1)[0], "quantity")
        produced = made.get(key, 0)
        refuse(book.over_produced(order, produced, where, field))
        refuse(book.over_delivered(order, handed.get(key, 0), produced, where, field))
        refuse(book.over_paid(order, paid.get(key, Decimal(0)), where, field))
    return set(touched)


def _prefixed(where: str, breach: Breach | None) -> Breach | None:
    """A breach of another record found through ``where``: named through it."""
    if breach is None or breach.record == where:
        return breach
    return dataclasses.replace(breach, record=f"{where}: {breach.record}")


def keep_disbursed(uow: UnitOfWork, keys: set[str]) -> None:
    """Bring the stored disbursed of instruments ``keys`` in step with their payments, in
    this transaction."""
    if not keys:
        return
    instruments = _keyed(uow.funding_instruments, keys)
    derived = _disbursed(uow, {k: i.pledged.currency for k, i in instruments.items()})
    store = uow.funding_instruments.unscoped()
    for key in sorted(instruments):
        instrument = instruments[key]
        paid = derived.get(key, Decimal(0))
        if instrument.disbursed.amount != paid:
            kept = Money(paid, instrument.pledged.currency)
            store.get_by_key(key)
            store.update(dataclasses.replace(instrument, disbursed=kept))


def _orders_of_written(
    uow: UnitOfWork, written: list[Any], skip: set[str]
) -> list[tuple[str | None, d.Order]]:
    """The stored orders (not cancelled) on the lines, for the needs and paid by the
    instruments just written, each with the written record it is checked for: a written
    record of a kind an order names (``kinds.named_by(kinds.ORDER)``) holds the orders that
    name it to the rules again."""
    found: list[tuple[str | None, d.Order]] = []
    for named, reference in kinds.named_by(kinds.ORDER):
        keys = _keys(written, named.entity)
        if not keys:
            continue
        column = f"{reference.field}_id"  # an order's row holds the named record's id
        ids = _ids(uow, mapping_of(named).model, keys)
        for order in uow.orders.unscoped().list_in(column, ids):
            if order.key not in skip and order.status is not book.S.CANCELLED:
                found.append((label(named.plural, getattr(order, reference.field)), order))
    return found


def _keys(written: list[Any], kind: type[Any]) -> set[str]:
    return {e.key for e in written if isinstance(e, kind)}


def _keyed(repository: Any, keys: set[str]) -> dict[str, Any]:
    """The stored records of ``keys``, every organisation's, in one query per 500 keys."""
    if not keys:
        return {}
    return {e.key: e for e in repository.unscoped().list_in("key", keys)}


def _ids(uow: UnitOfWork, model: type[m.Entity], keys: Iterable[str]) -> list[int]:
    ordered = sorted(set(keys))
    found: list[int] = []
    for i in range(0, len(ordered), 500):
        chunk = ordered[i : i + 500]
        found += uow.session.scalars(select(model.id).where(model.key.in_(chunk))).all()
    return found


def _check_needs(
    uow: UnitOfWork, written: list[Any], orders: list[d.Order], needs: dict[str, d.Need]
) -> None:
    named = _keys(written, d.Need)
    by_order = {o.need: o for o in orders if o.need is not None}
    keys = named | set(by_order)
    if not keys:
        return
    ids = _ids(uow, m.NeedRow, keys)
    ordered = book.ordered_by_need(uow.orders.unscoped().list_in("need_id", ids))
    for key in sorted(keys):
        where = label("needs", key) if key in named else label("orders", by_order[key].key)
        refuse(book.over_ordered(needs[key], ordered.get(key, 0), where, "quantity"))


def _allocated(uow: UnitOfWork, keys: Iterable[str]) -> dict[str, Decimal]:
    ids = _ids(uow, m.FundingInstrumentRow, keys)
    return book.allocated_by_instrument(uow.orders.unscoped().list_in("instrument_id", ids))


def _check_instruments(
    uow: UnitOfWork,
    written: list[Any],
    orders: list[d.Order],
    instruments: dict[str, d.FundingInstrument],
    left: set[str],
) -> None:
    by_order = {o.instrument: o for o in orders if o.instrument is not None}
    keys = _keys(written, d.FundingInstrument) | set(by_order) | left
    if not keys:
        return
    allocated = _allocated(uow, keys)
    store = uow.funding_instruments.unscoped()
    for key in sorted(keys):
        instrument = instruments[key]
        derived = allocated.get(key, Decimal(0))
        if key in by_order:
            where, field = label("orders", by_order[key].key), "instrument"
        else:
            where, field = label("funding_instruments", key), "pledged"
        refuse(book.over_allocated(instrument, derived, where, field))
        if key in by_order or key in left:
            # An instrument an order left is named by its own field, not the pledge's.
            paid = field if key in by_order else "disbursed"
            refuse(book.under_disbursed(instrument, derived, where, paid))
        if (key in by_order or key in left) and instrument.allocated.amount != derived:
            kept = Money(derived, instrument.pledged.currency)
            store.get_by_key(key)  # the version this update is made from
            store.update(dataclasses.replace(instrument, allocated=kept))


def verify(uow: UnitOfWork) -> list[Breach]:
    """Every stored record that breaks a ledger rule (every organisation's records)."""
    needs = {n.key: n for n in uow.needs.unscoped().list_()}
    lines = {line.key: line for line in uow.production_lines.unscoped().list_()}
    systems = {s.key: s for s in uow.systems.unscoped().list_()}
    instruments = uow.funding_instruments.unscoped().list_()
    orders = uow.orders.unscoped().list_()
    deliveries = uow.deliveries.unscoped().list_()
    breaches = _order_breaches(orders, needs, lines, systems, {i.key: i for i in instruments})
    ordered = book.ordered_by_need(orders)
    for need in needs.values():
        breaches.append(
            book.over_ordered(need, ordered.get(need.key, 0), label("needs", need.key), "quantity")
        )
    payments = uow.payments.unscoped().list_()
    currencies = {p.amount.currency for p in payments} | {i.pledged.currency for i in instruments}
    rates = read_rates(uow, currencies)
    breaches += _instrument_breaches(instruments, orders, payments, rates)
    breaches += _delivery_breaches(orders, deliveries)
    reports = uow.production_reports.unscoped().list_()
    breaches += _book_breaches(orders, deliveries, reports, payments, rates)
    breaches += [book.stages_breach(p, None) for p in uow.innovation_projects.unscoped().list_()]
    return [b for b in breaches if b is not None]


def record_verify(uow: UnitOfWork) -> list[Breach]:
    """Verify every stored record (``verify``) and store what it finds as the ledger's
    breaches (a known one keeps the day it was first found, a fixed one is cleared); the
    breaches found. ``coprod ledger verify`` and ``coprod db upgrade`` run it."""
    require_role(caller(uow), EVERYTHING, "verify the whole ledger")
    found = verify(uow)
    breaches.replace(uow, found, date.today())
    return found


def rejudge(uow: UnitOfWork, records: Collection[str]) -> None:
    """Judge again the stored breaches of ``records`` (as breaches name them: ``orders
    'o-1'``) after a write through the use cases: a record that keeps the rules now loses
    its breaches, one that still breaks one keeps them. One query when none is stored."""
    known = breaches.stored_among(uow, records)
    if known:
        breaches.replace(uow, verify_records(uow, known), date.today(), among=known)


def _named_keys(records: Collection[str]) -> dict[str, set[str]]:
    """The keys of ``records`` (as breaches name them) by kind (plural)."""
    named: dict[str, set[str]] = {}
    for record in records:
        found = breaches.LABEL.fullmatch(record)
        if found is not None:
            named.setdefault(found.group(1), set()).add(found.group(2))
    return named


def verify_records(uow: UnitOfWork, records: Collection[str]) -> list[Breach]:
    """What ``verify`` finds on ``records`` alone (as breaches name them), reading only what
    their rules weigh: every order of a need or an instrument and the instrument's payments;
    an order's need, line, system, instrument, deliveries, reports and payments."""
    named = _named_keys(records)
    need_keys, payer_keys = named.get("needs", set()), named.get("funding_instruments", set())
    payer_ids = _ids(uow, m.FundingInstrumentRow, payer_keys)
    paid_by = uow.payments.unscoped().list_in("instrument_id", payer_ids)
    reports_named = _keyed(uow.production_reports, named.get("production_reports", set()))
    order_keys = named.get("orders", set()) | {p.order for p in paid_by}
    order_keys |= {p.order for p in _keyed(uow.payments, named.get("payments", set())).values()}
    order_keys |= {r.order for r in reports_named.values() if r.order is not None}
    orders = _keyed(uow.orders, order_keys)
    for column, ids in (("need_id", _ids(uow, m.NeedRow, need_keys)), ("instrument_id", payer_ids)):
        orders.update({o.key: o for o in uow.orders.unscoped().list_in(column, ids)})
    ids = _ids(uow, m.OrderRow, orders)
    payments = {p.key: p for p in [*uow.payments.unscoped().list_in("order_id", ids), *paid_by]}
    reports = {r.key: r for r in uow.production_reports.unscoped().list_in("order_id", ids)}
    reports |= reports_named
    found = _judge_subset(
        uow,
        list(orders.values()),
        uow.deliveries.unscoped().list_in("order_id", ids),
        list(reports.values()),
        list(payments.values()),
        named=named,
    )
    return [b for b in found if b.record in records]


def _judge_subset(
    uow: UnitOfWork,
    orders: list[d.Order],
    deliveries: list[d.Delivery],
    reports: list[d.ProductionReport],
    payments: list[d.Payment],
    *,
    named: dict[str, set[str]],
) -> list[Breach]:
    """``verify``'s rules over some orders with all their deliveries, reports and payments
    (and every order of the needs and instruments ``named``)."""
    need_keys, payer_keys = named.get("needs", set()), named.get("funding_instruments", set())
    needs = _keyed(uow.needs, need_keys | {o.need for o in orders if o.need})
    instruments = _keyed(
        uow.funding_instruments, payer_keys | {o.instrument for o in orders if o.instrument}
    )
    lines = _keyed(uow.production_lines, {o.production_line for o in orders})
    systems = _keyed(
        uow.systems, {x.system for x in lines.values()} | {n.system for n in needs.values()}
    )
    currencies = {p.amount.currency for p in payments}
    rates = read_rates(uow, currencies | {i.pledged.currency for i in instruments.values()})
    found = _order_breaches(orders, needs, lines, systems, instruments)
    ordered = book.ordered_by_need(orders)
    found += [
        book.over_ordered(needs[k], ordered.get(k, 0), label("needs", k), "quantity")
        for k in sorted(need_keys & set(needs))
    ]
    paying = [instruments[k] for k in sorted(payer_keys & set(instruments))]
    paid = [p for p in payments if p.instrument in payer_keys]  # all of theirs are here
    found += _instrument_breaches(paying, orders, paid, rates)
    found += _delivery_breaches(orders, deliveries)
    found += _book_breaches(orders, deliveries, reports, payments, rates)
    projects = _keyed(uow.innovation_projects, named.get("innovation_projects", set()))
    found += [book.stages_breach(p, None) for p in projects.values()]
    return [b for b in found if b is not None]


def _book_breaches(
    orders: list[d.Order],
    deliveries: list[d.Delivery],
    reports: list[d.ProductionReport],
    payments: list[d.Payment],
    rates: Rates,
) -> list[Breach | None]:
    """Reports on their order's line, payments by their order's instrument; per order,
    produced ≤ ordered, delivered ≤ produced and paid ≤ cost."""
    by_key = {o.key: o for o in orders}
    found: list[Breach | None] = [book.report_breach(r, by_key.get(r.order or "")) for r in reports]
    found += [book.payment_breach(p, by_key[p.order]) for p in payments]
    made = book.produced_by_order(reports)
    handed = book.delivered_by_order(deliveries)
    currency_of = {o.key: o.unit_price.currency for o in orders}
    try:
        paid = book.paid_by_order(payments, currency_of, rates)
    except MissingRate as exc:
        found.append(Breach("payments", "amount", rb.PAYMENT_RATE, exc.message))
        paid = {}
    for order in orders:
        where = label("orders", order.key)
        produced = made.get(order.key, 0)
        found.append(book.over_produced(order, produced, where, "quantity"))
        found.append(
            book.over_delivered(order, handed.get(order.key, 0), produced, where, "deliveries")
        )
        found.append(book.over_paid(order, paid.get(order.key, Decimal(0)), where, "payments"))
    return found


def _order_breaches(
    orders: list[d.Order],
    needs: dict[str, d.Need],
    lines: dict[str, d.ProductionLine],
    systems: dict[str, d.System],
    instruments: dict[str, d.FundingInstrument],
) -> list[Breach | None]:
    found: list[Breach | None] = []
    for order in orders:
        if order.status is book.S.CANCELLED:
            continue
        line = lines[order.production_line]
        line_system = systems[line.system]
        if order.need is not None:
            need = needs[order.need]
            found.append(book.line_breach(order, need, systems[need.system], line, line_system))
        if order.instrument is not None:
            instrument = instruments[order.instrument]
            found.append(book.funding_breach(order, instrument, line, line_system.category))
    return found


def _instrument_breaches(
    instruments: list[d.FundingInstrument],
    orders: list[d.Order],
    payments: list[d.Payment],
    rates: Rates,
) -> list[Breach | None]:
    allocated = book.allocated_by_instrument(orders)
    currency_of = {i.key: i.pledged.currency for i in instruments}
    try:
        disbursed = book.disbursed_by_instrument(payments, currency_of, rates)
    except MissingRate:
        disbursed = {}  # named once, by _book_breaches
    found: list[Breach | None] = []
    for instrument in instruments:
        derived = allocated.get(instrument.key, Decimal(0))
        where = label("funding_instruments", instrument.key)
        found.append(book.over_allocated(instrument, derived, where, "pledged"))
        if instrument.allocated.amount != derived:
            found.append(
                Breach(
                    where,
                    "allocated",
                    rb.ALLOCATED_FROM_ORDERS,
                    "the stored allocated differs from the cost of its orders",
                    f"stored {instrument.allocated.amount}, orders {derived}",
                )
            )
        paid = disbursed.get(instrument.key, Decimal(0))
        if instrument.disbursed.amount != paid:
            found.append(
                Breach(
                    where,
                    "disbursed",
                    rb.DISBURSED_FROM_PAYMENTS,
                    "the stored disbursed differs from the sum of its payments",
                    f"stored {instrument.disbursed.amount}, payments {paid}",
                )
            )
        found.append(book.under_disbursed(instrument, derived, where, "disbursed", paid))
    return found


def _delivery_breaches(orders: list[d.Order], deliveries: list[d.Delivery]) -> list[Breach | None]:
    handed: dict[str, int] = {}
    for delivery in deliveries:
        handed[delivery.order] = handed.get(delivery.order, 0) + delivery.quantity
    return [
        Breach(
            label("orders", o.key),
            "quantity",
            rb.DELIVERED_WITHIN_ORDERED,
            "more is delivered than ordered",
            f"delivered {handed[o.key]}, ordered {o.quantity}",
        )
        for o in orders
        if handed.get(o.key, 0) > o.quantity
    ]


def ledger_document(figures: book.Ledger) -> dict[str, Any]:
    """The ledger as JSON-ready data: funders, instruments and needs (amounts as strings)."""
    return {
        "funders": [
            {
                "funder": f.funder,
                "currency": f.currency,
                "instruments": list(f.instruments),
                "pledged": str(f.pledged),
                "allocated": str(f.allocated),
                "disbursed": str(f.disbursed),
            }
            for f in figures.funders
        ],
        "instruments": [
            {
                "key": i.key,
                "funder": i.funder,
                "currency": i.currency,
                "pledged": str(i.pledged),
                "allocated": str(i.allocated),
                "disbursed": str(i.disbursed),
            }
            for i in figures.instruments
        ],
        "needs": [dataclasses.asdict(n) | {"open": n.open} for n in figures.needs],
    }


def _reported(figures: book.Reported) -> dict[str, Any]:
    return {
        "currency": figures.currency,
        "pledged": str(figures.pledged),
        "allocated": str(figures.allocated),
        "disbursed": str(figures.disbursed),
        "rates": [rate_document(r) for r in figures.rates],
    }


def rate_document(rate: book.RateUsed) -> dict[str, str]:
    """A rate used, as JSON-ready data: ``{"from": "GBP", "to": "EUR", "on": "2026-03-02",
    "rate": "1.1695", "text": "1 GBP = 1.169500 EUR (2026-03-02)"}``."""
    return {
        "from": rate.source,
        "to": rate.target,
        "on": rate.on.isoformat(),
        "rate": str(rate.rate),
        "text": str(rate),
    }


def entry_document(entry: book.MoneyEntry) -> dict[str, Any]:
    """One money entry as JSON-ready data (amounts as strings)."""
    return {
        "figure": entry.figure,
        "record": entry.record,
        "instrument": entry.instrument,
        "funder": entry.funder,
        "on": None if entry.on is None else entry.on.isoformat(),
        "original": {"amount": str(entry.original.amount), "currency": entry.original.currency},
        "amount": str(entry.amount),
        "rate": None if entry.rate is None else rate_document(entry.rate),
    }


def report_document(report: book.Report) -> dict[str, Any]:
    """The ledger in the reporting currency as JSON-ready data: the currency, the totals,
    funders, instruments (with their own-currency figures), needs and every money entry;
    each sum lists the rates it was converted at."""
    return {
        "currency": report.currency,
        "on": report.on.isoformat(),
        "total": _reported(report.total),
        "funders": [
            {"funder": f.funder, "instruments": list(f.instruments)} | _reported(f.reported)
            for f in report.funders
        ],
        "instruments": [
            {
                "key": i.key,
                "funder": i.funder,
                "own": {
                    "currency": i.own.currency,
                    "pledged": str(i.own.pledged),
                    "allocated": str(i.own.allocated),
                    "disbursed": str(i.own.disbursed),
                },
            }
            | _reported(i.reported)
            for i in report.instruments
        ],
        "needs": [dataclasses.asdict(n) | {"open": n.open} for n in report.needs],
        "entries": [entry_document(e) for e in report.entries],
    }
