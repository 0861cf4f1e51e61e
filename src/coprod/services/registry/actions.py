"""Workflow actions: one step in a record's life per use case, for the pages' action forms.

Advance an agreement on its lifecycle (with a date and evidence), place or cancel an order,
report production, record a delivery, confirm receipt, record a payment, move a project to
its next maturity stage. Each takes the caller from the unit of work, checks the role like
the create/replace protocol (``editing``) and writes through ``services/registry``, so the
domain's and the ledger's rules hold exactly as on the API's and the imports' paths.
``actions_on`` says which actions the caller may take on a record now (its role, and the
record's state on its lifecycle): the pages show a button only for those.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from typing import Any, NoReturn

from coprod.db.repositories import Repository
from coprod.db.uow import UnitOfWork
from coprod.domain import entities as d
from coprod.domain import kinds, lifecycle, partial
from coprod.domain import ledger as book
from coprod.domain.bounds import KEY_LENGTH
from coprod.domain.enums import AgreementStatus, MaturityStage, OrderStatus
from coprod.domain.kinds import Kind
from coprod.domain.money import Money
from coprod.errors import CoprodError, Forbidden, InvalidInput
from coprod.services import registry
from coprod.services.accounts.access import Principal, caller
from coprod.services.facts.proposals import document_text_by_key
from coprod.services.ledger import orders
from coprod.services.registry.related import Related, related

CHOICES = 20  # choices a typeahead offers at once
FREE_KEY_TRIES = 1000


class Action(StrEnum):
    """The workflow actions, by the name their address carries."""

    ADVANCE = "advance"  # an agreement to its next status
    PLACE_ORDER = "place-order"  # for a need
    CANCEL_ORDER = "cancel-order"
    REPORT_PRODUCTION = "report-production"  # on an order
    RECORD_DELIVERY = "record-delivery"  # on an order
    CONFIRM_RECEIPT = "confirm-receipt"  # of an order (the ministry accepts it)
    RECORD_PAYMENT = "record-payment"  # on an order
    MOVE_STAGE = "move-stage"  # a project to its next maturity stage


# The kind of record each action starts from, and the kind it writes.
STARTS_FROM: dict[Action, Kind[Any]] = {
    Action.ADVANCE: kinds.AGREEMENT,
    Action.PLACE_ORDER: kinds.NEED,
    Action.CANCEL_ORDER: kinds.ORDER,
    Action.REPORT_PRODUCTION: kinds.ORDER,
    Action.RECORD_DELIVERY: kinds.ORDER,
    Action.CONFIRM_RECEIPT: kinds.ORDER,
    Action.RECORD_PAYMENT: kinds.ORDER,
    Action.MOVE_STAGE: kinds.INNOVATION_PROJECT,
}
WRITES: dict[Action, Kind[Any]] = {
    Action.ADVANCE: kinds.AGREEMENT,
    Action.PLACE_ORDER: kinds.ORDER,
    Action.CANCEL_ORDER: kinds.ORDER,
    Action.REPORT_PRODUCTION: kinds.PRODUCTION_REPORT,
    Action.RECORD_DELIVERY: kinds.DELIVERY,
    Action.CONFIRM_RECEIPT: kinds.ORDER,
    Action.RECORD_PAYMENT: kinds.PAYMENT,
    Action.MOVE_STAGE: kinds.INNOVATION_PROJECT,
}


@dataclass(frozen=True)
class Subject:
    """The record an action starts from, its version, and what the form may offer."""

    kind: Kind[Any]
    record: Any
    version: int
    actions: tuple[Action, ...]
    statuses: tuple[AgreementStatus, ...] = ()  # an agreement's next statuses
    stages: tuple[MaturityStage, ...] = ()  # a project's next maturity stages


@dataclass(frozen=True)
class EvidenceGiven:
    """Evidence as a person gives it: a source document, the sentence quoted, a note."""

    document: str
    quote: str = ""
    note: str = ""


def _next_stages(project: d.InnovationProject) -> tuple[MaturityStage, ...]:
    stages = list(MaturityStage)
    if not project.stages:
        return tuple(stages)
    return tuple(stages[stages.index(project.stages[-1].stage) + 1 :])


def _order_actions(principal: Principal, order: d.Order) -> list[Action]:
    found = []
    if kinds.ORDER.may_change(principal.role):
        if order.status in book.CANCELLABLE:
            found.append(Action.CANCEL_ORDER)
        accepting = replace(order, status=OrderStatus.ACCEPTED)
        if (
            principal.sees_everything
            and order.status is not OrderStatus.ACCEPTED
            and book.status_breach(accepting, order.status) is None
        ):
            found.append(Action.CONFIRM_RECEIPT)
    if book.is_ordered(order) and order.status is not OrderStatus.ACCEPTED:
        if kinds.PRODUCTION_REPORT.may_change(principal.role):
            found.append(Action.REPORT_PRODUCTION)
        if kinds.DELIVERY.may_change(principal.role):
            found.append(Action.RECORD_DELIVERY)
    if (
        book.is_ordered(order)
        and order.instrument is not None
        and kinds.PAYMENT.may_change(principal.role)
    ):
        found.append(Action.RECORD_PAYMENT)
    return found


def _actions(principal: Principal, record: Any) -> list[Action]:
    """The actions ``principal`` may take on ``record`` in its present state."""
    if isinstance(record, d.Agreement):
        steps = lifecycle.ALLOWED_STEPS[record.status]
        return [Action.ADVANCE] if steps and kinds.AGREEMENT.may_change(principal.role) else []
    if isinstance(record, d.Need):
        return [Action.PLACE_ORDER] if kinds.ORDER.may_change(principal.role) else []
    if isinstance(record, d.Order):
        return _order_actions(principal, record)
    if isinstance(record, d.InnovationProject):
        may = kinds.INNOVATION_PROJECT.may_change(principal.role)
        return [Action.MOVE_STAGE] if may and _next_stages(record) else []
    return []


def read_with_actions(uow: UnitOfWork, kind: Kind[Any], key: str) -> Subject:
    """The record ``key`` of ``kind``, its version and the actions the caller may take on it
    now; NotFound when missing or foreign."""
    principal = caller(uow)
    repository = uow.records(kind)
    record = repository.get_by_key(key)
    version = repository.read_versions[key]
    statuses: tuple[AgreementStatus, ...] = ()
    if isinstance(record, d.Agreement):
        allowed = lifecycle.ALLOWED_STEPS[record.status]
        statuses = tuple(s for s in AgreementStatus if s in allowed)
    stages = _next_stages(record) if isinstance(record, d.InnovationProject) else ()
    return Subject(kind, record, version, tuple(_actions(principal, record)), statuses, stages)


def record_page(uow: UnitOfWork, kind: Kind[Any], key: str) -> tuple[Subject, list[Related]]:
    """A record's page: the record with its actions (``read_with_actions``) and the records
    that name it (``related``)."""
    return read_with_actions(uow, kind, key), related(uow, kind, key)


def prepare(uow: UnitOfWork, action: Action, key: str) -> Subject:
    """The record ``action`` starts from, for its form; Forbidden when the caller may not
    take it there now (a role that may not act, or a record whose state does not allow it)."""
    subject = read_with_actions(uow, STARTS_FROM[action], key)
    if action not in subject.actions:
        role = caller(uow).role.value
        raise Forbidden(
            f"a {role} account may not {action.value.replace('-', ' ')} on "
            f"{subject.kind.label} {key!r} now",
            code="action.not_allowed",
        )
    return subject


# One step of an action as an entry point hands it over: it parses what the person gave and
# calls the action's use case in the unit of work ``attempt`` opened.
Step = Callable[[UnitOfWork], object]


class Refused(Exception):
    """A refused action, with the record its form starts from as the same unit of work read
    it: the entry point shows the form again from it, with no second unit of work."""

    def __init__(self, subject: Subject, error: CoprodError) -> None:
        super().__init__(str(error))
        self.subject = subject
        self.error = error


def attempt(uow: UnitOfWork, action: Action, key: str, step: Step) -> object:
    """Take ``action`` on the record ``key`` by ``step``, in this unit of work; a refusal
    (a field that could not be read, a rule, a role) is raised as ``Refused`` carrying the
    record as read before the step, so that nothing is written and nothing read twice."""
    subject = read_with_actions(uow, STARTS_FROM[action], key)
    try:
        return step(uow)
    except CoprodError as error:
        raise Refused(subject, error) from error


def choices(uow: UnitOfWork, kind: Kind[Any], text: str) -> list[tuple[str, str]]:
    """Records of ``kind`` the caller sees that the lists' search finds for ``text``, best
    first (the exact key, the exact name, then by the search's score): (key, name)."""
    caller(uow)
    return uow.records(kind).matching(text.strip()[:100], CHOICES)


def _free_key(repository: Repository[Any, Any], *parts: str) -> str:
    """The first key not taken among ``stem``, ``stem-2``, ``stem-3``… (keys are one
    namespace for everyone: a record the caller cannot see still holds its key)."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", "-".join(p for p in parts if p)).strip("-._")
    stem = (stem or "record")[: KEY_LENGTH - 8]
    everyone = repository.unscoped()
    for n in range(1, FREE_KEY_TRIES + 1):
        key = stem if n == 1 else f"{stem}-{n}"
        if not everyone.exists(key):
            return key
    raise InvalidInput(f"no free key after {stem!r}-{FREE_KEY_TRIES}: name the record yourself")


def _create(uow: UnitOfWork, entity: Any, unread: frozenset[str] = frozenset()) -> str:
    """Store a new record by the create protocol (role first, then the record's rules).
    ``unread``: the fields a form could not read (their values placeholders): the record is
    only judged by the rules that need none of them, and never stored
    (``registry.Unfinished``)."""
    repository = uow.records(kinds.kind_of(entity))
    repository.check_write()
    if unread:
        registry.judge(uow, partial.hiding(entity, unread))
    registry.register(uow, entity)
    return str(entity.key)


def _evidence(uow: UnitOfWork, given: EvidenceGiven) -> d.Evidence:
    """The span of the quoted sentence in the document's stored text (none quoted: the
    whole document is cited, with the note)."""
    uow.source_documents.get_by_key(given.document)
    quote = " ".join(given.quote.split())
    note = given.note.strip() or None
    if not quote:
        return d.Evidence(given.document, 0, 0, note)
    text = document_text_by_key(uow, given.document)
    found = re.search(r"\s+".join(re.escape(word) for word in quote.split()), text)
    if found is None:
        raise InvalidInput(
            f"evidence: the stored text of source document {given.document!r} does not "
            "contain the quoted sentence: copy it exactly, or leave the quote empty",
            code="evidence.quote_not_found",
            field="quote",
        )
    return d.Evidence(given.document, found.start(), found.end(), note)


def advance_agreement(
    uow: UnitOfWork,
    key: str,
    status: AgreementStatus,
    on: date,
    read_version: int,
    *,
    evidence: EvidenceGiven | None = None,
    unread: frozenset[str] = frozenset(),
) -> int:
    """Move agreement ``key`` one step of its lifecycle to ``status`` on ``on``, with the
    evidence for it; the new version. ``unread``: the fields a form could not read
    (``status``, ``on``): the step is then read in part (``domain/partial.py``), judged with
    its evidence by the rules that need none of them, and nothing is written
    (``registry.Unfinished``)."""
    caller(uow)
    repository = uow.agreements
    agreement = repository.get_by_key(key)
    repository.check_write()
    if unread:
        step = partial.partial(d.StatusChange, {"status": status, "on": on}, unread)
        _judge_advance(uow, agreement, step, evidence)
    cited = [_evidence(uow, evidence)] if evidence is not None else []
    advanced = lifecycle.advance(agreement, status, on)
    advanced.evidence = [*advanced.evidence, *(e for e in cited if e not in advanced.evidence)]
    registry.update(uow, advanced, expected_version=read_version)
    return repository.version_of(key)


def _judge_advance(
    uow: UnitOfWork, agreement: d.Agreement, step: d.StatusChange, evidence: EvidenceGiven | None
) -> NoReturn:
    """``registry.Unfinished`` with what is said of an agreement's step read in part (its
    unread fields raise ``Unread``): its evidence (``_evidence``; a document nothing answers
    is cited whole, for the registry's reference rule to name), the lifecycle's rules of the
    step (``lifecycle.advance_by``), then the registry's rules of the agreement so advanced,
    or as stored with that evidence when the step was refused or could not be judged. A rule
    that reads an unread field says nothing."""
    cited: list[d.Evidence] = []
    found: list[CoprodError] = []
    if evidence is not None and not uow.source_documents.exists(evidence.document):
        cited.append(d.Evidence(evidence.document, 0, 0, None))
    elif evidence is not None:
        found += registry.judged(lambda: cited.append(_evidence(uow, evidence)))
    advanced: list[d.Agreement] = []
    found += registry.judged(lambda: advanced.append(lifecycle.advance_by(agreement, step)))
    judged = advanced[0] if advanced else agreement  # a refused step leaves it as it was
    judged.evidence = [*judged.evidence, *(e for e in cited if e not in judged.evidence)]
    registry.judge(uow, judged, found)


def place_order(  # noqa: PLR0917 - the fields of an order, each once
    uow: UnitOfWork,
    need: str | None,
    line: str,
    instrument: str | None,
    quantity: int,
    unit_price: Money,
    month: str,
    *,
    unread: frozenset[str] = frozenset(),
) -> str:
    """Place an order (status placed) on ``line`` for ``need``, paid by ``instrument``;
    its key. ``unread``: the fields a form could not read (``_create``)."""
    caller(uow)
    key = _free_key(uow.orders, line, month)
    order = d.Order(key, need, line, instrument, quantity, unit_price, month)
    return _create(uow, order, unread)


def move_order(
    uow: UnitOfWork,
    key: str,
    status: OrderStatus,
    read_version: int,
    on: date | None = None,
    *,
    unread: frozenset[str] = frozenset(),
) -> int:
    """Move order ``key`` to ``status`` on ``on`` (cancelled, or accepted once received: the
    ministry's) through the ledger's one order lifecycle (``ledger.orders.move_order``: who
    may, dated steps forward only); the new version. ``unread``: the fields a form could not
    read (``on``): judged, never written (``registry.Unfinished``)."""
    orders.move_order(uow, key, status, on, expected_version=read_version, unread=unread)
    return uow.orders.version_of(key)


def report_production(
    uow: UnitOfWork,
    order: str,
    month: str,
    quantity: int,
    line: str | None = None,
    *,
    unread: frozenset[str] = frozenset(),
) -> str:
    """Report ``quantity`` units made in ``month`` for order ``order`` (on its line unless
    ``line`` says otherwise); the report's key. ``unread``: as ``place_order``."""
    caller(uow)
    made_on = line or uow.orders.get_by_key(order).production_line
    key = _free_key(uow.production_reports, order, month)
    return _create(uow, d.ProductionReport(key, made_on, month, quantity, order), unread)


def record_delivery(
    uow: UnitOfWork,
    order: str,
    quantity: int,
    delivered_on: date,
    *,
    unread: frozenset[str] = frozenset(),
) -> str:
    """Record ``quantity`` units of order ``order`` delivered on ``delivered_on``; its key.
    ``unread``: as ``place_order``."""
    caller(uow)
    uow.orders.get_by_key(order)  # 404 for a missing or foreign order
    key = _free_key(uow.deliveries, order, delivered_on.isoformat())
    return _create(uow, d.Delivery(key, order, quantity, delivered_on), unread)


def record_payment(
    uow: UnitOfWork,
    order: str,
    paid_on: date,
    amount: Money,
    instrument: str | None = None,
    *,
    unread: frozenset[str] = frozenset(),
) -> str:
    """Record a payment of ``amount`` on order ``order`` on ``paid_on``, by the order's
    instrument unless ``instrument`` names another; its key. ``unread``: as
    ``place_order``."""
    caller(uow)
    payer = instrument or uow.orders.get_by_key(order).instrument
    if payer is None:
        raise InvalidInput(
            f"order {order!r} names no funding instrument: name the instrument that pays",
            code="payment.no_instrument",
            field="instrument",
        )
    key = _free_key(uow.payments, order, paid_on.isoformat())
    return _create(uow, d.Payment(key, payer, order, paid_on, amount), unread)


def move_stage(
    uow: UnitOfWork,
    key: str,
    stage: MaturityStage,
    on: date,
    read_version: int,
    *,
    unread: frozenset[str] = frozenset(),
) -> int:
    """Record that project ``key`` reached maturity ``stage`` on ``on``; the new version.
    ``unread``: the fields a form could not read (``stage``, ``on``): the stage change is
    read in part (``domain/partial.py``), the project judged by the rules that need none of
    them and never written (``registry.Unfinished``)."""
    caller(uow)
    repository = uow.innovation_projects
    project = repository.get_by_key(key)
    repository.check_write()
    change = partial.partial(d.StageChange, {"stage": stage, "on": on}, unread)
    moved = replace(project, stages=[*project.stages, change])
    if unread:
        registry.judge(uow, moved)
    registry.update(uow, moved, expected_version=read_version)
    return repository.version_of(key)
