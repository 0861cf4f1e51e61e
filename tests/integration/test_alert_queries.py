"""The alerts' stalled-agreement query on each backend (SQLite, and PostgreSQL when
``COPROD_TEST_POSTGRES`` is set): the boundary day, final statuses left out, and the page
of stalled agreements in the rule's order (oldest step first, then key as Python sorts it,
whatever the server's collation)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine

from coprod.db.uow import UnitOfWork
from coprod.domain import entities as d
from coprod.domain.enums import AgreementStatus, AgreementType, OrganisationKind
from coprod.services import registry
from coprod.services.accounts.access import SYSTEM
from coprod.services.alerts import reading

# key, status, last dated step; keys that a linguistic collation sorts otherwise than Python.
AGREEMENTS = [
    ("b-a", AgreementStatus.SIGNED, date(2025, 3, 1)),
    ("B-b", AgreementStatus.SIGNED, date(2025, 3, 1)),
    ("ba", AgreementStatus.IN_FORCE, date(2025, 3, 1)),
    ("a-old", AgreementStatus.SIGNED, date(2024, 1, 1)),
    ("done", AgreementStatus.CANCELLED, date(2020, 1, 1)),
    ("late", AgreementStatus.SIGNED, date(2025, 3, 2)),
]


def _store(engine: Engine) -> None:
    with UnitOfWork(engine, access=SYSTEM, write=True) as uow:
        registry.register(uow, d.Organisation("acme", "Acme", OrganisationKind.COMPANY))
        for key, status, on in AGREEMENTS:
            steps = [AgreementStatus.SIGNED] if status is AgreementStatus.IN_FORCE else []
            history = [
                d.StatusChange(AgreementStatus.PLANNED, None),
                *(d.StatusChange(step, date(2023, 1, 1)) for step in steps),
                d.StatusChange(status, on),
            ]
            agreement = d.Agreement(
                key, key, AgreementType.CONTRACT, status, ["acme"], history=history
            )
            registry.register(uow, agreement)
        uow.commit()


def test_stalled_agreements_are_found_and_cut_in_the_rules_order(engine: Engine) -> None:
    _store(engine)
    with UnitOfWork(engine, access=SYSTEM) as uow:
        before = reading.stalled_candidates(uow, SYSTEM, date(2025, 2, 28))
        by = date(2025, 3, 1)
        found = reading.stalled_candidates(uow, SYSTEM, by)
        count = reading.stalled_count(uow, SYSTEM, by, skip={"ba"})
        pages = [
            reading.stalled_candidates(uow, SYSTEM, by, skip={"ba"}, window=(start, 2))
            for start in (0, 2)
        ]
        followed = reading.stalled_candidates(uow, SYSTEM, by, keys={"ba", "late"})
    assert [a.key for a in before] == ["a-old"]
    assert {a.key: a.history[0].on for a in found} == {
        "a-old": date(2024, 1, 1),
        "B-b": date(2025, 3, 1),
        "b-a": date(2025, 3, 1),
        "ba": date(2025, 3, 1),
    }
    assert count == 3
    assert [[a.key for a in page] for page in pages] == [["a-old", "B-b"], ["b-a"]]
    assert [a.key for a in followed] == ["ba"]
