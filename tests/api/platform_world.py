"""A small world of two competing manufacturers, two funders, a ministry and an analyst.

Acme (FR) and Rival (DE) each have a line, an order, a production report and a delivery at
different prices; the French and German funders each pay one order (and a payment on it).
Agreements: one public, and restricted ones between each manufacturer and Ukraine, and between
France and Ukraine.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from unittest.mock import patch

from sqlalchemy import Engine

from coprod.db.uow import UnitOfWork
from coprod.domain import entities as d
from coprod.domain import kinds
from coprod.domain.enums import (
    AgreementStatus,
    AgreementType,
    InstrumentKind,
    OrganisationKind,
    Visibility,
)
from coprod.domain.money import Money
from coprod.services.accounts import auth
from coprod.services.accounts.access import SYSTEM

PASSWORD = "correct horse battery"
ACME_PRICE, RIVAL_PRICE = Decimal("1000.00"), Decimal("1777.77")

# role -> (user key, organisation)
USERS = {
    "ministry": ("mira", "ua-mod"),
    "funder": ("felix", "fr-dga"),
    "manufacturer": ("maya", "acme"),
    "analyst": ("ana", "think-tank"),
    "admin": ("adam", "ua-mod"),
}

# What each role sees of each kind of record (records not listed are foreign to it).
EVERY = {
    "agreements": {"a-public", "a-acme", "a-rival", "a-fr"},
    "production_lines": {"acme-line", "rival-line"},
    "funding_instruments": {"fr-fund", "de-fund"},
    "orders": {"acme-order", "rival-order"},
    "deliveries": {"acme-delivery", "rival-delivery"},
    "production_reports": {"acme-report", "rival-report"},
    "payments": {"acme-payment", "rival-payment"},
    "needs": {"need-drones"},
}
VISIBLE = {
    "ministry": EVERY,
    "admin": EVERY,
    "funder": {
        "agreements": {"a-public", "a-fr"},
        "production_lines": {"acme-line"},
        "funding_instruments": {"fr-fund"},
        "orders": {"acme-order"},
        "deliveries": {"acme-delivery"},
        "production_reports": {"acme-report"},
        "payments": {"acme-payment"},
        "needs": {"need-drones"},
    },
    "manufacturer": {
        "agreements": {"a-public", "a-acme"},
        "production_lines": {"acme-line"},
        "funding_instruments": {"fr-fund"},
        "orders": {"acme-order"},
        "deliveries": {"acme-delivery"},
        "production_reports": {"acme-report"},
        "payments": {"acme-payment"},
        "needs": {"need-drones"},
    },
    "analyst": {
        "agreements": {"a-public"},
        "production_lines": set(),
        "funding_instruments": set(),
        "orders": set(),
        "deliveries": set(),
        "production_reports": set(),
        "payments": set(),
        "needs": set(),
    },
}


def _eur(amount: str | Decimal) -> Money:
    return Money(Decimal(amount), "EUR")


def _organisations() -> list[d.Organisation]:
    return [
        d.Organisation(
            "ua-mod", "Ministry of Defence of Ukraine", OrganisationKind.GOVERNMENT_BODY, "UA"
        ),
        d.Organisation(
            "fr-dga", "French procurement agency", OrganisationKind.GOVERNMENT_BODY, "FR"
        ),
        d.Organisation(
            "de-bmvg", "German defence ministry", OrganisationKind.GOVERNMENT_BODY, "DE"
        ),
        d.Organisation("acme", "Acme Drones", OrganisationKind.COMPANY, "FR"),
        d.Organisation("rival", "Rival Drones", OrganisationKind.COMPANY, "DE"),
        d.Organisation("think-tank", "A think tank", OrganisationKind.INTERNATIONAL_BODY, "GB"),
    ]


def _agreement(key: str, parties: list[str], visibility: Visibility) -> d.Agreement:
    history = [d.StatusChange(AgreementStatus.SIGNED, date(2025, 3, 1))]
    return d.Agreement(
        key,
        f"Agreement {key}",
        AgreementType.CONTRACT,
        AgreementStatus.SIGNED,
        parties,
        history=history,
        visibility=visibility,
    )


def _instrument(key: str, funder: str, allocated: Decimal) -> d.FundingInstrument:
    # allocated: the cost of the order it pays (the ledger's figure, docs/ledger.md)
    return d.FundingInstrument(
        key,
        f"Fund {key}",
        funder,
        InstrumentKind.DIRECT_ORDER_FUND,
        _eur("1000000"),
        _eur(allocated),
        _eur("10000"),
    )


def records() -> list[object]:
    """Every record of the world, in dependency order."""
    line = d.ProductionLine
    return [
        *_organisations(),
        d.System("drone", "Strike drone", "drones"),
        d.Need("need-drones", "drone", 500, Decimal("1"), "2026-01"),
        _agreement("a-public", ["FR", "UA"], Visibility.PUBLIC),
        _agreement("a-acme", ["acme", "UA"], Visibility.RESTRICTED),
        _agreement("a-rival", ["rival", "UA"], Visibility.RESTRICTED),
        _agreement("a-fr", ["FR", "UA"], Visibility.RESTRICTED),
        line("acme-line", "acme", "drone", "FR", "UA", _eur(ACME_PRICE), 100),
        line("rival-line", "rival", "drone", "DE", "UA", _eur(RIVAL_PRICE), 100),
        _instrument("fr-fund", "fr-dga", 50 * ACME_PRICE),
        _instrument("de-fund", "de-bmvg", 60 * RIVAL_PRICE),
        d.Order(
            "acme-order", "need-drones", "acme-line", "fr-fund", 50, _eur(ACME_PRICE), "2026-01"
        ),
        d.Order(
            "rival-order", "need-drones", "rival-line", "de-fund", 60, _eur(RIVAL_PRICE), "2026-01"
        ),
        d.ProductionReport("acme-report", "acme-line", "2026-01", 40, "acme-order"),
        d.ProductionReport("rival-report", "rival-line", "2026-01", 20, "rival-order"),
        d.Delivery("acme-delivery", "acme-order", 10, date(2026, 2, 1)),
        d.Delivery("rival-delivery", "rival-order", 20, date(2026, 2, 1)),
        d.Payment("acme-payment", "fr-fund", "acme-order", date(2026, 1, 15), _eur("10000")),
        d.Payment("rival-payment", "de-fund", "rival-order", date(2026, 1, 15), _eur("10000")),
    ]


def populate_records(engine: Engine) -> None:
    """Store the world's records (no accounts)."""
    with UnitOfWork(engine, access=SYSTEM) as uow:
        for record in records():
            uow.records(kinds.kind_of(record)).add(record)
        uow.commit()


def populate(engine: Engine) -> dict[str, str]:
    """Store the world and one account (with an API token) per role; the tokens by role."""
    populate_records(engine)
    # Every account has the same password: one real Argon2 hash of it serves them all (each
    # hash takes about a second on a loaded machine, and this runs once per test process).
    hashed = auth.hash_password(PASSWORD)
    tokens = {}
    with (
        UnitOfWork(engine, access=SYSTEM) as uow,
        patch.object(auth, "hash_password", return_value=hashed),
    ):
        for role, (user, organisation) in USERS.items():
            account = auth.create_user(
                uow,
                user,
                name=user.title(),
                role=role,
                organisation=organisation,
                password=PASSWORD,
            )
            tokens[role] = auth.issue_token(uow, account, "tests")
        uow.commit()
    return tokens
