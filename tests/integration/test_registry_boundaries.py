"""Every rule of the registry (``domain/rules.py``) on its boundary, from both sides, through
the use case the API's create route calls (``registry.register`` in a unit of work over a real
store): the value at the limit is stored, the value just past it is refused with a message
naming the record, the field and the value."""

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
from coprod.domain.enums import AgreementStatus, AgreementType, InstrumentKind, OrderStatus
from coprod.domain.money import Money
from coprod.domain.rates import MissingRate
from coprod.errors import CoprodError, InvalidInput, RuleViolation
from coprod.services import registry
from coprod.services.accounts.access import SYSTEM as OPERATOR

# The platform world: need-drones (500 needed; 50 ordered from acme-line, 60 from rival-line),
# acme-order (50 ordered, 40 reported produced, 10 delivered, €10 000 of its €50 000 paid by
# fr-fund), lines acme-line and rival-line, system drone.


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """One store for the module: every attempt runs in a unit of work that is never committed."""
    path: Path = tmp_path_factory.mktemp("boundaries") / "coprod.db"
    engine = make_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    populate_records(engine)
    yield engine
    engine.dispose()


def eur(amount: str) -> Money:
    return Money(Decimal(amount), "EUR")


DOCUMENT = d.SourceDocument(key="doc-b", name="doc-b.txt", sha256="b" * 64)
AGREEMENT = d.Agreement(
    key="a-b",
    title="An agreement",
    type=AgreementType.CONTRACT,
    status=AgreementStatus.SIGNED,
    parties=["UA"],
    quantity=10,
    value=eur("1000"),
    history=[d.StatusChange(AgreementStatus.SIGNED, date(2025, 3, 1))],
)
INSTRUMENT = d.FundingInstrument(
    key="f-b",
    name="A fund",
    funder="fr-dga",
    kind=InstrumentKind.GRANT,
    pledged=eur("100"),
    allocated=eur("50"),
    disbursed=eur("20"),
    first_month="2026-01",
    last_month="2026-06",
)
NEED = d.Need("n-b", "drone", 10, Decimal("1.5"), "2026-06")
LINE = d.ProductionLine("l-b", "acme", "drone", "FR", "UA", eur("10"), 5, 2)
ORDER = d.Order("o-b", None, "acme-line", None, 5, eur("10"), "2026-03")
DELIVERY = d.Delivery("dl-b", "acme-order", 5, date(2026, 3, 1))
REPORT = d.ProductionReport("r-b", "acme-line", "2026-02", 10, "acme-order")
PAYMENT = d.Payment("p-b", "fr-fund", "acme-order", date(2026, 3, 2), eur("100"))
SYSTEM = d.System("s-b", "A system", "drones")


def _with(entity: Any, **changes: Any) -> Any:
    return dataclasses.replace(entity, **changes)


def _stored(engine: Engine, *entities: Any) -> None:
    """Register ``entities`` in order, then read the last one back: it was stored."""
    with UnitOfWork(engine, access=OPERATOR) as uow:
        for entity in entities:
            registry.register(uow, entity)
        last = entities[-1]
        kind = kinds.kind_of(last)
        assert uow.records(kind).get_by_key(last.key) == last


def _refused(engine: Engine, error: type[CoprodError], message: str, *entities: Any) -> None:
    """Registering ``entities`` in order fails on the last one with exactly ``message``."""
    with UnitOfWork(engine, access=OPERATOR) as uow:
        for entity in entities[:-1]:
            registry.register(uow, entity)
        with pytest.raises(CoprodError) as raised:
            registry.register(uow, entities[-1])
    assert type(raised.value) is error
    assert raised.value.message == message


# The messages of domain/bounds.py: its upper bounds are tested in tests/api/test_input_bounds.py.
KEY_RULE = (
    "key must be 1 to 200 characters: ASCII letters, digits, '-', '_' and '.', starting with "
    "a letter or a digit"
)
COUNT, MONEY = "1000000000", "9999999999999999.99"

# (case, entity, None when stored, else (error, message)); entities before the last are stored
# first in the same unit of work (a source document for evidence).
Expected = tuple[type[CoprodError], str] | None
CASES: list[tuple[str, list[Any], Expected]] = [
    # keys
    ("key of one character", [_with(SYSTEM, key="s")], None),
    ("key of 200 characters", [_with(SYSTEM, key="s" * 200)], None),
    (
        "key of 201 characters",
        [_with(SYSTEM, key="s" * 201)],
        (InvalidInput, f"systems {'s' * 201!r}: key must be at most 200 characters, not 201"),
    ),
    (
        "empty key",
        [_with(SYSTEM, key="")],
        (InvalidInput, f"systems '': {KEY_RULE}, not ''"),
    ),
    (
        "key with a space",
        [_with(SYSTEM, key="s b")],
        (InvalidInput, f"systems 's b': {KEY_RULE}, not 's b'"),
    ),
    (
        "key with a no-break space",
        [_with(SYSTEM, key="s\u00a0b")],
        (InvalidInput, f"systems 's\\xa0b': {KEY_RULE}, not 's\\xa0b'"),
    ),
    # evidence spans
    ("evidence of an empty span at 0", [DOCUMENT, _with(INSTRUMENT, evidence=[
        d.Evidence("doc-b", 0, 0)])], None),
    (
        "evidence starting before 0",
        [DOCUMENT, _with(INSTRUMENT, evidence=[d.Evidence("doc-b", -1, 5)])],
        (InvalidInput, "funding_instruments 'f-b': evidence.0.start must be between 0 and "
         "1000000000, not -1"),
    ),
    (
        "evidence ending before its start",
        [DOCUMENT, _with(INSTRUMENT, evidence=[d.Evidence("doc-b", 0, 1),
                                               d.Evidence("doc-b", 5, 4)])],
        (InvalidInput, "funding_instruments 'f-b': evidence.1: the span must have "
         "0 <= start <= end, not 5..4"),
    ),
    # agreements
    ("agreement of quantity 0 and value 0", [_with(AGREEMENT, quantity=0, value=eur("0"))],
     None),
    (
        "agreement of a negative quantity",
        [_with(AGREEMENT, quantity=-1)],
        (InvalidInput, f"agreements 'a-b': quantity must be between 0 and {COUNT}, not -1"),
    ),
    (
        "agreement of a negative value",
        [_with(AGREEMENT, value=eur("-0.01"))],
        (InvalidInput, f"agreements 'a-b': value.amount must be between 0 and {MONEY}, not -0.01"),
    ),
    (
        "agreement without parties",
        [_with(AGREEMENT, parties=[])],
        (InvalidInput, "agreements 'a-b': parties must name at least one state or organisation"),
    ),
    # funding instruments
    ("instrument at zero", [_with(INSTRUMENT, pledged=eur("0"), allocated=eur("0"),
                                  disbursed=eur("0"))], None),
    ("instrument allocated and disbursed in full", [_with(INSTRUMENT, allocated=eur("100"),
                                                          disbursed=eur("100"))], None),
    (
        "instrument allocating more than pledged",
        [_with(INSTRUMENT, allocated=eur("100.01"))],
        (RuleViolation, "funding_instruments 'f-b': allocated (100.01 EUR) exceeds pledged "
         "(100.00 EUR)"),
    ),
    (
        "instrument disbursing more than allocated",
        [_with(INSTRUMENT, disbursed=eur("50.01"))],
        (RuleViolation, "funding_instruments 'f-b': disbursed (50.01 EUR) exceeds allocated "
         "(50.00 EUR)"),
    ),
    (
        "instrument of a negative pledge",
        [_with(INSTRUMENT, pledged=eur("-0.01"), allocated=eur("-0.01"), disbursed=eur("-0.01"))],
        (InvalidInput, f"funding_instruments 'f-b': pledged.amount must be between 0 and {MONEY}, "
         "not -0.01"),
    ),
    (
        "instrument of a negative allocation",
        [_with(INSTRUMENT, allocated=eur("-0.01"), disbursed=eur("-0.01"))],
        (InvalidInput, f"funding_instruments 'f-b': allocated.amount must be between 0 and "
         f"{MONEY}, not -0.01"),
    ),
    (
        "instrument of a negative disbursement",
        [_with(INSTRUMENT, disbursed=eur("-0.01"))],
        (InvalidInput, f"funding_instruments 'f-b': disbursed.amount must be between 0 and "
         f"{MONEY}, not -0.01"),
    ),
    (
        "instrument in two currencies",
        [_with(INSTRUMENT, disbursed=Money(Decimal(20), "USD"))],
        (InvalidInput, "funding_instruments 'f-b': pledged, allocated and disbursed must share "
         "one currency, not ['EUR', 'USD']"),
    ),
    ("instrument of one month", [_with(INSTRUMENT, first_month="2026-06")], None),
    ("instrument open at both ends", [_with(INSTRUMENT, first_month=None, last_month=None)],
     None),
    (
        "instrument whose first month is after its last",
        [_with(INSTRUMENT, first_month="2026-07")],
        (InvalidInput, "funding_instruments 'f-b': first_month 2026-07 is after last_month "
         "2026-06"),
    ),
    (
        "instrument whose first month is no month",
        [_with(INSTRUMENT, first_month="2026-13")],
        (InvalidInput, "funding_instruments 'f-b': first_month must be a month written "
         "YYYY-MM, not '2026-13'"),
    ),
    (
        "instrument whose last month is no month",
        [_with(INSTRUMENT, last_month="2026-00")],
        (InvalidInput, "funding_instruments 'f-b': last_month must be a month written "
         "YYYY-MM, not '2026-00'"),
    ),
    # needs
    ("need of one at priority 0", [_with(NEED, quantity=1, priority=Decimal(0))], None),
    (
        "need of nothing",
        [_with(NEED, quantity=0)],
        (InvalidInput, f"needs 'n-b': quantity must be between 1 and {COUNT}, not 0"),
    ),
    (
        "need of a negative quantity",
        [_with(NEED, quantity=-1)],
        (InvalidInput, f"needs 'n-b': quantity must be between 1 and {COUNT}, not -1"),
    ),
    (
        "need of a negative priority",
        [_with(NEED, priority=Decimal("-0.01"))],
        (InvalidInput, "needs 'n-b': priority must be between 0 and 1000000, not -0.01"),
    ),
    (
        "need due in no month",
        [_with(NEED, due="2026-6")],
        (InvalidInput, "needs 'n-b': due must be a month written YYYY-MM, not '2026-6'"),
    ),
    # production lines
    ("line of no capacity, no lead time, no cost",
     [_with(LINE, monthly_capacity=0, lead_time_months=0, unit_cost=eur("0"))], None),
    (
        "line of a negative capacity",
        [_with(LINE, monthly_capacity=-1)],
        (InvalidInput, f"production_lines 'l-b': monthly_capacity must be between 0 and {COUNT}, "
         "not -1"),
    ),
    (
        "line of a negative lead time",
        [_with(LINE, lead_time_months=-1)],
        (InvalidInput, "production_lines 'l-b': lead_time_months must be between 0 and 120, "
         "not -1"),
    ),
    (
        "line of a negative unit cost",
        [_with(LINE, unit_cost=eur("-0.01"))],
        (InvalidInput, f"production_lines 'l-b': unit_cost.amount must be between 0 and {MONEY}, "
         "not -0.01"),
    ),
    # orders
    ("order of nothing, free", [_with(ORDER, quantity=0, unit_price=eur("0"))], None),
    (
        "order of a negative quantity",
        [_with(ORDER, quantity=-1)],
        (InvalidInput, f"orders 'o-b': quantity must be between 0 and {COUNT}, not -1"),
    ),
    (
        "order at a negative price",
        [_with(ORDER, unit_price=eur("-0.01"))],
        (InvalidInput, f"orders 'o-b': unit_price.amount must be between 0 and {MONEY}, not -0.01"),
    ),
    (
        "order in no month",
        [_with(ORDER, month="March")],
        (InvalidInput, "orders 'o-b': month must be a month written YYYY-MM, not 'March'"),
    ),
    ("orders up to the need", [_with(ORDER, need="need-drones", quantity=390)], None),
    (
        "orders one past the need",
        [_with(ORDER, need="need-drones", quantity=391)],
        (RuleViolation, "orders 'o-b': field quantity: need 'need-drones' would have more "
         "units ordered than it needs (rule: a need is never over-ordered)"),
    ),
    (
        "a cancelled order does not count against the need",
        [_with(ORDER, key="o-c", need="need-drones", quantity=1000,
               status=OrderStatus.CANCELLED), _with(ORDER, need="need-drones", quantity=390)],
        None,
    ),
    # deliveries
    ("delivery of nothing", [_with(DELIVERY, quantity=0)], None),
    ("deliveries up to the order", [REPORT, _with(DELIVERY, quantity=40)], None),
    (
        "deliveries one past the order",
        [REPORT, _with(DELIVERY, quantity=41)],
        (RuleViolation, "order acme-order: delivered 51 exceeds ordered 50"),
    ),
    ("deliveries up to what is produced", [_with(DELIVERY, quantity=30)], None),
    (
        "deliveries one past what is produced",
        [_with(DELIVERY, quantity=31)],
        (
            RuleViolation,
            "deliveries 'dl-b': field quantity: order 'acme-order' would have more units "
            "delivered than reported produced (report the production first) "
            "(rule: delivered never exceeds produced)",
        ),
    ),
    # production reports and payments
    ("production up to the order", [_with(REPORT, quantity=10)], None),
    (
        "production one past the order",
        [_with(REPORT, quantity=11)],
        (
            RuleViolation,
            "production_reports 'r-b': field quantity: order 'acme-order' would have more "
            "units reported produced than it orders (rule: produced never exceeds ordered)",
        ),
    ),
    (
        "production on another line than the order's",
        [_with(REPORT, production_line="rival-line")],
        (
            RuleViolation,
            "production_reports 'r-b': field order: order 'acme-order' is made on line "
            "'acme-line', not 'rival-line' (rule: production is reported on the order's own "
            "line)",
        ),
    ),
    ("payments up to the order's cost", [_with(PAYMENT, amount=eur("40000"))], None),
    (
        "payments one cent past the order's cost",
        [_with(PAYMENT, amount=eur("40000.01"))],
        (
            RuleViolation,
            "payments 'p-b': field amount: order 'acme-order' would be paid more than it "
            "costs (rule: the payments on an order never exceed its cost)",
        ),
    ),
    (
        "a payment by another instrument than the order's",
        [_with(PAYMENT, instrument="de-fund")],
        (
            RuleViolation,
            "payments 'p-b': field instrument: order 'acme-order' is not paid by funding "
            "instrument 'de-fund' (rule: a payment is made by its order's instrument)",
        ),
    ),
    (
        "a payment in another currency without a rate",
        [_with(PAYMENT, amount=Money(Decimal(1), "USD"))],
        (
            MissingRate,
            "payments 'p-b': field amount: no exchange rate of USD against EUR on or before "
            "2026-03-02: import the reference rates first (coprod rates import FILE.csv)",
        ),
    ),
    (
        "delivery of a negative quantity",
        [_with(DELIVERY, quantity=-1)],
        (InvalidInput, f"deliveries 'dl-b': quantity must be between 0 and {COUNT}, not -1"),
    ),
]  # fmt: skip


@pytest.mark.parametrize(
    ("entities", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_each_rule_on_its_boundary(engine: Engine, entities: list[Any], expected: Expected) -> None:
    if expected is None:
        _stored(engine, *entities)
    else:
        _refused(engine, *expected, *entities)


def test_an_update_is_held_to_the_same_rules(engine: Engine) -> None:
    with UnitOfWork(engine, access=OPERATOR) as uow:
        line = uow.production_lines.get_by_key("acme-line")
        with pytest.raises(InvalidInput, match="monthly_capacity must be between 0 and"):
            registry.update(uow, _with(line, monthly_capacity=-1))
    with UnitOfWork(engine, access=OPERATOR) as uow:
        order = uow.orders.get_by_key("acme-order")
        with pytest.raises(RuleViolation, match="'need-drones' would have more units ordered"):
            registry.update(uow, _with(order, quantity=441))
        assert registry.update(uow, _with(order, quantity=440)) is True
