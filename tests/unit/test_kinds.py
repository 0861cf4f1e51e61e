"""The table of record kinds (``domain/kinds.py``) is complete, and every layer reads it: the
unit of work's repositories, the store's mappings, access, the CLI's tables, the fact records;
and no layer dispatches to a repository by its name again (``getattr(uow, "...")``)."""

from __future__ import annotations

import ast
import dataclasses
import typing
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from coprod.cli import registry as cli_registry
from coprod.db import repositories as r
from coprod.db.uow import UnitOfWork, _RepositoryOf
from coprod.domain import entities as d
from coprod.domain import kinds
from coprod.domain.enums import AccountRole
from coprod.domain.kinds import Audience, Kind
from coprod.services.accounts import access
from coprod.services.facts.fact_records import RECORDS
from coprod.web import labels

ROOT = Path(__file__).resolve().parents[2]


def _repository_attributes() -> dict[str, _RepositoryOf[Any, Any]]:
    return {
        name: value for name, value in vars(UnitOfWork).items() if isinstance(value, _RepositoryOf)
    }


def _fields(kind: Kind[Any]) -> dict[str, Any]:
    return typing.get_type_hints(kind.entity)


def test_every_repository_of_the_unit_of_work_is_a_kind_and_every_kind_has_one() -> None:
    attributes = _repository_attributes()
    assert {a.mapping.kind for a in attributes.values()} == set(kinds.KINDS)
    for name, attribute in attributes.items():
        assert name == attribute.mapping.kind.plural  # one name: uow.production_lines
    assert set(r.MAPPINGS) == set(kinds.KINDS)
    for kind, mapping in r.MAPPINGS.items():
        assert mapping.kind is kind and r.mapping_of(kind) is mapping
        assert mapping.name == kind.label


def test_kinds_have_one_name_each_in_every_namespace() -> None:
    for namer in ("name", "plural", "cli", "label"):
        names = [getattr(k, namer) for k in kinds.KINDS]
        assert len(set(names)) == len(names), namer
    assert len({k.entity for k in kinds.KINDS}) == len(kinds.KINDS)
    assert kinds.BY_NAME["production_line"] is kinds.PRODUCTION_LINE
    assert kinds.BY_PLURAL["production_lines"] is kinds.PRODUCTION_LINE
    assert kinds.kind_of(d.Delivery("d-1", "o-1", 1, date(2026, 1, 5))) is kinds.DELIVERY
    with pytest.raises(TypeError, match="str is not a registry entity"):
        kinds.kind_of("x")


@pytest.mark.parametrize("kind", kinds.KINDS, ids=lambda k: k.name)
def test_every_reference_names_a_field_and_a_kind_listed_before(kind: Kind[Any]) -> None:
    fields = _fields(kind)
    assert kind.key in fields
    position = kinds.KINDS.index(kind)
    for reference in kind.references:
        assert reference.field in fields, reference
        assert reference.words, reference
        assert bool(reference.kinds) != (reference.catalogue is not None), reference
        for name in reference.kinds:
            assert name in kinds.BY_NAME, f"{kind.name}.{reference.field} names {name!r}"
            assert kinds.KINDS.index(kinds.BY_NAME[name]) <= position, "dependency order"
        if reference.through is not None:
            (item,) = [
                a for a in typing.get_args(fields[reference.field]) if dataclasses.is_dataclass(a)
            ]
            assert reference.through in {f.name for f in dataclasses.fields(item)}


def test_references_by_key_have_their_column_and_their_words() -> None:
    by_key = list(kinds.named_by_key())
    assert {(k.name, ref.field) for k, ref in by_key} == {
        (kind.name, f) for kind, mapping in r.MAPPINGS.items() for f in mapping.key_columns
    }
    assert [kinds.role_of(k, ref) for k, ref in by_key] == [
        "a party to an agreement",
        "the recipient of a need",
        "the funder of a funding instrument",
        "a partner of an innovation project",
        "a participant of an event",
    ]
    assert {kinds.ORGANISATION, kinds.PERSON} == kinds.NAMED_BY_KEY


def test_access_has_a_query_for_every_kind_of_each_audience() -> None:
    by_audience = {
        audience: {k for k in kinds.KINDS if k.seen_by is audience} for audience in Audience
    }
    assert set(access.THROUGH_PARTIES) == by_audience[Audience.PARTIES]
    assert set(access.THROUGH_ORDERS) == by_audience[Audience.MAKER_OR_FUNDER]
    assert by_audience[Audience.EVERYONE] == {
        kinds.SOURCE_DOCUMENT,
        kinds.ORGANISATION,
        kinds.PERSON,
        kinds.SYSTEM,
        kinds.PLANT,
        kinds.OWNERSHIP,
        kinds.INNOVATION_PROJECT,
        kinds.EVENT,
    }


def test_who_may_change_each_kind() -> None:
    writable = {role: {k.name for k in kinds.KINDS if k.may_change(role)} for role in AccountRole}
    everything = {k.name for k in kinds.KINDS}
    assert writable == {
        AccountRole.MINISTRY: everything,
        AccountRole.ADMIN: everything,
        AccountRole.FUNDER: {"funding_instrument", "payment"},
        AccountRole.MANUFACTURER: {"production_line", "order", "delivery", "production_report"},
        AccountRole.ANALYST: set(),
    }


def test_the_cli_tables_cover_every_kind_with_its_fields() -> None:
    assert set(cli_registry.FILTERS) == set(kinds.KINDS)
    assert set(cli_registry.COLUMNS) == set(kinds.KINDS)
    for kind, columns in cli_registry.COLUMNS.items():
        assert set(columns) <= set(_fields(kind)), kind.name


def test_the_pages_name_every_kind_in_every_language() -> None:
    assert set(labels.KINDS) == {k.plural for k in kinds.KINDS}
    assert set(labels.COUNTS) <= set(labels.KINDS)


def test_accepted_facts_become_kinds_that_carry_evidence() -> None:
    assert RECORDS
    assert all(kind.has_evidence for kind in RECORDS)


# --------------------------------------------------------------- no dispatch by name again

UNIT_OF_WORK_NAMES = {"uow", "unit", "units", "unit_of_work", "reading", "writing"}
# Every name a repository of the unit of work has had: today's plurals and the older ones.
REPOSITORY_NAMES = {k.plural for k in kinds.KINDS} | {
    "documents",
    "lines",
    "instruments",
    "projects",
}


def _name_of(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def dispatches_by_name(source: str) -> list[int]:
    """The lines of ``source`` that look a repository up by name: ``getattr`` on something
    called like a unit of work, or ``getattr`` of a repository's name."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and _name_of(node.func) == "getattr" and node.args):
            continue
        target = node.args[0]
        name = node.args[1] if len(node.args) > 1 else None
        by_literal = isinstance(name, ast.Constant) and name.value in REPOSITORY_NAMES
        if _name_of(target) in UNIT_OF_WORK_NAMES or by_literal:
            found.append(node.lineno)
    return found


def test_the_check_finds_a_dispatch_by_name() -> None:
    assert dispatches_by_name("getattr(uow, kind.repository).add(x)") == [1]
    assert dispatches_by_name("x = 1\ngetattr(self.uow, 'needs')") == [2]
    assert dispatches_by_name("getattr(whatever, 'lines')") == [1]
    assert dispatches_by_name("uow.records(kind).add(x)\ngetattr(entity, name)") == []


def test_no_getattr_dispatch_to_a_repository_in_src_or_tests() -> None:
    found = {
        str(path.relative_to(ROOT)): lines
        for folder in ("src", "tests", "benchmarks", "scripts")
        for path in sorted((ROOT / folder).rglob("*.py"))
        if (lines := dispatches_by_name(path.read_text(encoding="utf-8")))
    }
    assert found == {}, "use uow.records(kind) (domain/kinds.py), not getattr by name"


def test_every_internal_field_is_a_field_of_its_kind() -> None:
    for kind in kinds.KINDS:
        names = {f.name for f in dataclasses.fields(kind.entity)}
        assert kind.internal <= names - {kind.key}, kind.name
    assert "visibility" in kinds.AGREEMENT.internal  # an access setting, not the public's
