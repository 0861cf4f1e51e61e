"""Search (``?q=``) over the registry: names, keys and aliases, without case or accents, kept in
step with every write, scoped to the caller; the same answers on SQLite (FTS5) and PostgreSQL
(full-text search)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Engine, func, select
from tests.api.platform_world import populate_records

from coprod.db import migrate
from coprod.db.engine import make_engine
from coprod.db.search import SearchEntryRow, words_of
from coprod.db.uow import UnitOfWork
from coprod.domain import entities as d
from coprod.domain import kinds
from coprod.domain.enums import (
    AccountRole,
    AgreementStatus,
    AgreementType,
    OrganisationKind,
    Visibility,
)
from coprod.domain.money import Money
from coprod.errors import InvalidInput
from coprod.services.accounts.access import SYSTEM, Principal
from coprod.services.records import backup
from coprod.services.registry import actions, editing, search

MINISTRY = Principal("mira", AccountRole.MINISTRY, "ua-mod")
ANALYST = Principal("ana", AccountRole.ANALYST, "think-tank")
ACME = Principal("maya", AccountRole.MANUFACTURER, "acme")


def _store(engine: Engine) -> None:
    populate_records(engine)  # Acme and Rival, their lines and orders; agreements a-*
    company = OrganisationKind.COMPANY
    with UnitOfWork(engine, access=SYSTEM) as uow:
        uow.organisations.add(
            d.Organisation("fr-sgd", "Société Générale de Défense", company, "FR", aliases=["SGD"])
        )
        uow.organisations.add(
            d.Organisation(
                "ua-ukroboronprom",
                "Укроборонпром",
                OrganisationKind.GOVERNMENT_BODY,
                "UA",
                aliases=["Ukroboronprom", "UkrOboronProm"],
            )
        )
        uow.organisations.add(d.Organisation("de-zeta", "Zeta Rüstung GmbH", company, "DE"))
        uow.agreements.add(
            d.Agreement(
                "fr-ua-loi-drones-data",
                "Lettre d'intention sur les drones et les données",
                AgreementType.LETTER_OF_INTENT,
                AgreementStatus.SIGNED,
                ["FR", "UA"],
                history=[d.StatusChange(AgreementStatus.SIGNED, date(2024, 6, 7))],
            )
        )
        uow.agreements.add(
            d.Agreement(
                "acme-secret-drones",
                "Acme's restricted drone contract",
                AgreementType.CONTRACT,
                AgreementStatus.PLANNED,
                ["acme", "UA"],
                visibility=Visibility.RESTRICTED,
            )
        )
        uow.commit()


@pytest.fixture
def stored(engine: Engine) -> Engine:
    _store(engine)
    return engine


def keys(engine: Engine, kind: kinds.Kind[object], q: str, who: Principal = MINISTRY) -> set[str]:
    with UnitOfWork(engine, access=who) as uow:
        listing = editing.list_records(uow, kind, q=q, limit=100)
    return {kind.key_of(item) for item, _ in listing.items}


def test_words_are_folded_and_split_like_people_write_them() -> None:
    assert words_of("Société-Générale_de DÉFENSE") == ["societe", "generale", "de", "defense"]
    assert words_of("Укроборонпром, Київ") == ["укроборонпром", "киів"]
    assert words_of(" -- ") == []


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("defense", {"fr-sgd"}),  # accent left out
        ("DÉFENSE", {"fr-sgd"}),  # case and accent
        ("societe gen", {"fr-sgd"}),  # every word starts a word of the name
        ("sgd", {"fr-sgd"}),  # an alias
        ("rustung", {"de-zeta"}),  # ü written as u
        ("укроборон", {"ua-ukroboronprom"}),  # Cyrillic, a prefix
        ("УКРОБОРОНПРОМ", {"ua-ukroboronprom"}),  # Cyrillic capitals
        ("ukroboronprom", {"ua-ukroboronprom"}),  # the Latin alias
        ("ua-ukrob", {"ua-ukroboronprom"}),  # the key, as typed
        ("acme", {"acme"}),
        ("defense nowhere", set()),  # every word must match
        ("efense", set()),  # words match from their start
    ],
)
def test_organisations_are_found_by_name_alias_or_key(
    stored: Engine, q: str, expected: set
) -> None:
    assert keys(stored, kinds.ORGANISATION, q) == expected


def test_a_query_of_no_words_lists_everything(stored: Engine) -> None:
    assert len(keys(stored, kinds.ORGANISATION, "  ,;  ")) == 9


def test_records_are_found_by_key_and_title(stored: Engine) -> None:
    assert keys(stored, kinds.AGREEMENT, "fr-ua-loi") == {"fr-ua-loi-drones-data"}
    assert keys(stored, kinds.AGREEMENT, "donnees drones") == {"fr-ua-loi-drones-data"}
    assert keys(stored, kinds.ORDER, "acme") == {"acme-order"}  # a key is all an order has


def test_the_search_never_shows_what_the_caller_may_not_see(stored: Engine) -> None:
    assert keys(stored, kinds.AGREEMENT, "drone") == {"fr-ua-loi-drones-data", "acme-secret-drones"}
    assert keys(stored, kinds.AGREEMENT, "drone", ANALYST) == {"fr-ua-loi-drones-data"}
    assert keys(stored, kinds.AGREEMENT, "secret", ANALYST) == set()
    assert keys(stored, kinds.PRODUCTION_LINE, "line", ACME) == {"acme-line"}
    assert keys(stored, kinds.ORDER, "rival", ACME) == set()
    with UnitOfWork(stored, access=ANALYST) as uow:
        groups = search.search(uow, "rival")
    # The analyst finds the organisation Rival Drones, never its line, order or payment.
    assert [(g.kind.plural, g.total) for g in groups] == [("organisations", 1)]
    with UnitOfWork(stored, access=MINISTRY) as uow:
        found = {g.kind.plural: g.total for g in search.search(uow, "rival")}
    assert found == {
        "organisations": 1,
        "agreements": 1,
        "production_lines": 1,
        "orders": 1,
        "production_reports": 1,
        "deliveries": 1,
        "payments": 1,
    }


def test_the_index_follows_every_change_in_its_transaction(stored: Engine) -> None:
    with UnitOfWork(stored, access=SYSTEM) as uow:
        old = uow.organisations.get_by_key("de-zeta")
        uow.organisations.update(
            d.Organisation(old.key, "Omega Wehrtechnik", old.kind, old.country, aliases=["OW"])
        )
        uow.commit()
    assert keys(stored, kinds.ORGANISATION, "zeta rustung") == set()
    assert keys(stored, kinds.ORGANISATION, "wehrtech") == {"de-zeta"}
    assert keys(stored, kinds.ORGANISATION, "ow") == {"de-zeta"}
    with UnitOfWork(stored, access=SYSTEM) as uow:
        uow.organisations.add(
            d.Organisation("kept-out", "Never Committed", OrganisationKind.COMPANY)
        )
        # seen inside the transaction that wrote it ...
        assert [o.key for o in uow.organisations.list_({"q": "never"})] == ["kept-out"]
    # ... and gone with its rollback
    assert keys(stored, kinds.ORGANISATION, "never") == set()
    with UnitOfWork(stored, access=SYSTEM) as uow:
        uow.organisations.delete("de-zeta")
        uow.commit()
    assert keys(stored, kinds.ORGANISATION, "omega") == set()
    with stored.connect() as conn:
        entries = conn.scalar(select(func.count()).select_from(SearchEntryRow))
        records = sum(
            conn.scalar(
                select(func.count()).select_from(migrate.target_metadata().tables[k.plural])
            )
            or 0
            for k in kinds.KINDS
        )
    assert entries == records  # one entry per record, none left behind


def test_the_migration_indexes_the_records_already_stored(stored: Engine) -> None:
    command.downgrade(migrate.alembic_config(stored), "0011_public_records")
    migrate.upgrade(stored)
    assert keys(stored, kinds.ORGANISATION, "défense") == {"fr-sgd"}
    assert keys(stored, kinds.ORGANISATION, "ukroboronprom") == {"ua-ukroboronprom"}
    assert keys(stored, kinds.AGREEMENT, "secret", ANALYST) == set()
    # 0016 filled each stored entry's key and name words: the exact key still ranks first
    assert _ranked(stored, kinds.ORGANISATION, "ua-mod")[0] == "ua-mod"
    assert _ranked(stored, kinds.ORGANISATION, "Société Générale de Défense") == ["fr-sgd"]


def test_filters_by_field_named_record_and_date(stored: Engine) -> None:
    with UnitOfWork(stored, access=SYSTEM) as uow:
        uow.orders.add(
            d.Order(
                "acme-order-2",
                "need-drones",
                "acme-line",
                None,
                5,
                Money(Decimal(1000), "EUR"),
                "2026-06",
            )
        )
        uow.commit()

    def listed(kind: kinds.Kind[object], *given: str, who: Principal = MINISTRY) -> set[str]:
        with UnitOfWork(stored, access=who) as uow:
            found = editing.list_records(uow, kind, list(given), limit=100)
        return {kind.key_of(item) for item, _ in found.items}

    assert listed(kinds.ORDER, "instrument:fr-fund") == {"acme-order"}
    assert listed(kinds.ORDER, "production_line:acme-line") == {"acme-order", "acme-order-2"}
    assert listed(kinds.ORDER, "from:2026-02") == {"acme-order-2"}
    assert listed(kinds.ORDER, "to:2026-01-31") == {"acme-order", "rival-order"}
    assert listed(kinds.ORDER, "need:need-drones", "from:2026-01", "to:2026-01") == {
        "acme-order",
        "rival-order",
    }
    assert listed(kinds.ORDER, "production_line:rival-line", who=ACME) == set()
    assert listed(kinds.AGREEMENT, "from:2024-01-01", "to:2024-12-31") == {"fr-ua-loi-drones-data"}
    assert listed(kinds.AGREEMENT, "status:planned", "party:acme") == {"acme-secret-drones"}
    assert listed(kinds.ORGANISATION, "country:UA", "kind:government_body") == {
        "ua-mod",
        "ua-ukroboronprom",
    }
    assert listed(kinds.DELIVERY, "order:rival-order") == {"rival-delivery"}
    with pytest.raises(InvalidInput, match="from 'last week': write a date as YYYY-MM-DD"):
        listed(kinds.ORDER, "from:last week")
    with pytest.raises(InvalidInput, match="cannot be filtered by 'price'"):
        listed(kinds.ORDER, "price:1")


def test_a_restored_backup_is_searched_like_the_original(
    stored: Engine, database_url: str, tmp_path: Path
) -> None:
    if stored.dialect.name != "sqlite":
        pytest.skip("the FTS5 tables are SQLite's: PostgreSQL's index is the table itself")
    path = tmp_path / "backup.json"
    backup.backup(stored, path)
    copy = make_engine(database_url.replace("coprod.db", "restored.db"))
    backup.restore(copy, path)
    assert keys(copy, kinds.ORGANISATION, "défense") == {"fr-sgd"}
    assert keys(copy, kinds.AGREEMENT, "drones") == {"fr-ua-loi-drones-data", "acme-secret-drones"}
    copy.dispose()


def _ranked(engine: Engine, kind: kinds.Kind[object], q: str) -> list[str]:
    with UnitOfWork(engine, access=MINISTRY) as uow:
        listing = editing.list_records(uow, kind, q=q, sort="relevance", limit=100)
    return [kind.key_of(item) for item, _ in listing.items]


def test_matches_rank_the_exact_key_then_the_exact_name_then_by_score(stored: Engine) -> None:
    company = OrganisationKind.COMPANY
    with UnitOfWork(stored, access=SYSTEM) as uow:
        for organisation in (
            d.Organisation("a-big-holding", "Atlantic Holding of Falcon and Other Things", company),
            d.Organisation("b-falcon-works", "Falcon Works", company, aliases=["Falcon"]),
            d.Organisation("falcon-group", "Group", company),  # the key is "falcon group"
            d.Organisation("c-falcon", "Falcon-Group", company),  # the name is "falcon group"
        ):
            uow.organisations.add(organisation)
        uow.commit()
    # A query that is a key comes first, one that is a name next; the key order would be
    # the reverse.
    assert _ranked(stored, kinds.ORGANISATION, "Falcon Group") == ["falcon-group", "c-falcon"]
    # No exact match: by the backend's score, where BM25 and ts_rank agree: the record that
    # says it three times (key, name, alias), then twice, before the one that says it once
    # among many words (they may order the last two differently: BM25 weighs the length).
    ranked = _ranked(stored, kinds.ORGANISATION, "falc")
    assert ranked[:2] == ["b-falcon-works", "c-falcon"]
    assert set(ranked) == {"a-big-holding", "b-falcon-works", "falcon-group", "c-falcon"}
    # Filters still apply, and so does the scope; the default order stays by key.
    assert keys(stored, kinds.ORGANISATION, "falc") == set(ranked)
    with UnitOfWork(stored, access=MINISTRY) as uow:
        by_key = editing.list_records(uow, kinds.ORGANISATION, q="falc", limit=100)
    assert [o.key for o, _ in by_key.items] == sorted(ranked)
    with UnitOfWork(stored, access=ANALYST) as uow:
        found = editing.list_records(uow, kinds.AGREEMENT, q="drones", sort="relevance", limit=9)
    assert [a.key for a, _ in found.items] == ["fr-ua-loi-drones-data"]


def test_the_header_search_shows_the_best_matches_of_each_kind(stored: Engine) -> None:
    with UnitOfWork(stored, access=SYSTEM) as uow:
        for n in range(6):
            uow.organisations.add(
                d.Organisation(f"a-rival-{n}", f"Rival Holding {n}", OrganisationKind.COMPANY)
            )
        uow.commit()
    with UnitOfWork(stored, access=MINISTRY) as uow:
        groups = {g.kind.plural: g for g in search.search(uow, "rival")}
    shown = [o.key for o in groups["organisations"].records]
    assert groups["organisations"].total == 7 and shown[0] == "rival"  # its key, of five shown


def test_the_choices_of_a_form_are_the_lists_search(stored: Engine) -> None:
    company = OrganisationKind.COMPANY
    with UnitOfWork(stored, access=SYSTEM) as uow:
        uow.organisations.add(
            d.Organisation("de-rheinmetall", "Rheinmetall AG", company, "DE", aliases=["RHM"])
        )
        # before de-rheinmetall by key; says "rheinmetall" once among more words
        uow.organisations.add(
            d.Organisation("a-rwm", "Rheinmetall Waffe Munition GmbH", company, "DE")
        )
        uow.commit()

    def offered(q: str, who: Principal = MINISTRY, kind: kinds.Kind[object] = kinds.ORGANISATION):
        with UnitOfWork(stored, access=who) as uow:
            return [key for key, _ in actions.choices(uow, kind, q)]

    # a word's start, any case, any accent; ranked by the search's score, not by key
    assert offered("Rheinm") == ["de-rheinmetall", "a-rwm"]
    assert offered("rheinmétall") == ["de-rheinmetall", "a-rwm"]
    assert offered("RHEINMETALL waffe") == ["a-rwm"]
    assert offered("rhm") == ["de-rheinmetall"]  # an alias
    assert offered("Rheinmetall Waffe Munition GmbH") == ["a-rwm"]  # the exact name
    assert offered("metall") == []  # words match from their start, as in the lists
    assert offered("укроборон") == offered("УКРОБОРОНПРОМ") == ["ua-ukroboronprom"]
    assert offered("ukroboronprom") == ["ua-ukroboronprom"]  # the Latin alias
    with UnitOfWork(stored, access=MINISTRY) as uow:
        named = dict(actions.choices(uow, kinds.ORGANISATION, "rheinm"))
    assert named == {"de-rheinmetall": "Rheinmetall AG", "a-rwm": "Rheinmetall Waffe Munition GmbH"}
    # the caller's records only; a text of no words offers the first records by key
    assert offered("secret", kind=kinds.AGREEMENT) == ["acme-secret-drones"]
    assert offered("secret", ANALYST, kinds.AGREEMENT) == []
    assert offered("line", ACME, kinds.PRODUCTION_LINE) == ["acme-line"]
    assert offered(" - ")[:2] == ["a-rwm", "acme"]
