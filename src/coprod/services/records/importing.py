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
from coprod.services.records import SCHEMA, JsonFraction, Where, csv_records, to_entity
from coprod.services.registry.references import kinds_named, references


@dataclass(frozen=True)
class Parsed:
    """One validated record of a file, with where it came from (for error messages)."""

    kind: Kind[Any]
    entity: Any
    where: str


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
            f"{name}: line {exc.lineno} column {exc.colno}: not valid JSON: {exc.msg}"
        ) from None
    except RecursionError:
        raise InvalidInput(f"{name}: JSON nested too deeply") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"{name}: cannot read the file: {exc}") from None
    return read_document(name, data)


def read_document(name: str, data: Any) -> list[Parsed]:
    """The records of a parsed ``coprod.records/1`` document (a file or an API body)."""
    if not isinstance(data, dict):
        raise InvalidInput(f"{name}: the file must hold a JSON object with a 'schema' field")
    if data.get("schema") != SCHEMA:
        raise InvalidInput(f"{name}: field 'schema' must be {SCHEMA!r}, not {data.get('schema')!r}")
    unknown = sorted(set(data) - set(kinds.BY_PLURAL) - {"schema"})
    if unknown:
        raise InvalidInput(
            f"{name}: unknown list(s) {', '.join(map(repr, unknown))}; "
            f"known: {', '.join(kinds.BY_PLURAL)}"
        )
    return _validate_lists(name, data)


def _validate_lists(name: str, data: dict[str, Any]) -> list[Parsed]:
    parsed: list[Parsed] = []
    refused: list[InvalidInput] = []  # each with its problems: what the pages translate
    for kind in kinds.KINDS:
        records = data.get(kind.plural, [])
        if not isinstance(records, list):
            refused.append(InvalidInput(f"{name}: {kind.plural!r} must be a list of records"))
            continue
        for i, record in enumerate(records):
            key = record.get("key") if isinstance(record, dict) else None
            where = Where(kind.plural, source=name, index=i, key=str(key) if key else None)
            try:
                parsed.append(Parsed(kind, to_entity(kind.entity, record, where), str(where)))
            except InvalidInput as exc:
                refused.append(exc)
    _raise_all(refused + [InvalidInput(e) for e in duplicates(parsed)])
    return parsed


def duplicates(parsed: list[Parsed]) -> list[str]:
    """One error per record whose key an earlier record of the same kind in the file has:
    an upsert by key would silently keep only the last of them."""
    first: dict[tuple[str, str], Parsed] = {}
    errors = []
    for p in parsed:
        seen = first.setdefault((p.kind.plural, p.entity.key), p)
        if seen is not p:
            errors.append(
                f"{p.where}: key {p.entity.key!r} is already the key of {seen.where}: "
                f"a file holds each record once"
            )
    return errors


def _raise_all(refused: list[InvalidInput], limit: int = 20) -> None:
    """Every refusal at once (the first ``limit``): one message of their English lines, and
    every problem of each (``InvalidInput.each``), the first coded one's code, field and
    parameters on the whole."""
    if refused:
        more = f"\n… and {len(refused) - limit} more" if len(refused) > limit else ""
        message = "\n".join(r.message for r in refused[:limit]) + more
        problems = [problem for r in refused[:limit] for problem in r.each()]
        first = next((p for p in problems if p.code), problems[0])
        raise InvalidInput(
            message, code=first.code, field=first.field, params=first.params, problems=problems
        )


def read_file(path: Path) -> list[Parsed]:
    """The validated records of a JSON or CSV file (chosen by its suffix)."""
    if not path.exists():
        raise InvalidInput(f"{path}: no such file")
    if path.is_dir():
        raise InvalidInput(f"{path}: is a folder, not a file of records")
    if path.suffix.lower() == ".csv":
        kind, rows = csv_records.read(path)
        parsed = [Parsed(kind, entity, where) for entity, where in rows]
        _raise_all([InvalidInput(e) for e in duplicates(parsed)])
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
