"""The interchange format ``coprod.records/1``: one list per entity, fields named as the
dataclass fields of ``domain/entities.py``, enums by value, dates ISO, money as
``{"amount": "<decimal>", "currency": "EUR"}``, references by key.

Records are validated with pydantic models generated from the dataclasses (``extra="forbid"``),
so a field added to an entity is a field of the format at once.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import Enum
from functools import cache
from typing import Annotated, Any, Union

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    TypeAdapter,
    ValidationError,
    WithJsonSchema,
    create_model,
)
from pydantic_core import PydanticCustomError

from coprod.domain import bounds
from coprod.domain.money import Money, parse_amount
from coprod.domain.partial import partial
from coprod.errors import CoprodError, InvalidInput

SCHEMA = "coprod.records/1"
MONEY_PLACES = 2


class JsonFraction(Decimal):
    """A JSON number with a fraction or exponent, read exactly (``json.loads(parse_float=)``);
    money refuses it: an amount is an integer or a decimal string."""


def _money(value: Any) -> Money:
    if isinstance(value, Money):
        return value
    if not isinstance(value, dict) or set(value) != {"amount", "currency"}:
        raise ValueError('money must be {"amount": "<decimal>", "currency": "EUR"}')
    if isinstance(value["amount"], JsonFraction):
        raise ValueError(
            f"amount must be an exact number (an integer or a decimal string such as "
            f'"{value["amount"]}"), not the JSON number {value["amount"]}'
        )
    try:
        amount = parse_amount(value["amount"])
        money = Money(amount, str(value["currency"]))
    except InvalidInput as exc:
        raise ValueError(exc.message) from None
    exponent = amount.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > MONEY_PLACES:
        raise ValueError(f"amount {value['amount']!r} has more than {MONEY_PLACES} decimal places")
    return money


def _money_json(money: Money) -> dict[str, str]:
    return {"amount": str(money.amount), "currency": money.currency}


MONEY_JSON_SCHEMA: dict[str, Any] = {
    "type": "object",
    "title": "Money",
    "properties": {
        "amount": {"type": "string", "pattern": r"^\d{1,16}(\.\d{1,2})?$"},
        "currency": {"type": "string", "pattern": "^[A-Z]{3}$"},
    },
    "required": ["amount", "currency"],
    "additionalProperties": False,
}
# The JSON schema and serialiser let the API document and return money exactly as files hold it.
MoneyField = Annotated[
    Money,
    PlainValidator(_money),
    PlainSerializer(_money_json),
    WithJsonSchema(MONEY_JSON_SCHEMA),
]


def _field_type(hint: Any) -> Any:
    if hint is Money:
        return MoneyField
    if typing.get_origin(hint) in (Union, types.UnionType) and Money in typing.get_args(hint):
        return MoneyField | None
    return hint


def _default(f: dataclasses.Field[Any]) -> Any:
    if f.default is not dataclasses.MISSING:
        return f.default
    if f.default_factory is not dataclasses.MISSING:
        return f.default_factory()
    return ...


def _in_bounds(cls: Any, name: str) -> Any:
    """A validator holding field ``name`` of ``cls`` to the domain's bounds."""

    def check(value: Any) -> Any:
        try:
            bounds.check_value(cls, name, value)
        except InvalidInput as exc:
            # The bound's code, field and parameters ride along, for the pages to translate.
            context = {"reason": exc.message, "code": exc.code, "field": exc.field}
            raise PydanticCustomError(
                "out_of_bounds", "{reason}", {**context, "params": exc.params}
            ) from None
        return value

    return AfterValidator(check)


def _bounded(cls: Any, name: str, hint: Any) -> Any:
    """The field's type with the domain's bounds checked and documented in the schema."""
    schema = bounds.json_schema(cls, name)
    return Annotated[_field_type(hint), _in_bounds(cls, name), Field(json_schema_extra=schema)]


@cache
def record_model(cls: Any) -> type[BaseModel]:
    """The pydantic model that validates one record of dataclass ``cls`` (bounds included:
    ``domain/bounds.py``)."""
    hints = typing.get_type_hints(cls)
    fields: dict[str, Any] = {
        f.name: (_bounded(cls, f.name, hints[f.name]), _default(f)) for f in dataclasses.fields(cls)
    }
    config = ConfigDict(extra="forbid", arbitrary_types_allowed=True)
    model: type[BaseModel] = create_model(f"{cls.__name__}Record", __config__=config, **fields)
    return model


def describe_errors(exc: ValidationError, where: str) -> list[str]:
    """One line per pydantic error: where, the field (dotted path) and what is wrong."""
    lines = []
    for err in exc.errors():
        path = ".".join(str(p) for p in err["loc"]) or "(record)"
        message = err["msg"]
        if err["type"] == "extra_forbidden" or err["type"] == "unexpected_keyword_argument":
            message = "unknown field"
        got = "" if err["type"] == "missing" else f" (got {err.get('input')!r})"
        lines.append(f"{where}: field {path!r}: {message}{got}")
    return lines


@dataclass(frozen=True)
class Where:
    """Where a refused record is: ``str()`` is how the English message names it (``request
    body: needs[0] (key 'n-1')``, ``needs.csv: line 3``, ``new needs``, ``needs 'n-1'``);
    ``params()`` its parts, which a page says in the reader's language."""

    list: str  # the kind's plural: the document's list, the form's kind
    source: str | None = None  # the document (a file's name, the request body); None: a form
    index: int | None = None  # the record's place in its list (from 0)
    line: int | None = None  # a CSV file's line
    key: str | None = None

    def __str__(self) -> str:
        if self.source is None:
            return f"new {self.list}" if self.key is None else f"{self.list} {self.key!r}"
        at = f"line {self.line}" if self.line is not None else f"{self.list}[{self.index}]"
        return f"{self.source}: {at}" + (f" (key {self.key!r})" if self.key else "")

    def params(self) -> dict[str, str]:
        """The parts a sentence names (``where_list``, ``where_source``, ``where_number``:
        the place counted from 1, ``where_line``, ``where_key``), the English words as
        ``where``."""
        parts = {
            "where": str(self),
            "where_list": self.list,
            "where_source": self.source,
            "where_number": None if self.index is None else str(self.index + 1),
            "where_line": None if self.line is None else str(self.line),
            "where_key": self.key,
        }
        return {name: value for name, value in parts.items() if value is not None}


# A pydantic error type → the stable code of its refusal (``format.…``: what the pages say
# in the reader's language, naming where and the field; the API answers it as ``code``).
FORMAT_CODES = {
    "missing": "format.missing",
    **dict.fromkeys(("int_type", "int_parsing", "int_from_float"), "format.whole_number"),
    **dict.fromkeys(
        ("float_type", "float_parsing", "decimal_type", "decimal_parsing"), "format.number"
    ),
    "string_type": "format.text",
    **dict.fromkeys(("bool_type", "bool_parsing"), "format.yes_no"),
    **dict.fromkeys(
        ("date_type", "date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact"),
        "format.date",
    ),
    "string_too_long": "format.text_too_long",
    "string_too_short": "format.text_too_short",
    "too_long": "format.list_too_long",
    "too_short": "format.list_too_short",
    **dict.fromkeys(("enum", "literal_error"), "format.choice"),
    **dict.fromkeys(("extra_forbidden", "unexpected_keyword_argument"), "format.unknown_field"),
    "greater_than_equal": "format.at_least",
    "greater_than": "format.more_than",
    "less_than_equal": "format.at_most",
    "less_than": "format.less_than",
}
# The bound a range error's context names, by code (``Query(ge=1)``: ``{"ge": 1}``).
RANGE_BOUNDS = {
    "format.at_least": "ge",
    "format.more_than": "gt",
    "format.at_most": "le",
    "format.less_than": "lt",
}
SHOWN_INPUT = 60  # characters of a refused value a sentence repeats


def _limit(context: dict[str, Any]) -> str:
    return str(context.get("max_length", context.get("min_length", "")))


def _format_params(code: str, error: Any, path: str) -> dict[str, str]:
    """What a type error's sentence names: the field's dotted path, the value given, a
    length's limit or a range's bound, the choices."""
    context = error.get("ctx") or {}
    params = {"field": path, "value": repr(error.get("input"))[:SHOWN_INPUT]}
    if code.endswith(("too_long", "too_short")):
        params["limit"] = _limit(context)
    if code in RANGE_BOUNDS:
        params["limit"] = str(context.get(RANGE_BOUNDS[code], ""))
    if code == "format.choice":
        params["expected"] = str(context.get("expected", ""))
    return params


def _problem(error: Any, line: str, where: Where) -> InvalidInput:
    """One problem of a refused record: ``coded_problem``, with where the record is
    (``Where.params``)."""
    return coded_problem(error, line, where.params())


def coded_problem(error: Any, line: str, located: Mapping[str, str] | None = None) -> InvalidInput:
    """One problem of a pydantic error: its English ``line``, with the code, field and
    parameters of a domain bound that said it (``bounds.text_length`` of
    ``evidence.0.note``…) or of a common type error (``FORMAT_CODES``), and ``located``'s
    parameters (where a record is); no code for another kind of error."""
    path = ".".join(str(p) for p in error["loc"]) or "(record)"
    located = dict(located or {})
    said = error.get("ctx") or {}
    if said.get("code"):
        params = {**located, **said["params"]}
        return InvalidInput(line, code=said["code"], field=said["field"], params=params)
    code = FORMAT_CODES.get(error["type"])
    if code is None:
        return InvalidInput(line, field=path, params=located)
    return InvalidInput(
        line, code=code, field=path, params={**located, **_format_params(code, error, path)}
    )


def _refused(exc: ValidationError, where: Where) -> InvalidInput:
    """The refusal of a record that pydantic did not validate: every line of what is wrong,
    each also a coded problem of its own (``_problem``); the refusal carries the first's
    code, field and parameters."""
    lines = describe_errors(exc, str(where))
    problems = [_problem(e, line, where) for e, line in zip(exc.errors(), lines, strict=True)]
    first = problems[0]
    return InvalidInput(
        "\n".join(lines), code=first.code, field=first.field, params=first.params, problems=problems
    )


def to_entity(cls: Any, record: Any, where: Where) -> Any:
    """Validate ``record`` and build the dataclass; InvalidInput naming where and the field
    (every problem of the record: ``InvalidInput.each``)."""
    if not isinstance(record, dict):
        given = type(record).__name__
        raise InvalidInput(
            f"{where}: a record must be an object, not {given}",
            code="format.not_object",
            params={**where.params(), "value": given},
        )
    try:
        model = record_model(cls).model_validate(record)
    except ValidationError as exc:
        raise _refused(exc, where) from None
    return cls(**{f.name: getattr(model, f.name) for f in dataclasses.fields(cls)})


@cache
def _field_adapter(cls: Any, name: str) -> TypeAdapter[Any]:
    """The validator of field ``name`` of a record of ``cls`` alone (its type and bounds, as
    ``record_model`` checks it)."""
    info = record_model(cls).model_fields[name]
    hint: Any = Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
    return TypeAdapter(hint)


def to_partial(cls: Any, record: dict[str, Any], unread: Iterable[str]) -> Any:
    """The record ``record`` describes as far as its fields read (``domain/partial.py``):
    each field validated alone as ``to_entity`` validates it, the fields ``unread`` (those a
    form could not read) and those that do not validate left unread, for the registry to
    judge the rules that need none of them."""
    skipped = set(unread)
    values: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        if f.name in skipped:
            continue
        if f.name not in record:
            default = _default(f)
            if default is ...:
                skipped.add(f.name)
            else:
                values[f.name] = default
            continue
        try:
            values[f.name] = _field_adapter(cls, f.name).validate_python(record[f.name])
        except ValidationError:
            skipped.add(f.name)
    return partial(cls, values, skipped)


def read_in_part(cls: Any, record: dict[str, Any], where: Where) -> tuple[Any, InvalidInput | None]:
    """The record ``record`` describes and the format's refusal of it (``to_entity``; None
    when it reads): a refused record is read in part (``to_partial``), each field the format
    refused left unread, for the registry to judge the rules that need none of them."""
    try:
        return to_entity(cls, record, where), None
    except InvalidInput as refused:
        return read_without(cls, record, refused.each()), refused


def read_without(cls: Any, record: dict[str, Any], problems: Iterable[CoprodError]) -> Any:
    """The record ``record`` describes with each field a problem names (``roles.0.title``
    names ``roles``) left unread (``to_partial``)."""
    fields = {problem.field.split(".")[0] for problem in problems if problem.field}
    return to_partial(cls, record, fields)


def refuse_all(refused: Sequence[InvalidInput], limit: int = 20) -> None:
    """Every refusal of an import at once (the first ``limit``): one message of their English
    lines, and every problem of each (``InvalidInput.each``), the first coded one's code, field
    and parameters on the whole; nothing when none."""
    if refused:
        more = f"\n… and {len(refused) - limit} more" if len(refused) > limit else ""
        message = "\n".join(r.message for r in refused[:limit]) + more
        problems = [problem for r in refused[:limit] for problem in r.each()]
        first = next((p for p in problems if p.code), problems[0])
        raise InvalidInput(
            message, code=first.code, field=first.field, params=first.params, problems=problems
        )


def unreadable(name: str, exc: OSError | UnicodeDecodeError) -> InvalidInput:
    """The refusal of a file of records that cannot be read: not UTF-8 text
    (``import.not_utf8``), or not at all (``import.unreadable``); the English names the
    reason."""
    code = "import.not_utf8" if isinstance(exc, UnicodeDecodeError) else "import.unreadable"
    return InvalidInput(f"{name}: cannot read the file: {exc}", code=code, params={"file": name})


_PLAIN = frozenset({str, int, float, bool})


def to_record(value: Any) -> Any:
    """An entity (or one of its values) as JSON-ready data in the records format."""
    if value is None or type(value) in _PLAIN:  # most values: answered before the checks
        return value
    if isinstance(value, Money):
        return {"amount": str(value.amount), "currency": value.currency}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_record(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list):
        return [to_record(v) for v in value]
    return value
