"""``coprod import``: records from JSON (``coprod.records/1``) or CSV files into the store.

A file is read and validated whole, then written in one unit of work by the caller: a file that
fails changes nothing. Records are upserted by key, so importing a file twice changes nothing
the second time (identical records keep their version).
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.exc import DataError, IntegrityError

from coprod.db.audit_models import IMPORT, channel_of
from coprod.db.uow import UnitOfWork
from coprod.domain import entities as d
from coprod.domain import kinds
from coprod.domain.kinds import Kind
from coprod.errors import CoprodError, InvalidInput
from coprod.services import registry
from coprod.services.records import (
    SCHEMA,
    SHOWN_INPUT,
    JsonFraction,
    Where,
    csv_records,
    refuse_all,
    to_entity,
    unreadable,
)
from coprod.services.registry.references import kinds_named, references


@dataclass(frozen=True)
class Parsed:
    """One validated record of a file, with where it came from (for error messages)."""

    kind: Kind[Any]
    entity: Any
    place: Where

    @property
    def where(self) -> str:
        """Where the record came from, as the English messages name it."""
        return str(self.place)


@dataclass
class ImportReport:
    """What an import did: counts of created, updated and unchanged records per entity."""

    path: str
    counts: Counter[tuple[str, str]] = field(default_factory=Counter)

    def total(self, outcome: str) -> int:
        """How many records had ``outcome`` (created, updated, unchanged)."""
        return sum(n for (_, o), n in self.counts.items() if o == outcome)


def read_json(path: Path) -> list[Parsed]:
    """The records of a ``coprod.records/1`` JSON file, validated."""
    name = str(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"), parse_float=JsonFraction)
    except json.JSONDecodeError as exc:
        raise InvalidInput(
            f"{name}: line {exc.lineno} column {exc.colno}: not valid JSON: {exc.msg}",
            code="import.not_json",
            params={"file": name, "line": str(exc.lineno), "column": str(exc.colno)},
        ) from None
    except RecursionError:
        raise InvalidInput(
            f"{name}: JSON nested too deeply", code="import.too_deep", params={"file": name}
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise unreadable(name, exc) from None
    return read_document(name, data)


def read_document(name: str, data: Any) -> list[Parsed]:
    """The records of a parsed ``coprod.records/1`` document (a file or an API body); a
    refusal of the document as a whole is a coded problem too, as a record's are."""
    refuse_all(_shape_refused(name, data))
    return _validate_lists(name, data)


def _shape_refused(name: str, data: Any) -> list[InvalidInput]:
    """What is wrong with the document as a whole (not an object, another schema, lists the
    format does not have), if anything."""
    file = {"file": name}
    if not isinstance(data, dict):
        message = f"{name}: the file must hold a JSON object with a 'schema' field"
        return [InvalidInput(message, code="import.not_object", params=file)]
    if data.get("schema") != SCHEMA:
        given = repr(data.get("schema"))
        params = {**file, "schema": SCHEMA, "value": given[:SHOWN_INPUT]}
        message = f"{name}: field 'schema' must be {SCHEMA!r}, not {given}"
        return [InvalidInput(message, code="import.schema", params=params)]
    unknown = ", ".join(map(repr, sorted(set(data) - set(kinds.BY_PLURAL) - {"schema"})))
    if unknown:
        known = ", ".join(kinds.BY_PLURAL)
        message = f"{name}: unknown list(s) {unknown}; known: {known}"
        params = {**file, "lists": unknown, "known": known}
        return [InvalidInput(message, code="import.unknown_lists", params=params)]
    return []


def _validate_lists(name: str, data: dict[str, Any]) -> list[Parsed]:
    parsed: list[Parsed] = []
    refused: list[InvalidInput] = []  # each with its problems: what the pages translate
    for kind in kinds.KINDS:
        records = data.get(kind.plural, [])
        if not isinstance(records, list):
            message = f"{name}: {kind.plural!r} must be a list of records"
            params = {"file": name, "list": kind.plural}
            refused.append(InvalidInput(message, code="import.not_a_list", params=params))
            continue
        for i, record in enumerate(records):
            key = record.get("key") if isinstance(record, dict) else None
            where = Where(kind.plural, source=name, index=i, key=str(key) if key else None)
            try:
                parsed.append(Parsed(kind, to_entity(kind.entity, record, where), where))
            except InvalidInput as exc:
                refused.append(exc)
    refuse_all(refused + duplicates(parsed))
    return parsed


def duplicates(parsed: list[Parsed]) -> list[InvalidInput]:
    """One refusal per record whose key an earlier record of the same kind in the file has
    (an upsert by key would silently keep only the last of them), naming that record's place
    in its list (``import.duplicate_key``) or its CSV line (``csv.duplicate_key``)."""
    first: dict[tuple[str, str], Parsed] = {}
    errors = []
    for p in parsed:
        seen = first.setdefault((p.kind.plural, p.entity.key), p)
        if seen is p:
            continue
        message = (
            f"{p.where}: key {p.entity.key!r} is already the key of {seen.where}: "
            f"a file holds each record once"
        )
        params = {**p.place.params(), "key": str(p.entity.key)}
        if seen.place.line is not None:
            code, params["first_line"] = "csv.duplicate_key", str(seen.place.line)
        else:
            code, params["first_number"] = "import.duplicate_key", str((seen.place.index or 0) + 1)
        errors.append(InvalidInput(message, code=code, params=params))
    return errors


def read_file(path: Path) -> list[Parsed]:
    """The validated records of a JSON or CSV file (chosen by its suffix)."""
    file = {"file": str(path)}
    if not path.exists():
        raise InvalidInput(f"{path}: no such file", code="import.no_file", params=file)
    if path.is_dir():
        message = f"{path}: is a folder, not a file of records"
        raise InvalidInput(message, code="import.folder", params=file)
    if path.suffix.lower() == ".csv":
        kind, rows = csv_records.read(path)
        parsed = [Parsed(kind, entity, where) for entity, where in rows]
        refuse_all(duplicates(parsed))
        return parsed
    return read_json(path)


def in_dependency_order(parsed: list[Parsed]) -> list[Parsed]:
    """Records ordered so that an organisation comes after its parent in the same file."""
    orgs = [p for p in parsed if isinstance(p.entity, d.Organisation)]
    if not orgs:
        return parsed
    pending = {p.entity.key: p for p in orgs}
    ordered: list[Parsed] = []
    while pending:
        ready = [p for p in pending.values() if p.entity.parent not in pending]
        if not ready:
            raise InvalidInput(f"organisations {sorted(pending)} are each other's parents")
        for p in ready:
            ordered.append(p)
            del pending[p.entity.key]
    others = [p for p in parsed if not isinstance(p.entity, d.Organisation)]
    first = [p for p in others if isinstance(p.entity, d.SourceDocument)]
    rest = [p for p in others if not isinstance(p.entity, d.SourceDocument)]
    return first + ordered + rest


def prefetch(uow: UnitOfWork, parsed: list[Parsed]) -> None:
    """Load the stored records a file names or refers to: one query per entity, where checking
    and writing record by record would ask once per record and reference."""
    wanted: dict[Kind[Any], set[str]] = defaultdict(set)
    for p in parsed:
        wanted[p.kind].add(p.entity.key)
        for _field, reference, key in references(p.entity):
            for kind in kinds_named(reference, key):
                wanted[kind].add(key)
    for kind, keys in wanted.items():
        uow.records(kind).prefetch(keys)


def write(
    uow: UnitOfWork,
    path: str,
    parsed: list[Parsed],
    advance: Callable[[int], None] | None = None,
    *,
    from_file: bool = True,
) -> ImportReport:
    """Upsert the records in ``uow`` (which the caller commits) and check the quantities;
    the audit trail records the changes as made through the import of ``path`` (its file
    name: channel ``import:<file>``), or through an import with no file name when the
    document did not come ``from_file`` (an API request's body: ``path`` only names it in
    refusals)."""
    file_name = (Path(path).name or path) if from_file else None
    with uow.through(channel_of(IMPORT, file_name)):
        return _write(uow, path, parsed, advance)


def _write(
    uow: UnitOfWork,
    path: str,
    parsed: list[Parsed],
    advance: Callable[[int], None] | None,
) -> ImportReport:
    report = ImportReport(path)
    prefetch(uow, parsed)
    for p in in_dependency_order(parsed):
        try:
            outcome = registry.save(uow, p.entity, p.where)
        except (IntegrityError, DataError) as exc:
            # A limit the checks above do not know (a name too long for its column...).
            raise InvalidInput(f"{p.where}: the store refused the record: {exc.orig}") from None
        report.counts[(p.kind.plural, outcome)] += 1
        if advance is not None:
            advance(1)
    try:
        registry.check_quantities(uow, [p.entity for p in parsed])
    except CoprodError as exc:
        raise exc.relabelled(f"{path}: {exc.message}") from None
    return report
