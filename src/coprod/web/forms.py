"""The new and edit forms of any registry record, built from its dataclass fields.

Each field gets a control a person can fill in without knowing the records format: an enum a
select of its labels (a list of enums a group of checkboxes), a date a text input in the
reader's pattern (``web/dates.py``), a month its name and year, money an amount and a
currency, a country its name (typed ahead from CLDR's names, ``web/countries.py``), parties
and partners names or keys, and a list of steps or citations (an agreement's history, its
evidence, a person's roles) rows of their own fields. "Add a row" and "Remove" are submit
buttons: the page comes back with the form as typed and one row more or less, without
JavaScript. What is submitted is read field by field (``web/actions.Parsed``: every refusal
kept for the input it concerns) into a record of the ``coprod.records/1`` format, which the
records format then validates like a file; the API keeps taking that format as it is.
"""

from __future__ import annotations

import dataclasses
import re
import types
import typing
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any, Union

from babel import Locale

from coprod import catalog
from coprod.domain import entities as d
from coprod.domain import kinds
from coprod.domain.bounds import check_key
from coprod.domain.kinds import Catalogue
from coprod.domain.money import Money
from coprod.errors import CoprodError, InvalidInput
from coprod.web import dates
from coprod.web.actions import FormRefused, Parsed
from coprod.web.countries import code_fields, code_of, countries_of, country_name
from coprod.web.formatting import MONTH_FIELDS
from coprod.web.labels import FIELDS, N_

MORE = "more"  # the submit button that adds a row to the field it names
LESS = "less"  # the submit button that removes the row it names (``history.1``)
# A citation whose span is left empty cites the whole document (as the action forms do).
SPAN_DEFAULTS = {"start": 0, "end": 0}
MOST_ROWS = 100  # rows one field of a form may hold
ROWS = re.compile(r"\d{1,3}")


# Labels of fields that say more on a form than in a record's summary.
LABELS: dict[tuple[type[Any], str], str] = {
    (d.Evidence, "document"): N_("Source document"),
    (d.Evidence, "start"): N_("Quote starts at character"),
    (d.Evidence, "end"): N_("Quote ends at character"),
    (d.StatusChange, "on"): N_("Date of the step"),
    (d.StageChange, "on"): N_("Reached on"),
    (d.Role, "title"): N_("Position"),
}
HINTS: dict[Any, str] = {
    "words": N_("Separate them with commas."),
    "countries": N_("Countries by their names, separated by commas."),
    "parties": N_(
        "States by their names, organisations by their keys, separated by commas "
        "(for example: Ukraine, France, thales)."
    ),
    "party": N_("A state by its name, or an organisation by its key."),
    "record": N_("The record's key: type a few letters of its name to choose it."),
    (d.Evidence, "start"): N_(
        "Characters of the document's stored text; leave both empty to cite the whole document."
    ),
}
# Each list of rows: what one row is called, and its "Add" button.
ROWS_OF: dict[str, tuple[str, str]] = {
    "history": (N_("Step %(n)s"), N_("Add a step")),
    "stages": (N_("Step %(n)s"), N_("Add a step")),
    "evidence": (N_("Citation %(n)s"), N_("Add a citation")),
    "roles": (N_("Role %(n)s"), N_("Add a role")),
}
ROW = (N_("Row %(n)s"), N_("Add a row"))


def row_words(name: str) -> tuple[str, str]:
    """What a row of the field ``name`` is called and its "Add" button says (msgids)."""
    return ROWS_OF.get(name, ROW)


@dataclass(frozen=True)
class FormField:
    """One field of a form (or one column of a field's rows): its name, its control, whether
    it must be filled in, the enum it chooses from, the kind of record it names (typed ahead),
    and for rows, the columns of each row."""

    name: str
    of: type[Any]  # the class it is a field of (the record's, or a row's: StatusChange)
    # text, number, decimal, date, month, select, choices, checkbox, money, words, country,
    # countries, party and parties (states by name, records by key), record (a key typed
    # ahead), rows
    widget: str
    required: bool
    choices: tuple[str, ...] = ()  # the values of a select or of a group of checkboxes
    source: str = ""
    columns: tuple[FormField, ...] = ()

    @property
    def label(self) -> str:
        """What the field is called (a msgid, translated where it is shown)."""
        return LABELS.get((self.of, self.name)) or FIELDS.get(self.name) or self.name

    @property
    def hint(self) -> str:
        """How it is filled in, when its control does not say (a msgid, or "")."""
        return HINTS.get((self.of, self.name)) or HINTS.get(self.widget, "")


def _unwrap(hint: Any) -> tuple[Any, bool]:
    if typing.get_origin(hint) in (Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        return args[0], True
    return hint, False


def _is_enum(hint: Any) -> bool:
    return isinstance(hint, type) and issubclass(hint, Enum)


def _source(cls: type[Any], name: str) -> str:
    """The plural of the one kind of record the field ``name`` of ``cls`` names by key."""
    kind = kinds.BY_ENTITY.get(cls)
    for reference in kind.references if kind else ():
        if reference.field == name and len(reference.kinds) == 1 and not reference.states:
            return kinds.BY_NAME[reference.kinds[0]].plural
    return ""


# Item classes whose fields name records, by field (evidence.document, roles.organisation).
ITEM_SOURCES = {"document": "source_documents", "organisation": "organisations"}


def _categories(cls: type[Any], name: str) -> bool:
    kind = kinds.BY_ENTITY.get(cls)
    references = kind.references if kind else ()
    return any(r.field == name and r.catalogue is Catalogue.CATEGORY for r in references)


def _list_widget(cls: type[Any], name: str, item: Any) -> str:
    if _is_enum(item) or _categories(cls, name):
        return "choices"
    if dataclasses.is_dataclass(item):
        return "rows"
    if name in code_fields(cls):
        return "parties" if _states(cls, name) else "countries"
    return "words"


def _states(cls: type[Any], name: str) -> bool:
    kind = kinds.BY_ENTITY.get(cls)
    return any(r.field == name and r.states for r in (kind.references if kind else ()))


def _widget(cls: type[Any], name: str, hint: Any) -> str:
    if hint is Money:
        return "money"
    if _is_enum(hint):
        return "select"
    if hint is bool:
        return "checkbox"
    if hint is int:
        return "number"
    if hint is Decimal:
        return "decimal"
    if hint is date:
        return "date"
    if typing.get_origin(hint) is list:
        (item,) = typing.get_args(hint)
        return _list_widget(cls, name, item)
    if name in MONTH_FIELDS:
        return "month"
    if _categories(cls, name):
        return "select"
    if name in code_fields(cls):
        return "party" if _states(cls, name) else "country"
    return "record" if _source(cls, name) else "text"


def _field(cls: type[Any], f: dataclasses.Field[Any], hint: Any) -> FormField:
    core, optional = _unwrap(hint)
    has_default = f.default is not dataclasses.MISSING or (
        f.default_factory is not dataclasses.MISSING
    )
    widget = _widget(cls, f.name, core)
    required = not (optional or has_default) and widget != "checkbox"
    if widget == "rows":
        (item,) = typing.get_args(core)
        return FormField(f.name, cls, widget, required, columns=tuple(_columns(item)))
    choices: tuple[str, ...] = ()
    if widget in {"select", "choices"}:
        choices = _choices(cls, f.name, core if widget == "select" else typing.get_args(core)[0])
    return FormField(f.name, cls, widget, required, choices, _source(cls, f.name))


def _choices(cls: type[Any], name: str, hint: Any) -> tuple[str, ...]:
    """The values a select or a group of checkboxes offers: an enum's, or the catalogue's
    product categories."""
    if _is_enum(hint):
        return tuple(str(member.value) for member in hint)
    return tuple(catalog.categories()) if _categories(cls, name) else ()


def _columns(item: type[Any]) -> list[FormField]:
    """The columns of a row of ``item``s (a status and its date; a document and a span)."""
    return [_column(column) for column in form_fields(item)]


def _column(column: FormField) -> FormField:
    source = ITEM_SOURCES.get(column.name, "")
    if source and column.widget == "text":
        return dataclasses.replace(column, widget="record", source=source)
    if column.name in SPAN_DEFAULTS and column.widget == "number":
        return dataclasses.replace(column, required=False)
    return column


def form_fields(cls: type[Any]) -> list[FormField]:
    """The fields of the form for records of ``cls``, in the order of the class."""
    hints = typing.get_type_hints(cls)
    return [_field(cls, f, hints[f.name]) for f in dataclasses.fields(cls)]


# -- a record as the form shows it -------------------------------------------------------


def _plain(value: Any) -> str:
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return "" if value is None else str(value)


def _shown(field: FormField, value: Any, locale: Locale, prefix: str) -> dict[str, str]:
    """The inputs of ``field`` holding ``value``, as the reader types them."""
    name = prefix + field.name
    if value is None or value == []:
        return {f"{name}.rows": "0"} if field.widget == "rows" else {}
    if field.widget == "rows":
        shown = {f"{name}.rows": str(len(value))}
        for n, item in enumerate(value):
            for column in field.columns:
                shown |= _shown(column, getattr(item, column.name), locale, f"{name}.{n}.")
        return shown
    if field.widget == "choices":
        return {f"{name}.{member.value}": "on" for member in value}
    if field.widget == "checkbox":
        return {name: "on"} if value else {}
    if field.widget == "money":
        return {name: _plain(value.amount), f"{name}.currency": value.currency}
    if field.widget == "month":
        return {f"{name}.year": value[:4], f"{name}.month": value[5:7]}
    if field.widget == "date":
        return {name: dates.written(value, locale)}
    if field.widget in {"country", "countries", "party", "parties"}:
        names = [country_name(v, locale) for v in (value if isinstance(value, list) else [value])]
        return {name: ", ".join(names)}
    if isinstance(value, list):
        return {name: ", ".join(_plain(v) for v in value)}
    return {name: _plain(value)}


def values_of(cls: type[Any], entity: Any | None, locale: Locale) -> dict[str, str]:
    """What the form's inputs hold for ``entity`` (a new record: one empty row per list of
    rows, the defaults of its class)."""
    shown: dict[str, str] = {}
    for field in form_fields(cls):
        if entity is not None:
            shown |= _shown(field, getattr(entity, field.name), locale, "")
        elif field.widget == "rows":
            shown[f"{field.name}.rows"] = "1"
        else:
            default = _default(cls, field.name)
            shown |= _shown(field, default, locale, "") if default is not None else {}
    return shown


def _default(cls: type[Any], name: str) -> Any:
    for f in dataclasses.fields(cls):
        if f.name == name and f.default is not dataclasses.MISSING:
            return f.default
    return None


def rows_in(values: dict[str, str], name: str) -> int:
    """How many rows the field ``name`` shows."""
    given = values.get(f"{name}.rows", "0").strip()
    return min(int(given), MOST_ROWS) if ROWS.fullmatch(given) else 0


# -- adding and removing rows -----------------------------------------------------------


def row_change(cls: type[Any], form: dict[str, str]) -> dict[str, str] | None:
    """The form as typed, with the row its "Add a row" or "Remove" button asked for added or
    removed; None when the form was submitted to be saved."""
    names = {f.name for f in form_fields(cls) if f.widget == "rows"}
    values = {k: v for k, v in form.items() if k not in {"csrf_token", MORE, LESS}}
    if form.get(MORE) in names:
        name = form[MORE]
        values[f"{name}.rows"] = str(min(rows_in(form, name) + 1, MOST_ROWS))
        return values
    name, _, index = form.get(LESS, "").rpartition(".")
    if name in names and ROWS.fullmatch(index):
        return _without_row(values, name, int(index))
    return None


def _without_row(values: dict[str, str], name: str, index: int) -> dict[str, str]:
    """``values`` without row ``index`` of ``name``, the rows after it moved up by one."""
    count = rows_in(values, name)
    kept = {k: v for k, v in values.items() if not k.startswith(f"{name}.")}
    for n in range(count):
        if n == index:
            continue
        new = n if n < index else n - 1
        prefix = f"{name}.{n}."
        for key, value in values.items():
            if key.startswith(prefix):
                kept[f"{name}.{new}.{key.removeprefix(prefix)}"] = value
    kept[f"{name}.rows"] = str(max(count - 1, 0))
    return kept


# -- the form as a record ---------------------------------------------------------------


class FormReader(Parsed):
    """A submitted record form, read input by input (every refusal kept for its input)."""

    def refuse(self, name: str, code: str, value: str = "") -> None:
        """Note that the input ``name`` could not be read (``code`` says why)."""
        params = {"value": value[:60]} if value else {}
        self.errors.append(
            InvalidInput(f"field {name!r}: {code}", code=code, field=name, params=params)
        )

    def chosen(self, name: str, choices: tuple[str, ...]) -> str:
        """One of ``choices``."""
        raw = self.text(name)
        if raw and raw not in choices:
            self.refuse(name, "form.choice")
        return raw

    def decimal(self, name: str) -> str:
        """A number that may have decimals (a comma or a point before them)."""
        typed = self.text(name)
        raw = re.sub(r"[\s\u00a0\u202f]", "", typed).replace(",", ".")
        try:
            number = Decimal(raw)
        except InvalidOperation:
            number = Decimal("NaN")
        if raw and not number.is_finite():
            self.refuse(name, "form.number")
        return raw

    def country(self, name: str) -> str:
        """A country by its name (Ukrainian, English or French) or its code."""
        typed = self.text(name)
        found = code_of(typed) if typed else None
        if typed and found is None:
            self.refuse(name, "form.country", typed)
        return found or ""

    def countries(self, name: str) -> list[str]:
        """Countries by name or code, comma-separated."""
        codes, unknown = countries_of(self.form.get(name, ""))
        if unknown:
            self.refuse(name, "form.country", ", ".join(unknown))
        return codes

    def parties(self, name: str) -> list[str]:
        """States by name (or code in capitals) and records by key, comma-separated."""
        words = [w.strip() for w in self.form.get(name, "").split(",") if w.strip()]
        return [code_of(w, lower_codes=False) or w for w in words]


def _filled(field: FormField, form: dict[str, str], name: str) -> bool:
    if field.widget == "month":
        return any(form.get(f"{name}{part}", "").strip() for part in ("", ".year", ".month"))
    if field.widget == "money":
        return bool(form.get(name, "").strip())
    if field.widget in {"choices", "rows", "checkbox"}:
        return True
    return bool(form.get(name, "").strip())


def _read(field: FormField, given: FormReader, name: str) -> Any:
    """The value of ``field`` (its inputs named from ``name``) in the records format."""
    widget = field.widget
    if widget == "checkbox":
        return name in given.form
    if widget == "choices":
        return [c for c in field.choices if f"{name}.{c}" in given.form]
    if widget == "rows":
        return _rows(field, given, name)
    if not _filled(field, given.form, name):
        if field.required:
            given.refuse(name, "form.required")
        return None
    return _one(field, given, name)


def _one(field: FormField, given: FormReader, name: str) -> Any:
    widget = field.widget
    if widget == "number":
        return given.whole(name)
    if widget == "decimal":
        return given.decimal(name)
    if widget == "date":
        return given.day(name).isoformat()
    if widget == "month":
        return given.month(name)
    if widget == "select":
        return given.chosen(name, field.choices)
    if widget == "money":
        money = given.amount(name)
        return {"amount": str(money.amount), "currency": money.currency}
    if widget == "country":
        return given.country(name)
    if widget == "countries":
        return given.countries(name)
    if widget == "parties":
        return given.parties(name)
    if widget == "party":
        typed = given.form.get(name, "").strip()
        return code_of(typed, lower_codes=False) or typed
    if widget == "words":
        return [w.strip() for w in given.form.get(name, "").split(",") if w.strip()]
    return given.form.get(name, "").strip()


def _rows(field: FormField, given: FormReader, name: str) -> list[dict[str, Any]]:
    """The rows of ``field`` that hold anything (an empty row is no step, no citation)."""
    rows = []
    for n in range(rows_in(given.form, name)):
        prefix = f"{name}.{n}."
        if not any(v.strip() for k, v in given.form.items() if k.startswith(prefix)):
            continue
        row: dict[str, Any] = dict(SPAN_DEFAULTS) if field.name == "evidence" else {}
        for column in field.columns:
            value = _read(column, given, prefix + column.name)
            if value is not None:
                row[column.name] = value
        rows.append(row)
    return rows


def read_form(cls: type[Any], form: dict[str, str], locale: Locale) -> dict[str, Any]:
    """The record a submitted form describes (empty optional fields left to their defaults),
    its dates read in ``locale``'s order; FormRefused with every input that could not be
    read, each beside its input."""
    record, unread = read_record(cls, form, locale)
    if unread:
        raise FormRefused(unread)
    return record


def read_record(
    cls: type[Any], form: dict[str, str], locale: Locale
) -> tuple[dict[str, Any], list[InvalidInput]]:
    """What ``read_form`` reads, and the refusal of each input that could not be read
    instead of raising them: the record holds a placeholder there (or nothing, for an input
    left empty), so that the records format can still check the others (``with_format``)."""
    given = FormReader(form, locale)
    record: dict[str, Any] = {}
    for field in form_fields(cls):
        value = _read(field, given, field.name)
        if value is None or (value == [] and not field.required):
            continue
        record[field.name] = value
    if record.get("key"):
        try:
            check_key(record["key"])
        except InvalidInput:
            given.refuse("key", "form.key")
    return record, given.errors


def _overlaps(one: str, other: str) -> bool:
    """Whether the inputs ``one`` and ``other`` are the same, or one holds the other."""
    return one == other or one.startswith(f"{other}.") or other.startswith(f"{one}.")


def with_format(
    unread: list[InvalidInput], refused: InvalidInput, values: dict[str, str]
) -> FormRefused:
    """The inputs that could not be read (``read_record``) with the records format's
    problems of the others (``refused``, each named by the input its field is read from:
    ``form_field``), so that the reader sees every problem at once; the format's problems of
    the inputs already refused are left out (an empty field is missing, an unreadable date's
    placeholder out of bounds: the form's own words say it)."""
    fields = [one.field for one in unread if one.field]
    more = []
    for problem in refused.each():
        field = form_field(values, problem.field) if problem.field else None
        if field is not None and any(_overlaps(field, f) for f in fields):
            continue
        more.append(
            InvalidInput(problem.message, code=problem.code, field=field, params=problem.params)
        )
    return FormRefused([*unread, *more])


FIELD_NAMED = re.compile(r"field '([\w.]+)'")


def placed(refused: InvalidInput) -> InvalidInput:
    """A refusal of the records format (``new agreements: field 'history.1.on': …``) with
    the field it names, so that the form says it beside that input."""
    found = FIELD_NAMED.search(refused.message)
    if refused.field or found is None:
        return refused
    return InvalidInput(
        refused.message,
        code=refused.code,
        field=found.group(1),
        params=refused.params,
        problems=refused.problems,
    )


def inputs_named(problems: Sequence[CoprodError], values: dict[str, str]) -> list[CoprodError]:
    """The problems the registry found in a record (each naming the record's field), each
    naming instead the input of the form that field is read from (``form_field``)."""
    placed = []
    for problem in problems:
        again = problem.relabelled(problem.message)
        again.field = form_field(values, problem.field) if problem.field else None
        placed.append(again)
    return placed


def filled_rows(values: dict[str, str], name: str) -> list[int]:
    """The rows of the field ``name`` that hold anything, in order: the record's n-th step or
    citation is the form's row ``filled_rows(...)[n]`` (empty rows are left out when read)."""
    return [
        n
        for n in range(rows_in(values, name))
        if any(v.strip() for k, v in values.items() if k.startswith(f"{name}.{n}."))
    ]


def form_field(values: dict[str, str], field: str) -> str:
    """The input of the form that the record's ``field`` is read from: ``history.1.on`` of a
    record is ``history.2.on`` of a form whose second row was left empty."""
    name, _, rest = field.partition(".")
    index, _, column = rest.partition(".")
    if not ROWS.fullmatch(index) or not column:
        return field
    filled = filled_rows(values, name)
    n = int(index)
    return f"{name}.{filled[n]}.{column}" if n < len(filled) else field


def inputs_of(cls: type[Any], values: dict[str, str]) -> set[str]:
    """The names of the inputs the form shows, a refusal placed beside one of them."""
    names = set()
    for field in form_fields(cls):
        names.add(field.name)
        for n in range(rows_in(values, field.name) if field.widget == "rows" else 0):
            names |= {f"{field.name}.{n}.{c.name}" for c in field.columns}
    return names
