"""The forms of a page, and what to submit in them: one valid input and one invalid.

A form is read from a page's HTML as a browser reads it (its action, method, fields with their
values, options and whether they are required, and its submit buttons, a ``formaction``
among them). ``valid`` fills it as a reader who means it would: the page's own values, the
first choice of a list, a record the form's typeahead offers, a plausible number; ``invalid``
as a reader who slips: letters in a number or a date, a choice the list does not offer, a
record no one has, a quote no document holds, a search that finds nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser

BAD_TEXT = "zzqx no such thing"
BAD_NUMBER = "twelve"
BAD_DATE = "31.31.31"
FOUND_TEXT = "drone"


@dataclass
class Field:
    """One named input, select or text area of a form."""

    name: str
    tag: str  # input, select, textarea
    type: str = "text"  # an input's type
    value: str = ""
    required: bool = False
    numeric: bool = False  # inputmode numeric or decimal
    choices_from: str | None = None  # a typeahead's source: /choices/<plural>
    dated: bool = False  # a date typed in the page's language (its hint says how)
    options: list[str] = field(default_factory=list)
    selected: str | None = None


@dataclass
class Form:
    """A form as a browser would submit it."""

    action: str
    method: str
    fields: list[Field] = field(default_factory=list)
    submits: list[str] = field(default_factory=list)  # each button's formaction (or action)


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: Field | None = None
        self._textarea: Field | None = None
        self._option: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._form = Form(a.get("action", ""), a.get("method", "get").lower())
            self.forms.append(self._form)
        elif self._form is not None:
            self._field(tag, a, self._form)

    def _field(self, tag: str, a: dict[str, str], form: Form) -> None:
        button = tag == "button" and a.get("type", "submit") == "submit"
        if button or (tag == "input" and a.get("type") == "submit"):
            form.submits.append(a.get("formaction") or form.action)
        elif tag in {"input", "select", "textarea"} and a.get("name"):
            found = Field(
                a["name"],
                tag,
                a.get("type", "text"),
                a.get("value", ""),
                "required" in a,
                a.get("inputmode") in {"numeric", "decimal"},
                a.get("data-choices") or None,
                tag == "input" and a.get("aria-describedby", "").endswith("-hint"),
            )
            if found.type in {"checkbox", "radio"} and "checked" not in a:
                return
            form.fields.append(found)
            self._select = found if tag == "select" else None
            self._textarea = found if tag == "textarea" else None
        elif tag == "option" and self._select is not None:
            self._option = a.get("value", "")
            self._select.options.append(self._option)
            if "selected" in a:
                self._select.selected = self._option

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea.value += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def forms_of(html: str) -> list[Form]:
    """The forms of a page."""
    parser = _Forms()
    parser.feed(html)
    parser.close()
    for form in parser.forms:
        if not form.submits:
            form.submits.append(form.action)
    return parser.forms


Choices = Callable[[str], str | None]  # a typeahead's source -> the first record it offers


def _valid_value(f: Field, first_choice: Choices) -> str:
    if f.tag == "select":
        chosen = f.selected if f.selected is not None else ""
        return chosen or next((o for o in f.options if o), "")
    if f.value or f.type == "hidden":
        return f.value
    if f.choices_from:
        return first_choice(f.choices_from) or ""
    if f.name in {"q", "search"}:
        return FOUND_TEXT
    if f.name.endswith(".year"):
        return "2027"
    return "1" if f.numeric and f.required else ""


def valid(form: Form, first_choice: Choices) -> dict[str, str]:
    """What a reader who means it submits: the page's values, the first choice, a record the
    typeahead offers, a plausible number."""
    return {f.name: _valid_value(f, first_choice) for f in form.fields}


def _invalid_value(f: Field) -> str:
    if f.type == "hidden" or f.type in {"checkbox", "radio"}:
        return f.value
    if f.tag == "select":
        return BAD_TEXT
    if f.numeric or f.name.endswith(".year"):
        return BAD_NUMBER
    if f.dated:
        return BAD_DATE
    return BAD_TEXT


def invalid(form: Form) -> dict[str, str]:
    """What a reader who slips submits: letters for numbers, a choice the list lacks, a
    record no one has, a search that finds nothing."""
    return {f.name: _invalid_value(f) for f in form.fields}
