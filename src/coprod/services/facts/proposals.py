"""Fact proposals as reviewers see them: list, count and show one (each evidence sentence quoted
from the stored text), and the gate every review change passes (only an unverified proposal
may change; ``open_for_review``, ``mark_reviewed``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select

from coprod.db import fact_models as fm
from coprod.db.audit_models import Actor, session_actor
from coprod.db.uow import UnitOfWork
from coprod.domain.bounds import DIGITS
from coprod.domain.enums import FactType, ReviewState
from coprod.errors import Conflict, InvalidInput, NotFound
from coprod.services.accounts.access import Principal, caller, require_reviewer
from coprod.services.audit import act_as

CONTEXT = 120  # characters of text shown around an evidence span


@dataclass
class EvidenceView:
    """One evidence span with the sentence it covers and the text around it."""

    document: str
    name: str
    start: int
    end: int
    before: str
    quote: str
    after: str
    confidence: float


@dataclass
class ProposalView:
    """A proposal as reviewers see it."""

    id: int
    key: str
    type: str
    state: str
    confidence: float
    identity: str
    fields: dict[str, Any]
    evidence: list[EvidenceView] = field(default_factory=list)
    entities: list[dict[str, Any]] = field(default_factory=list)
    edits: list[dict[str, Any]] = field(default_factory=list)
    record_kind: str | None = None
    record_key: str | None = None
    reviewed_by: str | None = None
    reviewed_at: str | None = None
    reason: str | None = None
    documents: int = 0


def _row(uow: UnitOfWork, proposal: int | str) -> fm.FactProposalRow:
    column = fm.FactProposalRow.id if isinstance(proposal, int) else fm.FactProposalRow.key
    if isinstance(proposal, str) and DIGITS.fullmatch(proposal):
        column, proposal = fm.FactProposalRow.id, int(proposal)
    row = uow.session.scalars(select(fm.FactProposalRow).where(column == proposal)).one_or_none()
    if row is None:
        raise NotFound(f"no fact proposal {proposal!r}: see `coprod review list`")
    return row


def document_text(uow: UnitOfWork, document_id: int) -> str:
    """The stored text of a source document (empty when none was stored)."""
    row = uow.session.get(fm.DocumentTextRow, document_id)
    return row.text if row is not None else ""


def store_document_text(uow: UnitOfWork, document_id: int, text: str) -> None:
    """Keep ``text`` as the source document's stored text (replacing any kept before)."""
    row = uow.session.get(fm.DocumentTextRow, document_id)
    if row is None:
        uow.session.add(fm.DocumentTextRow(document_id=document_id, text=text))
    else:
        row.text = text


def document_text_by_key(uow: UnitOfWork, key: str) -> str:
    """The stored text of the source document ``key``."""
    return document_text(uow, uow.source_documents.id_of(key))


def _evidence(uow: UnitOfWork, row: fm.FactEvidenceRow) -> EvidenceView:
    text = document_text(uow, row.document_id)
    return EvidenceView(
        document=row.document.key,
        name=row.document.name,
        start=row.start,
        end=row.end,
        before=text[max(0, row.start - CONTEXT) : row.start],
        quote=text[row.start : row.end],
        after=text[row.end : row.end + CONTEXT],
        confidence=row.confidence,
    )


def proposal_view(uow: UnitOfWork, row: fm.FactProposalRow, *, full: bool) -> ProposalView:
    """The row as reviewers see it (``full``: with its evidence quoted and its edits)."""
    view = ProposalView(
        id=row.id,
        key=row.key,
        type=row.type,
        state=row.state,
        confidence=round(row.confidence, 2),
        identity=row.identity,
        fields=dict(row.fields),
        record_kind=row.record_kind,
        record_key=row.record_key,
        reviewed_by=row.reviewed_by,
        reviewed_at=row.reviewed_at.isoformat() if row.reviewed_at else None,
        reason=row.reason,
        documents=len({e.document_id for e in row.evidence}),
    )
    view.entities = [
        {"type": e.type, "name": e.name, "ref": e.ref, "mentions": list(e.mentions)}
        for e in row.entities
    ]
    if full:
        view.evidence = [_evidence(uow, e) for e in row.evidence]
        view.edits = [
            {"field": e.field, "old": e.old, "new": e.new, "actor": e.actor, "at": e.at.isoformat()}
            for e in row.edits
        ]
    return view


def list_proposals(
    uow: UnitOfWork,
    state: str | None = None,
    type: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[ProposalView]:
    """Proposals in a state and of a type (all when None), most evidence first."""
    stmt = select(fm.FactProposalRow)
    if state is not None:
        stmt = stmt.where(fm.FactProposalRow.state == one_of(ReviewState, state, "state"))
    if type is not None:
        stmt = stmt.where(fm.FactProposalRow.type == one_of(FactType, type, "type"))
    stmt = stmt.order_by(fm.FactProposalRow.id).offset(offset).limit(limit)
    return [proposal_view(uow, row, full=False) for row in uow.session.scalars(stmt)]


def count_proposals(uow: UnitOfWork, state: str | None = None) -> int:
    """How many proposals are in ``state`` (all when None)."""
    stmt = select(func.count()).select_from(fm.FactProposalRow)
    if state is not None:
        stmt = stmt.where(fm.FactProposalRow.state == state)
    return int(uow.session.scalar(stmt) or 0)


def get_proposal(uow: UnitOfWork, proposal: int | str) -> ProposalView:
    """One proposal (by id or key) with its evidence quoted and its edits."""
    return proposal_view(uow, _row(uow, proposal), full=True)


def one_of(enum: Any, value: str, name: str) -> str:
    """``value`` if it is one of ``enum``'s values, else InvalidInput naming ``name``."""
    allowed = [e.value for e in enum]
    if value not in allowed:
        raise InvalidInput(f"{name} {value!r} is not one of: {', '.join(allowed)}")
    return value


def open_for_review(
    uow: UnitOfWork, proposal: int | str, actor: Actor | None, principal: Principal | None
) -> fm.FactProposalRow:
    """The proposal's row, if still unverified (Conflict otherwise), with the reviewer's rights
    checked (``principal``'s, by default the caller the unit of work carries: a unit of work
    that carries nobody is refused, the CLI's carries ``access.SYSTEM``) and the audit actor
    set."""
    require_reviewer(principal if principal is not None else caller(uow))
    if actor is not None:
        act_as(uow, actor)
    row = _row(uow, proposal)
    if row.state != ReviewState.UNVERIFIED.value:
        raise Conflict(
            f"fact proposal {row.key} is already {row.state}"
            + (f" as {row.record_kind} {row.record_key!r}" if row.record_key else "")
        )
    return row


def mark_reviewed(uow: UnitOfWork, row: fm.FactProposalRow, state: ReviewState) -> None:
    """Move the proposal to ``state``, naming the reviewer and the time."""
    row.state = state.value
    row.reviewed_by = session_actor(uow.session).name
    row.reviewed_at = datetime.now(UTC)
    row.version += 1
