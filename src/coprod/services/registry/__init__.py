"""Registry use cases: register, update and delete records, advance an agreement, record
orders and deliveries. The domain's rules are checked here; the caller's unit of work commits."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, NoReturn

from coprod.db.repositories import named_as
from coprod.db.uow import UnitOfWork
from coprod.domain import entities as d
from coprod.domain import kinds, partial, rules
from coprod.domain.enums import AgreementStatus
from coprod.domain.kinds import Kind
from coprod.domain.ledger import label as record_label
from coprod.domain.lifecycle import advance
from coprod.domain.partial import Unread
from coprod.errors import Conflict, CoprodError, InvalidInput
from coprod.services import ledger
from coprod.services.registry import plants
from coprod.services.registry.references import unknown_references


class Unfinished(InvalidInput):
    """A partial record (``domain/partial.py``: some fields could not be read) was judged as
    far as its fields read and not written: ``problems`` are what its rules found (maybe
    none); the entry point says them with its own refusals of the unread fields."""

    def __init__(self, found: Sequence[CoprodError]) -> None:
        super().__init__(
            "the record was not written: some of its fields could not be read",
            code="record.unfinished",
            problems=[problem for one in found for problem in one.each()],
        )


def refuse(found: Sequence[CoprodError]) -> None:
    """Every problem of ``found`` at once: the first itself when alone, else a refusal of
    the first's type and code holding each (``CoprodError.each``), its message their lines."""
    if len(found) == 1:
        raise found[0]
    if found:
        first = found[0]
        every = first.relabelled("\n".join(one.message for one in found))
        every.problems = tuple(problem for one in found for problem in one.each())
        raise every


def judged(rule: Callable[[], None], label: str | None = None) -> list[CoprodError]:
    """What ``rule`` refuses (labelled with where the record is): nothing when it holds, or
    when it reads a field that could not be read (``domain/partial.py``: its reader has said
    why the field is wrong). Every rule of a partial record is judged through this."""
    try:
        rule()
    except Unread:
        return []  # the rule cannot be judged: its reader has said why the field is wrong
    except CoprodError as exc:
        return [exc.relabelled(f"{label}: {exc.message}") if label else exc]
    return []


def _label(entity: Any, where: str | None) -> str:
    key = partial.known(entity, "key", "(a key that could not be read)")
    return where or f"{kinds.kind_of(entity).plural} {key!r}"


def own_problems(uow: UnitOfWork, entity: Any, where: str | None = None) -> list[CoprodError]:
    """Every rule a record must satisfy on its own, and each of its references that nothing
    answers: the problems found, each labelled with where the record is. A partial record
    is judged by the rules that need none of its unread fields."""
    kind = kinds.kind_of(entity)
    label = _label(entity, where)
    # Every kind's bounds and syntax (domain/bounds.py), then the kind's own rules.
    found = judged(lambda: kind.check(entity), label)
    if not any((problem.field or "").startswith("evidence.") for problem in found):
        # a span's bound already refused is not said a second time as a span backwards
        found += judged(lambda: rules.check_evidence(getattr(entity, "evidence", [])), label)
    found += list(unknown_references(uow, entity, label))
    if isinstance(entity, d.SourceDocument):
        found += judged(lambda: check_content_is_new(uow, entity, label))
    return found


def check(uow: UnitOfWork, entity: Any, where: str | None = None) -> None:
    """Every rule a record must satisfy on its own, and that its references resolve: every
    problem found at once (``refuse``)."""
    refuse(own_problems(uow, entity, where))


def check_content_is_new(uow: UnitOfWork, document: d.SourceDocument, label: str) -> None:
    """Conflict when another stored document has the same sha256: one document per content."""
    # Every organisation's documents count: the database's unique index does too.
    same = uow.source_documents.unscoped().list_({"sha256": document.sha256}, limit=2)
    others = [other.key for other in same if other.key != document.key]
    if others:
        raise Conflict(
            f"{label}: sha256 {document.sha256} is already the content of source document "
            f"{others[0]!r}: one document per content (give this one its file's real sha256)"
        )


def change_problems(uow: UnitOfWork, entity: Any, where: str | None = None) -> list[CoprodError]:
    """The ledger's rules between a record and its stored version (statuses and stages move
    forward, allocated is never set by hand): the problems found."""
    found = judged(lambda: ledger.check_change(uow, entity), where)
    return found + judged(lambda: plants.check_change(uow, entity), where)


def check_change(uow: UnitOfWork, entity: Any, where: str | None = None) -> None:
    """The ledger's rules between a record and its stored version, before it is written."""
    refuse(change_problems(uow, entity, where))


def problems_of(uow: UnitOfWork, entity: Any) -> list[CoprodError]:
    """Every problem the registry finds in ``entity`` before writing it: its own rules, its
    references, the rules between it and its stored version (``own_problems``,
    ``change_problems``)."""
    return own_problems(uow, entity) + change_problems(uow, entity)


def judge(uow: UnitOfWork, entity: Any, found: Sequence[CoprodError] = ()) -> NoReturn:
    """Unfinished with every problem of ``entity`` (a partial record: those its fields that
    read allow judging, down to a step of its history read in part), after ``found`` (what
    the use case's own rules said of it), and nothing written."""
    raise Unfinished([*found, *problems_of(uow, entity)])


def _judge_partial(uow: UnitOfWork, entity: Any) -> None:
    """Unfinished with the problems of a partial record, which is never written."""
    if partial.unread_of(entity):
        judge(uow, entity)


def save(uow: UnitOfWork, entity: Any, where: str | None = None) -> str:
    """Add or update ``entity`` (by key): "created", "updated" or "unchanged"; the caller
    then checks the quantities of everything it saved (``check_quantities``)."""
    check(uow, entity, where)
    check_change(uow, entity, where)
    repository = uow.records(kinds.kind_of(entity))
    if not repository.exists(entity.key):
        repository.add(entity)
        return "created"
    return "updated" if repository.update(entity) else "unchanged"


def register(uow: UnitOfWork, entity: Any) -> None:
    """Add a new record; Conflict if its key is taken. Every problem of the record is said
    at once; a partial record is judged and never written (``Unfinished``)."""
    _judge_partial(uow, entity)
    refuse(problems_of(uow, entity))
    uow.records(kinds.kind_of(entity)).add(entity)
    check_quantities(uow, [entity])


def update(uow: UnitOfWork, entity: Any, expected_version: int | None = None) -> bool:
    """Change a stored record; False when nothing changed. Every problem of the record is
    said at once; a partial record is judged and never written (``Unfinished``)."""
    _judge_partial(uow, entity)
    refuse(problems_of(uow, entity))
    changed = uow.records(kinds.kind_of(entity)).update(entity, expected_version=expected_version)
    check_quantities(uow, [entity])
    return changed


# The kinds whose deletion changes a figure the ledger's rules bound from above.
LEDGER_KINDS = frozenset({kinds.ORDER, kinds.PAYMENT, kinds.PRODUCTION_REPORT})


def delete(uow: UnitOfWork, kind: Kind[Any], key: str, expected_version: int | None = None) -> None:
    """Remove the record ``key`` of kind ``kind``.

    Conflict while other records still name an organisation or a person by its key (as a
    party, recipient, funder, partner or participant): no reference is left dangling."""
    repository = uow.records(kind)
    if kind in kinds.NAMED_BY_KEY:
        repository.get_by_key(key)  # 404 for a missing or foreign record, before anything else
        roles = named_as(uow.session, key)
        if roles:
            what = repository.mapping.name
            raise Conflict(
                f"{what} {key!r} is still named as {', '.join(roles)}: change those records first"
            )
    gone = repository.find_by_key(key) if kind in LEDGER_KINDS | {kinds.DELIVERY} else None
    repository.delete(key, expected_version=expected_version)
    if isinstance(gone, d.Order) and gone.instrument is not None:
        # The instrument's allocated drops by the order's cost, in this transaction.
        ledger.remember_left(uow, ledger.LEFT_BEHIND, gone.instrument)
    elif isinstance(gone, d.Payment):
        ledger.remember_left(uow, ledger.PAYERS_LEFT, gone.instrument)  # its disbursed drops
    elif isinstance(gone, d.ProductionReport) and gone.order is not None:
        ledger.remember_left(uow, ledger.ORDERS_LEFT, gone.order)  # delivered ≤ produced
    if gone is not None and kind in LEDGER_KINDS:
        ledger.check_writes(uow, [])
    ledger.rejudge(uow, _weighed_by_deletion(kind, key, gone))


def _weighed_by_deletion(kind: Kind[Any], key: str, gone: object) -> set[str]:
    """The records whose stored breaches a deletion may end: the record itself, the order a
    delivery, report or payment was for, the need and instrument of an order."""
    weighed = {record_label(kind.plural, key)}
    if isinstance(gone, d.Delivery | d.Payment | d.ProductionReport) and gone.order:
        weighed.add(record_label("orders", gone.order))
    if isinstance(gone, d.Order):
        if gone.need is not None:
            weighed.add(record_label("needs", gone.need))
        if gone.instrument is not None:
            weighed.add(record_label("funding_instruments", gone.instrument))
    return weighed


def advance_agreement(uow: UnitOfWork, key: str, status: AgreementStatus, on: date) -> d.Agreement:
    """Move agreement ``key`` one lifecycle step to ``status`` on ``on``."""
    agreement = advance(uow.agreements.get_by_key(key), status, on)
    rules.check_agreement(agreement)
    uow.agreements.update(agreement)
    return agreement


def record_order(uow: UnitOfWork, order: d.Order) -> None:
    """Place an order; the need's quantity caps what is ordered for it."""
    register(uow, order)


def record_orders(uow: UnitOfWork, orders: list[d.Order]) -> None:
    """Place several orders (a plan's); the needs' quantities cap what is ordered, checked
    once for all of them."""
    for order in orders:
        check(uow, order)
        check_change(uow, order)
        uow.orders.add(order)
    check_quantities(uow, orders)


def check_quantities(uow: UnitOfWork, entities: list[Any]) -> None:
    """delivered ≤ ordered for each order touched, then the ledger's rules over every record
    written (``services/ledger.check_writes``: lines, eligibility, needs, allocations) and
    those of plants and owners (``plants.check_writes``: stakes, a plant's country)."""
    order_keys = {e.order for e in entities if isinstance(e, d.Delivery)}
    order_keys |= {e.key for e in entities if isinstance(e, d.Order)}
    # One query for the deliveries of every order touched.
    # Quantity rules weigh every organisation's records, not only the caller's.
    orders = {key: uow.orders.get_by_key(key) for key in sorted(order_keys)}
    order_ids = [uow.orders.id_of(key) for key in orders]
    deliveries: dict[str, list[d.Delivery]] = {key: [] for key in orders}
    for delivery in uow.deliveries.unscoped().list_in("order_id", order_ids):
        deliveries[delivery.order].append(delivery)
    for key, order in orders.items():
        rules.check_delivered(order, deliveries[key])
    ledger.check_writes(uow, entities)
    plants.check_writes(uow, entities)
