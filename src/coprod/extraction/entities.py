"""Entities of an article: catalogue names (exact, then fuzzy), generic ministries resolved by
the country named beside them, and people or companies the catalogue does not know (French
spaCy NER where it helps, capitalisation and title rules for every language).
"""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache
from itertools import accumulate, pairwise
from typing import Any

from coprod import catalog
from coprod.domain.text import fold
from coprod.extraction import boilerplate, context, cyrillic_names, lexicon
from coprod.extraction import lexicon_cyrillic as cyr
from coprod.extraction.gazetteer import Entry, Hit, Token, gazetteer, norm_word, tokenize
from coprod.extraction.model import ExtractedEntity, Fact, Mention
from coprod.extraction.positions import ByStart, Taken
from coprod.extraction.regexes import shared_charsets

UNKNOWN = ""  # the key of an entity the catalogue does not hold
# Sentences of one article given to spaCy's NER at most (a news article has far fewer; past
# that, on pages far longer than an article, people need a title or a verb of saying).
SPACY_SENTENCES = 400
_SENTENCE_END = re.compile(r"[.!?\n«»\"“”:;]\s*$")
_MEDIA_NAMES = {" ".join(norm_word(w) for w in re.findall(r"[^\W_]+", m)) for m in lexicon.MEDIA}


@dataclass
class Recognised:
    """The words of a text and the entity hits found in it, in text order."""

    tokens: list[Token]
    hits: list[Hit] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.starts = [t.start for t in self.tokens]
        self.ends = [t.end for t in self.tokens]

    def token_range(self, start: int, end: int) -> tuple[int, int]:
        """The first and last tokens wholly inside ``[start, end)`` (``(0, -1)`` when none)."""
        first = bisect_left(self.starts, start)
        last = bisect_right(self.ends, end) - 1
        return (first, last) if first <= last else (0, -1)


def recognise(text: str, language: str | None) -> Recognised:
    """Find every entity mention of ``text``."""
    tokens = tokenize(text)
    result = Recognised(tokens, _outside_names(text, tokens, gazetteer().find(tokens)))
    result.hits = [_aliased_variant(text, tokens, h) for h in result.hits]
    _add_variants(text, result)
    _add_quoted_systems(text, result)
    _add_ministries(text, result)
    _add_from_context(result, "organisation", context.organisations(text))
    _add_from_context(result, "system", context.systems(text))
    _add_variants(text, result, unknown=True)  # "obusiers Talvo 2": a name the catalogue lacks
    _people_named_like_things(text, result)
    _add_capitalised(text, result, language)
    _add_acronyms(text, result)
    result.hits = _listed_only(text, result.hits)
    result.hits = _without_threats(text, result.hits)
    result.hits = _drop_descriptors(text, [h for h in result.hits if h.entry.type != "media"])
    result.hits = _drop_covered_categories(text, [_calibre(text, h) for h in result.hits])
    result.hits = _drop_near_named(text, result.hits)
    result.hits = _outside(boilerplate.noise_spans(text), result.hits)
    result.hits = _without_authors(result, boilerplate.byline_spans(text))
    result.hits = [h for h in result.hits if not _names_a_standard(text, h)]
    result.hits = _drop_relaying_bodies(text, result.hits)
    result.hits.sort(key=lambda h: h.start)
    return result


TITLE_REACH = 150  # characters between a title's organisation and the person who holds it


# The United Nations named for its General Assembly: a meeting, no organisation of interest
# (annotation rule 18)
_GENERAL_ASSEMBLY = re.compile(
    r"[ \t]*(?:General[ \t]+Assembly|Generalversammlung|генеральн\w+[ \t]+асамбле\w*"
    r"|генеральн\w+[ \t]+ассамбле\w*)",
    re.I,
)
_GENERAL_ASSEMBLY_BEFORE = re.compile(
    r"(?:Assembl[ée]e[ \t]+g[ée]n[ée]rale[ \t]+(?:de[ \t]+l['’]|des[ \t]+)|Генеральн\w+[ \t]+"
    r"(?:Асамбле\w*|Ассамбле\w*)[ \t]+)$",
    re.I,
)


# Parliaments: no organisations of interest, wherever named (annotation rule 18)
PARLIAMENTS = frozenset({"ua-verkhovna-rada", "us-congress", "european-parliament"})


def organisations_of_no_interest(text: str, hits: list[Hit]) -> set[str]:
    """The names of organisations the article names only as what the gold leaves out: inside
    a person's title (``title_organisations``), the United Nations named for its General
    Assembly (a meeting), and parliaments."""
    found = title_organisations(text, hits)
    found |= {
        h.entry.name for h in hits if h.entry.type == "organisation" and h.entry.key in PARLIAMENTS
    }
    assembly: dict[str, list[bool]] = {}
    for hit in hits:
        if hit.entry.type != "organisation":
            continue
        if hit.entry.key == "un":
            before = text[max(0, hit.start - 40) : hit.start]
            told = bool(
                _GENERAL_ASSEMBLY.match(text, hit.end) or _GENERAL_ASSEMBLY_BEFORE.search(before)
            )
            assembly.setdefault(hit.entry.name, []).append(told)
    return found | {name for name, told in assembly.items() if all(told)}


def title_organisations(text: str, hits: list[Hit]) -> set[str]:
    """The organisations every mention of which lies inside a person's title ("NATO Secretary
    General Mark Rutte", "the chief executive of Talvik Robotics, Jan Tamm"): they describe
    the person. Government bodies are left out (the seeds' gold lists them as speakers)."""
    people = ByStart([h for h in hits if h.entry.type == "person"])
    mentions: dict[tuple[str, str], list[Hit]] = {}
    bodies: dict[tuple[str, str], list[Hit]] = {}
    for hit in hits:
        if hit.entry.type != "organisation":
            continue
        found = bodies if _government_body(hit.entry) else mentions
        found.setdefault((hit.entry.key, hit.entry.name), []).append(hit)
    return {
        name
        for (_, name), found in mentions.items()
        if all(_in_title(text, h, people) for h in found)
    } | {
        name
        for (_, name), found in bodies.items()
        if all(_headed_by(text, h, people) for h in found)
    }


# "the head of" right before a body: "Глава Міноборони Денис Шмигаль", "очільник Міноборони"
_HEAD_BEFORE = re.compile(
    r"(?<!\w)(?:глав[аиоуі]|очільник\w*|керівник\w*|руководител\w*)[ \t]+$",
    re.I,
)


def _headed_by(text: str, hit: Hit, people: ByStart[Hit]) -> bool:
    """Whether a government body is named only as what a person named close by heads ("глава
    Міноборони Денис Шмигаль"): a title, no body that speaks or acts (annotation rule 11)."""
    if not _HEAD_BEFORE.search(text, max(0, hit.start - 30), hit.start):
        return False
    near = people.overlapping(max(0, hit.start - TITLE_REACH), hit.end + TITLE_REACH)
    return any(p.end <= hit.start or p.start >= hit.end for p in near)


def without_organisations_of_no_interest(
    entities: list[ExtractedEntity], titled: set[str], facts: list[Fact]
) -> list[ExtractedEntity]:
    """The entities less the organisations of no interest (``organisations_of_no_interest``)
    that no fact names (a party, funder, recipient or supplier keeps its entity, which
    ingestion resolves)."""
    if not titled:
        return entities
    named = {n for f in facts for n in (*f.parties, f.funder, f.recipient, f.supplier) if n}
    return [
        e
        for e in entities
        if not (e.type == "organisation" and e.name in titled and e.name not in named)
    ]


_COMPANY_WORD_BEFORE = re.compile(
    r"(?i:\b(?:company|firm|société|entreprise|groupe|Unternehmens?|Konzerns?|Firma)"
    r"|(?<!\w)(?:компані\w*|підприємств\w*|концерн\w*|корпораці\w*|компани\w*))"
    r"(?:[ \t]+[a-zà-ÿäöüß]+)?[ \t]+$"
)


def _in_title(text: str, hit: Hit, people: ByStart[Hit]) -> bool:
    """Whether a mention is part of a person's title: a title word right after it or a title
    and its preposition before it, and a person named close by."""
    line_start = text.rfind("\n", 0, hit.start) + 1
    before = text[max(line_start, hit.start - 90) : hit.start]
    titled = (
        lexicon.TITLE_AFTER_ORGANISATION.match(text, hit.end) is not None
        or lexicon.TITLE_BEFORE_ORGANISATION.search(before) is not None
    )
    if not titled or _COMPANY_WORD_BEFORE.search(before):
        return False  # "le président de la société X": the company is introduced, not a title
    near = people.overlapping(max(0, hit.start - TITLE_REACH), hit.end + TITLE_REACH)
    return any(p.end <= hit.start or p.start >= hit.end for p in near)


# A variant designation written after a system's name with a space ("Altius 600m", "Leopard 2
# A6", "SkyRanger R70", "IRIS-T SLM", "CV90 Mk IV"): digits with a few letters, letters with
# digits, a mark number, or two to four capitals; never a calibre, range or weight after it
_VARIANT = re.compile(
    r"[ \t]+(?P<v>\d{1,3}[A-Za-z]{0,3}(?:[ \t][A-Z]\d{1,2})?|[A-Z]{1,3}\d{1,4}[A-Za-z]{0,4}"
    r"|Mk[ \t]?(?:[IVX]+|\d+)[A-Za-z]{0,3}|[A-Z]{2,4})(?![\w-]|[.,]\d)"
)
_NOT_VARIANT_AFTER = re.compile(
    r"[ \t]*(?:-?[ \t]*(?:mm|мм|cm|km|км|kg|кг|m|t|%|miles?|millim\w*|kilom\w*|units?|pieces?"
    r"|шт|од|ед|Stück|x)(?!\w))",
    re.I,
)


def _outside_names(text: str, tokens: list[Token], hits: list[Hit]) -> list[Hit]:
    """Drop an English or French category word ("trucks", "drone") written capitalised right
    after a capitalised word in the middle of a sentence: it ends a name ("Daimler Truck",
    "Terra Drone"), which the rules for names the catalogue lacks then read whole. German
    nouns, capitalised everywhere, and lines in title case keep the category."""
    kept: list[Hit] = []
    for hit in hits:
        i = hit.first_token
        if (
            hit.entry.type == "system"
            and _is_generic(hit.entry)
            and i > 0
            and tokens[i].text[:1].isupper()
            and not tokens[i].text.isupper()
            and tokens[i - 1].text[:1].isupper()
            and text[tokens[i - 1].end : tokens[i].start] == " "
            and not _sentence_initial(text, tokens, i - 1)
            and _lowercase_name(hit.entry, tuple(t.norm for t in tokens[i : hit.last_token + 1]))
            and _plain_line(text, hit.start)
        ):
            continue
        kept.append(hit)
    return kept


def _lowercase_name(entry: Entry, words: tuple[str, ...]) -> bool:
    """Whether the words are a name of the category that the catalogue writes in lower case
    ("truck"; not the German "Drohne")."""
    return words in _lowercase_names().get(entry.key, frozenset())


@cache
def _lowercase_names() -> dict[str, frozenset[tuple[str, ...]]]:
    names: dict[str, set[tuple[str, ...]]] = {}
    for key, system in catalog.systems().items():
        for name in [system.name, *system.aliases]:
            if name[:1].islower():
                names.setdefault(key, set()).add(tuple(t.norm for t in tokenize(name)))
    return {key: frozenset(found) for key, found in names.items()}


def _plain_line(text: str, position: int) -> bool:
    """Whether the line holds words in lower case (it is not a headline in title case)."""
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    line = text[start : end if end != -1 else len(text)]
    return sum(1 for word in _LONG_WORD.findall(line) if word[:1].islower()) >= 3


def _add_variants(text: str, result: Recognised, unknown: bool = False) -> None:
    """A catalogue system's name followed by a variant designation is that variant, named as
    written ("Altius 600m and Altius 700m drones"), or the catalogue's variant when it lists
    it ("Leopard 2 A6" → Leopard 2A6): a variant is a system of its own beside its family."""
    starts = {h.start for h in result.hits}
    for n, hit in enumerate(result.hits):
        if hit.entry.type != "system" or bool(hit.entry.key) == unknown or _is_generic(hit.entry):
            continue
        m = _VARIANT.match(text, hit.end)
        if m is None or m.start("v") in starts or (unknown and m["v"].upper() in _KIND_CODES):
            continue
        if not m["v"].isalpha() and _NOT_VARIANT_AFTER.match(text, m.end()):
            continue  # a figure follows ("Altius 600 units"); letters stay a variant ("SLM units")
        if m["v"].isalpha() and (m["v"].upper() != m["v"] or len(m["v"]) < 2):
            continue
        first, last = result.token_range(hit.start, m.end("v"))
        if last < first:
            continue
        written = clean_name(text[hit.start : m.end("v")])
        result.hits[n] = Hit(hit.start, m.end("v"), _variant_entry(written), False, first, last)


# Words after a system's name that say what it is, not which variant ("Kirpi MRAP")
_KIND_CODES = frozenset(
    {"APC", "IFV", "MBT", "MRAP", "UAV", "UAS", "UCAV", "UGV", "USV", "MLRS", "ATGM", "ISR"}
    | {"FPV", "AEW", "PMV", "LMM", "SPG", "SAM", "ALCA", "EW"}
)
_MARK = re.compile(r"Mk|Mark|Block|[IVX]{1,4}")
# Families whose variants coprod's own gold lists as aliases (held-out 2: "IRIS-T SLM")
_VARIANTS_AS_ALIASES = frozenset({"iris-t"})


def _aliased_variant(text: str, tokens: list[Token], hit: Hit) -> Hit:
    """A catalogue alias that is its system's name followed by a designation ("Switchblade
    600", "SCALP EG", "Mirage 2000-5") names that variant, as written (rule 22): a variant is a
    system of its own beside its family, as ``_add_variants`` reads the ones the catalogue lacks."""
    entry = hit.entry
    if entry.type != "system" or not entry.key or _is_generic(entry):
        return hit
    if entry.key in _VARIANTS_AS_ALIASES:
        return hit
    family = _family_words(entry.name)
    span = tokens[hit.first_token : hit.last_token + 1]
    if len(span) <= len(family) or tuple(t.norm for t in span[: len(family)]) != family:
        return hit
    rest = span[len(family) :]
    if not all(_designation_word(t.text) for t in rest):
        return hit
    written = clean_name(text[hit.start : hit.end])
    return Hit(
        hit.start,
        hit.end,
        Entry("system", UNKNOWN, written),
        False,
        hit.first_token,
        hit.last_token,
    )


@lru_cache(maxsize=4096)
def _family_words(name: str) -> tuple[str, ...]:
    return tuple(t.norm for t in tokenize(name))


def _designation_word(word: str) -> bool:
    """A word of a variant's designation: a figure, a short code in capitals, a mark."""
    if word.upper() in _KIND_CODES:
        return False
    return (
        any(c.isdigit() for c in word)
        or (word.isupper() and 2 <= len(word) <= 4)
        or _MARK.fullmatch(word) is not None
    )


_QUOTED_WORD = re.compile(r"[«\"“„](?P<word>[^\W\d_A-ZА-ЯІЇЄҐЁ][\w-]{2,30})[»\"”“]")


def _add_quoted_systems(text: str, result: Recognised) -> None:
    """A system's one-word name written in lower case between quotes ("shaheds", «шахедами»)
    is that system: the quotes mark a name that the press did not capitalise."""
    covered = _covered(result)
    for m in _QUOTED_WORD.finditer(text):
        first, last = result.token_range(m.start("word"), m.end("word"))
        if first != last or first in covered:
            continue
        for entry in gazetteer().index.get((result.tokens[first].norm,), []):
            if entry.type == "system" and not _is_generic(entry):
                _add_hit(result, [first], Entry("system", entry.key, entry.name))
                break


def _variant_entry(written: str) -> Entry:
    """The catalogue's entry for a variant written with a space ("Leopard 2 A6" is its
    "Leopard 2A6"), else an entry named as written."""
    compact = re.sub(r"(?<=\d)[ \t]+(?=[A-Z])", "", written)
    for form in (written, compact):
        words = tuple(t.norm for t in tokenize(form))
        for entry in gazetteer().index.get(words, []):
            if entry.type == "system":
                return Entry("system", entry.key, entry.name)
    return Entry("system", UNKNOWN, written)


def _people_named_like_things(text: str, result: Recognised) -> None:
    """A one-word system name followed by a capitalised word right after a person's title is
    a person's first name ("President Zuzana Novakova", "présidente Zuzana Novakova"): the
    two words are that person."""
    tokens, covered = result.tokens, _covered(result)
    for n, hit in enumerate(result.hits):
        if hit.entry.type != "system" or hit.first_token != hit.last_token:
            continue
        nxt = hit.last_token + 1
        if nxt >= len(tokens) or nxt in covered or text[hit.end : tokens[nxt].start] != " ":
            continue
        pair = [tokens[hit.first_token], tokens[nxt]]
        if not (_plain_name(pair) and tokens[nxt].text[:1].isupper()):
            continue
        before = text[max(0, hit.start - 40) : hit.start]
        if not _TITLE_RIGHT_BEFORE.search(before):
            continue
        name = clean_name(text[hit.start : tokens[nxt].end])
        known = gazetteer().fuzzy(name)
        entry = known if known is not None and known.type == "person" else None
        entry = entry or Entry("person", UNKNOWN, name)
        result.hits[n] = Hit(hit.start, tokens[nxt].end, entry, False, hit.first_token, nxt)
        covered.add(nxt)


_TITLE_RIGHT_BEFORE = re.compile(
    r"(?i:\b(?:president|présidente?|präsident(?:in)?|minister|ministre|ministerin|premier"
    r"|prime minister|chancellor|ambassador|ambassadeur|ambassadrice|mayor|maire|senator"
    r"|Mrs?\.?|Ms\.?|Mme|Frau|Herr)"
    r"|(?<!\w)(?:президент\w*|міністр\w*|министр\w*|прем['’]єр\w*|посол\w*))"
    r"(?:[ \t]+[a-zà-ÿа-яіїєґё]+)?[ \t]+$"  # "la présidente slovaque Zuzana …"
)


def _without_authors(result: Recognised, bylines: list[tuple[int, int]]) -> list[Hit]:
    """The hits less the article's authors: the people named in its byline, wherever the
    article names them again ("Par Jean Martin … Jean Martin est journaliste")."""
    if not bylines:
        return result.hits
    people = [h for h in result.hits if h.entry.type == "person"]
    spans = ByStart([_Span(a, b) for a, b in bylines])
    authors = [h for h in people if spans.overlapping(h.start, h.end)]
    if not authors:
        return result.hits
    names = {h.entry.name for h in authors}
    surnames = {result.tokens[h.last_token].norm for h in authors}
    return [
        h
        for h in result.hits
        if h.entry.type != "person"
        or not (h.entry.name in names or result.tokens[h.last_token].norm in surnames)
    ]


@dataclass(frozen=True)
class _Span:
    start: int
    end: int


def _drop_relaying_bodies(text: str, hits: list[Hit]) -> list[Hit]:
    """A government body (a ministry, a presidential office) every mention of which only gives
    the source of what the article reports ("reported by the ministry", "з посиланням на
    Міноборони", "Photo: Ministry of Defence") relays and takes no part: its mentions name its
    country, which the facts may still need."""
    mentions: dict[tuple[str, str], list[Hit]] = {}
    for hit in hits:
        if _government_body(hit.entry):
            mentions.setdefault((hit.entry.key, hit.entry.name), []).append(hit)
    relaying = {ident for ident, found in mentions.items() if all(_relays(text, h) for h in found)}
    if not relaying:
        return hits
    kept: list[Hit] = []
    for hit in hits:
        if hit.entry.type != "organisation" or (hit.entry.key, hit.entry.name) not in relaying:
            kept.append(hit)
            continue
        country = _body_country(hit.entry)
        if country is not None:
            kept.append(dataclasses.replace(hit, entry=country))
    return kept


def _body_country(entry: Entry) -> Entry | None:
    """The country a government body belongs to, as a country entry."""
    org = catalog.organisations().get(entry.key) if entry.key != UNKNOWN else None
    named = entry.name.rpartition("(")[2].rstrip(")")
    code = org.country if org is not None else _country_codes().get(named)
    if not code or not catalog.is_country_code(code):
        return None
    country = catalog.country(code)
    return Entry("country", country.code, country.name)


@cache
def _country_codes() -> dict[str, str]:
    return {country.name: code for code, country in catalog.countries().items()}


def _government_body(entry: Entry) -> bool:
    if entry.type != "organisation":
        return False
    if entry.key == UNKNOWN:
        return entry.name.startswith(("Ministry", "Department"))
    org = catalog.organisations().get(entry.key)
    return org is not None and org.kind == "government_body"


def _relays(text: str, hit: Hit) -> bool:
    """Whether a mention only names the source of a report or a photo."""
    line_start = text.rfind("\n", 0, hit.start) + 1
    before = text[max(line_start, hit.start - 80) : hit.start]
    return lexicon.RELAY_BEFORE.search(before) is not None


_STANDARD_AFTER = re.compile(
    r"[\s-]*(?:types?|standards?|compatible|calib(?:re|er)|artillery|shells?|ammunition"
    r"|munitions?|Standard|Kaliber|Munition|стандарт\w*|тип\w*|калібр\w*|калибр\w*)\b",
    re.I,
)


_DEFINED_ACRONYM = re.compile(r"[ \t]*\((?P<acronym>[A-ZА-ЯІЇЄҐ][A-ZА-ЯІЇЄҐ0-9&-]{1,7})\)")


def _add_acronyms(text: str, result: Recognised) -> None:
    """An acronym defined in brackets right after an organisation's name ("Talvik Defence
    Group (TDG)") names it there and wherever it is written alone later in the text."""
    defined: dict[str, Entry] = {}
    for hit in result.hits:
        m = _DEFINED_ACRONYM.match(text, hit.end)
        if hit.entry.type == "organisation" and m is not None:
            defined.setdefault(m["acronym"], hit.entry)
    if not defined:
        return
    covered = _covered(result)
    for i, token in enumerate(result.tokens):
        entry = defined.get(token.text)
        if entry is not None and i not in covered:
            _add_hit(result, [i], entry)


def _names_a_standard(text: str, hit: Hit) -> bool:
    """An alliance named only for its standard ("NATO-type weapons", "155mm NATO artillery
    shells", "NATO-standard ammunition"): no organisation of the article."""
    org = catalog.organisations().get(hit.entry.key) if hit.entry.type == "organisation" else None
    if org is None or org.kind != "alliance":
        return False
    return _STANDARD_AFTER.match(text, hit.end) is not None


def _outside(spans: list[tuple[int, int]], hits: list[Hit]) -> list[Hit]:
    """The hits that lie in none of ``spans`` (sorted by start): credits and teasers."""
    if not spans:
        return hits
    starts = [s for s, _ in spans]
    ends = list(accumulate((e for _, e in spans), max))
    keep = []
    for hit in hits:
        i = bisect_right(starts, hit.start) - 1
        if i < 0 or ends[i] <= hit.start:
            keep.append(hit)
    return keep


def _covered(result: Recognised) -> set[int]:
    return {i for h in result.hits for i in range(h.first_token, h.last_token + 1)}


def _add_ministries(text: str, result: Recognised) -> None:
    """Ministries written with their country beside them ("le ministère tchèque de la Défense",
    "Міноборони Великої Британії", "британському Міноборони"): that country's ministry, also
    where the catalogue reads the bare words as Ukraine's ("Міноборони")."""
    known = ByStart(result.hits)
    replaced: set[int] = set()
    for m in lexicon.MINISTRY.finditer(text):
        inside = [h for h in known.overlapping(m.start(), m.end()) if h.entry.type != "country"]
        if any(not _generic_ministry(text, h) for h in inside):
            continue
        portfolio = _portfolio((m["p1"] or m["p2"] or m["p3"] or "").lower())
        country = _country_near(text, known, m.start(), m.end())
        if portfolio is None or country is None:
            continue
        replaced.update(id(h) for h in inside)
        entry = _ministry_entry(country, portfolio)
        first, last = result.token_range(m.start(), m.end())
        result.hits.append(Hit(m.start(), m.end(), entry, False, first, last))
    if replaced:
        result.hits = [h for h in result.hits if id(h) not in replaced]


_MINISTRY_KEYS = frozenset(lexicon.MINISTRY_KEYS.values())


def _generic_ministry(text: str, hit: Hit) -> bool:
    """A catalogue ministry named by the bare words ("Міноборони", "Ministry of Defence"):
    the country written beside them decides whose it is."""
    return (
        hit.entry.key in _MINISTRY_KEYS
        and lexicon.MINISTRY.fullmatch(text, hit.start, hit.end) is not None
    )


_BEFORE_MINISTRY = re.compile(r"\s*(?:['’]s\s*)?")
_AFTER_MINISTRY = re.compile(
    r"\s*(?:(?:of\s+(?:the\s+)?|de\s+(?:la\s+|l['’])?|d['’]|der\s+|des\s+|du\s+)"
    r"|(?P<place>in\s+|à\s+|в\s+|у\s+))?"
)


def _add_from_context(
    result: Recognised, etype: str, found: Iterator[tuple[int, int, str]]
) -> None:
    """Add the names the words around tell the type of, where nothing was found before."""
    known, added = ByStart(result.hits), Taken()
    replaced: set[int] = set()
    for start, end, raw in found:
        name = clean_name(raw)
        inside = known.overlapping(start, end)
        if inside and (
            etype == "system"
            or any(h.start < start or h.end > end for h in inside)
            or any(h.entry.type in ("organisation", "person") for h in inside)
        ):
            continue  # a company's quoted name may hold a category word ("Delta Drones")
        first, last = result.token_range(start, end)
        if not name or first > last or fold(name) in _MEDIA_NAMES or not added.take(start, end):
            continue
        replaced.update(id(h) for h in inside)
        entry = _context_entry(etype, name)
        result.hits.append(Hit(start, end, entry, False, first, last))
    if replaced:
        result.hits = [h for h in result.hits if id(h) not in replaced]


def _context_entry(etype: str, name: str) -> Entry:
    """The entry of a name its context types: the catalogue's organisation it misspells
    ("Rheimentaal AG"), else an unknown one."""
    if etype == "system":
        return Entry(etype, UNKNOWN, name)
    known = gazetteer().fuzzy(name)
    if known is not None and known.type == etype:
        return known
    return Entry(etype, UNKNOWN, _strip_legal_form(name))


def _portfolio(word: str) -> str | None:
    folded = fold(word)
    for portfolio, stems in lexicon.PORTFOLIO.items():
        if any(fold(s) in folded for s in stems):
            return portfolio
    return None


def _country_near(text: str, hits: ByStart[Hit], start: int, end: int) -> str | None:
    """The country written right before or right after a ministry's name, or inside it."""
    for hit in hits.overlapping(start, end):
        if hit.entry.type == "country" and start <= hit.start and hit.end <= end:
            return hit.entry.key  # "le ministère tchèque de la Défense"
    after = [h for h in hits.within(end, end + 16) if h.entry.type == "country"]
    if after:
        gap = _AFTER_MINISTRY.fullmatch(text, end, after[0].start)
        if gap is not None and (not gap["place"] or after[0].entry.via == "capital"):
            return after[0].entry.key
    before = [
        h
        for h in hits.overlapping(start - 26, start + 1)
        if h.entry.type == "country" and h.end <= start
    ]
    if before and (
        _BEFORE_MINISTRY.fullmatch(text, before[-1].end, start)
        or before[-1].entry.via == "name"  # "in Ukraine: the Ministry of Defence"; a demonym
        # further back describes another noun ("des avoirs russes gelés, a indiqué le ministère")
    ):
        return before[-1].entry.key
    return None


def _ministry_entry(country: str, portfolio: str) -> Entry:
    key = lexicon.MINISTRY_KEYS.get((country, portfolio))
    if key is not None:
        org = catalog.organisations()[key]
        return Entry("organisation", org.key, org.name)
    label = {
        "defence": "Ministry of Defence",
        "foreign": "Ministry of Foreign Affairs",
        "strategic": "Ministry of Strategic Industries",
    }[portfolio]
    return Entry("organisation", UNKNOWN, f"{label} ({catalog.country(country).name})")


_CYRILLIC_WORD = re.compile(r"[А-ЯІЇЄҐЁа-яіїєґё]")
COREFERENCE_REACH = 3000  # characters back to the company a description refers to


def _add_capitalised(text: str, result: Recognised, language: str | None) -> None:
    covered = _covered(result)
    unresolved: list[list[int]] = []
    for run in _capitalised_runs(text, result.tokens, covered):
        unresolved.extend(_fuzzy_run(text, result, run))
    people: dict[str, Entry] = {}
    named: dict[tuple[str, ...], Entry] = {}
    left: list[list[int]] = []
    for whole in unresolved:
        described = _described_company(result, whole)
        if described is not None:
            if described.key:
                _add_hit(result, whole, described)
            continue
        entry = None
        for part in dict.fromkeys(
            (*_after_cue(result.tokens, whole), *_parts(result.tokens, whole))
        ):
            run = list(part)
            entry = _classify(text, result.tokens, run)
            if entry is not None:
                break
        if entry is None:
            left.append(whole)
            continue
        if entry.type == "person" and not entry.key:
            stems = tuple(result.tokens[i].norm for i in run)
            entry = named.setdefault(stems, entry)  # one person in every case of the name
        _add_hit(result, run, entry)
        if entry.type == "person":
            people[result.tokens[run[-1]].norm] = entry
    _add_coordinated_people(text, result, left, people)
    if language == "fr":
        _add_spacy_people(text, result, unresolved, people)
    _add_surnames(text, result, {**_catalogue_surnames(result), **people})
    _add_drone_compounds(result)


_AND = re.compile(r"[ \t]+(?:and|und|et|y|і|та|й|и)[ \t]+", re.I)


def _add_coordinated_people(
    text: str, result: Recognised, runs: list[list[int]], people: dict[str, Entry]
) -> None:
    """Two or three plain words joined by "and" to a person are a person too ("the ministers
    Jens Kohlmann and Otto Brandl", "Otto Brandl und Jens Kohlmann unterzeichneten")."""
    persons = ByStart([h for h in result.hits if h.entry.type == "person"])
    for run in runs:
        words = [result.tokens[i] for i in run]
        if not (2 <= len(words) <= 3 and _plain_name(words)):
            continue
        start, end = words[0].start, words[-1].end
        before = [h for h in persons.overlapping(start - 40, start) if h.end <= start]
        after = [h for h in persons.overlapping(end, end + 40) if h.start >= end]
        if (before and _AND.fullmatch(text, before[-1].end, start)) or (
            after and _AND.fullmatch(text, end, after[0].start)
        ):
            entry = Entry("person", UNKNOWN, clean_name(text[start:end]))
            _add_hit(result, run, entry)
            people[words[-1].norm] = entry


def _parts(tokens: list[Token], whole: list[int]) -> list[tuple[int, ...]]:
    """The parts of a capitalised run to classify, in order: the whole run, then its last
    three and two words. In Cyrillic a first and a last name come first, the words before
    them being a capitalised complement of the title ("Республики Томаш Копечный"), unless the
    word before shares their case ("Йонасом Гаром Стьоре")."""
    if not _CYRILLIC_WORD.match(tokens[whole[0]].text):
        groups = _name_words(tokens, whole)
        return [tuple(whole), _joined(groups[-3:]), _joined(groups[-2:])]
    parts = [tuple(whole), tuple(whole[-3:]), tuple(whole[-2:])]
    parts.reverse()
    if len(whole) >= 3 and cyrillic_names.same_case(tokens[whole[-3]].text, tokens[whole[-2]].text):
        parts.insert(0, tuple(whole[-3:]))
    return parts


def _name_words(tokens: list[Token], run: list[int]) -> list[list[int]]:
    """The tokens of a run grouped into the words of a name: a hyphenated name is one word
    ("Jean-Yves", "Yong-hyun"), and so is a French particle with the name after it ("Le
    Drian")."""
    groups: list[list[int]] = []
    for i in run:
        previous = tokens[groups[-1][-1]] if groups else None
        hyphenated = previous is not None and previous.hyphen
        hyphenated = hyphenated and tokens[i].start == previous.end + 1  # type: ignore[union-attr]
        if groups and (hyphenated or tokens[groups[-1][-1]].text in ("Le", "La")):
            groups[-1].append(i)
        else:
            groups.append([i])
    return groups


def _joined(groups: list[list[int]]) -> tuple[int, ...]:
    return tuple(i for group in groups for i in group)


def _described_company(result: Recognised, run: list[int]) -> Entry | None:
    """ "der Düsseldorfer Rüstungskonzern", "der Münchner Drohnenhersteller" with no name after
    it: a description of the company named last before (within COREFERENCE_REACH characters),
    not a name; an entry without key when none is named. None when the run is no such
    description."""
    tokens = result.tokens
    first, last = tokens[run[0]], tokens[run[-1]]
    if len(run) < 2 or not first.norm.endswith("er"):
        return None
    if not last.norm.endswith(lexicon.GERMAN_COMPANY_NOUNS) or last.text.isupper():
        return None
    if any(0 <= h.start - last.end <= 2 for h in result.hits):
        return None  # "der Münchner Hersteller Quantum Systems": it describes the name after
    earlier = [
        h
        for h in result.hits
        if 0 < first.start - h.end <= COREFERENCE_REACH and _is_company_entry(h.entry)
    ]
    if not earlier:
        return Entry("organisation", "", "")
    return max(earlier, key=lambda h: h.end).entry


def _is_company_entry(entry: Entry) -> bool:
    org = catalog.organisations().get(entry.key) if entry.type == "organisation" else None
    return org is not None and org.kind == "company"


def _after_cue(tokens: list[Token], run: list[int]) -> list[tuple[int, ...]]:
    """The words after a German company noun inside a capitalised run ("Der Rüstungskonzern
    Veltrion": German capitalises the noun, so it joins the name's run)."""
    for k, i in enumerate(run[:-1]):
        if tokens[i].norm.endswith(lexicon.GERMAN_COMPANY_NOUNS):
            if not tokens[run[k + 1]].text[:1].isupper():
                return []  # "Rüstungsunternehmen der Welt": an article, then a common noun
            return [tuple(run[k + 1 :])]
    return []


def _capitalised_runs(text: str, tokens: list[Token], covered: set[int]) -> list[list[int]]:
    runs: list[list[int]] = []
    current: list[int] = []
    for i, token in enumerate(tokens):
        capital = (
            token.text[:1].isupper()
            and token.norm not in lexicon.COMMON_CAPITALISED
            and not _title_word(token.norm)
            and not cyrillic_names.title_word(token.text)
        )
        joined = current and _joins(text, tokens[current[-1]], token)
        if joined and not capital and _company_defence(text, tokens, current, i):
            capital = True  # "Velmora Defence", "Kestrin Defense Systems": a company's name
        if joined and _ampersand(text[tokens[current[-1]].end : token.start]):
            capital = token.text[:1].isupper()  # "D&M", "R&D": one name, "M" no title
        if i not in covered and capital and (joined or not current):
            current.append(i)
            continue
        if i not in covered and current and _name_part(text, tokens, current, i):
            current.append(i)
            continue
        if (
            i not in covered
            and current
            and joined
            and (token.norm in lexicon.CONNECTORS or _elliptic_and(text, tokens, i))
            and not (
                token.norm in ("von", "der", "den")
                and tokens[current[-1]].norm.endswith(_GERMAN_NOUN_ENDINGS)
            )
            and i + 1 < len(tokens)
            and tokens[i + 1].text[:1].isupper()
        ):
            current.append(i)
            continue
        if current:
            runs.append(current)
        current = [i] if i not in covered and capital else []
    if current:
        runs.append(current)
    return [r[:6] for r in runs if tokens[r[-1]].norm not in lexicon.CONNECTORS]


def _company_defence(text: str, tokens: list[Token], current: list[int], i: int) -> bool:
    """ "Defence" or "Defense" capitalised right after a capitalised name, before no capitalised
    word but a company word ("Velmora Defence", "Kestrin Defense & Aerospace", "Kestrin Defence
    Systems"): a word of a company's name, not the title it opens elsewhere ("Defence
    Minister", "Defense Secretary"), nor after a demonym or a connector ("European Defence …",
    "Industrie de Défense": a body's or a title's words)."""
    token, first, previous = tokens[i], tokens[current[0]], tokens[current[-1]]
    if token.norm not in ("defence", "defense") or not token.text[:1].isupper():
        return False
    if not previous.text[:1].isupper() or fold(first.text).endswith(_DEMONYM_ENDINGS):
        return False
    after = tokens[i + 1] if i + 1 < len(tokens) else None
    # a capitalised word after it must be a company word ("Kestrin Defence Systems"): "Minister
    # of National Defense Bill Blair" goes on with a person's name
    if after is None or not _joins(text, token, after) or not after.text[:1].isupper():
        return True
    return _company_word(after)


_DEMONYM_ENDINGS = ("ian", "ean", "ish", "ese", "ais", "aise", "ische", "ischen")


def _name_part(text: str, tokens: list[Token], current: list[int], i: int) -> bool:
    """A word inside a person's name that capitalisation alone misses: the lower-case syllable
    of a hyphenated given name ("Kim Yong-hyun", "Shin Won-sik") and the French particle "Le"
    or "La" between two capitalised words ("Jean-Yves Le Drian")."""
    token, previous = tokens[i], tokens[current[-1]]
    gap = text[previous.end : token.start]
    if gap == "-" and token.text.islower() and 2 <= len(token.text) <= 4:
        return 2 <= len(previous.text) <= 5 and previous.text[:1].isupper()
    return (
        token.text in ("Le", "La")
        and gap == " "
        and i + 1 < len(tokens)
        and tokens[i + 1].text[:1].isupper()
        and text[token.end : tokens[i + 1].start] == " "
    )


# Endings of German abstract nouns: "Bekanntmachung von X" is a noun and its complement,
# not a name with a particle ("Ursula von der Leyen")
_GERMAN_NOUN_ENDINGS = ("ung", "heit", "keit", "schaft", "tion", "ität")


def _elliptic_and(text: str, tokens: list[Token], i: int) -> bool:
    """ "Rüstungs- und Automotive-Konzern": an "und" after a hyphen ends a German compound
    that the next word completes; the words are one description."""
    return (
        tokens[i].norm in ("und", "and", "et")
        and i > 0
        and text[tokens[i - 1].end : tokens[i].start].strip() == "-"
    )


def _joins(text: str, previous: Token, token: Token) -> bool:
    """Whether two capitalised words are one name: close together, no comma between them
    ("Mads Skau, and Fire Point"), and no full stop between them after a word longer than an
    initial ("… Моравецким. Уряди …" are two sentences), and both in one alphabet."""
    gap = text[previous.end : token.start]
    if token.start - previous.end > 2 and not _ampersand(gap):
        return False
    if "\n" in gap or any(c in gap for c in ":;|—–"):
        return False  # a line break, colon or dash ends a name ("Details: He said")
    if "," in gap or "(" in gap or ")" in gap:
        return False  # "Talvik Robotics (TRX)": the bracket holds another name of it
    if bool(_CYRILLIC_WORD.search(previous.text)) != bool(_CYRILLIC_WORD.search(token.text)):
        return False  # "Company Даніел Пауерс": no name is written in two alphabets
    return not (any(c in gap for c in ".!?") and len(previous.text) > 2)


@lru_cache(maxsize=65536)
def _title_word(norm: str) -> bool:
    return (
        norm in lexicon.TITLE_WORDS
        or any(norm.startswith(t) for t in lexicon.TITLE_WORDS if len(t) >= 6)
        or norm.endswith(lexicon.TITLE_ENDINGS)
    )


def _fuzzy_run(text: str, result: Recognised, run: list[int]) -> list[list[int]]:
    """Resolve a capitalised run by fuzzy matching; the parts left unresolved."""
    tokens = result.tokens
    for size in range(min(len(run), 4), 1, -1):
        for offset in range(len(run) - size, -1, -1):
            part = run[offset : offset + size]
            if _cuts_ampersand(text, tokens, run, part):
                continue
            if " ".join(tokens[i].norm for i in part) in _MEDIA_NAMES:
                continue  # "Breaking Defense": an outlet, no misspelt company
            entry = gazetteer().fuzzy(" ".join(tokens[i].text for i in part))
            if entry is not None:
                _add_hit(result, part, entry, fuzzy=True)
                rest = [run[:offset], run[offset + size :]]
                return [
                    piece for chunk in rest if chunk for piece in _fuzzy_run(text, result, chunk)
                ]
    left: list[list[int]] = [[]]
    for i in run:
        entry = gazetteer().fuzzy(tokens[i].text) if len(tokens[i].text) >= 6 else None
        if entry is not None and entry.type == "person" and len(run) > 1:
            entry = None  # "Andris Spruds" is someone named in full, not a misspelt "Andriès"
        if entry is None:
            left[-1].append(i)
            continue
        _add_hit(result, [i], entry, fuzzy=True)
        left.append([])
    return [part for part in left if part]


def _cuts_ampersand(text: str, tokens: list[Token], run: list[int], part: list[int]) -> bool:
    """Whether a part of a run would cut a name at its "&" ("D&M Systems": not "M Systems")."""
    first, last = part[0], part[-1]
    before = first > run[0] and _ampersand(text[tokens[first - 1].end : tokens[first].start])
    after = last < run[-1] and _ampersand(text[tokens[last].end : tokens[last + 1].start])
    return before or after


def _ampersand(gap: str) -> bool:
    """Whether the gap between two words is an "&" that binds one name ("D&M", "Sellier &
    Bellot", "Aerospace & Defence")."""
    return len(gap) <= 3 and gap.strip(" ") == "&"


def _add_hit(result: Recognised, run: list[int], entry: Entry, fuzzy: bool = False) -> None:
    first, last = result.tokens[run[0]], result.tokens[run[-1]]
    result.hits.append(Hit(first.start, last.end, entry, fuzzy, run[0], run[-1]))


def _sentence_initial(text: str, tokens: list[Token], index: int) -> bool:
    if index == 0:
        return True
    return bool(_SENTENCE_END.search(text[tokens[index - 1].end : tokens[index].start]))


def _add_drone_compounds(result: Recognised) -> None:
    """German compounds of "Drohne(n)" ("Aufklärungsdrohnen") name drones."""
    covered = _covered(result)
    entry = Entry("system", "drones", catalog.systems()["drones"].name)
    for i, token in enumerate(result.tokens):
        if i not in covered and len(token.norm) > 8 and token.norm.endswith(("drohnen", "drohne")):
            _add_hit(result, [i], entry)


def _classify(text: str, tokens: list[Token], run: list[int]) -> Entry | None:
    """A person or organisation the catalogue lacks, when the words around say which."""
    words = [tokens[i] for i in run]
    name = clean_name(text[words[0].start : words[-1].end])
    folded = " ".join(w.norm for w in words)
    if folded in _MEDIA_NAMES or not name:
        return None
    if all(_LEGAL_FORM.fullmatch(w.text) for w in words):
        return None  # "ТОВ", "LLC": the legal form of the quoted name after it, no name
    before = text[max(0, words[0].start - 60) : words[0].start]
    if lexicon.CREDITS.search(before):
        return None  # a journalist's credit or byline
    if all(w.norm in _DESCRIPTION_WORDS for w in words):
        return None  # "Stock Company", "Joint Stock": the words of a description
    if words[0].text[:1].islower():
        return None  # "der Welt", "von Supercapacitors": an article or preposition, no name
    if _company_word(words[-1]) and len(words) >= 2 and not _generic_run(words):
        if _headline_line(text, words[0].start):
            return None  # "… a New Era in Military Technology": a title-case headline
        return Entry("organisation", UNKNOWN, _strip_legal_form(name))
    if _person_after_organisation(before, words):
        return Entry("person", UNKNOWN, name)
    org_cue = (
        lexicon.ORG_CUE.search(before)
        or lexicon.CYRILLIC_ORG_CUE.search(before)
        or lexicon.ORG_CUE_LIST.search(before)
    )
    if org_cue and _NAME_TAIL.match(org_cue[0]) and _NAME_BEFORE.search(before, 0, org_cue.start()):
        org_cue = None  # "D&M Holding Company Daniel Powers": the word ends a name before
    if org_cue and lexicon.GERMAN_CUE_GAP.search(org_cue[0]):
        org_cue = None
    if org_cue and not _sentence_initial(text, tokens, run[0]):
        return Entry("organisation", UNKNOWN, _strip_legal_form(name))
    if _CYRILLIC_WORD.match(words[0].text):
        return _cyrillic_person(text, words, name, before)
    if 2 <= len(words) <= 4 and _plain_name(words):
        after = text[words[-1].end : words[-1].end + 60]
        if lexicon.PERSON_TITLES.search(before[-30:]) or lexicon.PERSON_AFTER.match(after):
            return Entry("person", UNKNOWN, name)
        if _titled_with_complement(text, words):
            return Entry("person", UNKNOWN, name)
    return None


# Nouns of departments, policies and bodies, never a word of a person's name
_INSTITUTION_WORDS = frozenset(
    {
        "security", "policy", "operation", "affair", "development", "cooperation", "planning",
        "department", "office", "agency", "council", "committee", "service", "force", "command",
        "international", "national", "directorate", "division", "bureau", "industry", "ministry",
        "technology", "innovation", "procurement", "logistic", "intelligence", "strategy",
    }
)  # fmt: skip
_CAPITALISED_BEFORE = re.compile(r"[A-ZÀ-ÖØ-Þ][\w'’-]*[ \t]+$")


def _titled_with_complement(text: str, words: list[Token]) -> bool:
    """A name after a title and its complement ("the Minister of Coastal Affairs of Estonia
    Kalev Tamm"). Three words or more must not continue a capitalised complement ("für
    Strategische Industrien Olexander Kamyschin": the last two are the name)."""
    start = words[0].start
    before = text[max(0, start - 90) : start]
    spaced = 1 + sum(1 for a, b in pairwise(words) if text[a.end : b.start].strip() != "-")
    if spaced > 2 and _CAPITALISED_BEFORE.search(before):
        return False  # (a hyphenated name is one word: "Kim Yong-hyun" has two)
    return lexicon.PERSON_TITLE_COMPLEMENT.search(before) is not None


def _plain_name(words: list[Token]) -> bool:
    """Words that may be a person's name: letters (or hyphens), opening with a capitalised
    word that is no acronym ("АОЗ Жумаділов", "NOS Details": an organisation's letters, then
    something else; "and Operation Policy")."""
    if not words[0].text[:1].isupper() or (len(words[0].text) >= 2 and words[0].text.isupper()):
        return False
    if any(w.norm in _INSTITUTION_WORDS for w in words):
        return False  # "International Security and Operations Policy": a department
    if fold(words[-1].text) in lexicon.ORG_SUFFIXES or words[-1].norm in lexicon.ORG_SUFFIXES:
        return False  # "Managing Director von Quantum Systems": the company he heads
    for k, word in enumerate(words):
        if word.text.islower() and sum(1 for w in words[k + 1 :] if w.text[:1].isupper()) >= 2:
            return False  # "Beisein von Alexander Kamyshin": a preposition before a full name,
            # not a particle before a family name ("Ursula von der Leyen")
    return all(w.text.isalpha() or "-" in w.text for w in words)


# A verb of saying, or "according to", right before a name ("заявив Іван Петренко", "за
# словами Івана Петренка", "сообщил Иван Петров")
_CYRILLIC_SAYS_BEFORE = re.compile(
    rf"(?<!\w)(?:{cyr.SAYS_AFTER}|за\s+словами|по\s+словам|на\s+думку|по\s+мнению)\s*,?\s*$",
    re.I,
)


def _cyrillic_person(text: str, words: list[Token], name: str, before: str) -> Entry | None:
    """A Ukrainian or Russian person: two to four plain words after a title or before a verb
    of saying ("очільник агентства Петро Коваленко", "Олена Мельничук заявила")."""
    if not (2 <= len(words) <= 4 and _plain_name(words)):
        return None
    after = text[words[-1].end : words[-1].end + 60]
    titled = lexicon.CYRILLIC_PERSON_TITLE.search(before[-50:])
    said = _CYRILLIC_SAYS_BEFORE.search(before[-40:])
    if titled or said or lexicon.CYRILLIC_SAYS_AFTER.match(after):
        return Entry("person", UNKNOWN, name)
    return None


_DESCRIPTION_WORDS = lexicon.ORG_SUFFIXES | lexicon.GENERIC_COMPANY_WORDS


def _company_word(token: Token) -> bool:
    """Whether a word ends companies' names ("Group", "Robotics": the plural as written, not
    folded to "robotic")."""
    return token.norm in lexicon.ORG_SUFFIXES or fold(token.text) in lexicon.ORG_SUFFIXES


# English words that open generic names of kinds of systems or industries ("Unmanned Systems",
# "Air Defense Systems", "Advanced Technologies"), not a company's own name
_GENERIC_FIRST = frozenset(
    {
        "unmanned", "air", "ground", "missile", "weapon", "combat", "autonomous", "robotic",
        "military", "naval", "space", "drone", "electronic", "radar", "control", "command",
        "communication", "information", "energy", "power", "security", "advanced", "modern",
        "new", "smart", "critical", "key", "strategic", "defense", "defence", "artillery",
        "precision", "guided", "integrated", "mobile", "armoured", "armored", "heavy", "light",
    }
)  # fmt: skip


def _generic_run(words: list[Token]) -> bool:
    """Whether a run ending in a company word names a kind of things ("Unmanned Systems")."""
    return words[0].norm in _GENERIC_FIRST or fold(words[0].text) in _GENERIC_FIRST


_LONG_WORD = re.compile(r"[^\W\d_]{4,}")


def _headline_line(text: str, position: int) -> bool:
    """Whether the line holding ``position`` is a headline written in title case (short, no
    full stop at its end, most of its words of four letters or more capitalised): its capitals
    say nothing of names."""
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    line = text[start : end if end != -1 else len(text)].strip()
    if len(line) > 200 or line.endswith((".", ";", ":")):
        return False  # a sentence (German capitalises its nouns), not a headline
    words = _LONG_WORD.findall(line)
    capitals = sum(1 for w in words if w[:1].isupper())
    return len(words) >= 4 and capitals >= 0.75 * len(words)


# a capitalised word right before a capitalised company word of English or French: the company
# word ends that name ("Holding Company", "Thales Group") and cues nothing after it
_NAME_TAIL = re.compile(r"(?:Company|Companies|Group|Groupe|Corporation)\b")
_NAME_BEFORE = re.compile(r"[A-Z][\w&.-]*\s+$")


_LEGAL_FORM = re.compile(
    rf"{cyr.LEGAL_PREFIXES}|{context.LATIN_LEGAL_PREFIXES}|{context.LEGAL_SUFFIX_WORDS}"
)


def _person_after_organisation(before: str, words: list[Token]) -> bool:
    """ "the CEO of Czechoslovak Group Michal Strnad": two or three plain words after a title
    and the organisation it heads."""
    plain = 2 <= len(words) <= 3 and all(w.text.isalpha() for w in words) and _plain_name(words)
    return plain and bool(lexicon.PERSON_TITLE_OF.search(before))


def clean_name(raw: str) -> str:
    """A name as written, without quotes, articles and stray punctuation."""
    name = re.sub(r"\s+", " ", raw).strip(" \"'«»“”‘’.,;:()[]")
    name = re.sub(r"^(?:l['’]|the |le |la |les |der |die |das )", "", name, flags=re.I)
    return re.sub(r"['’]s$", "", name)


def _strip_legal_form(name: str) -> str:
    words = name.split()
    while len(words) > 1 and fold(words[-1]).strip(".") in lexicon.LEGAL_FORMS:
        words.pop()
    return " ".join(words)


@cache
def french_pipeline() -> Any:
    """spaCy's ``fr_core_news_md`` with only what NER needs, loaded once: its NER has a
    tok2vec of its own, so the shared ``tok2vec`` (which only the parser, tagger and
    lemmatizer listen to) is left out too. spaCy's French tokenizer compiles a pattern of
    1.4 million characters on loading; ``shared_charsets`` makes that 2 s faster on one core."""
    import spacy  # noqa: PLC0415 - the model loads on first use, not on import

    with shared_charsets():
        return spacy.load(
            "fr_core_news_md",
            exclude=[
                "tok2vec",
                "parser",
                "lemmatizer",
                "morphologizer",
                "attribute_ruler",
                "senter",
            ],
        )


def _add_spacy_people(
    text: str, result: Recognised, unresolved: list[list[int]], people: dict[str, Entry]
) -> None:
    covered = _covered(result)
    spans = [
        (result.tokens[r[0]].start, result.tokens[r[-1]].end)
        for r in unresolved
        if len(r) >= 2 and not any(i in covered for i in r)
    ]
    if not spans:
        return
    windows = sorted({_sentence_window(text, s, e) for s, e in spans})[:SPACY_SENTENCES]
    known, added = ByStart(result.hits), Taken()
    for w_start, ents in _french_people(text, windows):
        for ent in ents:
            start, end = w_start + ent.start_char, w_start + ent.end_char
            if (
                ent.label_ != "PER"
                or len(ent) < 2
                or known.overlapping(start, end)
                or added.overlaps(start, end)
            ):
                continue
            first, last = result.token_range(start, end)
            if last < first or not all(
                result.tokens[i].text[:1].isupper() for i in range(first, last + 1)
            ):
                continue
            entry = Entry("person", UNKNOWN, clean_name(text[start:end]))
            added.take(start, end)
            _add_hit(result, list(range(first, last + 1)), entry)
            people[result.tokens[last].norm] = entry


def _french_people(text: str, windows: list[tuple[int, int]]) -> Iterator[tuple[int, list[Any]]]:
    """spaCy's entities of each window (a sentence repeated on the page is read once)."""
    unique = list(dict.fromkeys(text[a:b] for a, b in windows))
    read = dict(zip(unique, french_pipeline().pipe(unique), strict=True))
    for a, b in windows:
        yield a, list(read[text[a:b]].ents)


def _sentence_window(text: str, start: int, end: int) -> tuple[int, int]:
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start))
    right_dot, right_nl = text.find(". ", end), text.find("\n", end)
    rights = [r for r in (right_dot, right_nl) if r != -1]
    return left + 1, (min(rights) + 1 if rights else len(text))


def _catalogue_surnames(result: Recognised) -> dict[str, Entry]:
    """The family names of the catalogue's people named in full in the text ("Troels Lund
    Poulsen … Poulsen, during his visit"), unless two of them share one."""
    found: dict[str, Entry] = {}
    shared: set[str] = set()
    for hit in result.hits:
        if hit.entry.type != "person" or hit.last_token <= hit.first_token:
            continue
        surname = result.tokens[hit.last_token].norm
        if len(surname) < 4:
            continue
        if found.setdefault(surname, hit.entry).name != hit.entry.name:
            shared.add(surname)
    return {name: entry for name, entry in found.items() if name not in shared}


def _add_surnames(text: str, result: Recognised, people: dict[str, Entry]) -> None:
    if not people:
        return
    covered = _covered(result)
    for i, token in enumerate(result.tokens):
        entry = people.get(token.norm)
        if entry is not None and i not in covered and token.text[:1].isupper():
            _add_hit(result, [i], entry)
    del text


# Categories so wide that the gold counts them only where the text lists them beside other
# kinds of weapons ("drones and missiles", "Drohnen, Raketen, Munition"); alone, "missiles" is
# mostly what a named system or a narrower category already says
_LISTED_ONLY = frozenset({"missiles"})
_LIST_GAP = re.compile(
    r"[ \t]*(?:,|;|/|[ \t](?:and|or|et|ou|und|oder|sowie|і|й|та|и|або|или|y|e)[ \t]"
    r"|,[ \t]*(?:and|or|et|ou|und|oder|і|та|и)[ \t])[ \t]*(?:(?:other|des|de|d['’]|the|les"
    r"|autres|andere|weitere|інші|другие)[ \t]+)*",
    re.I,
)

_ATTACKS = re.compile(
    r"(?<!\w)(?:attacks?|strikes|raids?|barrages?|frappes?|attaques?|bombardements?|tirs"
    r"|Angriff\w*|Beschuss|атак\w*|удари|ударів|ударами|обстріл\w*|обстрел\w*)(?!\w)",
    re.I,
)


def _listed_only(text: str, hits: list[Hit]) -> list[Hit]:
    """Keep a category of ``_LISTED_ONLY`` only where it is an item of a list of systems: a
    system written right before or after it, with only a comma or a conjunction between."""
    systems = sorted((h for h in hits if h.entry.type == "system"), key=lambda h: h.start)
    dropped: set[int] = set()
    for i, hit in enumerate(systems):
        if hit.entry.key not in _LISTED_ONLY:
            continue
        prev = systems[i - 1] if i > 0 else None
        nxt = systems[i + 1] if i + 1 < len(systems) else None
        listed = (
            prev is not None
            and prev.end <= hit.start
            and bool(_LIST_GAP.fullmatch(text, prev.end, hit.start))
        ) or (
            nxt is not None
            and hit.end <= nxt.start
            and bool(_LIST_GAP.fullmatch(text, hit.end, nxt.start))
        )
        if not listed or _ATTACKS.search(text, max(0, hit.start - 40), hit.end + 40):
            dropped.add(id(hit))  # "missile and drone attacks": the enemy's weapons in use
    return [h for h in hits if id(h) not in dropped]


# Categories that an article also names as what is fought: the enemy's drones and missiles,
# the targets an air-defence system or a radar is built for. There the word names no system
# that is made, bought or sent, and the gold does not count it (rule 20 counts the systems of
# the story)
_THREAT_CATEGORIES = frozenset(
    {
        "drones",
        "kamikaze-drones",
        "missiles",
        "cruise-missiles",
        "ballistic-missiles",
        "combat-aircraft",
        "helicopters",
        "artillery",
    }
)
# A word of fighting, detecting or threat a few words before the category, in its clause:
# "to intercept drones", "detect cruise missiles, drones and aircraft", "la lutte contre les
# drones", "Abwehr von Drohnen", "протидії дронам", "перехвата беспилотников"
_THREAT_BEFORE = re.compile(
    r"(?<!\w)(?:against|counter(?:ing|s)?|intercept\w*|shoot(?:ing|s)?[ \t]+down|shot[ \t]+down"
    r"|downing|detect\w*|threats?|targets?|vulnerab\w*|contre|contrer|intercepter|abattre|d[ée]tect\w*"
    r"|identifier|menaces?|cibles?|gegen|Abwehr|abzuwehren|abzufangen|abfangen|erkennen"
    r"|Bedrohung\w*|Luftziel\w*|проти|протиді\w*|против|противодейств\w*|перехоплю\w*"
    r"|перехоплен\w*|перехват\w*|збива\w*|збитт\w*|сбива\w*|виявлен\w*|обнаружен\w*"
    r"|загроз\w*|угроз\w*)(?!\w)[^.!?;:\n]{0,60}$",
    re.I,
)
# The enemy's own: "Russian drones", "enemy missiles", "drones russes", "ворожих дронів"
_ENEMY_BEFORE = re.compile(
    r"(?<!\w)(?:Russian|enemy|Iranian|hostile|russischen|russische|feindlichen|feindliche"
    r"|iranischen|російськ\w*|ворож\w*|іранськ\w*|российск\w*|вражеск\w*|иранск\w*)"
    r"(?:[ \t]+(?:strike|kamikaze|attack|long-range|Shahed-type|ударн\w*))?[ \t]+$",
    re.I,
)
_ENEMY_AFTER = re.compile(
    r"[ \t]+(?:russes|ennemis|iraniens|russischen)(?!\w)",
    re.I,
)
# An attack word right after the category or right before it: "drone attacks", "drone and
# missile strikes", "attaques massives de missiles et de drones", "ракетних і дронових атак"
_ATTACK_AFTER = re.compile(
    r"(?:[ \t-]+(?:and|or|et|und|і|та|и)[ \t]+[\w-]+)?[ \t-]+(?:attacks?|strikes|raids?"
    r"|exchanges?|duels?|threats?|Angriff\w*|атак\w*|удар\w*|обстріл\w*|обстрел\w*)(?!\w)",
    re.I,
)
_ATTACK_BEFORE = re.compile(
    r"(?<!\w)(?:attaques?|frappes?|bombardements?|raids?|attacks?[ \t]+(?:by|of|with)|Angriff\w*"
    r"|атак\w*|удар\w*|обстріл\w*|обстрел\w*)(?:[ \t]+[\w’'-]+){0,3}[ \t]+"
    r"(?:de[ \t]+|des[ \t]+|d['’]|mit[ \t]+|von[ \t]+)?$",
    re.I,
)


def _without_threats(text: str, hits: list[Hit]) -> list[Hit]:
    """Leave out a mention of a category of ``_THREAT_CATEGORIES`` told as what is fought or
    detected, the enemy's, or in an attack: no system of the story (annotation rule 20)."""
    return [h for h in hits if not _threat(text, h)]


def _threat(text: str, hit: Hit) -> bool:
    if hit.entry.type != "system" or hit.entry.key not in _THREAT_CATEGORIES:
        return False
    before = text[max(0, hit.start - 90) : hit.start]
    return bool(
        _THREAT_BEFORE.search(before)
        or _ENEMY_BEFORE.search(before)
        or _ENEMY_AFTER.match(text, hit.end)
        or _ATTACK_AFTER.match(text, hit.end)
        or _ATTACK_BEFORE.search(before)
    )


def _drop_descriptors(text: str, hits: list[Hit]) -> list[Hit]:
    """Drop a generic system ("systèmes de défense antiaérienne") that only describes the named
    system right after it ("... SAMP-T")."""
    ordered = sorted(hits, key=lambda h: h.start)
    keep: list[Hit] = []
    for i, hit in enumerate(ordered):
        if hit.entry.type == "system" and _ANTI.search(text, max(0, hit.start - 6), hit.start):
            continue  # "anti-tank weapons", "anti-drone": what they fight, not what they are
        if (
            hit.entry.type == "system"
            and _is_generic(hit.entry)
            and _AGAINST.search(text, max(0, hit.start - 50), hit.start)
        ):
            continue  # "effective against armored vehicles and artillery systems"
        if hit.entry.key in _AMMUNITION_OF and _names_ammunition(text, hit):
            continue  # "artillery projectiles", "tank rounds", "танкових боєприпасів": what
            # the ammunition is for, a category of ammunition and not of guns or tanks
        if hit.entry.key in _DESCRIPTIVE and _describes_named(text, ordered, i):
            continue  # "Bohdana self-propelled artillery units", "Caesar howitzers, a
            # self-propelled artillery system": a description of the named gun
        if hit.entry.type == "system" and _is_generic(hit.entry):
            nxt = ordered[i + 1] if i + 1 < len(ordered) else None
            prev = ordered[i - 1] if i > 0 else None
            if _names_system(nxt) and _DESCRIBES.fullmatch(text[hit.end : nxt.start]):  # type: ignore[union-attr]
                continue
            if _names_system(prev) and re.fullmatch(r"[\s-]*", text[prev.end : hit.start]):  # type: ignore[union-attr]
                continue
        keep.append(hit)
    return keep


# Categories of weapons that, as the modifier of a word for ammunition, name the ammunition
_AMMUNITION_OF = frozenset({"artillery", "tanks"})
_AMMUNITION_AFTER = re.compile(
    r"[ \t-]+(?:munitions?|ammunition|projectiles?|rounds?|shells?|cartridges?|calib(?:er|re)s?"
    r"|barrels?|боєприпас\w*|боеприпас\w*|снаряд\w*|набо\w*|калібр\w*|калибр\w*|стовбур\w*"
    r"|ствол\w*|Munition\w*|Geschoss\w*|Granat\w*)(?!\w)",
    re.I,
)
_AMMUNITION_BEFORE = re.compile(
    r"(?:(?:cartouches?|munitions?|obus|projectiles?|douilles?)[ \t]+"
    r"(?:de[ \t]+l['’]|d['’]|de[ \t]+)"
    r"|(?:ammunition|munitions?|shells|rounds)[ \t]+for[ \t]+(?:the[ \t]+|its[ \t]+)?"
    r"(?:[\w-]+[ \t]+)?"
    r"|munitions?[ \t]+pour[ \t]+(?:l['’]|les[ \t]+)?|Munition[ \t]+für[ \t]+(?:die[ \t]+)?"
    r"|(?:боєприпас|боеприпас|снаряд)\w*[ \t]+для[ \t]+(?:\w+[ \t]+)?)$",
    re.I,
)


def _names_ammunition(text: str, hit: Hit) -> bool:
    """Whether the category word ``hit`` qualifies a word for ammunition right after or before
    it ("artillery projectiles", "120-mm tank rounds", "cartouches d'artillerie")."""
    return bool(
        _AMMUNITION_AFTER.match(text, hit.end)
        or _AMMUNITION_BEFORE.search(text, max(0, hit.start - 45), hit.start)
    )


_CALIBRE_155 = re.compile(r"(?<!\d)155[\s-]*(?:mm|мм|millim|Millim|-мм)", re.I)
_SHELLS = ("artillery-shells", "ammunition")


def _calibre(text: str, hit: Hit) -> Hit:
    """Shells or ammunition with "155 mm" beside them ("obus d'artillerie de 155 mm",
    "155-мм боєприпаси", "Artilleriegranaten im Kaliber 155mm") are 155mm artillery shells."""
    if hit.entry.type != "system" or hit.entry.key not in _SHELLS:
        return hit
    if not _CALIBRE_155.search(text, max(0, hit.start - 25), min(len(text), hit.end + 25)):
        return hit
    system = catalog.systems()["shell-155mm"]
    return dataclasses.replace(hit, entry=Entry("system", system.key, system.name))


# A generic category and what, in the same article, names its members more exactly: a named
# gun (Caesar, PzH 2000) for "howitzers", a named helicopter (Mi-8, H225) for "helicopters".
# Artillery shells stay beside the 155 mm shells: the gold of batches 17-30 lists both where
# both are written.
_NARROWER = {
    "howitzers": "artillery",
    "helicopters": "aircraft",
    "tanks": "armoured_vehicles",
}
# Categories that the article's named systems describe when written right beside one of them
# ("les hélicoptères Mi-17", "Mi-8 helicopters"), though the catalogue lacks that name
_NAMED_BESIDE = frozenset({"helicopters"})


def _drop_covered_categories(text: str, hits: list[Hit]) -> list[Hit]:
    """Drop "howitzers" or "helicopters" from an article that names them more exactly (the
    Caesar guns, the Mi-17s it is about): the generic word repeats them (annotation rule 21)."""
    systems = {h.entry.key for h in hits if h.entry.type == "system" and h.entry.key}
    covered = {
        generic
        for generic, category in _NARROWER.items()
        if generic in systems
        and any(
            key != generic
            and catalog.systems()[key].category == category
            and key in catalog.systems()
            and not catalog.systems()[key].name[:1].islower()
            for key in systems
        )
    }
    ordered = sorted(hits, key=lambda h: h.start)
    covered |= {
        hit.entry.key
        for i, hit in enumerate(ordered)
        if hit.entry.type == "system"
        and hit.entry.key in _NAMED_BESIDE
        and _describes_named(text, ordered, i)
    }
    return [h for h in hits if h.entry.type != "system" or h.entry.key not in covered]


# Categories that, in the clause of a named system of their own kind, only describe it
# (annotation rule 21): "the HX-2 strike drones", "OCTOPUS is the first combat drone built in
# a NATO country", "Gripen E fighter jets", "le missile de croisière SCALP"
_DESCRIBES_NEARBY = {
    "drones": ("drones",),
    "combat-aircraft": ("combat_aircraft",),
    "cruise-missiles": ("long_range_strike",),
    "ballistic-missiles": ("long_range_strike",),
}
_NEARBY = 40
_CLAUSE_END = re.compile(r"[.!?;\n]")


def _drop_near_named(text: str, hits: list[Hit]) -> list[Hit]:
    """Leave out a mention of a category of ``_DESCRIBES_NEARBY`` written within a few words
    of a named system of that kind, in the same sentence (it describes that system)."""
    systems = catalog.systems()
    named = [
        h
        for h in hits
        if h.entry.type == "system" and not _is_generic(h.entry) and h.entry.key in systems
    ]

    def near(hit: Hit, kinds: tuple[str, ...]) -> bool:
        for other in named:
            if systems[other.entry.key].category not in kinds:
                continue
            lo, hi = (other.end, hit.start) if other.end <= hit.start else (hit.end, other.start)
            if 0 <= hi - lo <= _NEARBY and not _CLAUSE_END.search(text, lo, hi):
                return True
        return False

    return [
        h
        for h in hits
        if not (
            h.entry.type == "system"
            and h.entry.key in _DESCRIBES_NEARBY
            and near(h, _DESCRIBES_NEARBY[h.entry.key])
        )
    ]


_AGAINST = re.compile(
    r"(?:\bagainst|\bcontre|\bgegen|(?<!\w)проти|(?<!\w)против)\s+"
    r"(?:(?:[\w-]+\s+){1,3}(?:and|or|et|ou|und|oder|і|та|й|и)\s+)?$",
    re.I,
)
# Categories that, right beside a named system, only describe it
_DESCRIPTIVE = frozenset({"artillery", "howitzers"})
_DESCRIPTION_GAP = re.compile(
    r"[\s,\-–]*(?:(?:self-propelled|automotrices?|autopropuls[ée]es?|selbstfahrende[n]?|towed"
    r"|tract[ée]es?|light|heavy|l[ée]g[eè]res?|lourdes?|howitzers?|obusiers?|units?|systems?"
    r"|installations?|pieces?|guns?|canons?|a|an|the|de|d['’]|la|les|des|du|[\"«»“”])"
    r"[\s,\-–]*)*"
)


def _describes_named(text: str, ordered: list[Hit], i: int) -> bool:
    """Whether the category at ``ordered[i]`` stands right beside a named system, with only
    words of description between ("18 Bohdana self-propelled artillery units")."""
    hit = ordered[i]
    nxt = ordered[i + 1] if i + 1 < len(ordered) else None
    prev = ordered[i - 1] if i > 0 else None
    if _names_system(nxt) and _DESCRIPTION_GAP.fullmatch(text, hit.end, nxt.start):  # type: ignore[union-attr]
        return True
    return _names_system(prev) and bool(_DESCRIPTION_GAP.fullmatch(text, prev.end, hit.start))  # type: ignore[union-attr]


_ANTI = re.compile(r"(?:\banti|\bcounter|\bcontre|\bпроти|\bпротиво)[\s-]?$", re.I)
_DESCRIBES = re.compile(
    r"[\s\-–:]*(?:(?:de|des|du|d['’]|of|the|vom|von|Typ|type|du type|de type|classe|class"
    r"|sol-air|surface-to-air|antiaériens?|anti-aériens?)[\s\-–:]*)*"
)


def _names_system(hit: Hit | None) -> bool:
    return hit is not None and hit.entry.type == "system" and not _is_generic(hit.entry)


def _is_generic(entry: Entry) -> bool:
    return entry.name[:1].islower() or entry.name[:1].isdigit()


def build_entities(text: str, hits: list[Hit], published: date | None) -> list[ExtractedEntity]:
    """One entity per canonical name, with all its mentions, in order of first mention."""
    found: dict[tuple[str, str], ExtractedEntity] = {}
    for hit in hits:
        entry = hit.entry
        ident = (entry.type, entry.key or entry.name)
        entity = found.get(ident)
        if entity is None:
            entity = found[ident] = _entity(entry, published)
        entity.mentions.append(Mention(hit.start, hit.end, text[hit.start : hit.end]))
    return list(found.values())


def _entity(entry: Entry, published: date | None) -> ExtractedEntity:
    key = entry.key or None
    if entry.type == "country":
        return ExtractedEntity("country", entry.name, key, code=entry.key)
    if entry.type == "person":
        person = catalog.people().get(entry.key) if key else None
        return ExtractedEntity(
            "person",
            entry.name,
            key,
            country=person.country if person else None,
            role=_role(person, published) if person else None,
        )
    if entry.type == "organisation":
        org = catalog.organisations().get(entry.key) if key else None
        return ExtractedEntity(
            "organisation",
            entry.name,
            key,
            kind=str(org.kind) if org else "company",
            country=org.country if org else None,
        )
    system = catalog.systems().get(entry.key) if key else None
    return ExtractedEntity("system", entry.name, key, category=system.category if system else None)


def _role(person: Any, published: date | None) -> str | None:
    roles = list(person.roles)
    if not roles:
        return None
    if published is not None:
        for role in roles:
            if (role.start is None or role.start <= published) and (
                role.end is None or published <= role.end
            ):
                return str(role.title)
    return str(roles[-1].title)
