"""The pages' catalogs: every text of the templates and page modules is translated into
Ukrainian and French, with the same placeholders; every enum value has a label; numbers and
dates follow the reader's locale."""

from __future__ import annotations

import gettext
import re
from datetime import date
from decimal import Decimal
from enum import StrEnum
from importlib import resources
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po

from coprod import catalog as reference
from coprod.domain import enums
from coprod.web import formatting as fmt
from coprod.web.labels import CATEGORIES, ENUMS, category_label, enum_label
from coprod.web.locales import LANGUAGES, from_accept_language, reader

WEB = Path(str(resources.files("coprod.web")))
LOCALE = WEB / "locale"
KEYWORDS = {**DEFAULT_KEYWORDS, "N_": None, "NC_": ((1, "c"), 2), "NP_": (1, 2)}
METHODS = [("**.py", "python"), ("templates/**.html", "jinja2")]
OPTIONS = {"templates/**.html": {"extensions": "jinja2.ext.i18n"}}
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")
TRANSLATED = [language for language in LANGUAGES if language != "en"]


def extracted() -> set[tuple[str | None, str]]:
    """(context, singular) of every text marked in the page modules and templates."""
    found = set()
    for _file, _line, message, _comments, context in extract_from_dir(
        str(WEB), METHODS, OPTIONS, keywords=KEYWORDS
    ):
        singular = message[0] if isinstance(message, tuple) else message
        found.add((context, singular))
    return found


def catalog(language: str) -> dict[tuple[str | None, str], object]:
    path = LOCALE / language / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as po:
        read = read_po(po, locale=language)
    return {
        (m.context, m.id[0] if isinstance(m.id, tuple) else m.id): m
        for m in read
        if m.id and not m.fuzzy
    }


def test_the_template_lists_every_marked_text() -> None:
    with (LOCALE / "messages.pot").open("rb") as pot:
        listed = {(m.context, m.id[0] if isinstance(m.id, tuple) else m.id) for m in read_po(pot)}
    assert extracted() - listed == set(), "run `make messages`, then translate the new texts"


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_text_is_translated_with_its_placeholders(language: str) -> None:
    translations = catalog(language)
    for key in sorted(extracted(), key=str):
        message = translations.get(key)
        assert message is not None, f"{language}: {key} is not in the catalog (or is fuzzy)"
        ids = message.id if isinstance(message.id, tuple) else (message.id,)  # type: ignore[attr-defined]
        strings = message.string if isinstance(message.string, tuple) else (message.string,)  # type: ignore[attr-defined]
        assert all(strings), f"{language}: {key} is not translated"
        wanted = set(PLACEHOLDER.findall(ids[0]))
        for text in strings:
            assert set(PLACEHOLDER.findall(text)) == wanted, f"{language}: {key} -> {text}"


def test_every_enum_value_has_a_label_in_every_language() -> None:
    domain_enums = [
        value
        for value in vars(enums).values()
        if isinstance(value, type) and issubclass(value, StrEnum) and value is not StrEnum
    ]
    for enum in domain_enums:
        assert enum in ENUMS, enum
        assert {m.value for m in enum} == set(ENUMS[enum]), enum
    uk = reader("uk")
    assert enum_label(enums.AgreementType, "memorandum_of_understanding", uk) == (
        "меморандум про взаєморозуміння"
    )
    assert enum_label(enums.OrderStatus, "cancelled", reader("fr")) == "annulée"
    assert enum_label(enums.AgreementStatus, "cancelled", reader("fr")) == "annulé"


def test_every_category_of_the_catalogue_has_a_label() -> None:
    assert set(reference.categories()) == set(CATEGORIES)
    assert category_label("air_defence", reader("uk")) == "протиповітряна оборона"
    assert category_label("air_defence", reader("fr")) == "défense aérienne"


# Ukrainian counts take three forms (1 угода, 2 угоди, 5 угод; 11 угод, 21 угода, 22 угоди),
# French two (1 accord, 2 accords) and a third for whole millions (1 000 000 d'accords).
PLURAL_FORMS = {"uk": {1: 0, 2: 1, 4: 1, 5: 2, 11: 2, 12: 2, 14: 2, 21: 0, 22: 1, 25: 2, 111: 2}}


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_count_has_each_plural_form_of_the_language(language: str) -> None:
    path = LOCALE / language / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as po:
        read = read_po(po, locale=language)
    assert read.num_plurals == 3
    plural = gettext.c2py(read.plural_expr)  # the header's Plural-Forms, as gettext reads it
    for n, form in PLURAL_FORMS.get(language, {}).items():
        assert plural(n) == form, (n, read.plural_expr)
    for message in read:
        if isinstance(message.id, tuple):
            assert len(message.string) == read.num_plurals and all(message.string), message.id
    assert not [m.id for m in read if m.fuzzy and m.id], "fuzzy entries: translate and unflag"


def test_money_numbers_and_dates_follow_the_locale() -> None:
    en, uk, fr = (reader(code).locale for code in ("en", "uk", "fr"))
    billions = Decimal("2000000000.00")
    assert fmt.money(billions, "EUR", en) == "€2,000,000,000"
    assert fmt.money(billions, "EUR", uk) == "2\xa0000\xa0000\xa0000\xa0євро"
    assert fmt.money(billions, "EUR", fr) == "2\u202f000\u202f000\u202f000\xa0€"
    assert fmt.money(Decimal("1234.5"), "EUR", en) == "€1,234.50"
    assert fmt.compact_money(billions, "EUR", en) == "€2B"
    assert fmt.compact_money(billions, "EUR", uk) == "2\xa0млрд\xa0євро"
    assert fmt.compact_money(Decimal("200000000"), "EUR", fr) == "200\xa0M\xa0€"
    assert fmt.units(480.0, en) == "480"
    assert fmt.units(42_000, uk) == "42\xa0000"
    assert fmt.day(date(2024, 3, 5), en) == "Mar 5, 2024"
    assert fmt.day("2024-03-05", fr) == "5 mars 2024"
    assert fmt.month("2026-08", uk).startswith("серп. 2026")
    assert fmt.month("not a month", uk) == "not a month"
    assert fmt.decimal(Decimal("40000.0000"), en) == "40,000"


def test_accept_language_picks_the_first_known_language_by_weight() -> None:
    assert from_accept_language("uk-UA,uk;q=0.9,en;q=0.8") == "uk"
    assert from_accept_language("de-DE,fr;q=0.5,en;q=0.7") == "en"
    assert from_accept_language("de, it;q=0.8") is None
    assert from_accept_language("fr;q=bad, uk;q=0.1") == "uk"
    assert from_accept_language("") is None
