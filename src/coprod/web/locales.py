"""The reader's language: which locale a request is served in, and its translated texts.

Ukrainian, English and French. The choice is, in order: a ``lang`` parameter in the page's
address (``?lang=uk``: a link that opens in the language it was shared in, remembered nowhere),
the language the reader picked with the switch in the header (a cookie), then the one set on
the reader's account (the account page), then the browser's ``Accept-Language``, then English.
The catalogs are the ``.po`` files under ``web/locale`` (written by hand, extracted with pybabel),
compiled in memory when first used: a fresh clone needs no build step.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from io import BytesIO

from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations
from fastapi import Request

LANGUAGES = {"uk": "Українська", "en": "English", "fr": "Français"}
DEFAULT = "en"
LANGUAGE_COOKIE = "coprod_language"
ADDRESS_PARAMETER = "lang"  # ``?lang=uk`` serves one page in that language
DOMAIN = "messages"
MAX_ACCEPT = 20  # language ranges read from one Accept-Language header


@cache
def translations(language: str) -> NullTranslations:
    """The compiled catalog of ``language`` (English needs none: its texts are the msgids)."""
    if language == DEFAULT or language not in LANGUAGES:
        return NullTranslations()
    source = resources.files("coprod.web") / "locale" / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    with source.open("rb") as po:
        catalog = read_po(po, locale=language, domain=DOMAIN)
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(fp=compiled, domain=DOMAIN)


@dataclass(frozen=True)
class Reader:
    """Whom a page is written for: a language, its Babel locale and its translations."""

    language: str
    locale: Locale
    texts: NullTranslations

    def gettext(self, message: str) -> str:
        """``message`` in the reader's language."""
        return self.texts.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """The form of ``singular``/``plural`` that goes with ``n`` in the reader's language."""
        return self.texts.ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        """``message`` in ``context`` (an enum's name) in the reader's language."""
        return str(self.texts.pgettext(context, message))


@cache
def reader(language: str) -> Reader:
    """The reader of one of ``LANGUAGES`` (English for any other)."""
    chosen = language if language in LANGUAGES else DEFAULT
    return Reader(chosen, Locale.parse(chosen), translations(chosen))


def _accepted(header: str) -> list[tuple[float, str]]:
    ranked = []
    for position, item in enumerate(header.split(",")[:MAX_ACCEPT]):
        tag, _, params = item.strip().partition(";")
        weight = 1.0
        if params.strip().startswith("q="):
            try:
                weight = float(params.strip()[2:])
            except ValueError:
                continue
        primary = tag.strip().split("-")[0].lower()
        if primary in LANGUAGES and weight > 0:
            ranked.append((-weight, position, primary))
    return [(-w, lang) for w, _, lang in sorted(ranked)]


def from_accept_language(header: str) -> str | None:
    """The first of ``LANGUAGES`` an ``Accept-Language`` header asks for, by weight."""
    ranked = _accepted(header)
    return ranked[0][1] if ranked else None


def chosen_language(request: Request, cookie: str, account: str | None = None) -> str:
    """The language of a request: the address's ``lang``, the switch's cookie, then the account's
    setting, then Accept-Language, then English."""
    asked = request.query_params.get(ADDRESS_PARAMETER, "")
    if asked in LANGUAGES:
        return asked
    picked = request.cookies.get(cookie, "")
    if picked in LANGUAGES:
        return picked
    if account in LANGUAGES:
        return account
    return from_accept_language(request.headers.get("accept-language", "")) or DEFAULT
