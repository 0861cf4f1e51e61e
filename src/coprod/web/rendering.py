"""Rendering pages: the template environment, its filters and the common context.

Every text of a template goes through gettext (``{{ _("…") }}``, ``{% trans %}``) and every
number, amount, date and enum value through a filter that writes it in the reader's language
(``coprod.web.formatting``, ``coprod.web.labels``). The reader is chosen once per request.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from enum import Enum
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader, pass_context, select_autoescape
from jinja2.runtime import Context
from markupsafe import Markup

from coprod.domain import kinds
from coprod.domain.bounds import is_web_url
from coprod.domain.enums import FactType, ReviewState
from coprod.domain.money import Money
from coprod.errors import CoprodError
from coprod.http.request import cookie_name
from coprod.web import dates, links
from coprod.web import formatting as fmt
from coprod.web.countries import country_name, named
from coprod.web.labels import N_, count_label, enum_label, field_label, kind_label, label
from coprod.web.locales import LANGUAGE_COOKIE, LANGUAGES, Reader, chosen_language, reader
from coprod.web.refusals import refusal

KINDS = [t.plural for t in kinds.KINDS]
DATE_HINT = N_("%(pattern)s, for example %(example)s")


def reader_of(request: Request) -> Reader:
    """The reader of a request: the header switch's choice, else the account's language (once
    the page's caller is known), else Accept-Language, else English."""
    caller = getattr(request.state, "caller", None)
    account = getattr(caller, "language", None)
    return reader(chosen_language(request, cookie_name(request, LANGUAGE_COOKIE), account))


def render(request: Request, name: str, context: dict[str, Any], status: int = 200) -> Response:
    """A template rendered with the common context (the caller, the reader, the record kinds)."""
    templates: Jinja2Templates = request.app.state.templates
    context = {"kinds": KINDS, "languages": LANGUAGES, "reader": reader_of(request), **context}
    response = templates.TemplateResponse(request, name, context, status_code=status)
    response.headers["Content-Language"] = context["reader"].language
    return response


def _reader(context: Context) -> Reader:
    known = context.get("reader")
    return known if isinstance(known, Reader) else reader_of(context["request"])


def numeric(kind: Any, field: str) -> bool:
    """Whether a field of a record class holds a number or an amount (right-aligned)."""
    return fmt.field_types(kind).get(field) in (int, Decimal, Money)


def show(value: Any) -> str:
    """A record value as text, without a reader (kept for plain values): lists comma-separated."""
    if isinstance(value, list):
        return ", ".join(show(item) for item in value)
    return "" if value is None else str(value)


def _with_reader(function: Callable[..., str]) -> Callable[..., str]:
    @pass_context
    def filtered(context: Context, *args: Any) -> str:
        return function(*args, _reader(context))

    return filtered


def _with_locale(function: Callable[..., str]) -> Callable[..., str]:
    @pass_context
    def filtered(context: Context, *args: Any) -> str:
        return function(*args, _reader(context).locale)

    return filtered


def _with_locale_markup(function: Callable[..., Markup]) -> Callable[..., Markup]:
    @pass_context
    def called(context: Context, *args: Any, **options: Any) -> Markup:
        return function(*args, _reader(context).locale, **options)

    return called


def _with_reader_markup(function: Callable[..., Markup]) -> Callable[..., Markup]:
    @pass_context
    def called(context: Context, *args: Any, **options: Any) -> Markup:
        return function(*args, _reader(context), **options)

    return called


def _label(member: Enum | None, reader: Reader) -> str:
    return "" if member is None else label(member, reader)


def _money(amount: Any, reader: Reader) -> str:
    """A Money, a ``{"amount", "currency"}`` record or nothing."""
    if amount is None:
        return ""
    if isinstance(amount, dict):
        return fmt.money(amount["amount"], amount["currency"], reader.locale)
    return fmt.money_of(amount, reader)


def _amount(amount: float | Decimal, currency: str, reader: Reader) -> str:
    return fmt.money(Decimal(str(round(amount, 2))), currency, reader.locale)


FILTERS: dict[str, Callable[..., str]] = {
    "label": _with_reader(_label),
    "field_label": _with_reader(field_label),
    # a msgid held in a variable, translated as it is (no %-formatting: "Stake (%)")
    "translated": _with_reader(lambda message, r: r.gettext(message)),
    "kind_label": _with_reader(kind_label),
    "value": _with_reader(fmt.value),
    "money": _with_reader(_money),
    "amount": _with_reader(_amount),
    "compact_money": _with_locale(fmt.compact_money),
    "units": _with_locale(fmt.units),
    "decimal": _with_locale(lambda value, *rest: fmt.decimal(value, rest[-1], *rest[:-1])),
    "percent": _with_locale(fmt.percent),
    "share": _with_locale(lambda share, locale: fmt.percent(100 * share, locale)),
    "day": _with_locale(fmt.day),
    "country": _with_locale(country_name),
    "entry_day": _with_locale(dates.written),
    "count_label": _with_reader(
        lambda plural, n, r: count_label(plural, n, fmt.units(n, r.locale), r)
    ),
    "fact_type": _with_reader(lambda v, r: enum_label(FactType, str(v), r)),
    "fact_value": _with_reader(fmt.fact_value),
    "review_state": _with_reader(lambda v, r: enum_label(ReviewState, str(v), r)),
    "month": _with_locale(fmt.month),
    "moment": _with_locale(fmt.moment),
}


@pass_context
def _refusal(context: Context, error: CoprodError) -> str:
    return refusal(error, _reader(context))


@pass_context
def _date_hint(context: Context) -> str:
    """How a date is typed on this page: the reader's pattern and an example."""
    reader = _reader(context)
    return reader.gettext(DATE_HINT) % {
        "pattern": dates.pattern_hint(reader),
        "example": dates.example(reader),
    }


@pass_context
def _country_names(context: Context) -> tuple[tuple[str, str], ...]:
    """Every country's code and name in the reader's language, by name."""
    return named(_reader(context).locale)


@pass_context
def _language(context: Context) -> str:
    return _reader(context).language


@pass_context
def _gettext(context: Context, message: str) -> str:
    return _reader(context).gettext(message)


@pass_context
def _ngettext(context: Context, singular: str, plural: str, n: int) -> str:
    return _reader(context).ngettext(singular, plural, n)


@pass_context
def _pgettext(context: Context, message_context: str, message: str) -> str:
    return _reader(context).pgettext(message_context, message)


def make_templates() -> Jinja2Templates:
    """The pages' Jinja2 environment: autoescaped, gettext installed, the reader's filters."""
    environment = Environment(
        loader=PackageLoader("coprod.web", "templates"),
        autoescape=select_autoescape(["html", "svg"]),
        extensions=["jinja2.ext.i18n"],
    )
    environment.install_gettext_callables(  # type: ignore[attr-defined]
        _gettext, _ngettext, newstyle=True, pgettext=_pgettext
    )
    environment.filters["show"] = show
    environment.filters.update(FILTERS)
    environment.globals.update(
        numeric=numeric,
        kinds=KINDS,
        languages=LANGUAGES,
        language=_language,
        date_hint=_date_hint,
        country_names=_country_names,
        refusal=_refusal,
        target=links.target,
        linked=_with_locale_markup(links.linked),
        public_linked=_with_locale_markup(links.public_linked),
        named_parts=links.named_parts,
        parts_named=_with_reader_markup(links.parts_named),
    )
    # A link from a record is rendered only to an http(s) address, whatever the store holds.
    environment.tests["web_url"] = is_web_url
    return Jinja2Templates(env=environment)
