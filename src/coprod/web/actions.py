"""Workflow action forms: advance an agreement, place or cancel an order, report production,
record a delivery, confirm receipt, record a payment, move a project's stage.

Each form parses its fields (a date is a date, a quantity a whole number) and calls one use
case of ``services/registry/actions`` through the HTTP shell; the rules are the services'.
A record's page shows a button for each action the caller may take on it now
(``actions.read_with_actions``); the form's page answers 403 to anyone else. A refusal keeps
the form, with the values typed and the reason beside its field, in the reader's language
(``web/refusals.py``). Parties, lines, instruments and documents are typed ahead from the
registry: a combobox (``static/choices.js``) filled from ``/choices/<kind>?q=`` (the caller's
records only); without JavaScript a plain text input.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Annotated, Any, TypeVar

from babel import Locale
from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from coprod.domain import kinds
from coprod.domain.bounds import DIGITS
from coprod.domain.enums import AgreementStatus, MaturityStage, OrderStatus
from coprod.domain.money import Money
from coprod.errors import CoprodError, InvalidInput, NotFound
from coprod.http.request import PageWork, RequestWork
from coprod.services import registry
from coprod.services.registry import actions
from coprod.services.registry.actions import Action, EvidenceGiven, Subject
from coprod.web import dates
from coprod.web import formatting as fmt
from coprod.web.labels import N_, label
from coprod.web.refusals import refusal
from coprod.web.rendering import reader_of, render

router = APIRouter(include_in_schema=False)
E = TypeVar("E", bound=Enum)
Done = TypeVar("Done")
MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
CURRENCY = re.compile(r"^[A-Z]{3}$")
# Refusals that end on an error page, not in the form: the caller may not act at all.
NOT_IN_FORM = frozenset({"action.not_allowed", "role.may_not_change"})

TITLES = {
    Action.ADVANCE: N_("Advance the agreement"),
    Action.PLACE_ORDER: N_("Place an order"),
    Action.CANCEL_ORDER: N_("Cancel the order"),
    Action.REPORT_PRODUCTION: N_("Report production"),
    Action.RECORD_DELIVERY: N_("Record a delivery"),
    Action.CONFIRM_RECEIPT: N_("Confirm receipt"),
    Action.RECORD_PAYMENT: N_("Record a payment"),
    Action.MOVE_STAGE: N_("Move to the next stage"),
}
EXPLAINED = {
    Action.ADVANCE: N_(
        "The next statuses the lifecycle allows are offered, with the date of the step and "
        "the document that shows it."
    ),
    Action.PLACE_ORDER: N_(
        "The order is placed for this need on a production line, paid by a funding "
        "instrument if one is named."
    ),
    Action.CANCEL_ORDER: N_(
        "A cancelled order no longer counts as ordered and frees its instrument's money. "
        "This cannot be undone."
    ),
    Action.REPORT_PRODUCTION: N_("Units made on the order's line in one month."),
    Action.RECORD_DELIVERY: N_("Units of this order handed over to the recipient."),
    Action.CONFIRM_RECEIPT: N_("The ministry confirms that the order was received and accepted."),
    Action.RECORD_PAYMENT: N_(
        "A payment by the order's funding instrument, in the instrument's currency."
    ),
    Action.MOVE_STAGE: N_("The maturity stage the project reached, and when."),
}
DONE = {
    Action.ADVANCE: N_("The agreement was advanced."),
    Action.PLACE_ORDER: N_("The order was placed."),
    Action.CANCEL_ORDER: N_("The order was cancelled."),
    Action.REPORT_PRODUCTION: N_("The production was reported."),
    Action.RECORD_DELIVERY: N_("The delivery was recorded."),
    Action.CONFIRM_RECEIPT: N_("The receipt of the order was confirmed."),
    Action.RECORD_PAYMENT: N_("The payment was recorded."),
    Action.MOVE_STAGE: N_("The project's stage was recorded."),
}


@dataclass(frozen=True)
class Input:
    """One field of an action form."""

    name: str
    label: str  # a msgid
    widget: str  # select, date, month, number, amount, record, text, quote
    required: bool = True
    choices: tuple[tuple[str, str], ...] = ()  # (value, label) of a select
    source: str = ""  # the kind a record field is typed ahead from
    default: str = ""
    currency: str = ""  # an amount's currency, by default


@dataclass
class Filled:
    """A form as the reader sees it: its inputs, the values typed and the refusals."""

    inputs: list[Input]
    values: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    general: list[str] = field(default_factory=list)


def _today() -> str:
    return date.today().isoformat()


def _labelled(members: tuple[Any, ...], request: Request) -> tuple[tuple[str, str], ...]:
    reader = reader_of(request)
    return tuple((str(m.value), label(m, reader)) for m in members)


def inputs_of(action: Action, subject: Subject, request: Request) -> list[Input]:
    """The fields of ``action``'s form on ``subject``."""
    record = subject.record
    if action is Action.ADVANCE:
        return [
            Input(
                "status", N_("Next status"), "select", choices=_labelled(subject.statuses, request)
            ),
            Input("on", N_("Date of the step"), "date", default=_today()),
            Input(
                "document", N_("Document that shows it"), "record", False, source="source_documents"
            ),
            Input("quote", N_("Sentence quoted from the document"), "quote", False),
            Input("note", N_("Note on the evidence"), "text", False),
        ]
    if action is Action.PLACE_ORDER:
        return [
            Input("production_line", N_("Production line"), "record", source="production_lines"),
            Input(
                "instrument",
                N_("Funding instrument"),
                "record",
                False,
                source="funding_instruments",
            ),
            Input("quantity", N_("Quantity (units)"), "number"),
            Input("unit_price", N_("Unit price"), "amount", currency="EUR"),
            Input("month", N_("Production month"), "month", default=record.due),
        ]
    if action is Action.REPORT_PRODUCTION:
        return [
            Input("month", N_("Month of production"), "month", default=record.month),
            Input("quantity", N_("Units made"), "number"),
        ]
    if action is Action.RECORD_DELIVERY:
        return [
            Input("quantity", N_("Units delivered"), "number"),
            Input("delivered_on", N_("Delivered on"), "date", default=_today()),
        ]
    if action is Action.RECORD_PAYMENT:
        return [
            Input("paid_on", N_("Paid on"), "date", default=_today()),
            Input("amount", N_("Amount paid"), "amount", currency=record.unit_price.currency),
        ]
    if action is Action.MOVE_STAGE:
        return [
            Input(
                "stage", N_("Stage reached"), "select", choices=_labelled(subject.stages, request)
            ),
            Input("on", N_("Reached on"), "date", default=_today()),
        ]
    if action in {Action.CANCEL_ORDER, Action.CONFIRM_RECEIPT}:
        return [Input("on", N_("Date of the step"), "date", default=_today())]
    return []


class FormRefused(InvalidInput):
    """The fields of a form that could not be read, each with its refusal."""

    def __init__(self, refusals: Sequence[CoprodError]) -> None:
        first = refusals[0]
        super().__init__(first.message, code=first.code, field=first.field, problems=refusals)


class Parsed:
    """The values of a submitted form, parsed field by field; each refusal is kept for the
    field it concerns, so that the reader sees all of them at once. A field that could not
    be read answers a placeholder of its type: ``check()`` raises before any is used."""

    def __init__(self, form: dict[str, str], locale: Locale) -> None:
        self.form = form
        self.locale = locale  # the reader's: the order a date is typed in
        self.errors: list[InvalidInput] = []

    def _refuse(self, name: str, code: str) -> None:
        self.errors.append(InvalidInput(f"field {name!r}: {code}", code=code, field=name))

    def optional(self, name: str) -> str | None:
        """A text field that may be left empty (None then)."""
        return self.form.get(name, "").strip() or None

    def text(self, name: str) -> str:
        """A text field that must be filled in."""
        raw = self.optional(name)
        if raw is None:
            self._refuse(name, "form.required")
        return raw or ""

    def day(self, name: str) -> date:
        """A date field: typed in the reader's order (``05.03.2024``) or as ISO."""
        raw = self.text(name)
        try:
            return dates.parse(raw, self.locale)
        except dates.DateUnreadable as unreadable:
            if raw:
                code = unreadable.code
                self.errors.append(
                    InvalidInput(
                        f"field {name!r}: {code}", code=code, field=name, params={"value": raw[:40]}
                    )
                )
            return date.min

    def month(self, name: str) -> str:
        """A month field: ``YYYY-MM``, or its month and year given apart (``<name>.month``
        and ``<name>.year``: the pages' control, the month named in the reader's words)."""
        raw = self.optional(name)
        if raw is None:
            year, month = self.optional(f"{name}.year"), self.optional(f"{name}.month")
            if year is None and month is None:
                self._refuse(name, "form.required")
                return ""
            raw = f"{year or ''}-{month or ''}"
        if not MONTH.fullmatch(raw):
            self._refuse(name, "form.month")
        return raw

    def whole(self, name: str) -> int:
        """A whole number (spaces between its digits allowed)."""
        raw = re.sub(r"[\s\u00a0\u202f]", "", self.text(name))
        if raw and not DIGITS.fullmatch(raw):
            self._refuse(name, "form.whole_number")
        return int(raw) if DIGITS.fullmatch(raw) else 0

    def amount(self, name: str) -> Money:
        """An amount and its currency (the field ``<name>.currency``)."""
        raw = re.sub(r"[\s\u00a0\u202f]", "", self.text(name)).replace(",", ".")
        currency = self.form.get(f"{name}.currency", "").strip().upper()
        placeholder = Money(Decimal(0), "EUR")
        if not raw:
            return placeholder
        try:
            amount = Decimal(raw)
        except InvalidOperation:
            amount = Decimal("NaN")
        if not amount.is_finite():
            self._refuse(name, "form.amount")
            return placeholder
        if not CURRENCY.fullmatch(currency):
            self._refuse(name, "form.currency")
            return placeholder
        return Money(amount, currency)

    def choice(self, name: str, allowed: type[E]) -> E:
        """One of an enum's values."""
        raw = self.text(name)
        try:
            return allowed(raw)
        except ValueError:
            if raw:
                self._refuse(name, "form.choice")
            return next(iter(allowed))

    def check(self) -> None:
        """FormRefused with every field that could not be read, if any."""
        if self.errors:
            raise FormRefused(self.errors)


def _step(action: Action, key: str, form: dict[str, str], request: Request) -> actions.Step:
    """The step that parses ``form`` and runs ``action``'s use case on the record ``key``, in
    the unit of work ``actions.attempt`` opens (a field that cannot be read is refused there,
    like a rule, with the record already read for the form). Its dates are read in the
    reader's language, known there (the caller's account may choose it)."""

    def take(uow: Any) -> object:
        version = form.get("version", "")
        if not DIGITS.fullmatch(version):
            raise InvalidInput("the form lost the version it was read at: reload it")
        parsed = Parsed(form, reader_of(request).locale)
        return _run(action, key, parsed, int(version), uow)

    return take


def _run(action: Action, key: str, given: Parsed, read: int, uow: Any) -> object:
    """Read ``action``'s fields from ``given`` and call its use case in ``uow``."""
    if action is Action.ADVANCE:
        status, on = given.choice("status", AgreementStatus), given.day("on")
        document = given.optional("document")
        quote, note = given.optional("quote") or "", given.optional("note") or ""
        evidence = EvidenceGiven(document, quote, note) if document else None
        return _judging(
            given,
            lambda unread: actions.advance_agreement(
                uow, key, status, on, read, evidence=evidence, unread=unread
            ),
        )
    if action is Action.PLACE_ORDER:
        line = given.text("production_line")
        instrument = given.optional("instrument")
        quantity, price = given.whole("quantity"), given.amount("unit_price")
        month = given.month("month")
        return _judging(
            given,
            lambda unread: actions.place_order(
                uow, key, line, instrument, quantity, price, month, unread=unread
            ),
        )
    if action in {Action.CANCEL_ORDER, Action.CONFIRM_RECEIPT}:
        moved = OrderStatus.CANCELLED if action is Action.CANCEL_ORDER else OrderStatus.ACCEPTED
        step_on = given.day("on") if given.optional("on") else None  # today when left empty
        return _judging(
            given, lambda unread: actions.move_order(uow, key, moved, read, step_on, unread=unread)
        )
    if action is Action.REPORT_PRODUCTION:
        month, quantity = given.month("month"), given.whole("quantity")
        return _judging(
            given,
            lambda unread: actions.report_production(uow, key, month, quantity, unread=unread),
        )
    if action is Action.RECORD_DELIVERY:
        quantity, delivered_on = given.whole("quantity"), given.day("delivered_on")
        return _judging(
            given,
            lambda unread: actions.record_delivery(uow, key, quantity, delivered_on, unread=unread),
        )
    if action is Action.RECORD_PAYMENT:
        paid_on, amount = given.day("paid_on"), given.amount("amount")
        return _judging(
            given, lambda unread: actions.record_payment(uow, key, paid_on, amount, unread=unread)
        )
    if action is Action.MOVE_STAGE:
        stage, on = given.choice("stage", MaturityStage), given.day("on")
        return _judging(
            given, lambda unread: actions.move_stage(uow, key, stage, on, read, unread=unread)
        )
    raise NotFound(f"no action {action.value!r}")


def _judging(given: Parsed, take: Callable[[frozenset[str]], object]) -> object:
    """Run ``take``, the use case of an action, told which of the form's fields could not be
    read (``judged_with``)."""
    unread = frozenset(refused.field for refused in given.errors if refused.field)
    return judged_with(given.errors, lambda: take(unread))


def judged_with(
    refused: Sequence[InvalidInput],
    run: Callable[[], Done],
    placed: Callable[[Sequence[CoprodError]], Sequence[CoprodError]] = tuple,
) -> Done:
    """Run ``run``, a use case that creates or changes a record from a form's fields. When
    some could not be read (``refused``), it judges the record by the rules that need none
    of them and writes nothing (``registry.Unfinished``): the form's refusals come back with
    what it found (``placed`` beside the inputs they are read from), in one answer."""
    try:
        done = run()
    except registry.Unfinished as judged:
        raise FormRefused([*refused, *placed(judged.problems)]) from None
    if refused:
        raise FormRefused(refused)  # not reached: a use case told of unread fields refuses
    return done


def _action(name: str) -> Action:
    try:
        return Action(name)
    except ValueError:
        raise NotFound(f"no action called {name!r}") from None


def _check_kind(action: Action, plural: str) -> None:
    if actions.STARTS_FROM[action].plural != plural:
        raise NotFound(f"no action {action.value!r} on {plural}")


def _page(
    request: Request,
    work: RequestWork,
    action: Action,
    subject: Subject,
    filled: Filled,
    *,
    status: int = 200,
) -> Response:
    context = {
        "caller": work.caller,
        "action": action,
        "title": TITLES[action],
        "explained": EXPLAINED[action],
        "subject": subject,
        "kind": subject.kind,
        "filled": filled,
        "months": fmt.month_names(reader_of(request).locale),
    }
    return render(request, "action.html", context, status)


def _filled(
    inputs: list[Input], error: CoprodError, form: dict[str, str], request: Request
) -> Filled:
    """The form as submitted, with each refusal beside its field (or above the form)."""
    reader = reader_of(request)
    filled = Filled(inputs, {k: v for k, v in form.items() if k != "csrf_token"})
    names = {i.name for i in inputs}
    for refused in error.each():
        place = _field_of(refused.field, names)
        said = refusal(refused, reader)
        if place is None:
            filled.general.append(said)
        else:
            filled.errors[place] = beside(filled.errors.get(place), said)
    return filled


def beside(shown: str | None, said: str) -> str:
    """What an input says once ``said`` joins what it said already (``shown``): two unknown
    parties in one input are both named, a sentence said twice once."""
    if not shown or said in shown:
        return shown or said
    return f"{shown} {said}"


def _field_of(name: str | None, names: set[str]) -> str | None:
    """The form's field a refusal of the record's field ``name`` belongs beside."""
    if not name:
        return None
    top = name.split(".")[0]
    if name.endswith(".on") and "on" in names:
        return "on"
    for candidate in (name, top, {"stages": "stage", "history": "on"}.get(top, "")):
        if candidate in names:
            return candidate
    return None


@router.get("/records/{plural}/{key}/act/{name}", response_class=HTMLResponse)
async def action_page(
    request: Request, work: PageWork, plural: str, key: str, name: str
) -> Response:
    """An action's form on one record (403 when the caller may not take it there now)."""
    action = _action(name)
    _check_kind(action, plural)
    subject = await work(actions.prepare, action, key)
    return _page(request, work, action, subject, Filled(inputs_of(action, subject, request)))


@router.post("/records/{plural}/{key}/act/{name}")
async def take_action(
    request: Request, work: PageWork, plural: str, key: str, name: str
) -> Response:
    """Take the action; a refusal keeps the form, with its reason beside the field."""
    action = _action(name)
    _check_kind(action, plural)
    form = {k: str(v) for k, v in (await request.form()).items()}
    submitted = work.form(form.get("csrf_token"))
    try:
        await submitted(actions.attempt, action, key, _step(action, key, form, request))
    except actions.Refused as refused:
        error = refused.error
        if (
            error.http_status in {401, 404}
            or error.code in NOT_IN_FORM
            or (error.http_status == 403 and error.field is None)
        ):
            raise error from refused
        # The form again, from the record as the refused attempt read it: nothing was
        # written, and nothing is read a second time.
        subject = refused.subject
        filled = _filled(inputs_of(action, subject, request), error, form, request)
        return _page(request, work, action, subject, filled, status=error.http_status)
    return RedirectResponse(f"/records/{plural}/{key}?done={action.value}", status_code=303)


@router.get("/choices/{plural}")
async def choices(
    work: PageWork, plural: str, q: Annotated[str, Query(max_length=100)] = ""
) -> Response:
    """Records of a kind the caller sees that the lists' search finds for ``q``, best first:
    ``[{key, name}]``."""
    kind = kinds.BY_PLURAL.get(plural)
    if kind is None:
        raise NotFound(f"no kind of record called {plural!r}")
    found = await work(actions.choices, kind, q)
    return JSONResponse([{"key": key, "name": name} for key, name in found])
