"""The ledger's stored breaches: what ``coprod ledger verify`` (or an upgrade of the schema)
last found, so the alerts read a short table instead of verifying every record."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from coprod.db.base import Base


class LedgerBreachRow(Base):
    """A stored record that breaks a ledger rule, as a full verify found it, and since when.

    Not a record of the registry and not on the audit trail: a finding about the records,
    replaced by each full verify and cleared for a record once a write through the use cases
    finds the record keeps the rules again (``services/ledger/breaches.py``)."""

    __tablename__ = "ledger_breach"
    __table_args__ = (UniqueConstraint("record", "field", "rule"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    record: Mapped[str] = mapped_column(String(300), index=True)  # as verify names it
    kind: Mapped[str] = mapped_column(String(40))  # the record's kind (plural); "" for none
    key: Mapped[str] = mapped_column(String(200))  # its key; "" when it names no one record
    field: Mapped[str] = mapped_column(String(60))
    rule: Mapped[str] = mapped_column(String(500))
    detail: Mapped[str] = mapped_column(Text)
    figures: Mapped[str] = mapped_column(Text)
    found_on: Mapped[date] = mapped_column(Date)
