"""The rules of plants, owners and investments on their boundaries, through the use case the
API's create and update routes call (``registry.register`` / ``registry.update`` in a unit of
work over a real store): the value at the limit is stored, the value just past it is refused
with a message naming the record, the field and the rule, and nothing is stored."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from tests.api.platform_world import populate_records

from coprod.db import migrate
from coprod.db.engine import make_engine
from coprod.db.uow import UnitOfWork
from coprod.domain import entities as d
from coprod.domain import kinds
from coprod.domain.enums import InvestmentStatus, OrganisationKind, PlantKind, PlantStatus
from coprod.domain.money import Money
from coprod.errors import CoprodError, RuleViolation
from coprod.services import registry
from coprod.services.accounts.access import SYSTEM
from coprod.services.registry import plants

S = PlantStatus
STAKES = "(rule: the stakes in one company sum to at most 100 % at any date)"
SITE = "(rule: a plant's production lines are in the plant's country)"
FORWARD = "(rule: a plant's status and its dates move forward)"


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """One store for the module (the platform world: acme FR, rival DE, ua-mod, drone);
    every attempt runs in a unit of work that is never committed."""
    path: Path = tmp_path_factory.mktemp("plants") / "coprod.db"
    engine = make_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    populate_records(engine)
    yield engine
    engine.dispose()


JV = d.Organisation("jv", "A joint venture", OrganisationKind.COMPANY, "UA")


def own(key: str, owner: str, stake: str, start: date | None, end: date | None) -> d.Ownership:
    return d.Ownership(key, owner, "jv", Decimal(stake), start, end)


PLANT = d.Plant(
    "p-1",
    "Shell plant",
    "acme",
    "UA",
    PlantKind.PRODUCTION,
    S.OPERATING,
    history=[d.PlantStep(S.ANNOUNCED, date(2024, 2, 1)), d.PlantStep(S.OPERATING, None)],
)
LINE = d.ProductionLine(
    "l-p", "acme", "drone", "FR", "UA", Money(Decimal(10), "EUR"), 5, plant="p-1"
)


def _with(entity: Any, **changes: Any) -> Any:
    return dataclasses.replace(entity, **changes)


def _outcome(engine: Engine, *entities: Any) -> str:
    """Register ``entities`` in order (the last one may be an update of a stored key): "stored"
    when the last reads back as written, else the refusal's class and message; never committed."""
    with UnitOfWork(engine, access=SYSTEM) as uow:
        for entity in entities[:-1]:
            registry.register(uow, entity)
        last = entities[-1]
        repository = uow.records(kinds.kind_of(last))
        try:
            if repository.exists(last.key):
                registry.update(uow, last)
            else:
                registry.register(uow, last)
        except CoprodError as exc:
            return f"{type(exc).__name__}: {exc.message}"
        assert repository.get_by_key(last.key) == last
        return "stored"


TWO_OWNERS = [JV, own("o-a", "acme", "51", date(2024, 1, 1), date(2024, 6, 30))]

CASES: list[tuple[str, list[Any], str]] = [
    ("stakes sum to 100", [*TWO_OWNERS, own("o-b", "rival", "49", None, None)], "stored"),
    (
        "stakes sum to 100.01",
        [*TWO_OWNERS, own("o-b", "rival", "49.01", None, None)],
        f"RuleViolation: ownerships 'o-b': field stake: the stakes in 'jv' sum to 100.01 % "
        f"on 2024-01-01 {STAKES}",
    ),
    (
        "a stake starting the day after another ends",
        [*TWO_OWNERS, own("o-b", "rival", "60", date(2024, 7, 1), None)],
        "stored",
    ),
    (
        "a stake starting the day another ends",
        [*TWO_OWNERS, own("o-b", "rival", "60", date(2024, 6, 30), None)],
        f"RuleViolation: ownerships 'o-b': field stake: the stakes in 'jv' sum to 111 % "
        f"on 2024-06-30 {STAKES}",
    ),
    (
        "an undated stake beside a dated one",
        [
            JV,
            own("o-a", "acme", "100", None, None),
            own("o-b", "rival", "0.01", date(2030, 1, 1), None),
        ],
        f"RuleViolation: ownerships 'o-b': field stake: the stakes in 'jv' sum to 100.01 % "
        f"on 2030-01-01 {STAKES}",
    ),
    (
        "a stake of 0",
        [JV, own("o-a", "acme", "0", None, None)],
        "InvalidInput: ownerships 'o-a': stake must be between 0.01 and 100, not 0",
    ),
    (
        "a stake of 100.01 alone",
        [JV, own("o-a", "acme", "100.01", None, None)],
        "InvalidInput: ownerships 'o-a': stake must be between 0.01 and 100, not 100.01",
    ),
    (
        "an ownership ending the day it starts",
        [JV, own("o-a", "acme", "10", date(2024, 1, 1), date(2024, 1, 1))],
        "stored",
    ),
    (
        "an ownership ending the day before it starts",
        [JV, own("o-a", "acme", "10", date(2024, 1, 2), date(2024, 1, 1))],
        "RuleViolation: ownerships 'o-a': field end: end 2024-01-01 is before start 2024-01-02 "
        "(rule: an ownership ends on or after it starts)",
    ),
    # a plant's lines are in its country
    ("a line at its plant's country", [PLANT, LINE], "stored"),
    (
        "a line sited elsewhere than its plant",
        [PLANT, _with(LINE, site_country="PL")],
        f"RuleViolation: production_lines 'l-p': field site_country: production line 'l-p' is "
        f"sited in PL but plant 'p-1' is in UA {SITE}",
    ),
    (
        "a plant moved away from its lines",
        [PLANT, LINE, _with(PLANT, country="PL")],
        f"RuleViolation: plants 'p-1': field country: production line 'l-p' is sited in UA but "
        f"plant 'p-1' is in PL {SITE}",
    ),
    (
        "a line at an unknown plant",
        [_with(LINE, plant="nowhere")],
        "InvalidInput: production_lines 'l-p': field 'plant': unknown plant 'nowhere'",
    ),
    # status dates move forward
    (
        "two steps on the same day",
        [
            _with(
                PLANT,
                history=[
                    d.PlantStep(S.ANNOUNCED, date(2024, 2, 1)),
                    d.PlantStep(S.OPERATING, date(2024, 2, 1)),
                ],
            )
        ],
        "stored",
    ),
    (
        "a step dated a day earlier",
        [
            _with(
                PLANT,
                history=[
                    d.PlantStep(S.ANNOUNCED, date(2024, 2, 1)),
                    d.PlantStep(S.OPERATING, date(2024, 1, 31)),
                ],
            )
        ],
        f"RuleViolation: plants 'p-1': field history.1.on: operating on 2024-01-31 is before "
        f"announced on 2024-02-01 {FORWARD}",
    ),
    (
        "a step back to an earlier status",
        [
            _with(
                PLANT,
                status=S.UNDER_CONSTRUCTION,
                history=[d.PlantStep(S.OPERATING), d.PlantStep(S.UNDER_CONSTRUCTION)],
            )
        ],
        f"RuleViolation: plants 'p-1': field history.1.status: under_construction cannot follow "
        f"operating {FORWARD}",
    ),
    (
        "a history ending elsewhere than the status",
        [_with(PLANT, status=S.CLOSED)],
        f"RuleViolation: plants 'p-1': field status: status is closed but the history ends "
        f"with operating {FORWARD}",
    ),
    (
        "a stored plant going back",
        [PLANT, _with(PLANT, status=S.ANNOUNCED, history=[])],
        f"RuleViolation: plants 'p-1': field status: the plant is operating: it cannot go back "
        f"to announced {FORWARD}",
    ),
    ("a stored plant closing", [PLANT, _with(PLANT, status=S.CLOSED, history=[])], "stored"),
    # investments
    (
        "an investment in a plant and a company",
        [PLANT, d.Investment("i-1", "rival", InvestmentStatus.ANNOUNCED, "p-1", "acme")],
        "RuleViolation: investments 'i-1': field plant: name either plant or company, not both "
        "or neither (rule: an investment goes to one plant or one company)",
    ),
    (
        "a stake acquired in a plant",
        [PLANT, d.Investment("i-1", "rival", InvestmentStatus.ANNOUNCED, "p-1", stake=Decimal(5))],
        "RuleViolation: investments 'i-1': field stake: a stake is acquired in a company: name "
        "the company (rule: a stake is a share of a company)",
    ),
    (
        "a stored investment going back",
        [
            d.Investment("i-1", "rival", InvestmentStatus.COMMITTED, company="acme"),
            d.Investment("i-1", "rival", InvestmentStatus.ANNOUNCED, company="acme"),
        ],
        "RuleViolation: investments 'i-1': field status: the investment is committed: it cannot "
        "go back to announced (rule: an investment's status moves forward)",
    ),
]


@pytest.mark.parametrize(("case", "entities", "expected"), CASES, ids=[c[0] for c in CASES])
def test_rule_on_its_boundary(
    engine: Engine, case: str, entities: list[Any], expected: str
) -> None:
    assert _outcome(engine, *entities) == expected


def test_a_refused_write_stores_nothing_and_verify_finds_no_breach(engine: Engine) -> None:
    with UnitOfWork(engine, access=SYSTEM) as uow:
        registry.register(uow, JV)
        registry.register(uow, own("o-a", "acme", "60", None, None))
        uow.commit()
    with UnitOfWork(engine, access=SYSTEM) as uow, pytest.raises(RuleViolation):
        registry.register(uow, own("o-b", "rival", "41", None, None))
        uow.commit()
    with UnitOfWork(engine, access=SYSTEM) as uow:
        assert [o.key for o in uow.ownerships.list_({"owned": "jv"})] == ["o-a"]
        assert plants.verify(uow) == []
        registry.delete(uow, kinds.OWNERSHIP, "o-a")
        registry.delete(uow, kinds.ORGANISATION, "jv")
        uow.commit()


def test_unknown_references_and_bad_values_name_their_field(engine: Engine) -> None:
    bad_owner = own("o-a", "nobody", "10", None, None)
    assert _outcome(engine, JV, bad_owner) == (
        "InvalidInput: ownerships 'o-a': field 'owner': unknown organisation 'nobody'"
    )
    assert _outcome(engine, _with(PLANT, country="XX")).startswith(
        "InvalidInput: plants 'p-1': field 'country'"
    )
