"""The catalogue as a gazetteer: exact matching of every legitimate name in a text, and fuzzy
canonicalisation of noisy spellings ("Lecornuil" → Sébastien Lecornu).

Names are compared token by token after folding case, accents and a plural ``s``; short or
capitalised names must be written capitalised (or in capitals, for acronyms) to match, so
that "hammer" or "us" do not.
"""

from __future__ import annotations

import copy
import gettext
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import pairwise

import pycountry
from rapidfuzz import fuzz, process

from coprod import catalog
from coprod.domain.text import fold

_TOKEN = re.compile(r"[^\W_]+", re.U)
FUZZY_MEMORY = 50_000  # fuzzy answers remembered
_DEMONYM_ENDINGS = ("", "e", "s", "es", "n", "en", "er", "em")


@dataclass(frozen=True, slots=True)
class Token:
    """A word of the text: its span, its spelling and its folded form."""

    start: int
    end: int
    text: str
    norm: str
    hyphen: bool = False  # a hyphen follows the word ("Lancet-3")


@dataclass(frozen=True, slots=True)
class Entry:
    """A catalogue name: the entity it names and how (name, alias, demonym, capital)."""

    type: str
    key: str
    name: str
    via: str = "name"
    case: str = "any"  # any | cap | upper


@dataclass(frozen=True, slots=True)
class Hit:
    """A span of the text that names a catalogue entity."""

    start: int
    end: int
    entry: Entry
    fuzzy: bool = False
    first_token: int = 0
    last_token: int = 0


@lru_cache(maxsize=65536)
@lru_cache(maxsize=65536)
def norm_word(word: str) -> str:
    """A word folded for matching: no case, no accents, no plural ``s``; a Cyrillic word
    without its case ending (``Умєрова``, ``Умерову`` → ``умер``)."""
    folded = fold(word)
    if _CYRILLIC.search(folded):
        return cyrillic_stem(folded)
    if folded.endswith("s") and (len(folded) > 3 or _DESIGNATION_PLURAL.fullmatch(folded)):
        return folded[:-1]  # drones, F-16s, Leopard 2s
    return folded


_DESIGNATION_PLURAL = re.compile(r"[A-Za-z]*\d+s")


# Ukrainian and Russian spellings of one name brought together (Умєров/Умеров,
# Шмигаль/Шмыгаль), then case endings cut, the same way in the catalogue and in the text.
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_CYRILLIC_FOLD = str.maketrans(
    {
        "є": "е",
        "ё": "е",
        "э": "е",
        "ы": "и",
        "і": "и",
        "ї": "и",
        "й": "и",
        "ґ": "г",
        "ь": None,
        "ъ": None,
        "'": None,
        "’": None,
    }
)
_ENDINGS = sorted(
    [
        *("ами", "ями", "ови", "еви", "ою", "ею", "ого", "его", "ому", "ему", "ими", "ах", "ях"),
        *("ам", "ям"),
        *("ом", "ем", "им", "их", "ои", "еи", "ов", "ев", "ив", "ая", "яя", "ое", "ее", "ие"),
        *("ую", "юю", "ия", "ии", "ию", "иею", "а", "я", "у", "ю", "и", "о", "е"),
    ],
    key=len,
    reverse=True,
)


_LATIN = str.maketrans(
    {
        **dict(zip("абвгґдезиіїйклмнопрстуфыэ", "abvhgdezyiiiklmnoprstufye", strict=True)),
        "є": "ie", "ё": "e", "ж": "zh", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
        "ю": "iu", "я": "ia", "ь": None, "ъ": None, "'": None, "’": None,
    }
)  # fmt: skip


_INSTRUMENTAL = re.compile(r"(?<=\w{4})(?:ом|ем|єм|им|ым|ою|ею)\b")


_LATIN_G = str.maketrans({"г": "g"})
_INITIAL_Y = re.compile(r"(?<!\w)[йи]")  # folding takes the breve off й


def _latin_variants(query: str) -> list[str]:
    """Latin spellings of a folded Cyrillic name to try in turn; foreign names also with г as
    g and an initial й as j ("Йонас Гар Стьоре" → Jonas Gahr Støre)."""
    plain = transliterate(query)
    nominative = transliterate(_INSTRUMENTAL.sub("", query))
    variants = [plain, nominative, plain.replace("ts", "c"), nominative.replace("ts", "c")]
    foreign = _INITIAL_Y.sub("j", query).translate(_LATIN_G)
    if foreign != query:
        variants += [transliterate(foreign), transliterate(_INSTRUMENTAL.sub("", foreign))]
    return list(dict.fromkeys(variants))


def transliterate(folded: str) -> str:
    """Lower-case Cyrillic in Latin letters (Ukraine's national system; ы, э for Russian)."""
    return folded.translate(_LATIN)


def cyrillic_stem(folded: str) -> str:
    """A folded Cyrillic word without up to two case or possessive endings, keeping at least
    three letters: every form of a name or noun comes to one stem."""
    word = folded.translate(_CYRILLIC_FOLD)
    for _ in range(2):
        ending = next((e for e in _ENDINGS if word.endswith(e) and len(word) - len(e) >= 3), None)
        if ending is None:
            break
        word = word[: -len(ending)]
    return word


def tokenize(text: str) -> list[Token]:
    """The words of ``text`` with their character spans."""
    return [
        Token(m.start(), m.end(), m[0], norm_word(m[0]), text.startswith("-", m.end()))
        for m in _TOKEN.finditer(text)
    ]


def _case_rule(alias: str) -> str:
    words = alias.split()
    if len(words) == 1 and alias.isupper() and len(alias) <= 6:
        return "upper"
    if len(words) == 1 and alias[:1].isupper():
        return "cap"
    return "any"


def _company_case_rule(alias: str) -> str:
    """A company's name of several words: each word capitalised in the name must be
    capitalised in the text ("Ukrainian Defense Industry" the company, not "the Ukrainian
    defense industry"; «Українська бронетехніка», not "українська бронетехніка")."""
    pattern = "".join("1" if t.text[:1].isupper() else "0" for t in tokenize(alias))
    return f"words:{pattern}" if "1" in pattern else "any"


def _case_ok(rule: str, tokens: list[Token]) -> bool:
    if rule == "any":
        return True
    if rule.startswith("words:"):
        pattern = rule[6:]
        return len(pattern) != len(tokens) or all(
            flag == "0" or not t.text[:1].isalpha() or t.text[:1].isupper()
            for flag, t in zip(pattern, tokens, strict=True)
        )
    text = tokens[0].text
    if rule == "upper":
        return text.isupper() or (len(text) > 1 and text[:2].isupper())
    return text[:1].isupper() or not text[:1].isalpha()


class Gazetteer:
    """Every name of the catalogue, indexed for exact and fuzzy lookup."""

    def __init__(self) -> None:
        self.index: dict[tuple[str, ...], list[Entry]] = {}
        self.firsts: set[str] = set()
        self.sizes: dict[
            str, tuple[int, ...]
        ] = {}  # by first word: lengths of its names, longest first
        self.max_len = 1
        self._fuzzy_single: dict[str, Entry] = {}
        self._fuzzy_multi: dict[str, Entry] = {}
        self._fuzzy_seen: dict[str, Entry | None] = {}
        for entry, alias in _catalogue_names():
            self.add(alias, entry)
        self._single_choices = list(self._fuzzy_single)
        self._multi_choices = list(self._fuzzy_multi)

    def add(self, alias: str, entry: Entry) -> None:
        """Index ``alias`` as a name of ``entry``."""
        words = tuple(t.norm for t in tokenize(alias))
        if not words:
            return
        rule = "any" if entry.via == "demonym" else _case_rule(alias)
        if rule == "any" and len(words) > 1 and _is_company(entry):
            rule = _company_case_rule(alias)
        sized = Entry(entry.type, entry.key, entry.name, entry.via, rule)
        bucket = self.index.setdefault(words, [])
        if all(e.key != sized.key or e.type != sized.type or e.case != rule for e in bucket):
            bucket.append(sized)
        self.firsts.add(words[0])
        self.sizes[words[0]] = tuple(
            sorted({*self.sizes.get(words[0], ()), len(words)}, reverse=True)
        )
        self.max_len = max(self.max_len, len(words))
        if entry.type != "country" and len(alias) >= 5:
            target = self._fuzzy_single if len(words) == 1 else self._fuzzy_multi
            target.setdefault(" ".join(fold(w) for w in alias.split()), sized)

    def find(self, tokens: list[Token]) -> list[Hit]:
        """The longest catalogue names in ``tokens``, left to right, without overlap."""
        hits: list[Hit] = []
        i = 0
        while i < len(tokens):
            hit = self._longest_at(tokens, i) if tokens[i].norm in self.firsts else None
            if hit is None:
                i += 1
                continue
            hits.append(hit)
            i = hit.last_token + 1
        return hits

    def _longest_at(self, tokens: list[Token], i: int) -> Hit | None:
        left = len(tokens) - i
        for size in self.sizes[tokens[i].norm]:  # only the lengths of names that begin so
            if size > left:
                continue
            span = tokens[i : i + size]
            entries = self.index.get(tuple(t.norm for t in span))
            if not entries or not _contiguous(span):
                continue
            if _variant_follows(tokens, i + size, entries):
                return None
            for entry in entries:
                if _case_ok(entry.case, span):
                    return Hit(span[0].start, span[-1].end, entry, False, i, i + size - 1)
        return None

    def fuzzy(self, phrase: str) -> Entry | None:
        """The catalogue entity a noisy spelling stands for, or None when none is close enough."""
        query = " ".join(fold(w) for w in phrase.split())
        if query in _NEVER_FUZZY:
            return None
        if query not in self._fuzzy_seen:
            if len(self._fuzzy_seen) >= FUZZY_MEMORY:
                self._fuzzy_seen.clear()  # bounded: a long batch does not grow it for ever
            found = self._closest(query)
            if found is None and _CYRILLIC.search(query):
                # a Cyrillic spelling of a name the catalogue holds in Latin letters only, also
                # in the instrumental case and with ц as the c of Central European names
                # ("Робертом Фіцо" → Robert Fico)
                for variant in _latin_variants(query):
                    found = self._closest(variant)
                    if found is not None:
                        break
            self._fuzzy_seen[query] = found
        return self._fuzzy_seen[query]

    def _closest(self, query: str) -> Entry | None:
        multi = " " in query
        choices = self._multi_choices if multi else self._single_choices
        cutoff = _cutoff(query, multi)
        if cutoff is None:
            return None
        found = _by_length(choices).best(query, cutoff)
        if found is None or found[:1] != query[:1]:
            return None
        table = self._fuzzy_multi if multi else self._fuzzy_single
        entry = table[found]
        if _generic_name(entry.name) and (multi or len(query) < _GENERIC_FUZZY_MIN):
            return None  # a short capitalised word close to a category ("Thanks", "tanks"), or
            # a capitalised name of several words ("Elf Systems" is no "EW systems")
        return entry


class _ByLength:
    """The fuzzy choices grouped by length: a name whose length differs too much from the
    query's cannot reach the cutoff of ``fuzz.ratio`` (100 x (1 - distance / total length),
    the distance being at least the difference of the lengths), so only the groups of close
    lengths are scored. ``best`` returns what ``process.extractOne`` over all the choices
    returns: the best score, the first in the list among equal ones."""

    def __init__(self, choices: list[str]) -> None:
        self.choices = choices
        self.groups: dict[int, tuple[list[str], list[int]]] = {}
        for place, name in enumerate(choices):
            names, places = self.groups.setdefault(len(name), ([], []))
            names.append(name)
            places.append(place)

    def best(self, query: str, cutoff: float) -> str | None:
        size = len(query)
        best: tuple[tuple[float, int], str] | None = None
        for length, (names, places) in self.groups.items():
            if 100 * (1 - abs(size - length) / (size + length)) < cutoff - 1e-6:
                continue  # no name of this length can reach the cutoff
            found = process.extractOne(query, names, scorer=fuzz.ratio, score_cutoff=cutoff)
            if found is not None:
                key = (found[1], -places[found[2]])  # best score, then first in the list
                if best is None or key > best[0]:
                    best = (key, found[0])
        return None if best is None else best[1]


_GROUPINGS: dict[int, _ByLength] = {}  # by id of the list (kept here, so the id is not reused)


def _by_length(choices: list[str]) -> _ByLength:
    """The grouping of ``choices``, made once per list (a few lists at most: the catalogue's
    and those of gazetteers extended with reviewed names)."""
    made = _GROUPINGS.get(id(choices))
    if made is None or made.choices is not choices:
        if len(_GROUPINGS) >= 8:
            _GROUPINGS.clear()
        made = _GROUPINGS[id(choices)] = _ByLength(choices)
    return made


# Common words that a loose match would take for a name: the word for calibre is no Kalibr
# missile ("im Kaliber 155 mm")
_NEVER_FUZZY = frozenset({"kaliber", "calibre", "caliber", "kalibre"})


_GENERIC_FUZZY_MIN = 8  # a category is matched loosely only in a long word (a German compound)


def _generic_name(name: str) -> bool:
    """Whether a catalogue name is a category ("tanks", "155mm artillery shells")."""
    return name[:1].islower() or name[:1].isdigit()


def _variant_follows(tokens: list[Token], after: int, entries: list[Entry]) -> bool:
    """Whether a system's name is followed by a hyphen and a designation with a digit that the
    catalogue does not list ("Lancet-3", "Raybird-3"): a variant, left to be named as written."""
    if after >= len(tokens) or not tokens[after - 1].hyphen:
        return False
    following = tokens[after]
    if following.start != tokens[after - 1].end + 1 or not any(c.isdigit() for c in following.text):
        return False
    return all(entry.type == "system" for entry in entries)


def _contiguous(span: list[Token]) -> bool:
    """Whether the words are only separated by spaces, hyphens, apostrophes or slashes."""
    return all(b.start - a.end <= 3 for a, b in pairwise(span))


def _cutoff(query: str, multi: bool) -> float | None:
    size = len(query)
    if multi:
        return 85.0 if size >= 8 else None
    if size >= 10:
        return 81.0
    if size >= 8:
        return 84.0
    if size >= 6:
        return 88.0
    return None


def _is_company(entry: Entry) -> bool:
    org = catalog.organisations().get(entry.key) if entry.type == "organisation" else None
    return org is not None and org.kind == "company"


def _catalogue_names() -> Iterable[tuple[Entry, str]]:
    for org in catalog.organisations().values():
        entry = Entry("organisation", org.key, org.name)
        yield from ((entry, alias) for alias in [org.name, *org.aliases])
    for person in catalog.people().values():
        entry = Entry("person", person.key, person.name)
        yield from ((entry, alias) for alias in [person.name, *person.aliases])
    for system in catalog.systems().values():
        entry = Entry("system", system.key, system.name)
        yield from ((entry, alias) for alias in [system.name, *system.aliases])
    yield from _country_names()


# Country names in the extractor's languages (ISO 3166-1 translations shipped with
# pycountry, read from its files): names that are also common words, first names or island
# territories are left out; the catalogue's own names come first.
_TRANSLATED_LANGUAGES = ("fr", "de", "uk", "ru")
_NOT_A_COUNTRY = re.compile(
    r"[,(]|\b(?:Saint|Sainte|Île|Îles|Inseln?|Island|Maurice|Salvador)\b|(?<!\w)остр[оі]в"
)


@cache
def translated_country_names() -> dict[str, tuple[str, ...]]:
    """Country names in French, German, Ukrainian and Russian, by alpha-2 code."""
    found: dict[str, list[str]] = {}
    for language in _TRANSLATED_LANGUAGES:
        table = gettext.translation(
            "iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True
        )
        for country in pycountry.countries:
            name = table.gettext(getattr(country, "common_name", None) or country.name)
            letters = re.sub(r"\W", "", name)
            if len(letters) < 5 or _NOT_A_COUNTRY.search(name):
                continue
            if _CYRILLIC.search(name) and len(cyrillic_stem(fold(name).casefold())) < 5:
                continue  # Самоа and саме would share a stem
            found.setdefault(country.alpha_2, []).append(name)
    return {code: tuple(dict.fromkeys(names)) for code, names in found.items()}


def _country_names() -> Iterable[tuple[Entry, str]]:
    translated = translated_country_names()
    for country in catalog.countries().values():
        known = {fold(n).casefold() for n in country.names}
        more = [n for n in translated.get(country.code, ()) if fold(n).casefold() not in known]
        for name in [*country.names, *more]:
            yield Entry("country", country.code, country.name, "name"), name
    for country in catalog.countries().values():
        for capital in country.capitals:
            yield Entry("country", country.code, country.name, "capital"), capital
    for country in catalog.countries().values():
        for demonym in country.demonyms:
            entry = Entry("country", country.code, country.name, "demonym")
            if " " in demonym or "-" in demonym:
                yield entry, demonym
                continue
            yield from ((entry, demonym + ending) for ending in _DEMONYM_ENDINGS)


@cache
def catalogue_gazetteer() -> Gazetteer:
    """The catalogue's gazetteer, built once."""
    return Gazetteer()


# Names a reviewer confirmed (``services/facts/aliases.py``), in force inside ``extra_names``.
_EXTENDED: ContextVar[Gazetteer | None] = ContextVar("coprod_extended_gazetteer", default=None)


def gazetteer() -> Gazetteer:
    """The gazetteer in force: the catalogue's, plus the names given to ``extra_names``."""
    return _EXTENDED.get() or catalogue_gazetteer()


def extended(names: Iterable[tuple[Entry, str]]) -> Gazetteer:
    """A copy of the catalogue's gazetteer that also knows ``names`` (entry, alias)."""
    base = catalogue_gazetteer()
    other = copy.copy(base)
    other.index = {words: list(entries) for words, entries in base.index.items()}
    other.firsts = set(base.firsts)
    other.sizes = dict(base.sizes)
    other._fuzzy_single = dict(base._fuzzy_single)
    other._fuzzy_multi = dict(base._fuzzy_multi)
    other._fuzzy_seen = {}
    for entry, alias in names:
        other.add(alias, entry)
    other._single_choices = list(other._fuzzy_single)
    other._multi_choices = list(other._fuzzy_multi)
    return other


@contextmanager
def extra_names(names: Iterable[tuple[Entry, str]]) -> Iterator[Gazetteer]:
    """Extract with the catalogue's names and ``names`` (learned aliases) within the block."""
    token = _EXTENDED.set(extended(names))
    try:
        yield gazetteer()
    finally:
        _EXTENDED.reset(token)
