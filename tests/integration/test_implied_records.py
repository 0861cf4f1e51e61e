"""Accepted facts propose the plants, ownerships and investments they imply; accepting those
registers the records through the registry's use cases, so its rules hold (issue 19). Every
article here is written for these tests."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import Engine
from tests.ingest import ingest_document

from coprod.db.audit_models import Actor
from coprod.db.engine import make_engine
from coprod.db.uow import UnitOfWork
from coprod.domain import kinds
from coprod.domain.enums import InvestmentStatus, PlantKind, PlantStatus
from coprod.errors import InvalidInput, RuleViolation
from coprod.services.accounts.access import SYSTEM
from coprod.services.facts import accepting, editing
from coprod.services.facts.proposals import ProposalView, get_proposal, list_proposals

JOINT_VENTURE = (
    "Defence notes\n\nRheinmetall and Ukroboronprom signed an agreement on Tuesday to set up a "
    "joint venture that will make 155mm shells in Ukraine.\n"
)
LOCALISED = (
    "Drone notes\n\nThe German drone maker Quantum Systems signed a contract with Ukraine to "
    "invest EUR 10 million and localise the production of its drones in Ukraine.\n"
)
REPAIR = (
    "Repair notes\n\nBAE Systems signed an agreement with Ukraine to localise the repair of "
    "L119 guns in Ukraine.\n"
)
ABROAD = (
    "Fuel notes\n\nThe Ukrainian company Fire Point has started the production of solid rocket "
    "fuel at a new plant in Denmark.\n"
)
PLAIN = "Drone notes\n\nFrance and Ukraine signed a letter of intent on drones on Monday.\n"
REVIEWER = Actor("reviewer-1", "ua-mod")


@pytest.fixture
def engine(initialised_url: str) -> Iterator[Engine]:
    """A store as ``coprod init`` leaves it."""
    engine = make_engine(initialised_url)
    yield engine
    engine.dispose()


def ingest(engine: Engine, text: str, name: str = "note.txt") -> None:
    with UnitOfWork(engine, access=SYSTEM) as uow:
        ingest_document(uow, name, text.encode("utf-8"), REVIEWER)
        uow.commit()


def proposals(engine: Engine, **filters: str) -> list[ProposalView]:
    with UnitOfWork(engine, access=SYSTEM) as uow:
        return list_proposals(uow, **filters)


def accept(engine: Engine, key: str, as_key: str | None = None) -> accepting.AcceptResult:
    with UnitOfWork(engine, access=SYSTEM) as uow:
        done = accepting.accept(uow, key, REVIEWER, as_key)
        uow.commit()
    return done


def edit(engine: Engine, key: str, **changes: str) -> ProposalView:
    with UnitOfWork(engine, access=SYSTEM) as uow:
        view = editing.edit(uow, key, changes, REVIEWER)
        uow.commit()
    return view


def record(engine: Engine, plural: str, key: str) -> Any:
    with UnitOfWork(engine, access=SYSTEM) as uow:
        return uow.records(kinds.BY_PLURAL[plural]).get_by_key(key)


def count(engine: Engine, plural: str) -> int:
    with UnitOfWork(engine, access=SYSTEM) as uow:
        return len(uow.records(kinds.BY_PLURAL[plural]).list_(limit=None))


def view(engine: Engine, key: str) -> ProposalView:
    with UnitOfWork(engine, access=SYSTEM) as uow:
        return get_proposal(uow, key)


def get_proposal_fields(engine: Engine, key: str) -> dict[str, Any]:
    return view(engine, key).fields


def fact(engine: Engine, ftype: str, **fields: Any) -> ProposalView:
    """The one proposal of ``ftype`` whose fields hold ``fields``."""
    found = [
        p
        for p in proposals(engine, type=ftype)
        if all(p.fields.get(k) == v for k, v in fields.items())
    ]
    assert len(found) == 1, [p.fields for p in proposals(engine, type=ftype)]
    return found[0]


def test_a_joint_venture_proposes_one_ownership_per_company_held_to_the_stakes_rule(
    engine: Engine,
) -> None:
    ingest(engine, JOINT_VENTURE)
    venture = fact(engine, "agreement", agreement_type="joint_venture")
    done = accept(engine, venture.key)
    owners = {get_proposal_fields(engine, k)["owner"]: k for k in done.proposed}
    assert set(owners) == {"rheinmetall", "ukroboronprom"}
    assert f"proposed for review: {', '.join(done.proposed)}" in done.message
    first = get_proposal_fields(engine, owners["rheinmetall"])
    assert first["owned"] == "Joint venture of Rheinmetall and Ukroboronprom"
    assert first["owned_country"] == "UA" and first["stake"] is None
    assert first["from"] == venture.key

    with pytest.raises(InvalidInput, match="the owner's stake in percent is missing"):
        accept(engine, owners["rheinmetall"])
    assert count(engine, "ownerships") == 0  # refused whole: no company made either
    edit(engine, owners["rheinmetall"], stake="51")
    edit(engine, owners["ukroboronprom"], stake="60")
    made = accept(engine, owners["rheinmetall"])
    assert made.record_kind == "ownership"
    assert made.created == ["organisation joint-venture-of-rheinmetall-and-ukroboronprom"]
    # 51 % + 60 % is over 100 %: the registry's rule refuses, nothing of it is stored
    with pytest.raises(RuleViolation, match="sum to 111"):
        accept(engine, owners["ukroboronprom"])
    assert count(engine, "ownerships") == 1
    edit(engine, owners["ukroboronprom"], stake="49")
    second = accept(engine, owners["ukroboronprom"])
    assert second.created == []  # the same joint venture, found by its name
    stored = record(engine, "ownerships", str(second.record_key))
    assert (stored.owner, stored.stake) == ("ukroboronprom", Decimal(49))
    assert stored.owned == "joint-venture-of-rheinmetall-and-ukroboronprom"
    assert stored.evidence[0].note == f"fact {owners['ukroboronprom']}"
    company = record(engine, "organisations", stored.owned)
    assert company.country == "UA"


def test_localised_production_proposes_a_plant_in_ukraine_and_an_investment_in_it(
    engine: Engine,
) -> None:
    ingest(engine, LOCALISED)
    contract = fact(engine, "agreement", agreement_type="contract")
    done = accept(engine, contract.key)
    by_type = {view(engine, k).type: k for k in done.proposed}
    assert set(by_type) == {"plant", "investment"}
    plant_fields = get_proposal_fields(engine, by_type["plant"])
    assert plant_fields["name"] == "Quantum Systems plant in Ukraine"
    assert (plant_fields["operator"], plant_fields["country"]) == ("quantum-systems", "UA")
    invest_fields = get_proposal_fields(engine, by_type["investment"])
    assert invest_fields["investor"] == "quantum-systems"
    assert invest_fields["plant_proposal"] == by_type["plant"]
    assert invest_fields["agreement"] == done.record_key
    assert invest_fields["status"] == "committed"  # a signed contract

    with pytest.raises(InvalidInput, match="accept that proposal first"):
        accept(engine, by_type["investment"])
    plant = accept(engine, by_type["plant"])
    stored = record(engine, "plants", str(plant.record_key))
    assert (stored.operator, stored.country, stored.kind) == (
        "quantum-systems",
        "UA",
        PlantKind.PRODUCTION,
    )
    assert stored.status is PlantStatus.ANNOUNCED
    assert [step.status for step in stored.history] == [PlantStatus.ANNOUNCED]
    assert len(stored.evidence) == len(view(engine, contract.key).evidence)
    investment = accept(engine, by_type["investment"])
    money = record(engine, "investments", str(investment.record_key))
    assert (money.investor, money.plant, money.company) == (
        "quantum-systems",
        plant.record_key,
        None,
    )
    assert money.status is InvestmentStatus.COMMITTED
    assert money.agreement == done.record_key
    assert accept_result_proposes_nothing(plant, investment)


def accept_result_proposes_nothing(*results: accepting.AcceptResult) -> bool:
    return all(result.proposed == [] for result in results)


def test_a_repair_centre_in_ukraine_and_a_ukrainian_plant_abroad(engine: Engine) -> None:
    ingest(engine, REPAIR, "repair.txt")
    ingest(engine, ABROAD, "abroad.txt")
    repair = accept(engine, fact(engine, "agreement", parties=["bae-systems", "UA"]).key)
    [centre] = repair.proposed
    assert get_proposal_fields(engine, centre)["name"] == "BAE Systems repair centre in Ukraine"
    statuses = "announced, under_construction, operating, closed"
    with pytest.raises(InvalidInput, match=f"status 'signed' is not one of: {statuses}"):
        edit(engine, centre, status="signed")  # a plant's statuses, not a fact's
    edit(engine, centre, status="under_construction", city="Kyiv")
    made = record(engine, "plants", str(accept(engine, centre).record_key))
    assert (made.operator, made.country, made.kind, made.city, made.status) == (
        "bae-systems",
        "UA",
        PlantKind.REPAIR_MAINTENANCE,
        "Kyiv",
        PlantStatus.UNDER_CONSTRUCTION,
    )
    production = accept(engine, fact(engine, "production").key)
    assert production.record_key is None  # a production fact makes no record itself
    [abroad] = production.proposed
    fields = get_proposal_fields(engine, abroad)
    assert (fields["operator"], fields["country"], fields["status"]) == (
        "fire-point",
        "DK",
        "operating",  # production has started
    )
    plant = record(engine, "plants", str(accept(engine, abroad).record_key))
    assert (plant.country, plant.status) == ("DK", PlantStatus.OPERATING)


def test_a_fact_without_a_company_or_these_signals_proposes_nothing(engine: Engine) -> None:
    ingest(engine, PLAIN)
    done = accept(engine, fact(engine, "agreement").key)
    assert done.proposed == [] and "proposed" not in done.message
    assert [p.type for p in proposals(engine)] == ["agreement"]


def test_accepting_as_a_stored_plant_adds_evidence_and_moves_its_status_forward_only(
    engine: Engine,
) -> None:
    ingest(engine, REPAIR)
    [centre] = accept(engine, fact(engine, "agreement").key).proposed
    key = str(accept(engine, centre).record_key)
    ingest(engine, ABROAD, "later.txt")
    [abroad] = accept(engine, fact(engine, "production").key).proposed
    edit(engine, abroad, operator="bae-systems", country="UA")
    assert accept(engine, abroad, as_key=key).record_key == key
    moved = record(engine, "plants", key)
    assert moved.status is PlantStatus.OPERATING
    assert [s.status for s in moved.history] == [PlantStatus.ANNOUNCED, PlantStatus.OPERATING]
    assert len(moved.evidence) == 2
    # an older report (announced) of a plant that operates leaves its status where it is
    ingest(engine, LOCALISED, "older.txt")
    implied = accept(engine, fact(engine, "agreement", agreement_type="contract").key).proposed
    [announced] = [k for k in implied if view(engine, k).type == "plant"]
    assert get_proposal_fields(engine, announced)["status"] == "announced"
    accept(engine, announced, as_key=key)
    kept = record(engine, "plants", key)
    assert kept.status is PlantStatus.OPERATING and len(kept.evidence) == 3
    assert len(kept.history) == 2


@pytest.mark.parametrize(
    ("field", "value", "refusal"),
    [
        ("stake", "0", "more than 0 and at most 100"),
        ("stake", "100.5", "more than 0 and at most 100"),
        ("stake", "half", "not a percentage"),
        ("owner", "no-such-company", "unknown organisation 'no-such-company'"),
        ("owned_country", "XX", "unknown ISO 3166-1 alpha-2 country code 'XX'"),
        ("scope", "investment", "an ownership fact has no such field"),
    ],
)
def test_an_implied_proposal_s_fields_are_checked_when_edited(
    engine: Engine, field: str, value: str, refusal: str
) -> None:
    ingest(engine, JOINT_VENTURE)
    venture = fact(engine, "agreement", agreement_type="joint_venture")
    key = accept(engine, venture.key).proposed[0]
    with pytest.raises(InvalidInput, match=refusal):
        edit(engine, key, **{field: value})
    assert edit(engine, key, stake="12.5%").fields["stake"] == "12.5"
