"""Refusals in the reader's language: a service's error, by its stable code and parameters.

The services raise ``CoprodError`` with an English message (what the API's ``detail`` and
the CLI print) and, for the refusals a person meets on a form, a ``code``, the ``field`` it
is about and ``params`` (``coprod.errors``). The pages write the sentence of that code in
the reader's language, beside the field; a ledger or domain rule is named by its stable id
(``rule.…``, ``domain/rulebook.py``), translated as a whole. An error without a known code
keeps its English message behind a translated lead-in.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from coprod.domain import rulebook as rb
from coprod.domain.enums import AgreementStatus
from coprod.errors import CoprodError
from coprod.services.records import exchange
from coprod.web import dates
from coprod.web import formatting as fmt
from coprod.web.labels import N_, NC_, enum_label, kind_label
from coprod.web.locales import Reader

RULE = "rule"  # a domain rule's context in the catalogs

# Each code's sentence (a msgid with named parameters).
SENTENCES = {
    "bounds.range": N_("Enter a value from %(low)s to %(high)s."),
    "bounds.places": N_("Write at most %(places)s digits after the decimal point."),
    "bounds.year": N_("Enter a date in the years %(low)s to %(high)s."),
    "bounds.url": N_(
        "Enter a web address that starts with http:// or https://, without spaces, of at most "
        "%(high)s characters."
    ),
    "bounds.text_length": N_(
        "Write at most %(high)s characters here (there are %(value)s): shorten the text."
    ),
    "bounds.nul": N_("The text holds a character that cannot be stored (NUL): remove it."),
    "bounds.list_length": N_("List at most %(high)s items here."),
    "bounds.sha256": N_("Enter the SHA-256 digest as 64 hexadecimal digits (0–9, a–f)."),
    "record.key_taken": N_("The key %(key)s is taken: choose another one."),
    "record.changed_meanwhile": N_(
        "Someone changed this record while you were filling in the form: open it again."
    ),
    "reference.unknown": N_("There is no record %(key)s you may see: choose one from the list."),
    "agreement.step": N_(
        "An agreement cannot go from “%(current)s” to “%(target)s”: choose a next status "
        "from the list."
    ),
    "agreement.date_before_last": N_(
        "The date is earlier than the agreement's last recorded step (%(last)s)."
    ),
    "agreement.history_step": N_(
        "In the history, “%(target)s” cannot follow “%(current)s”: put the steps in their "
        "order (planned, signed, in force, completed, or cancelled on the way)."
    ),
    "agreement.history_date_back": N_(
        "This step is dated %(on)s, earlier than the step before it (%(last)s): the dates of "
        "the history never go back."
    ),
    "agreement.history_end": N_(
        "The status is “%(current)s”, but the history ends with “%(target)s”: make them the same."
    ),
    "agreement.no_parties": N_("Name at least one party: a state or an organisation."),
    "evidence.span": N_(
        "The cited span runs from character %(start)s to %(end)s: its end cannot be before "
        "its start, and neither is below 0."
    ),
    "instrument.one_currency": N_(
        "Pledged, allocated and disbursed are in one currency, not %(value)s."
    ),
    "window.order": N_("The last month comes before the first month (%(first)s)."),
    "evidence.quote_not_found": N_(
        "The stored text of the document does not contain this sentence: copy it exactly, "
        "or leave the quote empty."
    ),
    "order.acceptance": N_("Only the ministry confirms receipt and acceptance of an order."),
    "payment.no_instrument": N_("The order names no funding instrument to pay it."),
    "role.may_not_change": N_("Your account may not change these records."),
    "action.not_allowed": N_("Your account may not take this action on this record now."),
    "public.may_not_publish": N_(
        "Your account may not make these records public: the organisation that owns them, "
        "the ministry or an administrator may."
    ),
    "form.required": N_("Fill in this field."),
    "form.date": N_("Enter the date as %(pattern)s, for example %(example)s."),
    "form.date_year": N_("Write the year in full, with four digits, for example %(example)s."),
    "form.date_day": N_("There is no such day: %(value)s. Check the day and the month."),
    "form.month": N_("Enter a month (year and month)."),
    "form.whole_number": N_("Enter a whole number."),
    "form.amount": N_("Enter an amount, such as 1250.50."),
    "form.currency": N_("Enter a currency code of three letters, such as EUR."),
    "form.choice": N_("Choose one of the options."),
    "form.number": N_("Enter a number, such as 12.5."),
    "form.key": N_(
        "Write the key in Latin letters, digits, “-”, “_” or “.”, starting with a letter or a "
        "digit (for example fr-ua-loi-2025)."
    ),
    "form.country": N_("There is no country called “%(value)s”: choose one from the list."),
    # A partial record (a form some of whose fields could not be read) is judged, never
    # saved: these say so should one reach a person without the fields' own refusals.
    "form.unread": N_("This field could not be read: correct it, then save again."),
    "record.unfinished": N_(
        "The record was not saved: some of its fields could not be read. Correct them, then "
        "save again."
    ),
    "list.search": N_(
        "Enter at most %(high)s characters to search: the list below is not searched."
    ),
    "filter.date": N_(
        "“%(value)s” is not a date: enter a day as %(pattern)s (for example %(example)s) or a "
        "month as YYYY-MM (2025-02). The list below leaves this filter out."
    ),
    "filter.choice": N_(
        "“%(value)s” is not one of the options: choose one from the list. The list below "
        "leaves this filter out."
    ),
    "list.page": N_("“%(value)s” is not a page number: the first page is shown."),
    # The records format's type errors (``services/records.FORMAT_CODES``), where and the field
    # named as the English message names them (``new people``, ``roles.0.title``).
    "format.missing": N_("%(where)s: the field “%(field)s” is missing: fill it in."),
    "format.whole_number": N_(
        "%(where)s: the field “%(field)s” must be a whole number, not %(value)s."
    ),
    "format.number": N_("%(where)s: the field “%(field)s” must be a number, not %(value)s."),
    "format.text": N_("%(where)s: the field “%(field)s” must be text, not %(value)s."),
    "format.yes_no": N_(
        "%(where)s: the field “%(field)s” must be yes or no (true or false), not %(value)s."
    ),
    "format.date": N_(
        "%(where)s: the field “%(field)s” must be a date written YYYY-MM-DD, not %(value)s."
    ),
    "format.text_too_long": N_(
        "%(where)s: the field “%(field)s” holds too much text: at most %(limit)s characters."
    ),
    "format.text_too_short": N_(
        "%(where)s: the field “%(field)s” is too short: at least %(limit)s characters."
    ),
    "format.list_too_long": N_(
        "%(where)s: the field “%(field)s” lists too many items: at most %(limit)s."
    ),
    "format.list_too_short": N_(
        "%(where)s: the field “%(field)s” lists too few items: at least %(limit)s."
    ),
    "format.choice": N_(
        "%(where)s: the field “%(field)s” must be one of %(expected)s, not %(value)s."
    ),
    "format.at_least": N_(
        "%(where)s: the field “%(field)s” must be at least %(limit)s, not %(value)s."
    ),
    "format.more_than": N_(
        "%(where)s: the field “%(field)s” must be more than %(limit)s, not %(value)s."
    ),
    "format.at_most": N_(
        "%(where)s: the field “%(field)s” must be at most %(limit)s, not %(value)s."
    ),
    "format.less_than": N_(
        "%(where)s: the field “%(field)s” must be less than %(limit)s, not %(value)s."
    ),
    "format.unknown_field": N_(
        "%(where)s: the records format has no field “%(field)s”: leave it out or correct its name."
    ),
    "format.not_object": N_("%(where)s: a record must be a JSON object ({…})."),
    # The import's own refusals (``services/records/importing.py``, ``csv_records.py``): a
    # file it cannot read, a document or a CSV header or line it cannot take, a key twice.
    "import.no_file": N_("%(file)s: there is no such file."),
    "import.folder": N_("%(file)s is a folder, not a file of records: name the file itself."),
    "import.unreadable": N_(
        "%(file)s: the file cannot be read: check that it exists and that you may read it."
    ),
    "import.not_utf8": N_(
        "%(file)s is not UTF-8 text: save it as UTF-8 (in a spreadsheet, as “CSV UTF-8”) and "
        "import it again."
    ),
    "import.not_json": N_(
        "%(file)s, line %(line)s, column %(column)s: this is not valid JSON: check the quotes, "
        "commas and brackets there."
    ),
    "import.too_deep": N_("%(file)s: the JSON is nested too deeply: make its structure flatter."),
    "import.not_object": N_("%(file)s must hold a JSON object with a “schema” field."),
    "import.schema": N_("%(file)s: the field “schema” must be “%(schema)s”, not %(value)s."),
    "import.unknown_lists": N_(
        "%(file)s: the records format has no list %(lists)s; its lists are %(known)s."
    ),
    "import.not_a_list": N_("%(file)s: “%(list)s” must be a list of records."),
    "import.duplicate_key": N_(
        "%(where)s: the key %(key)s is already the key of record no. %(first_number)s of this "
        "list: a file holds each record once."
    ),
    "csv.duplicate_key": N_(
        "%(where)s: the key %(key)s is already the key of the record on line %(first_line)s: a "
        "file holds each record once."
    ),
    "csv.unknown_columns": N_(
        "%(where)s: the file has columns its records do not have: %(columns)s. Their columns "
        "are %(expected)s."
    ),
    "csv.unknown_header": N_(
        "%(file)s, line 1: the header matches no kind of record: name the file after its kind "
        "(%(examples)s, …) or give it the columns of one."
    ),
    "csv.unreadable_line": N_(
        "%(file)s, line %(line)s cannot be read as CSV: look for a stray quote, or a cell "
        "longer than 131 072 characters."
    ),
    "csv.more_cells": N_("%(where)s: the line has more cells than the header has columns."),
    "csv.too_many_parts": N_(
        "%(where)s: in the field “%(field)s”, the item %(value)s has too many parts separated "
        "by “|” (at most %(limit)s)."
    ),
    "list.sort": N_("The list cannot be sorted by “%(value)s”: it is sorted by key."),
}

# Each rule of the domain and the ledger by its stable id (``domain/rulebook.py``), in the
# words the pages use: translated by the id, so rewording a rule's English sentence in the
# domain keeps every translation (``tests/unit/test_refusals.py``: one per rule).
RULES = {
    rb.LINE_MAKES_SYSTEM.code: NC_("rule", "the order's line makes the need's system"),
    rb.ORDER_CURRENCY.code: NC_("rule", "an order is paid in its instrument's currency"),
    rb.PRODUCER_COUNTRIES.code: NC_("rule", "the instrument's producer_countries admit the line"),
    rb.SITE_COUNTRIES.code: NC_("rule", "the instrument's site_countries admit the line"),
    rb.CATEGORIES.code: NC_("rule", "the instrument's categories admit the line"),
    rb.ORDER_WINDOW.code: NC_("rule", "the order's month lies in the instrument's window"),
    rb.NEVER_OVER_ORDERED.code: NC_("rule", "a need is never over-ordered"),
    rb.ALLOCATED_WITHIN_PLEDGED.code: NC_(
        "rule", "an instrument's allocated never exceeds its pledged"
    ),
    rb.DISBURSED_WITHIN_ALLOCATED.code: NC_("rule", "disbursed never exceeds allocated"),
    rb.ALLOCATED_FROM_ORDERS.code: NC_(
        "rule", "allocated is the cost of the instrument's orders, never typed in"
    ),
    rb.DISBURSED_FROM_PAYMENTS.code: NC_(
        "rule", "disbursed is the sum of the instrument's payments, never typed in"
    ),
    rb.REPORTED_ON_OWN_LINE.code: NC_("rule", "production is reported on the order's own line"),
    rb.REPORTED_FOR_PLACED.code: NC_(
        "rule", "production is reported for an order placed or later, not cancelled"
    ),
    rb.PRODUCED_WITHIN_ORDERED.code: NC_("rule", "produced never exceeds ordered"),
    rb.DELIVERED_WITHIN_PRODUCED.code: NC_("rule", "delivered never exceeds produced"),
    rb.DELIVERED_WITHIN_ORDERED.code: NC_("rule", "delivered never exceeds ordered"),
    rb.PAID_BY_ORDER_INSTRUMENT.code: NC_("rule", "a payment is made by its order's instrument"),
    rb.PAID_FOR_PLACED.code: NC_(
        "rule", "payments are made for orders placed or later, not cancelled"
    ),
    rb.PAID_WITHIN_COST.code: NC_("rule", "the payments on an order never exceed its cost"),
    rb.PAYMENT_RATE.code: NC_("rule", "a payment converts at a stored rate"),
    rb.ORDER_STATUSES.code: NC_(
        "rule",
        "order statuses go placed → in_production → delivered → accepted, forward only, or "
        "cancelled before delivery",
    ),
    rb.ORDER_HISTORY_KEPT.code: NC_(
        "rule", "an order's dated status history is kept, never rewritten"
    ),
    rb.ORDER_HISTORY_DATED.code: NC_(
        "rule",
        "order statuses go placed → in_production → delivered → accepted, forward only, or "
        "cancelled before delivery, each dated, dates never going back",
    ),
    rb.STAGES_FORWARD.code: NC_("rule", "maturity stages move forward only, with dates"),
    rb.STAKES_WITHIN_WHOLE.code: NC_(
        "rule", "the stakes in one company sum to at most 100 % at any date"
    ),
    rb.LINES_IN_PLANT_COUNTRY.code: NC_(
        "rule", "a plant's production lines are in the plant's country"
    ),
    rb.PLANT_FORWARD.code: NC_("rule", "a plant's status and its dates move forward"),
    rb.INVESTMENT_FORWARD.code: NC_("rule", "an investment's status moves forward"),
    rb.NOT_OWN_ITSELF.code: NC_("rule", "a company does not own itself"),
    rb.OWNERSHIP_DATES.code: NC_("rule", "an ownership ends on or after it starts"),
    rb.INVESTMENT_TARGET.code: NC_("rule", "an investment goes to one plant or one company"),
    rb.STAKE_IN_COMPANY.code: NC_("rule", "a stake is a share of a company"),
}
REFUSED = N_("The change was refused: %(reason)s")

# Where a refused record is (``services/records.Where``), in the reader's words: a form's new
# record or the record it edits, a document's n-th record of a list (counted from 1), a CSV
# file's line; a list by its kind's name, a key and a file's name as they are.
WHERE = {
    "new": N_("%(list)s, new record"),
    "edited": N_("%(list)s, record %(key)s"),
    "listed": N_("%(source)s, %(list)s, record no. %(number)s"),
    "listed_key": N_("%(source)s, %(list)s, record no. %(number)s (key %(key)s)"),
    "line": N_("%(source)s, line %(line)s"),
    "line_key": N_("%(source)s, line %(line)s (key %(key)s)"),
}
SOURCES = {exchange.SOURCE: N_("the request body")}  # a document without a file name
# Where in a request the API found a malformed value (``http/errors.malformed``).
REQUEST_PARTS = {
    "body": N_("the request body"),
    "query": N_("the request's query parameters"),
    "path": N_("the request's address"),
    "header": N_("the request's headers"),
    "cookie": N_("the request's cookies"),
}
AT = N_("%(where)s: %(said)s")  # a problem whose sentence does not say where it is


def _agreement_status(value: str, reader: Reader) -> str:
    return enum_label(AgreementStatus, value, reader)


def _day(value: str, reader: Reader) -> str:
    return fmt.day(date.fromisoformat(value), reader.locale)


def _month(value: str, reader: Reader) -> str:
    return fmt.month(value, reader.locale)


def _source(value: str, reader: Reader) -> str:
    """A document refused records came from: a file's name as it is, the request body in the
    reader's words."""
    return reader.gettext(SOURCES[value]) if value in SOURCES else value


# How a parameter is written for the reader (the others as they are).
SHOWN: dict[str, Callable[[str, Reader], str]] = {
    "current": _agreement_status,
    "target": _agreement_status,
    "last": _day,
    "on": _day,
    "first": _month,
    "file": _source,
}


def _rule(rule: str, reader: Reader) -> str:
    said = reader.pgettext(RULE, rule)
    return said[:1].upper() + said[1:] + ("" if said.endswith(".") else ".")


def where_words(params: dict[str, str], reader: Reader) -> str | None:
    """Where the refused record is (``Where.params``) in the reader's words; None when the
    refusal does not say (only in English, or nowhere)."""
    part = params.get("where_request")
    if part in REQUEST_PARTS:  # a value of a request the API could not read
        return reader.gettext(REQUEST_PARTS[part])
    plural = params.get("where_list")
    if plural is None:
        return None
    source = params.get("where_source")
    key = params.get("where_key")
    if source is None:
        shape = "new" if key is None else "edited"
    else:
        shape = "line" if "where_line" in params else "listed"
        shape += "_key" if key else ""
    parts = {
        "list": kind_label(plural, reader),
        "source": None if source is None else _source(source, reader),
        "key": key,
        "number": params.get("where_number"),
        "line": params.get("where_line"),
    }
    return reader.gettext(WHERE[shape]) % parts


def said_where(error: CoprodError, reader: Reader) -> str:
    """``error`` as ``refusal`` says it, preceded by where the record is when its sentence
    does not name it (a domain bound's, said beside its input on a form): one problem of
    many, said apart from its form (the API's answer: ``web/install.py``)."""
    said = refusal(error, reader)
    where = where_words(error.params, reader)
    sentence = SENTENCES.get(error.code or "", "")
    if where is None or error.code is None or "%(where)s" in sentence:
        return said
    return reader.gettext(AT) % {"where": where, "said": said}


def refusal(error: CoprodError, reader: Reader) -> str:
    """``error`` as a sentence in the reader's language (a rule by its id; where a refused
    record is in the reader's words too: ``where_words``)."""
    if error.code in RULES:
        return _rule(RULES[error.code][1], reader)
    if error.code == RULE and "rule" in error.params:  # a rule declared nowhere
        return _rule(error.params["rule"], reader)
    sentence = SENTENCES.get(error.code or "")
    if sentence is None:
        return reader.gettext(REFUSED) % {"reason": error.message}
    shown = {
        name: SHOWN[name](value, reader) if name in SHOWN else value
        for name, value in error.params.items()
    }
    where = where_words(error.params, reader)
    if where is not None:
        shown["where"] = where
    # A date's sentence shows the reader's pattern and an example (``ДД.ММ.РРРР``).
    typed = {"pattern": dates.pattern_hint(reader), "example": dates.example(reader)}
    return reader.gettext(sentence) % {**typed, **shown}
