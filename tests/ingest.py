"""Ingestion helpers of the tests."""

from __future__ import annotations

from coprod.db.audit_models import Actor
from coprod.db.uow import UnitOfWork
from coprod.services.facts import ingestion


def ingest_document(
    uow: UnitOfWork, name: str, data: bytes, actor: Actor | None = None
) -> ingestion.IngestResult:
    """Store the article ``data`` (file ``name``) and its facts as unverified proposals, in
    one unit of work (``extract_article`` then ``store_article``; the entry points use two)."""
    article = ingestion.extract_article(uow, name, data)
    if isinstance(article, ingestion.IngestResult):
        return article
    return ingestion.store_article(uow, article, actor)
