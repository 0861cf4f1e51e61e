"""CSV files of records: one file per entity, chosen by the file name (``agreements.csv``) or
by its header.

Columns are the entity's fields. A list is joined with ``;``; an item of a list of nested
values (history, evidence, roles, stages) has its fields joined with ``|`` in their declared
order (``planned|2025-05-01``, ``seed-000|120|260``); a backslash escapes ``;``, ``|`` and
itself inside a value. Money is two columns, ``<field>_amount``
and ``<field>_currency`` (``value_amount``, ``value_currency``). An empty cell is "no value".

Each refusal of a file carries a code and what its sentence names (``csv.…``, ``import.…``),
as a record's problems do (``format.…``), for the pages to say in the reader's language; the
English message names the file, the line and the field.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import types
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Union

from coprod.domain import kinds
from coprod.domain.kinds import Kind
from coprod.domain.money import Money
from coprod.errors import InvalidInput
from coprod.services.records import (
    SHOWN_INPUT,
    Where,
    refuse_all,
    to_entity,
    to_record,
    unreadable,
)

LIST_SEP = ";"
PART_SEP = "|"
ESCAPE = "\\"


def _parts(hint: Any) -> tuple[Any, bool]:
    """The type without ``None`` and whether None is allowed."""
    if typing.get_origin(hint) in (Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        return args[0], len(args) < len(typing.get_args(hint))
    return hint, False


def _hints(cls: type[Any]) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def columns(cls: type[Any]) -> list[str]:
    """The CSV header of entity class ``cls``."""
    names: list[str] = []
    hints = _hints(cls)
    for f in dataclasses.fields(cls):
        if _parts(hints[f.name])[0] is Money:
            names += [f"{f.name}_amount", f"{f.name}_currency"]
        else:
            names.append(f.name)
    return names


def split(text: str, separator: str, *, unescape: bool = True) -> list[str]:
    """Split ``text`` on ``separator`` except where a backslash escapes it; ``unescape=False``
    keeps the escapes (for an outer level whose parts are split again)."""
    parts, current, chars = [], "", iter(text)
    for char in chars:
        if char == ESCAPE:
            current += next(chars, "") if unescape else char + next(chars, "")
        elif char == separator:
            parts.append(current)
            current = ""
        else:
            current += char
    return [*parts, current]


def escape(text: str) -> str:
    """``text`` with the separators and the escape character escaped."""
    for char in (ESCAPE, LIST_SEP, PART_SEP):
        text = text.replace(char, ESCAPE + char)
    return text


def _item(cls: type[Any], text: str) -> dict[str, Any]:
    hints = _hints(cls)
    values = split(text, PART_SEP)
    fields = dataclasses.fields(cls)
    if len(values) > len(fields):
        raise InvalidInput(
            f"{text!r} has more than {len(fields)} '|'-separated parts",
            code="csv.too_many_parts",
            params={"value": repr(text)[:SHOWN_INPUT], "limit": str(len(fields))},
        )
    item: dict[str, Any] = {}
    for i, f in enumerate(fields):
        value = values[i] if i < len(values) else ""
        if value != "" or _parts(hints[f.name])[1]:
            item[f.name] = value or None
    return item


def _cell(hint: Any, text: str) -> tuple[bool, Any]:
    """(present, value) of one cell for a field of type ``hint``."""
    inner, optional = _parts(hint)
    if text == "":
        if typing.get_origin(inner) is list and not optional:
            return True, []
        return optional, None
    if typing.get_origin(inner) is list:
        (element,) = typing.get_args(inner)
        if dataclasses.is_dataclass(element):
            items = split(text, LIST_SEP, unescape=False)
            return True, [_item(element, i) for i in items]  # type: ignore[arg-type]
        return True, split(text, LIST_SEP)
    return True, text


def _record(cls: type[Any], row: dict[str, str]) -> dict[str, Any]:
    hints = _hints(cls)
    record: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        if _parts(hints[f.name])[0] is Money:
            amount, currency = row.get(f"{f.name}_amount", ""), row.get(f"{f.name}_currency", "")
            if amount or currency:
                record[f.name] = {"amount": amount, "currency": currency}
            elif _parts(hints[f.name])[1]:
                record[f.name] = None
        elif f.name in row:
            try:
                present, value = _cell(hints[f.name], row[f.name] or "")
            except InvalidInput as exc:
                params = {**exc.params, "field": f.name}
                raise InvalidInput(
                    f"field {f.name!r}: {exc.message}", code=exc.code, field=f.name, params=params
                ) from None
            if present:
                record[f.name] = value
    return record


def kind_of_file(path: Path, header: list[str]) -> Kind[Any]:
    """The entity a CSV file holds: by its name, else by a header that matches exactly."""
    if path.stem in kinds.BY_PLURAL:
        kind = kinds.BY_PLURAL[path.stem]
        unknown = [c for c in header if c not in columns(kind.entity)]
        if unknown:
            where = Where(kind.plural, source=str(path), line=1)
            expected = ", ".join(columns(kind.entity))
            raise InvalidInput(
                f"{path}: line 1: unknown column(s) {', '.join(map(repr, unknown))} for "
                f"{kind.plural}; expected: {expected}",
                code="csv.unknown_columns",
                params={**where.params(), "columns": ", ".join(unknown), "expected": expected},
            )
        return kind
    for kind in kinds.KINDS:
        if set(header) == set(columns(kind.entity)):
            return kind
    examples = ", ".join(t.plural + ".csv" for t in kinds.KINDS[:3])
    raise InvalidInput(
        f"{path}: line 1: the header {header} matches no entity; name the file after the "
        f"entity ({examples}, …) or use its columns",
        code="csv.unknown_header",
        params={"file": str(path), "header": ", ".join(header), "examples": examples},
    )


def _rows(path: Path, reader: csv.DictReader[str], *, header: bool = False) -> Iterator[Any]:
    """The header (``header=True``) or the rows of ``reader``; a line the csv module cannot
    read (a cell over its 131 072 characters, a stray quote) is an InvalidInput naming it."""
    try:
        if header:
            yield from reader.fieldnames or []
            return
        yield from reader
    except csv.Error as exc:
        line = reader.line_num + (0 if header else 1)
        raise InvalidInput(
            f"{path}: line {line}: not readable as CSV: {exc}",
            code="csv.unreadable_line",
            params={"file": str(path), "line": str(line)},
        ) from None


def read(path: Path) -> tuple[Kind[Any], list[tuple[Any, Where]]]:
    """The entity type and the validated records of a CSV file, each with where it came from;
    InvalidInput with every refused line (the first 20), each a coded problem of its own."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise unreadable(str(path), exc) from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    kind = kind_of_file(path, list(_rows(path, reader, header=True)))
    result: list[tuple[Any, Where]] = []
    refused: list[InvalidInput] = []
    for row in _rows(path, reader):
        where = Where(
            kind.plural, source=str(path), line=reader.line_num, key=row.get("key") or None
        )
        try:
            result.append((_entity(kind, row, where), where))
        except InvalidInput as exc:
            refused.append(exc)
    refuse_all(refused)
    return kind, result


def _entity(kind: Kind[Any], row: dict[str, Any], where: Where) -> Any:
    """The entity of one line (``where``), or its refusal naming where."""
    if None in row:
        raise InvalidInput(
            f"{where}: more cells than columns", code="csv.more_cells", params=where.params()
        )
    try:
        record = _record(kind.entity, row)
    except InvalidInput as exc:
        params = {**where.params(), **exc.params}
        raise InvalidInput(
            f"{where}: {exc.message}", code=exc.code, field=exc.field, params=params
        ) from None
    return to_entity(kind.entity, record, where)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return PART_SEP.join(escape(_text(v)) for v in value.values()).rstrip(PART_SEP)
    if isinstance(value, list):
        return LIST_SEP.join(_text(v) if isinstance(v, dict) else escape(_text(v)) for v in value)
    return str(value)


def row_of(entity: Any) -> dict[str, str]:
    """One CSV row of ``entity``."""
    row: dict[str, str] = {}
    for name, value in to_record(entity).items():
        if isinstance(getattr(entity, name), Money):
            row[f"{name}_amount"], row[f"{name}_currency"] = value["amount"], value["currency"]
        elif value is None and f"{name}_amount" in columns(type(entity)):
            row[f"{name}_amount"], row[f"{name}_currency"] = "", ""
        else:
            row[name] = _text(value)
    return row


def write(path: Path, kind: Kind[Any], entities: list[Any]) -> None:
    """Write ``entities`` of ``kind`` as a CSV file."""
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=columns(kind.entity), lineterminator="\n")
        writer.writeheader()
        for entity in entities:
            writer.writerow(row_of(entity))
