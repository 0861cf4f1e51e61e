"""A record's history from the audit trail, in domain terms (``services/audit/history.py``):
an agreement created by the local operator and edited three times by a ministry account
through the registry's use cases reads back as the fields each edit changed, with their kind
of value, old and new value (a Money as one Money, never its two columns), who, when and
through what; every record of the demo replays from its trail to what the store holds."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import Engine, select

from coprod.db.audit_models import Actor, AuditEntry
from coprod.db.engine import make_engine
from coprod.db.uow import UnitOfWork
from coprod.domain import entities as d
from coprod.domain import kinds
from coprod.domain.enums import AccountRole, AgreementStatus, AgreementType, Scope, Visibility
from coprod.domain.money import Money
from coprod.errors import Forbidden
from coprod.services.accounts.access import SYSTEM, Principal
from coprod.services.audit import changes, history
from coprod.services.audit.fields import domain_fields, field_of_column
from coprod.services.audit.history import Channel, Country, FieldChange, Named, Nature, Part
from coprod.services.registry import editing

MIRA = Principal("mira", AccountRole.MINISTRY, "ua-mod")
MIRA_ACTOR = Actor("mira", "ua-mod")
KEY = "fr-ua-drones"


def _agreement(**changed: Any) -> d.Agreement:
    agreement = d.Agreement(
        key=KEY,
        title="France–Ukraine drones",
        type=AgreementType.LETTER_OF_INTENT,
        status=AgreementStatus.PLANNED,
        parties=["FR", "ua-mod"],
        scope=[Scope.CO_PRODUCTION],
        systems=["mistral"],
        value=Money(Decimal("2000000000"), "EUR"),
        history=[d.StatusChange(AgreementStatus.PLANNED, date(2025, 3, 1))],
        visibility=Visibility.PUBLIC,
    )
    return dataclasses.replace(agreement, **changed)


def _edit(engine: Engine, change: Callable[[d.Agreement], d.Agreement]) -> None:
    with UnitOfWork(engine, access=MIRA, actor=MIRA_ACTOR) as uow:
        current, version = editing.read_record(uow, kinds.AGREEMENT, KEY)
        editing.replace_record(uow, kinds.AGREEMENT, KEY, change(current), lambda: version)
        uow.commit()


def _signed(a: d.Agreement) -> d.Agreement:
    signing = d.StatusChange(AgreementStatus.SIGNED, date(2025, 6, 5))
    value = Money(Decimal("2500000.50"), "EUR")
    return dataclasses.replace(
        a, status=AgreementStatus.SIGNED, history=[*a.history, signing], value=value
    )


def _widened(a: d.Agreement) -> d.Agreement:
    return dataclasses.replace(a, parties=[*a.parties, "UA"], value=None, title="Drones and data")


def _evidenced(a: d.Agreement) -> d.Agreement:
    return dataclasses.replace(a, evidence=[d.Evidence("seed-doc", 10, 42, "the signing")])


def _store(url: str) -> Engine:
    engine = make_engine(url)
    with UnitOfWork(engine, access=SYSTEM) as uow:  # the local operator: the command line
        document = d.SourceDocument("seed-doc", "Seed article", "0" * 64, title="Le drone")
        editing.create_record(uow, kinds.SOURCE_DOCUMENT, document)
        editing.create_record(uow, kinds.AGREEMENT, _agreement())
        uow.commit()
    for change in (_signed, _widened, _evidenced):
        _edit(engine, change)
    return engine


def _changes(step: history.Step) -> dict[str, FieldChange]:
    return {change.field: change for change in step.changes}


def test_an_agreement_edited_three_times_reads_back_field_by_field(initialised_url: str) -> None:
    engine = _store(initialised_url)
    with UnitOfWork(engine, access=MIRA, actor=MIRA_ACTOR) as uow:
        steps = history.record_history(uow, kinds.AGREEMENT, KEY)
    engine.dispose()
    assert [s.action for s in steps] == ["update", "update", "update", "create"]
    # entries that record no channel (written so before migration 0019): inferred by actor
    assert [s.through.channel for s in steps] == [Channel.PLATFORM] * 3 + [Channel.COMMAND_LINE]
    ministry = Named("organisations", "ua-mod", "Ministry of Defence of Ukraine")
    assert [(s.actor, s.organisation) for s in steps[:3]] == [("mira", ministry)] * 3
    assert steps[3].organisation is None
    assert steps[3].actor.startswith("local:")
    assert [s.seq for s in steps] == sorted((s.seq for s in steps), reverse=True)

    evidenced, widened, signed, created = (_changes(s) for s in steps)
    assert set(signed) == {"status", "history", "value"}  # no version, no value_* columns
    assert signed["value"] == FieldChange(
        "value",
        Nature.MONEY,
        Money(Decimal("2000000000"), "EUR"),
        Money(Decimal("2500000.50"), "EUR"),
    )
    assert signed["status"] == FieldChange(
        "status", Nature.ENUM, AgreementStatus.PLANNED, AgreementStatus.SIGNED
    )
    assert signed["history"].nature is Nature.PARTS
    assert signed["history"].new[-1] == Part(
        (("status", AgreementStatus.SIGNED, Nature.ENUM), ("on", date(2025, 6, 5), Nature.DATE))
    )

    assert set(widened) == {"parties", "value", "title"}
    assert widened["parties"] == FieldChange(
        "parties",
        Nature.REFERENCE,
        [Country("FR"), ministry],
        [Country("FR"), ministry, Country("UA")],
    )
    assert (widened["value"].old, widened["value"].new) == (
        Money(Decimal("2500000.50"), "EUR"),
        None,
    )
    assert (widened["title"].nature, widened["title"].new) == (Nature.TEXT, "Drones and data")

    cited = evidenced["evidence"]
    assert (cited.nature, cited.old) == (Nature.PARTS, [])
    document = Named("source_documents", "seed-doc", "Le drone")  # its title, not its file
    assert cited.new == [
        Part(
            (
                ("document", document, Nature.REFERENCE),
                ("start", 10, Nature.NUMBER),
                ("end", 42, Nature.NUMBER),
                ("note", "the signing", Nature.TEXT),
            )
        )
    ]

    assert created["type"].new is AgreementType.LETTER_OF_INTENT
    assert created["systems"] == FieldChange(
        "systems", Nature.REFERENCE, [], [Named("systems", "mistral", "Mistral")]
    )
    assert created["value"].old is None and "key" in created and "evidence" not in created


def test_a_history_is_refused_to_who_may_not_read_the_trail(initialised_url: str) -> None:
    engine = _store(initialised_url)
    analyst = Principal("ana", AccountRole.ANALYST, "ua-mod")
    with UnitOfWork(engine, access=analyst) as uow, pytest.raises(Forbidden):
        history.record_history(uow, kinds.AGREEMENT, KEY)
    with UnitOfWork(engine, access=MIRA) as uow:
        assert len(history.record_history(uow, kinds.AGREEMENT, KEY, limit=2)) == 2
    engine.dispose()


def test_every_demo_record_replays_from_its_trail_to_what_the_store_holds(
    demo_url: str,
) -> None:
    engine = make_engine(demo_url)
    replayed = 0
    with UnitOfWork(engine, access=SYSTEM) as uow:
        for kind in kinds.KINDS:
            states: dict[str, dict[str, Any]] = {}
            stmt = select(AuditEntry).where(AuditEntry.object_type == kind.entity.__name__)
            for entry in uow.session.scalars(stmt.order_by(AuditEntry.seq)):
                before = states.get(entry.object_key, {})
                states[entry.object_key] = history.replayed(before, entry)[1]
            for key, state in states.items():
                record = uow.records(kind).get_by_key(key)
                stored = {f.name: getattr(record, f.name) for f in dataclasses.fields(record)}
                assert domain_fields(kind, state) == stored, (kind.name, key)
                replayed += 1
    engine.dispose()
    assert replayed > 500


def test_a_stored_column_names_its_domain_field() -> None:
    assert field_of_column(kinds.AGREEMENT, "value_amount") == "value"
    assert field_of_column(kinds.AGREEMENT, "value_currency") == "value"
    assert field_of_column(kinds.PAYMENT, "amount") == "amount"
    assert field_of_column(kinds.PAYMENT, "currency") == "amount"
    assert field_of_column(kinds.AGREEMENT, "parties") == "parties"
    assert field_of_column(kinds.AGREEMENT, "version") is None


def test_the_change_feed_names_a_money_change_by_its_field(initialised_url: str) -> None:
    engine = _store(initialised_url)
    found: list[changes.Change] = []
    cursor: str | None = None
    with UnitOfWork(engine, access=MIRA) as uow:
        while True:  # every page: the catalogue's records alone may fill the first
            page = changes.changes(uow, since=cursor, limit=1000)
            found.extend(page.changes)
            if not page.more:
                break
            cursor = str(page.next)
    engine.dispose()
    touched = [c.fields for c in found if c.key == KEY and c.operation == "updated"]
    assert touched == [("history", "status", "value"), ("parties", "title", "value"), ("evidence",)]
