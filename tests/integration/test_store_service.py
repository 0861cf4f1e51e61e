"""The store the commands work on (services/store): it refuses a database never initialised,
creates and upgrades the schema, keeps what a use case wrote only when the use case returns,
and never writes from a use case that only reads."""

from __future__ import annotations

import pytest

from coprod.db import migrate
from coprod.domain import entities as d
from coprod.domain.enums import OrganisationKind
from coprod.errors import Conflict
from coprod.services import registry, store


def acme() -> d.Organisation:
    return d.Organisation("acme-robotics", "Acme Robotics", OrganisationKind.COMPANY)


def test_a_database_never_initialised_is_refused_with_what_to_do(database_url: str) -> None:
    with pytest.raises(Conflict, match="has no coprod tables: run `coprod init` first"):
        store.open_store(database_url)
    with store.open_store(database_url, require_schema=False) as empty:
        assert store.revisions(empty)[0] is None


def test_initialise_migrates_to_the_head_and_loads_the_catalogue_once(database_url: str) -> None:
    with store.open_store(database_url, require_schema=False) as opened:
        first = store.initialise(opened)
        current, head = store.revisions(opened)
        again = store.initialise(opened)
    assert first.revision == current == head == migrate.head(opened.engine)
    assert first.created["organisations"] > 0
    assert set(again.created.values()) == {0}


def test_a_write_is_kept_when_the_use_case_returns(database_url: str) -> None:
    with store.open_store(database_url, require_schema=False) as opened:
        store.initialise(opened)
        opened.write(lambda uow: registry.register(uow, acme()))
        found = opened.read(lambda uow: uow.organisations.find_by_key("acme-robotics"))
    assert found is not None
    assert found.name == "Acme Robotics"


def test_nothing_is_kept_when_the_use_case_raises(database_url: str) -> None:
    def register_then_fail(uow: object) -> None:
        registry.register(uow, acme())  # type: ignore[arg-type]
        raise Conflict("stopped half-way")

    with store.open_store(database_url, require_schema=False) as opened:
        store.initialise(opened)
        with pytest.raises(Conflict, match="stopped half-way"):
            opened.write(register_then_fail)
        found = opened.read(lambda uow: uow.organisations.find_by_key("acme-robotics"))
    assert found is None


def test_a_read_never_keeps_a_change(database_url: str) -> None:
    with store.open_store(database_url, require_schema=False) as opened:
        store.initialise(opened)
        opened.read(lambda uow: registry.register(uow, acme()))
        found = opened.read(lambda uow: uow.organisations.find_by_key("acme-robotics"))
    assert found is None


def test_the_url_is_shown_without_its_password() -> None:
    shown = store.shown("postgresql+psycopg://coprod:s3cret@db.example:5432/coprod")
    assert "s3cret" not in shown
    assert shown.startswith("postgresql+psycopg://coprod:***@db.example:5432")
