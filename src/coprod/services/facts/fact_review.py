"""The review queue on the platform: ingest a document, list and read fact proposals, accept
or reject one. Unverified facts change the registry for everyone, so only ministry and admin
accounts see the queue or review (``access.require_reviewer``), each use case checking the
caller its unit of work carries; the extraction and review services themselves
(``services/facts/ingestion``, ``proposals``, ``accepting``, ``editing``) do the work.
"""

from __future__ import annotations

from coprod.db.uow import UnitOfWork, UnitsOfWork
from coprod.domain import entities as d
from coprod.services.accounts.access import caller, require_reviewer
from coprod.services.facts import accepting, editing, ingestion, proposals

MAX_DOCUMENT_BYTES = 2_000_000


def ingest(
    units: UnitsOfWork, name: str, data: bytes, url: str | None = None
) -> ingestion.IngestResult:
    """Store an article and propose its facts for review; the extractor works with no write
    lock held, the store writes briefly (``ingestion.ingest``; commits)."""
    require_reviewer(caller(units))
    return ingestion.ingest(units, name, data, url)


def queue(
    uow: UnitOfWork,
    *,
    state: str | None = "unverified",
    fact_type: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[proposals.ProposalView], int]:
    """One page of proposals in ``state`` and how many there are in all."""
    require_reviewer(caller(uow))
    found = proposals.list_proposals(uow, state, fact_type, limit, offset)
    return found, proposals.count_proposals(uow, state)


def proposal(uow: UnitOfWork, key: str) -> proposals.ProposalView:
    """One proposal with its evidence quoted from the stored article."""
    require_reviewer(caller(uow))
    return proposals.get_proposal(uow, key)


def proposal_with_articles(uow: UnitOfWork, key: str) -> tuple[proposals.ProposalView, list[str]]:
    """One proposal, and the stored text of the article of each of its evidence spans."""
    view = proposal(uow, key)
    return view, [article(uow, evidence.document) for evidence in view.evidence]


def accept(uow: UnitOfWork, key: str, record_key: str | None = None) -> accepting.AcceptResult:
    """Accept a proposal into registry records that keep its evidence (the caller commits)."""
    return accepting.accept(uow, key, uow.actor, record_key, principal=caller(uow))


def reject(uow: UnitOfWork, key: str, reason: str | None) -> proposals.ProposalView:
    """Reject a proposal with a reason (the caller commits)."""
    return editing.reject(uow, key, uow.actor, reason, principal=caller(uow))


def article(uow: UnitOfWork, document_key: str) -> str:
    """The stored text of a source document the caller may see (empty when none stored)."""
    caller(uow)
    uow.source_documents.get_by_key(document_key)  # NotFound outside the caller's scope
    return proposals.document_text_by_key(uow, document_key)


def document(uow: UnitOfWork, key: str) -> tuple[d.SourceDocument, str]:
    """A source document the caller may see and its stored text (empty when none stored)."""
    caller(uow)
    return uow.source_documents.get_by_key(key), proposals.document_text_by_key(uow, key)
