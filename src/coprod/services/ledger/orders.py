"""An order's lifecycle as use cases, one per step: place it, report it in production, report
it dispatched (delivered), confirm its receipt and acceptance, or cancel it. Each is a dated
status change written through the registry's one write path (``registry.update``: every
ledger rule holds, the audit trail records it), by the roles the ledger names
(``docs/ledger.md``): the ministry (or an admin, or the operator's commands) places and
accepts; a manufacturer reports production and dispatch on its own lines and may cancel an
order on them before delivery (a line it does not own is unknown to it), as the ministry may.
The caller's unit of work commits."""

from __future__ import annotations

import dataclasses
from datetime import date

from coprod.db.uow import UnitOfWork
from coprod.domain import entities as d
from coprod.domain import partial
from coprod.domain.bounds import check_date
from coprod.domain.enums import AccountRole, OrderStatus
from coprod.errors import InvalidInput
from coprod.services import registry
from coprod.services.accounts.access import EVERYTHING, caller, require_role

S = OrderStatus
MAKERS = EVERYTHING | {AccountRole.MANUFACTURER}
# Who may move an order to each status, and what the refusal calls it.
MOVES: dict[OrderStatus, tuple[frozenset[AccountRole], str]] = {
    S.PLACED: (EVERYTHING, "place an order"),
    S.IN_PRODUCTION: (MAKERS, "report an order in production"),
    S.DELIVERED: (MAKERS, "report an order dispatched"),
    S.ACCEPTED: (EVERYTHING, "confirm an order's receipt and acceptance"),
    S.CANCELLED: (MAKERS, "cancel an order"),
}


def move_order(
    uow: UnitOfWork,
    key: str,
    status: OrderStatus,
    on: date | None = None,
    expected_version: int | None = None,
    *,
    unread: frozenset[str] = frozenset(),
) -> d.Order:
    """Move order ``key`` to ``status`` on ``on`` (today when not given), kept in its dated
    history; Forbidden for a role that may not, RuleViolation naming the order, the field and
    the rule for a step back, a date before the last step's or a broken ledger rule; Conflict
    when ``expected_version`` is given and the order changed since it was read. ``unread``:
    the fields a form could not read (``on``): the step's date is then unread
    (``domain/partial.py``), the order is judged by the rules that need none of it and never
    written (``registry.Unfinished``)."""
    if status not in MOVES:
        raise InvalidInput(f"status: an order is not moved to {status.value}")
    roles, what = MOVES[status]
    require_role(caller(uow), roles, what)
    step = partial.partial(d.OrderStep, {"status": status, "on": on or date.today()}, unread)
    found = registry.judged(lambda: check_date(step.on, field="on"))
    if not unread:
        registry.refuse(found)
    order = uow.orders.get_by_key(key)
    moved = dataclasses.replace(order, status=status, history=[*order.history, step])
    if unread:
        registry.judge(uow, moved, found)
    registry.update(uow, moved, expected_version=expected_version)
    return uow.orders.get_by_key(key)


def place_order(uow: UnitOfWork, key: str, on: date | None = None) -> d.Order:
    """Place a proposed order (ministry, admin)."""
    return move_order(uow, key, S.PLACED, on)


def start_production(uow: UnitOfWork, key: str, on: date | None = None) -> d.Order:
    """Report an order in production (its manufacturer, the ministry, admin)."""
    return move_order(uow, key, S.IN_PRODUCTION, on)


def dispatch_order(uow: UnitOfWork, key: str, on: date | None = None) -> d.Order:
    """Report an order dispatched, status ``delivered`` (its manufacturer, the ministry,
    admin)."""
    return move_order(uow, key, S.DELIVERED, on)


def accept_order(uow: UnitOfWork, key: str, on: date | None = None) -> d.Order:
    """Confirm an order's receipt and acceptance, status ``accepted`` (ministry, admin)."""
    return move_order(uow, key, S.ACCEPTED, on)


def cancel_order(uow: UnitOfWork, key: str, on: date | None = None) -> d.Order:
    """Cancel an order before delivery (its manufacturer, the ministry, admin)."""
    return move_order(uow, key, S.CANCELLED, on)


def confirm_receipt(
    uow: UnitOfWork, key: str, quantity: int, on: date | None = None, delivery: str | None = None
) -> d.Delivery:
    """Record units of order ``key`` received on ``on`` (today when not given) as a delivery
    (ministry, admin), through the registry's write path: delivered never exceeds produced nor
    ordered. ``delivery`` names the record (``receipt-ORDER-YYYYMMDD`` when not given)."""
    require_role(caller(uow), EVERYTHING, "confirm the receipt of an order")
    when = on or date.today()
    check_date(when, field="on")
    order = uow.orders.get_by_key(key)
    name = delivery or f"receipt-{order.key}-{when:%Y%m%d}"
    received = d.Delivery(name, order.key, quantity, when)
    registry.register(uow, received)
    return received
