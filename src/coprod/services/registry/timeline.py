"""An agreement's timeline: its lifecycle steps in the order they happened."""

from __future__ import annotations

from coprod.db.uow import UnitOfWork
from coprod.domain import entities as d
from coprod.services.accounts.access import caller


def agreement_steps(uow: UnitOfWork, key: str) -> tuple[d.Agreement, list[d.StatusChange]]:
    """The agreement ``key`` (NotFound when missing or foreign) and its steps, dated ones
    first in date order, then the undated ones."""
    caller(uow)
    agreement = uow.agreements.get_by_key(key)
    steps = sorted(agreement.history, key=lambda step: (step.on is None, step.on))
    return agreement, steps
