"""What a page shows its reader that was left in English or left raw.

A page's visible text (its text nodes outside scripts and styles, its title, and the attributes
a reader sees or hears: placeholder, title, aria-label, alt, a button's value), less the
registry's own data (names, keys, titles, article text: every string stored in the database),
is searched for

- an English text of the catalog (a msgid of ``web/locale/messages.pot``) whose translation in
  the page's language is another text,
- a raw enum value (``memorandum_of_understanding``, ``in_production``: any snake_case word, and
  every value of the domain's enums),
- a Python repr (``None``, ``Decimal(``, ``{'``).

Web addresses (``https://…``) are in no language and are left out.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path

from babel.messages.pofile import read_po
from sqlalchemy import Engine, String, Text, inspect, select, text

from coprod.db.engine import make_engine
from coprod.domain import enums

SEEN_ATTRIBUTES = frozenset({"placeholder", "title", "aria-label", "alt"})
# Not prose: code and commands (in no language), and a form's text box (the reader's own input,
# as an input's value).
SKIPPED_ELEMENTS = frozenset({"script", "style", "code", "textarea"})
VOID_ELEMENTS = frozenset({"area", "br", "col", "hr", "img", "input", "link", "meta", "wbr"})
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]")
SNAKE_CASE = re.compile(r"(?<![\w./@-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w/@-])")
PYTHON_REPRS = ("None", "Decimal(", "{'", "['", "datetime.", "object at 0x", "True", "False")
SAME_IN_EVERY_LANGUAGE = re.compile(r"^[\W\d_]*$")  # numbers, signs, punctuation
CYRILLIC = frozenset({"uk"})
LATIN_WORD = re.compile(r"(?<![\w-])[A-Za-z][A-Za-z'-]*[A-Za-z](?![\w-])")
# Latin words a Ukrainian page writes as they are: the platform's name, codes and units.
SAME_IN_UKRAINIAN = frozenset(
    {"coprod", "TRL", "SHA", "EUR", "USD", "GBP", "UAH", "CSV", "UTC", "Atom"}
)
SEPARATOR = " · "
URL = re.compile(r"https?://\S+")  # an address is in no language (a record's public address)
LONGEST_DATA = 300  # longer stored texts are articles, shown in elements that declare their lang


class _VisibleText(HTMLParser):
    """The texts of a page a reader sees, one per text node or seen attribute; an element
    declared in another language (``lang``: an article's text, the language switch) is left
    out."""

    def __init__(self, language: str) -> None:
        super().__init__(convert_charrefs=True)
        self.language = language
        self.texts: list[str] = []
        self._skipping: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        shown = dict(attrs)
        foreign = (shown.get("lang") or self.language).split("-")[0] != self.language
        if tag in SKIPPED_ELEMENTS or (foreign and tag not in VOID_ELEMENTS):
            self._skipping.append(tag)
        if self._skipping:
            return
        for name in SEEN_ATTRIBUTES & shown.keys():
            self.texts.append(shown[name] or "")
        if tag == "input" and shown.get("type") in {"submit", "button"}:
            self.texts.append(shown.get("value") or "")

    def handle_endtag(self, tag: str) -> None:
        if self._skipping and self._skipping[-1] == tag:
            self._skipping.pop()

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.texts.append(data)


def visible_texts(html: str, language: str) -> list[str]:
    """The visible texts of a page in ``language``, whitespace collapsed, empty ones left out."""
    parser = _VisibleText(language)
    parser.feed(html)
    parser.close()
    return [t for t in (" ".join(text.split()) for text in parser.texts) if t]


@dataclass(frozen=True)
class Catalog:
    """One language's catalog: every msgid and whether its translation differs from it."""

    english: tuple[str, ...]  # msgids (and plurals) translated to another text
    translated: frozenset[str]  # every translation, so a word both languages share is not flagged


@cache
def catalog(language: str) -> Catalog:
    """The ``.po`` catalog of ``language`` read with Babel."""
    folder = resources.files("coprod.web") / "locale" / language / "LC_MESSAGES"
    with (folder / "messages.po").open("rb") as po:
        messages = read_po(po, locale=language)
    english: set[str] = set()
    translated: set[str] = set()
    for message in messages:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        translated.update(s for s in strings if s)
        english.update(i for i in ids if i not in strings)
    return Catalog(tuple(sorted(english, key=len, reverse=True)), frozenset(translated))


def _pattern(msgid: str) -> re.Pattern[str] | None:
    """A msgid as a pattern of whole words, its placeholders matching anything; None when it
    has no letters of its own to find."""
    parts = PLACEHOLDER.split(msgid)
    if not any(re.search(r"[A-Za-z]{2,}", part) for part in parts):
        return None
    body = ".+?".join(re.escape(part) for part in parts)
    return re.compile(rf"(?<![\w-]){body}(?![\w-])")


WORD = re.compile(r"[A-Za-z]{2,}")


@dataclass(frozen=True)
class English:
    """The English msgids a catalog translates, as patterns, indexed by their first word."""

    by_word: dict[str, tuple[tuple[str, re.Pattern[str]], ...]]

    def candidates(self, shown: str) -> list[tuple[str, re.Pattern[str]]]:
        """The msgids that may be in ``shown``, longest first."""
        words = {w.lower() for w in WORD.findall(shown)}
        found = [entry for word in words for entry in self.by_word.get(word, ())]
        return sorted(found, key=lambda entry: len(entry[0]), reverse=True)


@cache
def english_patterns(language: str) -> English:
    """Each English msgid the catalog of ``language`` translates, as a pattern; msgids shown as
    the same text in that language (``Date``, ``Production`` in French) are left out."""
    messages = catalog(language)
    by_word: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
    for msgid in messages.english:
        pattern = _pattern(msgid)
        if pattern is not None and msgid not in messages.translated:
            first = WORD.findall(PLACEHOLDER.sub(" ", msgid))[0].lower()
            by_word.setdefault(first, []).append((msgid, pattern))
    return English({word: tuple(entries) for word, entries in by_word.items()})


def enum_values() -> frozenset[str]:
    """Every value of every enum of the domain."""
    return frozenset(
        str(member.value)
        for enum in vars(enums).values()
        if isinstance(enum, type) and issubclass(enum, enums.StrEnum) and enum is not enums.StrEnum
        for member in enum
    )


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        try:
            parsed = json.loads(value) if value[:1] in "[{" else None
        except ValueError:
            parsed = None
        if parsed is None:
            yield value
        else:
            yield from _strings(parsed)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def stored_strings(engine: Engine) -> frozenset[str]:
    """Every string the database holds (JSON columns read through): the registry's data, which
    the pages show as it is; enum values and other snake_case names (categories, tables) left
    out, since a page writes them as words."""
    raw = enum_values()
    found: set[str] = set()
    schema = inspect(engine)
    with engine.connect() as connection:
        for table in schema.get_table_names():
            columns = [
                c["name"]
                for c in schema.get_columns(table)
                if isinstance(c["type"], String | Text) or "JSON" in str(c["type"]).upper()
            ]
            for column in columns:
                query = select(text(f'"{column}"')).select_from(text(f'"{table}"'))
                for (value,) in connection.execute(query):
                    found.update(s.strip() for s in _strings(value) if s and s.strip())
    return frozenset(s for s in found if s not in raw and not SNAKE_CASE.fullmatch(s))


def registry_data(database: Path, extra: Iterable[str] = ()) -> Data:
    """The data of a SQLite registry file (and ``extra`` strings a test typed into its forms),
    taken out of pages except where it is also an English text of the uk or fr catalog."""
    engine = make_engine(f"sqlite:///{database}")
    strings = stored_strings(engine)
    engine.dispose()
    msgids = set(catalog("uk").english) | set(catalog("fr").english)
    return data_of(strings | set(extra), msgids)


@dataclass(frozen=True)
class Data:
    """The registry's stored strings, ready to be taken out of a page's texts."""

    short: re.Pattern[str]  # any value, as whole words, longest first
    whole: frozenset[str]  # values a text node may be, wholly


def data_of(strings: Iterable[str], msgids: Iterable[str]) -> Data:
    """The data to take out of pages; a value that is also an English text of the catalog is
    taken out only where it is a text node of its own."""
    known = set(msgids)
    values = {" ".join(s.split()) for s in strings}
    removable = sorted(
        (v for v in values if 1 < len(v) <= LONGEST_DATA and v not in known), key=len, reverse=True
    )
    return Data(
        short=re.compile(rf"(?<![\w-])(?:{'|'.join(map(re.escape, removable))})(?![\w-])"),
        whole=frozenset(values),
    )


def _without_data(shown: str, data: Data) -> str:
    """``shown`` less the data in it: a part between the pages' separators (`` · ``) that is a
    stored value wholly, and any stored value that is not also a text of the catalog."""
    parts = [part for part in shown.split(SEPARATOR) if part.strip() not in data.whole]
    return data.short.sub(" ", SEPARATOR.join(parts))


def findings(html: str, language: str, data: Data) -> list[str]:
    """What ``html`` shows its reader in English or raw, one line each."""
    found = []
    patterns = english_patterns(language)
    for shown in visible_texts(html, language):
        rest = URL.sub(" ", _without_data(shown, data))
        if SAME_IN_EVERY_LANGUAGE.match(rest):
            continue
        for msgid, pattern in patterns.candidates(rest):
            if pattern.search(rest):
                found.append(f"English {msgid!r} in {shown!r}")
                rest = pattern.sub(" ", rest)
        for raw in SNAKE_CASE.findall(rest):
            found.append(f"raw value {raw!r} in {shown!r}")
        if language in CYRILLIC:
            for word in LATIN_WORD.findall(rest):
                if word not in SAME_IN_UKRAINIAN:
                    found.append(f"Latin word {word!r} in {shown!r}")
        for marker in PYTHON_REPRS:
            if re.search(rf"(?<!\w){re.escape(marker)}", rest):
                found.append(f"Python {marker!r} in {shown!r}")
    return found
