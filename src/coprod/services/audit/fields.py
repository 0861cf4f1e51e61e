"""A record as the audit trail stores it, read back as its domain fields.

The trail's patches are written in the store's rows (``db/audit_models.record_state``): a
row's columns, the key of each record it names under the relationship's name, and its child
rows as lists of their columns. This module is the one place that knows how a domain field is
laid out there, so that no reader of the trail has to:

- a Money field is two columns, ``<field>_amount`` and ``<field>_currency`` (a payment's
  ``amount``: ``amount`` and ``currency``);
- a list of plain values (an agreement's parties, scope, systems) is child rows of one column
  each, or a JSON list (an instrument's countries);
- a list of parts (a status history, evidence, a person's roles) is child rows or a JSON list
  of objects, empty parts left out;
- the store's own columns (``version``) are no field at all.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date
from decimal import Decimal
from enum import Enum
from functools import cache
from typing import Any, Union

from coprod.domain.kinds import Kind
from coprod.domain.money import Money

AMOUNT, CURRENCY = "amount", "currency"


@dataclasses.dataclass(frozen=True)
class FieldType:
    """A domain field's type: its value's class (inside optionals), whether it is a list and
    whether it may be None."""

    value: Any
    many: bool
    optional: bool = False


def _field_type(hint: Any) -> FieldType:
    if typing.get_origin(hint) in (Union, types.UnionType):
        inner = [a for a in typing.get_args(hint) if a is not type(None)]
        return dataclasses.replace(_field_type(inner[0]), optional=True)
    if typing.get_origin(hint) is list:
        return FieldType(typing.get_args(hint)[0], True)
    return FieldType(hint, False)


def field_types(cls: Any) -> dict[str, FieldType]:
    """Each field of a domain dataclass with its type, in the class's order."""
    typed: dict[str, FieldType] = _field_types(cls)
    return typed


@cache
def _field_types(cls: Any) -> dict[str, FieldType]:
    hints = typing.get_type_hints(cls)
    return {f.name: _field_type(hints[f.name]) for f in dataclasses.fields(cls)}


def money_columns(field: str, state: dict[str, Any]) -> tuple[str, str]:
    """The two columns that hold the Money field ``field`` in a stored ``state``."""
    if f"{field}_{AMOUNT}" in state or f"{field}_{CURRENCY}" in state:
        return f"{field}_{AMOUNT}", f"{field}_{CURRENCY}"
    return field, CURRENCY


def field_of_column(kind: Kind[Any], column: str) -> str | None:
    """The domain field a stored column (or child list) of ``kind`` holds; None for the
    store's own columns (``version``)."""
    types_ = field_types(kind.entity)
    for name, type_ in types_.items():
        if type_.value is Money and column in (f"{name}_{AMOUNT}", f"{name}_{CURRENCY}"):
            return name
    if column in types_:
        return column
    amount = types_.get(AMOUNT)
    if column == CURRENCY and amount is not None and amount.value is Money:
        return AMOUNT
    return None


def _typed(raw: Any, cls: Any) -> Any:
    """A stored JSON value as a value of the domain class ``cls``."""
    if raw is None:
        return None
    if dataclasses.is_dataclass(cls) and isinstance(cls, type):
        return _part(raw, cls) if isinstance(raw, dict) else None
    if isinstance(cls, type) and issubclass(cls, Enum):
        return cls(raw)
    if cls is date:
        return date.fromisoformat(str(raw)[:10])
    if cls is Decimal:
        return Decimal(str(raw))
    if cls is int and not isinstance(raw, bool):
        return int(raw)
    return raw


def _part(raw: dict[str, Any], cls: type[Any]) -> Any:
    """A stored child row (or JSON object) as the part of a record it holds."""
    inner = field_types(cls)
    return cls(**{name: _typed(raw.get(name), t.value) for name, t in inner.items()})


def _plain(item: Any) -> Any:
    """A child row of one column as that column's value (a party row as the party)."""
    if isinstance(item, dict) and len(item) == 1:
        return next(iter(item.values()))
    return item


def _value(state: dict[str, Any], name: str, type_: FieldType) -> Any:
    if type_.value is Money:
        amount_column, currency_column = money_columns(name, state)
        amount, currency = state.get(amount_column), state.get(currency_column)
        return None if amount is None or currency is None else Money(Decimal(str(amount)), currency)
    raw = state.get(name)
    if not type_.many:
        return _typed(raw, type_.value)
    if raw is None and type_.optional:
        return None
    items = raw if isinstance(raw, list) else []
    if dataclasses.is_dataclass(type_.value):
        return [_typed(item, type_.value) for item in items]
    return [_typed(_plain(item), type_.value) for item in items]


def domain_fields(kind: Kind[Any], state: dict[str, Any]) -> dict[str, Any]:
    """The domain fields of a record of ``kind`` whose stored state is ``state`` (as the
    trail's patches write it), each as the domain's value (a Money, a date, an enum member, a
    list of parts); a field the state lacks is None (a list: empty)."""
    return {name: _value(state, name, type_) for name, type_ in field_types(kind.entity).items()}
