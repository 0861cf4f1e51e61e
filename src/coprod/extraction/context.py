"""Organisations and systems the catalogue lacks, found from the words around them.

- a legal form before a quoted or capitalised name (``ТОВ «Укрспецтехніка»``, ``ДП "Антонов"``;
  in English ``LLC "…"``, ``PJSC "…"``)
  or a company word before a quoted name (``компанія «Скайетон»``, ``the firm "Tencore"``);
- a model designation (``FP-5``, ``F-16``, ``Leleka-LR``) next to a word for a weapon, or of
  the strong letters-hyphen-digits shape anywhere;
- a capitalised or quoted name right before or after a word for a weapon (``the Liutyi drone``,
  ``дрони «Вампір»``, ``Drohne Vector``), also after a German compound of one
  (``Aufklärungsdrohne Zoom``) or a French adjective (``drones kamikazes Colibri``), and the
  second of two such names (``drones Colibri et Larinae``);
- a designation without a hyphen (``CV90``, ``L119``) with a weapon, a calibre or a vehicle
  written within 80 characters.

Each pattern is a regular expression over the text: one pass each, linear in its length.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from coprod.extraction import lexicon
from coprod.extraction import lexicon_cyrillic as cyr
from coprod.extraction.lexicon import fold_text

_QUOTED = r"[«\"“„]\s*(?P<quoted>[^«»\"“”„\n]{2,40}?)\s*[»\"”“]"
_CAPITALISED = r"(?P<plain>[A-ZА-ЯІЇЄҐ][\w’'-]+(?:\s+[A-ZА-ЯІЇЄҐ0-9][\w’'-]*){0,2})"
# Ukrainian and Russian legal forms as English texts spell them, before the quoted name
LATIN_LEGAL_PREFIXES = r"LLC|JSC|PJSC|PrJSC|OJSC|CJSC|SE"
_COMPANY_WORDS = (
    r"company|firm|manufacturer|maker|producer|start-?up|entreprise|société|firme|fabricant"
    r"|constructeur|Unternehmen|Firma|Hersteller|Konzern|" + cyr.ORG_CUE
)
LEGAL_NAME = re.compile(rf"(?<!\w)(?:{cyr.LEGAL_PREFIXES})\s+(?:{_QUOTED}|{_CAPITALISED})")
# LLC "Ukrspecsystems", PJSC "Motor Sich": the quoted name only
LATIN_LEGAL_NAME = re.compile(rf"(?<!\w)(?:{LATIN_LEGAL_PREFIXES})\s*{_QUOTED}")
# also after what the company makes ("le fabricant de drones « Velmora »")
COMPANY_QUOTED = re.compile(
    rf"(?<!\w)(?:{_COMPANY_WORDS})(?:\s+(?:de|of)\s+[a-zà-ü-]{{3,}})?\s+{_QUOTED}", re.I
)
# Legal forms written after the name in Europe ("Kestrin s.r.o.", "TALVERO S.L.", "Brenvik
# B.V.", "Talmor GmbH", "Ostrala AB", "Varnelle Sp. z o.o."), with the case they are written in
LEGAL_SUFFIXES = (
    r"s\.\s?r\.\s?o\.|a\.\s?s\.|S\.\s?[AL]\.(?:\s?U\.)?|S\.\s?p\.\s?A\.|SpA|S\.\s?r\.\s?l\."
    r"|B\.\s?V\.|N\.\s?V\.|BV|NV|GmbH|AG|AB|Oyj?|ASA|A/S|AS|Sp\.\s?z\s?o\.\s?o\.|S\.A\.S\."
    r"|SAS|SARL|Ltd\.?|Inc\.?|LLC|plc|PLC|k\.\s?s\.|v\.\s?o\.\s?s\."
)
# the words of those forms that are capitalised names of nothing on their own ("Sp", "GmbH")
LEGAL_SUFFIX_WORDS = r"Sp|GmbH|AG|AB|Oyj?|ASA|AS|SpA|SAS|SARL|BV|NV"
_NAME_WORD = r"[A-ZÀ-ÖØ-ÞČŠŽŘĚŁŚŻ][\w'’-]*"
NAME_LEGAL = re.compile(
    rf"(?<![\w.])(?P<plain>{_NAME_WORD}(?:(?:[ \t]+|[ \t]?&[ \t]?)(?:{_NAME_WORD}|\d+)){{0,3}})"
    rf",?[ \t]+(?:{LEGAL_SUFFIXES})(?![\w])"
)

_WEAPON_WORDS = (
    r"drones?|UAVs?|UASs?|missiles?|rockets?|howitzers?|interceptors?|launchers?|radars?"
    r"|Drohnen?|Raketen?|Haubitzen?|Abfangdrohnen?|Flugkörper"
    r"|дрон\w*|БпЛА|БПЛА|безпілотник\w*|беспилотник\w*|ракет\w*|гаубиц\w*|перехоплювач\w*"
    r"|перехватчик\w*|комплекс\w*|систем\w*|САУ|РСЗВ|РСЗО"
    # guns, tanks and armour in French, English, German, Ukrainian and Russian
    r"|canons?|obusiers?|chars|blindés|roquettes|mortiers?|tanks|mortars|Panzer|Kampfpanzer"
    r"|Schützenpanzer|танк\w*|гармат\w*|пушк\w*|міномет\w*|миномет\w*|бронемашин\w*|БМП|БТР"
)
_LOWER_WEAPON_WORDS = _WEAPON_WORDS.replace("UAVs?|UASs?|", "").replace("|БпЛА|БПЛА", "")
# "the Liutyi drone", "Bayraktar-Drohnen"; the name is capitalised, the weapon word is not
NAME_BEFORE_WEAPON = re.compile(
    rf"(?<![\w-])(?P<plain>[A-Z][\w’'-]+(?:[ \t]+[A-Z0-9][\w’'-]*)?)[ \t-]+"
    rf"(?:{_LOWER_WEAPON_WORDS})\b"
)
# "дрони «Вампір»", "БпЛА Leleka-100", "drone Vector": the name follows the weapon word
# German compounds of a weapon word ("Aufklärungsdrohne Zoom", "Logistikdrohne Linsa")
_GERMAN_WEAPON_COMPOUND = r"[A-ZÄÖÜ][a-zäöüß]+(?:drohnen?|raketen?|haubitzen?|panzer)"
# a French adjective after the weapon word ("drones kamikazes Colibri", "missiles balistiques
# Oreshnik"), with the endings of French adjectives (not "Drohnen verschiedener Typen",
# "Drohnen werden …"); never a preposition or article, which would read the maker as the weapon
_ADJECTIVE_AFTER = (
    r"(?:(?!(?:de|des|du|of|for|from|by|to|au|aux|en|in|für|von|der|die|das|la|le|les|the"
    r"|and|et|und|with|avec|mit|sur|on)[ \t])[a-zàâçéèêëîïôûù]{3,}(?:s|x|que|ze)[ \t]+)?"
)
NAME_AFTER_WEAPON = re.compile(
    rf"(?<!\w)(?:{_WEAPON_WORDS}|{_GERMAN_WEAPON_COMPOUND})[ \t]+{_ADJECTIVE_AFTER}"
    rf"(?:типу[ \t]+|типа[ \t]+|type[ \t]+|Typ[ \t]+)?"
    rf"(?:{_QUOTED}|(?P<plain>[A-ZА-ЯІЇЄҐ][\w’'-]*(?:-[\w]+)?))"
)
# a name joined by a hyphen to a German compound for a weapon ("Gepard-Flakpanzer",
# "Talvik-Luftverteidigungssysteme", "Korvo-Kampfjets"): the hyphen makes the name a word of it
NAME_HYPHEN_GERMAN = re.compile(
    r"(?<![\w-])(?!(?:Lang|Kurz|Mittel)strecken|Aufklärungs|Abfang|Kampf|Kamikaze)"
    r"(?P<plain>[A-Z][\w’']*(?:[ \t][A-Z0-9][\w’']*)?)-(?:[A-ZÄÖÜ][a-zäöüß]*)?"
    r"(?:[Ss]ysteme?n?|[Pp]anzern?|[Jj]ets?|[Dd]rohnen?|[Rr]aketen?|[Hh]aubitzen?|[Ff]lugzeuge?n?"
    r"|[Ff]lugkörpern?|[Gg]eschützen?|[Hh]ubschraubern?|[Rr]adare?n?|[Kk]orvetten?|[Ff]regatten?)\b"
)
# the second of two names after a weapon word ("drones Colibri et Larinae")
_AND_NAME = re.compile(
    r"[ \t]+(?:and|et|und|y|і|та|й|и)[ \t]+(?P<plain>[A-ZА-ЯІЇЄҐ][\w’'-]*(?:-[\w]+)?)"
)
# designations without a hyphen ("CV90", "L119", "M107", "LU211") with a weapon said near
BARE_DESIGNATION = re.compile(r"(?<![\w-])(?P<plain>[A-Z]{1,3}\d{2,4}[A-Z]{0,2})(?![\w-])")
_NOT_BARE = re.compile(
    r"^(?:COVID|COP|EU|UN|ISO|EN|DIN|FY|Q|G|H|MH|PS|CO|PM|SW|UA|UK|US)\d|^[A-Z]{1,3}(?:19|20)\d\d$"
)
_ARMS_NEAR = re.compile(
    rf"(?<!\w)(?:{_WEAPON_WORDS}|vehicles?|v[ée]hicules?|tanks?|chars?|guns?|canons?|obus(?:iers?)?"
    r"|shells?|projectiles?|projectile|munitions?|ammunition|artillery|artillerie|Panzer\w*"
    r"|Geschütz\w*|Granat\w*|Munition|Artillerie\w*|снаряд\w*|танк\w*|гармат\w*|бронетехні\w*"
    r"|\d+[ \t]?mm|\d+[ \t]?мм)",
    re.I,
)
DESIGNATION = re.compile(
    r"(?<![\w-])(?P<plain>[A-Z][A-Za-z]{0,9}-\d{1,4}[A-Za-z]{0,3}"
    r"|[A-Z][a-z]{2,}-[A-Z]{1,3}\d{0,3})(?![\w-])"
)
_STRONG_DESIGNATION = re.compile(r"[A-Z][A-Za-z]{0,5}-\d{1,4}[A-Z]{0,2}")
_WEAPON_NEAR = re.compile(rf"(?<!\w)(?:{_WEAPON_WORDS})", re.I)
# Designations that are no weapons: diseases, groups of states, standards, flights
NOT_SYSTEMS = re.compile(
    r"^(?:COVID|SARS|MERS|G|EU|ISO|EN|DIN|NATO|UN|FY|Q|H|A|B|C|No|Nr|Art|Kyiv|Ukraine|Minsk)-",
    re.I,
)
# Words that are never the name of a weapon ("the first drones", "Ukrainian drones")
NOT_NAMES = {
    "the", "these", "those", "first", "new", "more", "other", "such", "many", "some", "all",
    "ukrainian", "russian", "french", "german", "american", "british", "polish", "western",
    "iranian", "shahed", "long", "short", "combat", "attack", "strike", "kamikaze", "fpv",
    "die", "der", "das", "neue", "le", "la", "les", "des", "un", "une",
    "its", "their", "our", "his", "her", "this", "that", "both", "several", "two", "three",
    "ses", "leurs", "nos", "notre", "cette", "ces", "ihre", "seine", "unsere", "beide", "mehrere",
    "tausende", "zehntausende", "hunderte", "dutzende", "thousands", "hundreds", "dozens",
    "millions", "milliers", "centaines", "dizaines", "weitere", "moderne", "modern",
    "beispiel", "modell", "modelle", "typ", "typen",
    "langstrecken", "kurzstrecken", "mittelstrecken",  # "Langstrecken-Drohnen"
}  # fmt: skip


# Ukrainian and Russian institutions named by their head noun in any case, then genitive
# complements and the country ("Асоціацією оборонної промисловості Естонії", "Агентства з
# питань розвитку Чехії"): the complements end in the letters of genitives, never of a verb
_GENITIVE_WORD = (
    r"(?:[а-яіїєґё'’-]+(?:ої|их|ого|ей|ых|ой|ости|ості|ії|ии|ів|ов|ь|а|я|и|і|ї)"
    r"|та|і|й|и|з|зі|із|с|со|по|для)"
)
INSTITUTION = re.compile(
    r"(?<![\w-])(?P<head>Асоціаці(?:я|ї|ю|єю)|Ассоциаци(?:я|и|ю|ей)|Агентств(?:о|а|у|ом|і|е)"
    r"|Міністерств(?:о|а|у|ом|і)|Министерств(?:о|а|у|ом|е))"
    rf"(?P<rest>(?:[ \t]+{_GENITIVE_WORD}){{1,6}}[ \t]+[А-ЯІЇЄҐЁ][а-яіїєґё'’-]+)"
)
_NOMINATIVE = (
    ("Асоціаці", "Асоціація"),
    ("Ассоциаци", "Ассоциация"),
    ("Агентств", "Агентство"),
    ("Міністерств", "Міністерство"),
    ("Министерств", "Министерство"),
)


def institutions(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, name in the nominative) of associations, agencies and ministries named by
    their head noun in any case ("з Асоціацією … Естонії" → "Асоціація … Естонії")."""
    for m in INSTITUTION.finditer(text):
        head = next(nom for stem, nom in _NOMINATIVE if m["head"].startswith(stem))
        yield m.start(), m.end(), head + m["rest"]


def organisations(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, name) of companies named by a legal form or a company word."""
    for pattern in (LEGAL_NAME, LATIN_LEGAL_NAME, COMPANY_QUOTED):
        for m in pattern.finditer(text):
            start, end, name = _named(m)
            if name[:1].islower():
                continue  # "заводи «під ключ»": a quoted common phrase, no company's name
            yield start, end, name
    yield from institutions(text)
    for m in NAME_LEGAL.finditer(text):
        start, _, name = _named(m)
        start, name = _without_common_start(start, name)
        if name:
            yield start, m.end(), name  # the mention holds the legal form ("Talmor GmbH")


def _without_common_start(start: int, name: str) -> tuple[int, str]:
    """A name without the capitalised words of the sentence before it ("The Talmor GmbH",
    "Spanish TALVERO S.L."): common words and demonyms at its start are dropped."""
    words = name.split()
    while words and _leading_common(words[0]):
        start += name.index(words[0]) + len(words[0])
        name = name[name.index(words[0]) + len(words[0]) :]
        words.pop(0)
    return start + len(name) - len(name.lstrip()), name.strip()


def _leading_common(word: str) -> bool:
    folded = fold_text(word.casefold())
    return (
        word.casefold() in NOT_NAMES
        or word.endswith(("'s", "’s"))  # "Germany's Talmor GmbH": whose, not a word of the name
        or folded in lexicon.COMMON_CAPITALISED
        or folded.endswith(("ian", "ish", "ese", "ais", "aise", "ische", "ischen"))
    )


def systems(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, name) of weapon systems named by a designation or a weapon word."""
    for m in DESIGNATION.finditer(text):
        name = m["plain"]
        if NOT_SYSTEMS.match(name):
            continue
        near = text[max(0, m.start() - 60) : m.end() + 60]
        if _STRONG_DESIGNATION.fullmatch(name) or _WEAPON_NEAR.search(near):
            yield m.start("plain"), m.end("plain"), name
    for m in BARE_DESIGNATION.finditer(text):
        name = m["plain"]
        if _NOT_BARE.match(name) or not any(c.isdigit() for c in name):
            continue
        if _ARMS_NEAR.search(text, max(0, m.start() - 80), min(len(text), m.end() + 80)):
            yield m.start(), m.end(), name
    for pattern in (NAME_BEFORE_WEAPON, NAME_AFTER_WEAPON, NAME_HYPHEN_GERMAN):
        for m in pattern.finditer(text):
            start, end, name = _named(m)
            first = name.split()[0].casefold()
            if len(name) >= 3 and not _common(first):
                yield start, end, name
                if pattern is NAME_AFTER_WEAPON:
                    yield from _and_name(text, end)


def _and_name(text: str, end: int) -> Iterator[tuple[int, int, str]]:
    """The name after "et"/"and" that follows a weapon's name ("drones Colibri et Larinae")."""
    m = _AND_NAME.match(text, end)
    if m is not None and len(m["plain"]) >= 3 and not _common(m["plain"].casefold()):
        yield m.start("plain"), m.end("plain"), m["plain"]


def _common(word: str) -> bool:
    """A word that starts no weapon's name: an article, a demonym, a title, a month."""
    folded = fold_text(word)
    return (
        word in NOT_NAMES
        or folded in lexicon.COMMON_CAPITALISED
        or folded in lexicon.TITLE_WORDS
        or folded.endswith(("ian", "ish", "ese", "ais", "aise", "ische", "ischen"))
    )


def _named(m: re.Match[str]) -> tuple[int, int, str]:
    group = "quoted" if m.groupdict().get("quoted") else "plain"
    return m.start(group), m.end(group), m[group].strip()
