"""Input validation at the edge (``domain/bounds.py``): every check on its boundary from both
sides, with the exact refusal, so that a changed bound, branch or message fails here."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from coprod.domain import bounds as b
from coprod.domain.entities import Agreement, Evidence, InnovationProject, Need, SourceDocument
from coprod.domain.enums import AgreementStatus, AgreementType
from coprod.domain.money import Money
from coprod.errors import InvalidInput


def refusal(check: object, *args: object, **kwargs: object) -> str:
    """The message of the InvalidInput that ``check(*args, **kwargs)`` raises."""
    assert callable(check)
    with pytest.raises(InvalidInput) as raised:
        check(*args, **kwargs)
    return str(raised.value)


# --- Range ---------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [0, 120, Decimal(0), Decimal(120), Decimal("1E+2")])
def test_a_range_takes_its_ends(value: int | Decimal) -> None:
    b.LEAD_TIME.check(value, "lead")


@pytest.mark.parametrize("value", [-1, 121, Decimal("-0.5"), Decimal("120.5")])
def test_a_range_refuses_just_outside_its_ends(value: int | Decimal) -> None:
    message = refusal(b.LEAD_TIME.check, value, "lead")
    assert message == f"lead must be between 0 and 120, not {value}"


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity", "sNaN"])
def test_a_range_refuses_what_is_no_finite_number(value: str) -> None:
    message = refusal(b.PRIORITY.check, Decimal(value), "priority")
    assert message == f"priority must be a finite number, not {Decimal(value)}"


def test_a_range_counts_decimal_places() -> None:
    b.PRIORITY.check(Decimal("0.0001"), "priority")
    message = refusal(b.PRIORITY.check, Decimal("0.00001"), "priority")
    assert message == "priority has more than 4 decimal places: 0.00001"


@pytest.mark.parametrize("value", ["1.5", "2.0"])
def test_a_whole_range_refuses_any_decimal_place(value: str) -> None:
    message = refusal(b.QUANTITY.check, Decimal(value), "quantity")
    assert message == f"quantity must be a whole number, not {value}"


# --- whole numbers, keys, months, dates ------------------------------------------------------


def test_a_whole_number_is_read_from_ascii_digits() -> None:
    assert b.whole_number("0", field="page") == 0
    assert b.whole_number("9" * 18, field="page") == 10**18 - 1
    assert b.whole_number("7", field="page", bound=b.PAGE) == 7


@pytest.mark.parametrize("text", ["", "²", "-1", "1.0", " 1", "9" * 19])
def test_what_is_no_whole_number_in_digits_is_refused(text: str) -> None:
    message = refusal(b.whole_number, text, field="page")
    assert message == f"page must be a whole number written in digits, not {text!r}"


def test_a_long_text_that_is_no_number_is_quoted_short() -> None:
    message = refusal(b.whole_number, "x" * 50, field="page")
    assert message == f"page must be a whole number written in digits, not {'x' * 40!r}"


def test_a_whole_number_is_held_to_its_bound() -> None:
    message = refusal(b.whole_number, "0", field="page", bound=b.PAGE)
    assert message == "page must be between 1 and 1000000, not 0"


@pytest.mark.parametrize("key", ["a", "0", "a" * 200, "A.b_c-9"])
def test_a_key_of_one_to_200_slug_characters_is_taken(key: str) -> None:
    b.check_key(key)


@pytest.mark.parametrize("key", ["", "a" * 201, "-a", ".a", "a/b", "a b", "é", None, 7])
def test_a_key_that_is_no_slug_is_refused_naming_the_field(key: object) -> None:
    message = refusal(b.check_key, key, field="need")
    assert message == (
        "need must be 1 to 200 characters: ASCII letters, digits, '-', '_' and '.', "
        f"starting with a letter or a digit, not {key!r}"
    )


def test_a_key_refusal_names_key_by_default() -> None:
    assert refusal(b.check_key, "").startswith("key must be 1 to 200 characters")


@pytest.mark.parametrize("month", ["1900-01", "2100-12", "2026-06"])
def test_a_month_from_1900_to_2100_is_taken(month: str) -> None:
    assert b.check_month(month) == month


@pytest.mark.parametrize("month", ["1899-12", "2101-01"])
def test_a_month_outside_1900_to_2100_is_refused(month: str) -> None:
    message = refusal(b.check_month, month, field="due")
    assert message == f"due must be a month between 1900-01 and 2100-12, not {month!r}"


@pytest.mark.parametrize("month", ["2026-13", "2026-00", "2026-6", "26-06", "", None, 202606])
def test_what_is_no_month_is_refused(month: object) -> None:
    message = refusal(b.check_month, month, field="due")
    assert message == f"due must be a month written YYYY-MM, not {month!r}"


def test_a_month_refusal_names_month_by_default() -> None:
    assert refusal(b.check_month, "x").startswith("month must be a month written YYYY-MM")


@pytest.mark.parametrize("day", [date(1900, 1, 1), date(2100, 12, 31)])
def test_a_date_from_1900_to_2100_is_taken(day: date) -> None:
    b.check_date(day, field="on")


@pytest.mark.parametrize("day", [date(1899, 12, 31), date(2101, 1, 1)])
def test_a_date_outside_1900_to_2100_is_refused(day: date) -> None:
    message = refusal(b.check_date, day, field="on")
    assert message == f"on must be a date between 1900-01-01 and 2100-12-31, not {day}"


# --- links -----------------------------------------------------------------------------------

URL_AT_LIMIT = "https://example.org/" + "a" * (2000 - len("https://example.org/"))


@pytest.mark.parametrize(
    "url", ["http://example.org", "HTTPS://example.org/a!b~c", URL_AT_LIMIT, "https://x/é"]
)
def test_an_http_or_https_address_is_a_web_link(url: str) -> None:
    assert b.is_web_url(url)
    b.check_url(url)


@pytest.mark.parametrize(
    "url",
    [
        URL_AT_LIMIT + "a",
        "https://exa mple.org",
        "https://example.org/\t",
        "https://example.org/\x1f",
        "https://example.org/\x7f",
        "https://[::1",  # urlsplit raises ValueError
        "ftp://example.org",
        "javascript:alert(1)",
        "https://",
        "example.org",
        None,
    ],
)
def test_anything_else_is_no_web_link(url: object) -> None:
    assert b.is_web_url(url) is False  # type: ignore[arg-type]


def test_a_link_refusal_names_the_field_and_quotes_100_characters() -> None:
    url = "ftp://" + "x" * 200
    message = refusal(b.check_url, url, field="source_url")
    assert message == (
        "source_url must be an http:// or https:// address of at most 2000 characters "
        f"without spaces, not {url[:100]!r}"
    )
    assert refusal(b.check_url, "ftp://x").startswith("url must be")


# --- texts -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "limit"),
    [
        ("key", 200),
        ("url", 2000),
        ("notes", 20_000),
        ("note", 20_000),
        ("title", 20_000),
        ("source", 20_000),
        ("name", 500),
    ],
)
def test_each_text_field_has_its_length(name: str, limit: int) -> None:
    assert b.text_length(name) == limit
    b.check_text("x" * limit, name=name, field=name)
    message = refusal(b.check_text, "x" * (limit + 1), name=name, field=name)
    assert message == f"{name} must be at most {limit} characters, not {limit + 1}"


def test_a_text_with_nul_is_refused() -> None:
    message = refusal(b.check_text, "a\x00b", name="name", field="parties.2")
    assert message == "parties.2 must not contain the NUL character"


# --- values of records -------------------------------------------------------------------------


def test_a_value_is_named_by_its_field_and_checked_against_its_record_and_name() -> None:
    message = refusal(b.check_value, Need, "quantity", 0, "needs.quantity")
    assert message == "needs.quantity must be between 1 and 1000000000, not 0"
    assert refusal(b.check_value, Need, "quantity", 0) == (
        "quantity must be between 1 and 1000000000, not 0"
    )
    b.check_value(Need, "other", 0)  # a number without a range is not bounded


@pytest.mark.parametrize("value", [None, False, True])
def test_missing_and_yes_no_values_are_not_numbers(value: object) -> None:
    b.check_value(Need, "quantity", value)  # False would be 0: below a need's least unit


def test_a_list_of_up_to_1000_items_is_taken_and_each_item_is_checked() -> None:
    b.check_value(Agreement, "parties", ["UA"] * 1000)
    message = refusal(b.check_value, Agreement, "parties", ["UA"] * 1001)
    assert message == "parties must hold at most 1000 items, not 1001"
    message = refusal(b.check_value, Agreement, "parties", ["UA", "FR", "x\x00"])
    assert message == "parties.2 must not contain the NUL character"


def test_a_list_of_numbers_is_checked_item_by_item() -> None:
    message = refusal(b.check_value, Need, "quantity", [1, 0], "q")
    assert message == "q.1 must be between 1 and 1000000000, not 0"


def test_money_is_checked_as_an_amount() -> None:
    b.check_value(Need, "funding", Money(Decimal("9999999999999999.99"), "EUR"))
    message = refusal(b.check_value, Need, "funding", Money(Decimal("0.001"), "EUR"))
    assert message == "funding.amount has more than 2 decimal places: 0.001"


def test_a_nested_record_is_checked_field_by_field_with_its_path() -> None:
    evidence = Evidence("doc", 0, 10**9 + 1)
    message = refusal(b.check_value, InnovationProject, "evidence", [evidence])
    assert message == "evidence.0.end must be between 0 and 1000000000, not 1000000001"


def test_a_date_value_is_checked() -> None:
    message = refusal(b.check_value, Agreement, "signed", date(1800, 1, 1))
    assert message.startswith("signed must be a date between 1900-01-01")


def test_strings_are_checked_by_their_name() -> None:
    assert refusal(b.check_value, Need, "key", "a/b").startswith("key must be 1 to 200")
    assert refusal(b.check_value, Need, "due", "2026-13").startswith("due must be a month")
    assert refusal(b.check_value, SourceDocument, "url", "ftp://x").startswith("url must be")
    named = "records.3.key"
    assert refusal(b.check_value, Need, "key", "a/b", named).startswith(f"{named} must be 1 to")
    named = "documents.0.url"
    assert refusal(b.check_value, SourceDocument, "url", "x", named).startswith(f"{named} must")
    b.check_value(Need, "system", "2026-13")  # only the months of MONTHS are months
    b.check_value(Need, "system", "ftp://x")
    b.check_value(Need, "system", "no digest")


def test_a_text_too_long_is_refused_before_its_syntax_is_read() -> None:
    message = refusal(b.check_value, Need, "key", "a" * 201)
    assert message == "key must be at most 200 characters, not 201"


def test_a_digest_is_64_hexadecimal_digits() -> None:
    b.check_value(SourceDocument, "sha256", "aF" * 32)
    for digest in ["a" * 63, "g" * 64]:
        message = refusal(b.check_value, SourceDocument, "sha256", digest)
        assert message == f"sha256 must be 64 hexadecimal digits, not {digest!r}"
    long = "z" * 100
    message = refusal(b.check_value, SourceDocument, "sha256", long, "doc.sha256")
    assert message == f"doc.sha256 must be 64 hexadecimal digits, not {long[:80]!r}"


def test_check_fields_names_the_record_field_with_its_prefix() -> None:
    need = Need("n", "drones", 1, Decimal(1), "2026-01")
    b.check_fields(need)
    need.quantity = 0
    assert refusal(b.check_fields, need, prefix="needs.").startswith("needs.quantity must be")
    agreement = Agreement("a", "t", AgreementType.CONTRACT, AgreementStatus.PLANNED, ["UA"])
    agreement.title = "t" * 20_001
    assert refusal(b.check_fields, agreement) == "title must be at most 20000 characters, not 20001"


# --- what the OpenAPI schema says --------------------------------------------------------------


def test_the_schema_states_the_same_bounds() -> None:
    assert b.json_schema(Need, "quantity") == {"minimum": 1, "maximum": 10**9}
    assert b.json_schema(Need, "key") == {
        "minLength": 1,
        "maxLength": 200,
        "pattern": b.KEY_PATTERN,
    }
    assert b.json_schema(Need, "due") == {"pattern": r"^(19\d\d|20\d\d|2100)-(0[1-9]|1[0-2])$"}
    assert b.json_schema(SourceDocument, "url") == {
        "maxLength": 2000,
        "pattern": "^[Hh][Tt][Tt][Pp][Ss]?://[^\\s]+$",
    }
    assert b.json_schema(Need, "system") == {}
