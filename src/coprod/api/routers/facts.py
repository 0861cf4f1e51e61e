"""News intelligence: ingest an article, read the review queue, accept or reject a fact."""

from typing import Annotated, Any

from fastapi import APIRouter, Body, Path, Query
from pydantic import BaseModel, Field

from coprod.errors import InvalidInput
from coprod.http.errors import READ_ERRORS, WRITE_ERRORS
from coprod.http.request import Work
from coprod.services.facts import fact_review

router = APIRouter(prefix="/api", tags=["news intelligence"])
KEY = Path(description="the proposal's key", min_length=1, max_length=200)


class DocumentIn(BaseModel):
    """An article to read: its file name (the suffix says how: .txt, .html, .md) and text."""

    name: str = Field(min_length=1, max_length=300)
    text: str = Field(min_length=1)


class IngestOut(BaseModel):
    """What ingesting did: the source document and the proposals made or reinforced."""

    document: str
    unchanged: bool
    created: list[str]
    merged: list[str]
    warnings: list[str]
    message: str


class EvidenceOut(BaseModel):
    """One evidence span, quoted with its context from the stored article."""

    document: str
    name: str
    start: int
    end: int
    before: str
    quote: str
    after: str
    confidence: float


class ProposalOut(BaseModel):
    """A fact proposal: what it says, how sure the extractor is, where it is stated."""

    key: str
    type: str
    state: str
    confidence: float
    identity: str
    fields: dict[str, Any]
    evidence: list[EvidenceOut] = Field(default_factory=list)
    entities: list[dict[str, Any]] = Field(default_factory=list)
    record_kind: str | None = None
    record_key: str | None = None
    reviewed_by: str | None = None
    reason: str | None = None
    documents: int = 0


class QueueOut(BaseModel):
    """One page of the review queue."""

    items: list[ProposalOut]
    total: int
    limit: int
    offset: int


class AcceptIn(BaseModel):
    """Optionally, the key of the record to create (or to add the evidence to)."""

    key: str | None = Field(None, min_length=1, max_length=200)


class AcceptOut(BaseModel):
    """What accepting did."""

    proposal: str
    record_kind: str | None
    record_key: str | None
    created: list[str]
    aliases: list[str]
    message: str
    proposed: list[str] = Field(
        default_factory=list, description="the plants, ownerships and investments it implies"
    )


class RejectIn(BaseModel):
    """Why the proposal is rejected."""

    reason: str | None = Field(None, max_length=2000)


def _proposal(view: Any) -> ProposalOut:
    return ProposalOut.model_validate(view, from_attributes=True)


@router.post("/documents", response_model=IngestOut, responses=WRITE_ERRORS, operation_id="ingest")
async def ingest(work: Work, document: DocumentIn) -> IngestOut:
    """Store an article and propose the facts it states for review."""
    data = document.text.encode("utf-8")
    if len(data) > fact_review.MAX_DOCUMENT_BYTES:
        raise InvalidInput(f"document {document.name!r} is over 2 MB")

    # The use case owns its transactions: the extractor works without the write lock
    # (seconds for the first article), the store then writes briefly.
    done = await work.owning(fact_review.ingest, document.name, data)
    return IngestOut(
        document=done.document,
        unchanged=done.unchanged,
        created=done.created,
        merged=done.merged,
        warnings=done.warnings,
        message=done.message,
    )


@router.get("/facts", response_model=QueueOut, responses=READ_ERRORS, operation_id="list_facts")
async def queue(
    work: Work,
    *,
    state: Annotated[str | None, Query(description="unverified, accepted, rejected")] = None,
    type: Annotated[str | None, Query(description="agreement, funding, ...")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=2**31)] = 0,
) -> QueueOut:
    """Fact proposals, by state and type."""

    found, total = await work(
        fact_review.queue, state=state, fact_type=type, limit=limit, offset=offset
    )
    items = [_proposal(v) for v in found]
    return QueueOut(items=items, total=total, limit=limit, offset=offset)


@router.get(
    "/facts/{key}", response_model=ProposalOut, responses=READ_ERRORS, operation_id="read_fact"
)
async def read(work: Work, key: Annotated[str, KEY]) -> ProposalOut:
    """One proposal with its evidence quoted."""

    return _proposal(await work(fact_review.proposal, key))


@router.post(
    "/facts/{key}/accept",
    response_model=AcceptOut,
    responses=WRITE_ERRORS,
    operation_id="accept_fact",
)
async def accept(
    work: Work, key: Annotated[str, KEY], body: Annotated[AcceptIn | None, Body()] = None
) -> AcceptOut:
    """Accept the proposal into registry records that keep its evidence."""
    record_key = body.key if body else None

    done = await work(fact_review.accept, key, record_key)
    return AcceptOut.model_validate(done, from_attributes=True)


@router.post(
    "/facts/{key}/reject",
    response_model=ProposalOut,
    responses=WRITE_ERRORS,
    operation_id="reject_fact",
)
async def reject(
    work: Work, key: Annotated[str, KEY], body: Annotated[RejectIn | None, Body()] = None
) -> ProposalOut:
    """Reject the proposal, with a reason."""
    reason = body.reason if body else None

    return _proposal(await work(fact_review.reject, key, reason))
