"""Nothing is trusted by default: a unit of work that carries no caller sees and changes no
record; the local operator says so (``access.SYSTEM``), an account's principal is scoped."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from coprod.db.audit_models import Actor
from coprod.db.uow import UnitOfWork, UnitsOfWork
from coprod.domain import entities as d
from coprod.domain import kinds
from coprod.domain.enums import OrganisationKind
from coprod.errors import Forbidden
from coprod.services import registry
from coprod.services.accounts.access import SYSTEM

MAKER = d.Organisation("no-caller-maker", "Maker", OrganisationKind.COMPANY, "FR")
NO_CALLER = pytest.raises(Forbidden, match="no caller")


def keys(engine: Engine) -> set[str]:
    with UnitOfWork(engine, access=SYSTEM) as uow:
        return {o.key for o in uow.organisations.list_()}


@pytest.mark.parametrize("kind", kinds.KINDS, ids=lambda kind: kind.plural)
def test_a_unit_of_work_without_a_caller_is_refused_every_kind(
    engine: Engine, kind: kinds.Kind[object]
) -> None:
    with UnitOfWork(engine) as uow, NO_CALLER:
        uow.records(kind)


def test_a_unit_of_work_without_a_caller_reads_and_writes_nothing(engine: Engine) -> None:
    with UnitOfWork(engine, write=True) as uow:
        with NO_CALLER:
            uow.organisations.list_()
        with NO_CALLER:
            registry.register(uow, MAKER)
        uow.commit()
    assert MAKER.key not in keys(engine)


def test_units_of_work_without_a_caller_are_refused(engine: Engine) -> None:
    units = UnitsOfWork(engine)
    with units.reading() as uow, NO_CALLER:
        uow.organisations.list_()
    with units.writing() as uow, NO_CALLER:
        registry.register(uow, MAKER)


def test_the_system_caller_and_a_caller_made_known_are_served(engine: Engine) -> None:
    with UnitOfWork(engine, write=True) as uow:  # a request: who calls is learnt first
        uow.restrict(SYSTEM, Actor("operator", None))
        registry.register(uow, MAKER)
        uow.commit()
    assert MAKER.key in keys(engine)
