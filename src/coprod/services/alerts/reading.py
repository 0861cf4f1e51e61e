"""What the alerts weigh, read in a few scoped queries (a registry of 10 000 orders and
50 000 deliveries is not loaded record by record).

The figures are the ledger's definitions (``domain/ledger``), summed by the database: an
order counts as ordered when placed or later and not cancelled (``book.ORDERED``); delivered
per order is the sum of its deliveries; ordered and delivered per need sum the ordered orders
for it and their deliveries; an instrument's allocated is the cost of its ordered orders.
Every table of every query carries the caller's scope (``Principal.scope``), so, as in
``services.ledger.read_ledger``, a figure counts only records the caller may see
(``tests/api/test_alerts.py`` holds them equal to the ledger's for every role).

The overdue orders and the needs past due are found, counted and ordered here by the
domain's boundaries (``rules.overdue_bounds``, ``rules.past_due_before``), so a page counts
thousands without building them; each row read is judged again by the domain's rule, and
``tests/integration/test_alert_counts.py`` holds the counts and pages to the rules' over
every record.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Integer, Select, case, cast, func, or_, select, type_coerce
from sqlalchemy.orm import Session

from coprod.db import models as m
from coprod.db.uow import UnitOfWork
from coprod.domain import alerts as rules
from coprod.domain import kinds, tracking
from coprod.domain import ledger as book
from coprod.domain.alerts import AgreementSteps, InstrumentMoney, NeedProgress, OrderProgress
from coprod.domain.entities import StatusChange
from coprod.domain.enums import AgreementStatus, AgreementType, OrderStatus
from coprod.domain.kinds import Kind
from coprod.services.accounts.access import Principal

ORDERED = [status.value for status in sorted(book.ORDERED)]


def _scoped(stmt: Select[Any], principal: Principal, *of: Kind[Any]) -> Select[Any]:
    for kind in of:
        condition: ColumnElement[bool] | None = principal.scope(kind)
        if condition is not None:
            stmt = stmt.where(condition)
    return stmt


def _pairs(session: Session, stmt: Select[Any]) -> dict[Any, Any]:
    """A two-column query as a mapping of its first column to its second."""
    return {row[0]: row[1] for row in session.execute(stmt)}


def _delivered_per_order(principal: Principal) -> Any:
    """Units delivered per order, of the deliveries the caller may see."""
    d = m.DeliveryRow
    stmt = select(d.order_id, func.sum(d.quantity).label("units")).group_by(d.order_id)
    return _scoped(stmt, principal, kinds.DELIVERY).subquery()


def _month_number(month: Any) -> ColumnElement[int]:
    """``months.number`` in SQL: a ``YYYY-MM`` column as year × 12 + month − 1."""
    year = cast(func.substr(month, 1, 4), Integer)
    return year * 12 + cast(func.substr(month, 6, 2), Integer) - 1


def _overdue(principal: Principal, today: date) -> Select[Any]:
    """The ordered orders the caller may see that are overdue on ``today``: their expected
    month (month + line's lead time) before ``rules.overdue_bounds``' first bound, their
    deliveries short of their quantity; with ``urgency`` (0: high, at the second bound or with
    nothing delivered) and ``expected`` (its month number), how ``rules.ordered`` sorts
    them."""
    late_before, high_before = rules.overdue_bounds(today)
    o, line = m.OrderRow, m.ProductionLineRow
    handed = _delivered_per_order(principal)
    delivered = func.coalesce(handed.c.units, 0)
    expected = _month_number(o.month) + line.lead_time_months
    high = or_(expected < high_before, delivered == 0)
    stmt = (
        select(
            o.key,
            o.month,
            o.status,
            o.quantity,
            line.lead_time_months,
            delivered.label("delivered"),
            case((high, 0), else_=1).label("urgency"),
            expected.label("expected"),
        )
        .join(line, line.id == o.production_line_id)
        .outerjoin(handed, handed.c.order_id == o.id)
        .where(o.status.in_(ORDERED), delivered < o.quantity, expected < late_before)
    )
    return _scoped(stmt, principal, kinds.ORDER)


def overdue_orders(
    uow: UnitOfWork, principal: Principal, today: date, *, first: int | None = None
) -> list[OrderProgress]:
    """The caller's orders overdue on ``today`` (``rules.overdue_orders`` judges them);
    ``first``: only that many, in the order ``rules.ordered`` sorts them (high first, then
    the earliest expected month, then key)."""
    stmt = _overdue(principal, today)
    if first is not None:
        column = stmt.selected_columns
        key = _bytewise(uow.session, m.OrderRow.key)
        stmt = stmt.order_by(column["urgency"], column["expected"], key).limit(first)
    return [
        OrderProgress(key, month, OrderStatus(status), quantity, lead, int(units))
        for key, month, status, quantity, lead, units, _, _ in uow.session.execute(stmt)
    ]


def overdue_count(uow: UnitOfWork, principal: Principal, today: date) -> int:
    """How many orders ``overdue_orders`` gives (without ``first``)."""
    return _count(uow, _overdue(principal, today))


def _keyed(
    stmt: Select[Any], key: Any, keys: Collection[str] | None, skip: Collection[str]
) -> Select[Any]:
    """``stmt`` kept to the records whose ``key`` is among ``keys`` (all when ``None``) and
    not among ``skip``."""
    if keys is not None:
        stmt = stmt.where(key.in_(sorted(keys)))
    if skip:
        stmt = stmt.where(key.not_in(sorted(skip)))
    return stmt


def _count(uow: UnitOfWork, stmt: Select[Any]) -> int:
    """The rows of ``stmt``, counted by the database."""
    return int(uow.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0)


def _past_due(
    principal: Principal, today: date, keys: Collection[str] | None, skip: Collection[str]
) -> Select[Any]:
    """The needs the caller may see past due on ``today`` (due before
    ``rules.past_due_before``, less delivered than needed, on the caller's ordered orders and
    their deliveries): key, due, quantity, ordered, delivered, and ``urgency`` (0: high, part
    of it not ordered) as ``rules.ordered`` sorts them (``keys``: only those; ``skip``: not
    those)."""
    n, o, d = m.NeedRow, m.OrderRow, m.DeliveryRow
    units = (
        select(o.need_id, func.sum(o.quantity).label("units"))
        .where(o.status.in_(ORDERED), o.need_id.is_not(None))
        .group_by(o.need_id)
    )
    came = (
        select(o.need_id, func.sum(d.quantity).label("units"))
        .join(o, o.id == d.order_id)
        .where(o.status.in_(ORDERED), o.need_id.is_not(None))
        .group_by(o.need_id)
    )
    asked = _scoped(units, principal, kinds.ORDER).subquery()
    handed = _scoped(came, principal, kinds.ORDER, kinds.DELIVERY).subquery()
    ordered, delivered = func.coalesce(asked.c.units, 0), func.coalesce(handed.c.units, 0)
    stmt = (
        select(
            n.key,
            n.due,
            n.quantity,
            ordered.label("ordered"),
            delivered.label("delivered"),
            case((ordered < n.quantity, 0), else_=1).label("urgency"),
        )
        .outerjoin(asked, asked.c.need_id == n.id)
        .outerjoin(handed, handed.c.need_id == n.id)
        .where(n.due < rules.past_due_before(today), delivered < n.quantity)
    )
    return _scoped(_keyed(stmt, n.key, keys, skip), principal, kinds.NEED)


def past_due_needs(
    uow: UnitOfWork,
    principal: Principal,
    today: date,
    *,
    keys: Collection[str] | None = None,
    skip: Collection[str] = (),
    first: int | None = None,
) -> list[NeedProgress]:
    """The caller's needs past due on ``today`` (``rules.past_due_needs`` judges them), with
    the units ordered for them and delivered on those orders (``keys``: only those; ``skip``:
    not those); ``first``: only that many, as ``rules.ordered`` sorts them (high first, then
    the earliest due month, then key)."""
    stmt = _past_due(principal, today, keys, skip)
    if first is not None:
        column = stmt.selected_columns
        key = _bytewise(uow.session, m.NeedRow.key)
        stmt = stmt.order_by(column["urgency"], m.NeedRow.due, key).limit(first)
    return [
        NeedProgress(key, due, quantity, int(ordered), int(delivered))
        for key, due, quantity, ordered, delivered, _ in uow.session.execute(stmt)
    ]


def past_due_count(uow: UnitOfWork, principal: Principal, today: date) -> int:
    """How many needs ``past_due_needs`` gives (without ``keys``, ``skip``, ``first``)."""
    return _count(uow, _past_due(principal, today, None, ()))


def windows_ending(
    uow: UnitOfWork, principal: Principal, first: str, last: str
) -> list[InstrumentMoney]:
    """The instruments the caller may see whose window ends in ``first``..``last``, with
    the cost of their ordered orders the caller may see (in each order's currency, which the
    ledger's rules hold to be the instrument's)."""
    session = uow.session
    i, o = m.FundingInstrumentRow, m.OrderRow
    stmt = _scoped(
        select(i.id, i.key, i.pledged_currency, i.pledged_amount, i.last_month).where(
            i.last_month >= first, i.last_month <= last
        ),
        principal,
        kinds.FUNDING_INSTRUMENT,
    )
    found = session.execute(stmt).all()
    if not found:
        return []
    cost = type_coerce(func.sum(o.quantity * o.unit_price_amount), m.MONEY)
    spent = _scoped(
        select(o.instrument_id, cost)
        .where(o.status.in_(ORDERED), o.instrument_id.in_([row[0] for row in found]))
        .group_by(o.instrument_id),
        principal,
        kinds.ORDER,
    )
    allocated = _pairs(session, spent)
    return [
        InstrumentMoney(key, currency, pledged, allocated.get(id_) or pledged * 0, last_month)
        for id_, key, currency, pledged, last_month in found
    ]


TYPES = {t.value: t for t in AgreementType}
STATUSES = {s.value: s for s in AgreementStatus}


def _bytewise(session: Session, column: Any) -> Any:
    """``column`` ordered by code point, as Python sorts (SQLite's default; PostgreSQL's
    own collation may weigh hyphens and case otherwise)."""
    return column.collate("C") if session.get_bind().dialect.name == "postgresql" else column


def _stalled(
    principal: Principal, by: date, keys: Collection[str] | None, skip: Collection[str]
) -> Select[Any]:
    """The agreements the caller may see, not completed or cancelled, whose last dated step
    is on or before ``by``: key, type, status and that step's date (``keys``: only those;
    ``skip``: not those)."""
    a, c = m.AgreementRow, m.StatusChangeRow
    final = [status.value for status in tracking.FINAL_STATUSES]
    last = func.max(c.on).label("last")
    stmt = (
        select(a.key, a.type, a.status, last)
        .join(c, c.agreement_id == a.id)
        .where(c.on.is_not(None), a.status.not_in(final))
        .group_by(a.id, a.key, a.type, a.status)
        .having(func.max(c.on) <= by)
    )
    return _scoped(_keyed(stmt, a.key, keys, skip), principal, kinds.AGREEMENT)


def stalled_candidates(
    uow: UnitOfWork,
    principal: Principal,
    by: date,
    *,
    keys: Collection[str] | None = None,
    skip: Collection[str] = (),
    window: tuple[int, int] | None = None,
) -> list[AgreementSteps]:
    """The agreements the caller may see, not completed or cancelled, whose last dated step
    is on or before ``by`` (``tracking.stalled_by``): each with that step only, which is all
    ``rules.stalled_agreements`` weighs. The database finds them (a registry of 10 000
    agreements is not read step by step); ``window`` (offset, limit): only those, oldest
    step first, then by key, as ``rules.ordered`` sorts them."""
    stmt = _stalled(principal, by, keys, skip)
    if window is not None:
        key = _bytewise(uow.session, m.AgreementRow.key)
        stmt = stmt.order_by(stmt.selected_columns.last, key).offset(window[0]).limit(window[1])
    return [
        AgreementSteps(key, TYPES[type_], STATUSES[status], [StatusChange(STATUSES[status], on)])
        for key, type_, status, on in uow.session.execute(stmt)
    ]


def stalled_count(
    uow: UnitOfWork, principal: Principal, by: date, *, skip: Collection[str] = ()
) -> int:
    """How many agreements ``stalled_candidates`` would give (without ``skip``)."""
    return _count(uow, _stalled(principal, by, None, skip))
