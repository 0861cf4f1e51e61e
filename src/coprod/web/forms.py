"""Edit forms for any registry record, built from its dataclass fields.

Text, number, date and choice fields get one input; money gets an amount and a currency;
lists of words are written comma-separated; nested lists (history, evidence, roles) as JSON.
The form's values become a record of the ``coprod.records/1`` format, validated like a file.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any, Union

from coprod.domain.money import Money
from coprod.errors import InvalidInput
from coprod.services.records import to_record


@dataclass(frozen=True)
class FormField:
    """One field of an edit form: its name, widget, choices and the value to show."""

    name: str
    widget: str  # text, number, date, select, checkbox, money, words, json
    required: bool
    choices: tuple[str, ...] = ()
    value: Any = None
    currency: str = ""


def _unwrap(hint: Any) -> tuple[Any, bool]:
    if typing.get_origin(hint) in (Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        return args[0], True
    return hint, False


def _widget(hint: Any) -> tuple[str, tuple[str, ...]]:
    if hint is Money:
        return "money", ()
    if isinstance(hint, type) and issubclass(hint, Enum):
        return "select", tuple(member.value for member in hint)
    if hint is bool:
        return "checkbox", ()
    if hint in (int, Decimal):
        return "number", ()
    if hint is date:
        return "date", ()
    if typing.get_origin(hint) is list:
        (item,) = typing.get_args(hint)
        simple = item is str or (isinstance(item, type) and issubclass(item, Enum))
        return ("words" if simple else "json"), ()
    return "text", ()


def _shown(widget: str, value: Any) -> Any:
    if widget == "words":
        return ", ".join(str(v) for v in to_record(value) or [])
    if widget == "json":  # nothing yet: an empty box, not "null"
        return "" if not value else json.dumps(to_record(value), ensure_ascii=False, indent=1)
    if widget == "money":
        return "" if value is None else str(value.amount)
    return "" if value is None else to_record(value)


def form_fields(cls: type[Any], entity: Any | None) -> list[FormField]:
    """The fields of the form for ``cls``, filled from ``entity`` when editing."""
    hints = typing.get_type_hints(cls)
    fields = []
    for f in dataclasses.fields(cls):
        hint, optional = _unwrap(hints[f.name])
        widget, choices = _widget(hint)
        has_default = f.default is not dataclasses.MISSING or (
            f.default_factory is not dataclasses.MISSING
        )
        value = getattr(entity, f.name) if entity is not None else None
        currency = value.currency if isinstance(value, Money) else ""
        fields.append(
            FormField(
                f.name,
                widget,
                not (optional or has_default),
                choices,
                _shown(widget, value),
                currency,
            )
        )
    return fields


def _parsed(field: FormField, form: dict[str, str]) -> Any:
    raw = form.get(field.name, "").strip()
    if field.widget == "checkbox":
        return field.name in form
    if field.widget == "money":
        currency = form.get(f"{field.name}.currency", "").strip().upper()
        return {"amount": raw, "currency": currency} if raw else None
    if field.widget == "words":
        words = [word.strip() for word in raw.split(",") if word.strip()]
        return words or None
    if field.widget == "json":
        try:
            return json.loads(raw or "[]")
        except json.JSONDecodeError as exc:
            raise InvalidInput(f"field {field.name!r}: not valid JSON ({exc.msg})") from None
        except RecursionError:
            raise InvalidInput(f"field {field.name!r}: JSON nested too deeply") from None
    return raw or None


def record_from_form(cls: type[Any], form: dict[str, str]) -> dict[str, Any]:
    """The record a submitted form describes (empty optional fields left to their defaults)."""
    record: dict[str, Any] = {}
    for field in form_fields(cls, None):
        value = _parsed(field, form)
        if value is None and not field.required:
            continue
        record[field.name] = value
    return record
