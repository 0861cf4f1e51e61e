"""Money amounts and counts written in French, English or German.

``deux milliards d'euros`` → 2000000000 EUR, ``$680M`` → 680000000 USD, ``DKK 1.3bn``,
``1,4 Mrd. Euro``, ``200 millions d'euros``. Amounts are exact Decimals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from coprod.extraction.positions import Taken
from coprod.extraction.regexes import quick

NUMBER_WORDS: dict[str, int] = {
    # French
    "un": 1,
    "une": 1,
    "le": 1,  # "le milliard d'euros": read before a multiplier only (_ONE)
    "deux": 2,
    "trois": 3,
    "quatre": 4,
    "cinq": 5,
    "six": 6,
    "sept": 7,
    "huit": 8,
    "neuf": 9,
    "dix": 10,
    "onze": 11,
    "douze": 12,
    "quinze": 15,
    "vingt": 20,
    "trente": 30,
    "quarante": 40,
    "cinquante": 50,
    "cent": 100,
    "douzaine": 12,
    "demi": 0,
    # English
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
    "dozen": 12,
    "a": 1,
    "an": 1,
    # German
    "ein": 1,
    "eine": 1,
    "einer": 1,
    "einen": 1,
    "zwei": 2,
    "drei": 3,
    "vier": 4,
    "fünf": 5,
    "sechs": 6,
    "sieben": 7,
    "acht": 8,
    "neun": 9,
    "zehn": 10,
    "elf": 11,
    "zwölf": 12,
    "fünfzehn": 15,
    "zwanzig": 20,
    "dreißig": 30,
    "vierzig": 40,
    "fünfzig": 50,
    "hundert": 100,
    "dutzend": 12,
    # Ukrainian and Russian
    "один": 1,
    "одна": 1,
    "одну": 1,
    "два": 2,
    "дві": 2,
    "две": 2,
    "три": 3,
    "чотири": 4,
    "четыре": 4,
    "п'ять": 5,
    "пять": 5,
    "шість": 6,
    "шесть": 6,
    "десять": 10,
    "двадцять": 20,
    "двадцать": 20,
    "сто": 100,
}
_MULTIPLIERS: list[tuple[str, int]] = [
    (
        r"milliards?|mds?|mrd\.?|milliarden?|billions?|bn|bln|b|md|мільярд\w*|миллиард\w*|млрд",
        10**9,
    ),
    (r"millions?|millionen|mio\.?|mn|mln|m|мільйон\w*|миллион\w*|млн", 10**6),
    (r"mille|thousand|tausend|k|тисяч\w*|тысяч\w*|тис|тыс", 10**3),
    (r"trillions?|billionen", 10**12),
]
_CROWN = "crown"  # a crown whose country the words around the amount tell
# Countries paying in crowns, by the stems of their names and demonyms (fr, en, de).
_CROWN_COUNTRIES = [
    (re.compile(r"\b(?:dan|dän|дан)\w*", re.I), "DKK"),
    (re.compile(r"\b(?:su[eè]d|swed|schwed|швец|швед)\w*", re.I), "SEK"),
    (re.compile(r"\b(?:norv|norw|норв)\w*", re.I), "NOK"),
    (re.compile(r"\b(?:tch[eè]qu|czech|tschech|чех)\w*", re.I), "CZK"),
]
_CURRENCIES: list[tuple[str, str]] = [
    (r"€|eur\b|euros?\b|d['’]euros?\b|євро\b|евро\b", "EUR"),
    (
        r"us\$|\$|usd\b|(?:us[- ])?dollars?\b|de dollars\b|d['’]dollars\b|us-dollar\b"
        r"|долар\w*|доллар\w*|дол\b\.?",
        "USD",
    ),
    (r"£|gbp\b|pounds?(?: sterling)?\b|livres? sterling\b|de livres\b|pfund\b|фунт\w*", "GBP"),
    (r"dkk\b|danish (?:kron(?:e|er)|crowns?)\b|couronnes danoises\b|dänische[n]? kronen\b", "DKK"),
    (
        r"sek\b|swedish (?:kron(?:a|or)|crowns?)\b|couronnes suédoises\b|schwedische[n]? kronen\b",
        "SEK",
    ),
    (
        r"nok\b|norwegian (?:kron(?:e|er)|crowns?)\b|couronnes norvégiennes\b"
        r"|norwegische[n]? kronen\b",
        "NOK",
    ),
    (
        r"czk\b|czech (?:crowns?|korun(?:a|y|as))\b|couronnes tchèques\b|tschechische[n]? kronen\b",
        "CZK",
    ),
    (r"crowns?\b|couronnes?\b|kronen\b|kroner\b|kronor\b|korun(?:a|y|as)?\b|крон\w*", _CROWN),
    (r"pln\b|zlotys?\b|złotys?\b|złotych\b|злот\w*", "PLN"),
    (r"chf\b|francs suisses\b|swiss francs\b|schweizer franken\b", "CHF"),
    (r"uah\b|hryvnias?\b|hryvnia\b|hryvnja\b|griwna\b|hrywnja\b|грив\w*|грн\b\.?", "UAH"),
    (r"cad\b|canadian dollars?\b|dollars canadiens\b|c\$", "CAD"),
    (r"jpy\b|yens?\b|¥", "JPY"),
]
_NUMBER = r"\d{1,3}(?:[ \u00a0\u202f.,]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?"
_WORD_NUMBER = "|".join(sorted((w for w in NUMBER_WORDS if len(w) > 2), key=len, reverse=True))
_HALF = r"half|demie?|halb"
# "cinq cent", "deux cent cinquante", "one and a half", "zwei­hundert": words read together
_WORD_SEQUENCE = (
    rf"(?:{_WORD_NUMBER})(?:(?:\s+|-)(?:(?:et|and|und)\s+)?(?:a\s+|un\s+|une\s+)?"
    rf"(?:{_WORD_NUMBER}|{_HALF})\b)*"
)
_MULT = "|".join(p for p, _ in _MULTIPLIERS)
_CUR = "|".join(f"(?:{p})" for p, _ in _CURRENCIES)
# "un milliard d'euros", "le milliard", "a billion dollars", "один мільярд": the article as one,
# before a multiplier written out only
_ONE = (
    r"(?:un|une|le|a|an|один|одна)(?=\s+(?:milliards?|millions?|billions?|trillions?"
    r"|мільярд\w*|миллиард\w*|мільйон\w*|миллион\w*)\b)"
)
# "пів мільярда", "півтора мільйона", "полтора миллиарда": a half, one and a half, before a
# multiplier written out
HALVES = {"пів": Decimal("0.5"), "півтора": Decimal("1.5"), "півтори": Decimal("1.5")}
HALVES |= {"полтора": Decimal("1.5"), "полторы": Decimal("1.5")}
_HALVES = (
    r"(?:півтора|півтори|полтора|полторы|пів)(?=\s+(?:мільярд\w*|миллиард\w*|мільйон\w*"
    r"|миллион\w*)(?!\w))"
)
_QUANTITY = (
    rf"(?P<num>{_NUMBER}|{_WORD_SEQUENCE}|{_ONE}|{_HALVES})"
    rf"(?:\s*(?:de\s+|d['’])?(?P<mult>(?:{_MULT})\b\.?))?"
)
_GLUED_CODE = r"(?-i:EUR|USD|GBP|UAH|PLN|CHF|CAD)(?=\d)"
# ``quick``: a look-ahead for the first characters, the same matches (``regexes``)
_SUFFIXED = quick(
    re.compile(rf"(?<![\w.,]){_QUANTITY}\s*(?:de\s+|d['’]\s*|of\s+)?(?P<cur>{_CUR})", re.I)
)
_PREFIXED = quick(
    # a code written against the digits: "EUR80 млн", "USD5bn"
    re.compile(
        rf"(?P<cur>{_CUR}|{_GLUED_CODE})\s*(?P<num>{_NUMBER})(?:\s*(?P<mult>(?:{_MULT})\b\.?))?",
        re.I,
    )
)


@dataclass(frozen=True, slots=True)
class AmountMention:
    """An amount of money in a text."""

    start: int
    end: int
    amount: Decimal
    currency: str


def find_amounts(text: str, language: str | None = None) -> list[AmountMention]:
    """Every amount of money written in ``text``, in text order."""
    found: list[AmountMention] = []
    taken = Taken()
    crowns: list[tuple[int, int, str]] | None = None
    for pattern in (_PREFIXED, _SUFFIXED):
        for m in pattern.finditer(text):
            if taken.overlaps(m.start(), m.end()):
                continue
            value = _value(m["num"], m["mult"], language)
            currency = currency_code(m["cur"])
            if currency == _CROWN:
                crowns = _crown_mentions(text) if crowns is None else crowns
                currency = _crown_currency(crowns, m.start())
            if value is not None and currency is not None and value > 0:
                taken.take(m.start(), m.end())
                found.append(AmountMention(m.start(), m.end(), value, currency))
    found.sort(key=lambda a: a.start)
    return found


def _crown_mentions(text: str) -> list[tuple[int, int, str]]:
    """Where the crown countries are named: (start, end, currency), found once per text."""
    return [
        (m.start(), m.end(), code)
        for pattern, code in _CROWN_COUNTRIES
        for m in pattern.finditer(text)
    ]


def _crown_currency(crowns: list[tuple[int, int, str]], start: int) -> str | None:
    """The crown of the country named last before ``start`` (else first after it)."""
    best: tuple[int, str] | None = None
    for m_start, m_end, code in crowns:
        distance = start - m_end if m_end <= start else 10**6 + m_start
        if best is None or distance < best[0]:
            best = (distance, code)
    return best[1] if best else None


def currency_code(text: str) -> str | None:
    """The ISO 4217 code of a currency as written (``€``, ``euros``, ``DKK``...)."""
    low = text.strip().lower()
    for pattern, code in _CURRENCIES:
        if re.fullmatch(pattern, low) or re.match(pattern, low):
            return code
    return None


def _value(number: str, multiplier: str | None, language: str | None) -> Decimal | None:
    base = parse_number(number, language)
    if base is None:
        return None
    if multiplier:
        low = multiplier.lower().rstrip(".")
        for pattern, factor in _MULTIPLIERS:
            if re.fullmatch(pattern, low):
                # an English "billion" is 10**9; "Billion" in German is 10**12
                german_billion = low.startswith("billion") and language == "de"
                return base * (10**12 if german_billion else factor)
    return base


def parse_number(text: str, language: str | None = None) -> Decimal | None:
    """A number written with digits (``1,4``, ``1.3``, ``2 000``, ``1,000``) or a word."""
    word = text.strip().lower()
    if word in HALVES:
        return HALVES[word]
    if word in NUMBER_WORDS:
        return Decimal(NUMBER_WORDS[word])
    if re.search(r"[a-zà-ÿ]", word):
        return _number_words(word)
    digits = re.sub(r"[\s\u00a0\u202f]", "", text)
    if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", digits):
        # one separator kind with groups of three: thousands, except a lone "1,4"-like decimal
        separator = digits[-4]
        if digits.count(separator) > 1 or (language == "en" and separator == ","):
            digits = digits.replace(separator, "")
        elif separator == "." and language in ("fr", "de", "uk", "ru"):
            digits = digits.replace(".", "")
        elif separator == ",":
            digits = digits.replace(",", "." if language in ("fr", "de", "uk", "ru") else "")
    elif re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+[.,]\d+", digits):
        digits = _mixed(digits)
    else:
        digits = digits.replace(",", ".")
    try:
        return Decimal(digits)
    except InvalidOperation:
        return None


def _number_words(text: str) -> Decimal | None:
    """A number written in several words: "cinq cent" 500, "one and a half" 1.5."""
    total = Decimal(0)
    for word in re.findall(r"[^\W\d_]+", text):
        if word in ("hundred", "hundert", "cent"):
            total = max(total, Decimal(1)) * 100
        elif re.fullmatch(_HALF, word):
            total += Decimal("0.5")
        elif word in NUMBER_WORDS and word not in ("a", "an", "un", "une", "ein", "eine"):
            total += NUMBER_WORDS[word]
        elif word not in ("et", "and", "und", "a", "un", "une"):
            return None
    return total or None


def _mixed(digits: str) -> str:
    """``1,234.5`` or ``1.234,5``: the last separator is the decimal one."""
    last = max(digits.rfind(","), digits.rfind("."))
    whole = re.sub(r"[.,]", "", digits[:last])
    return f"{whole}.{digits[last + 1 :]}"


def parse_count(text: str) -> int | None:
    """A whole count written with digits or a word (``100``, ``douze``, ``une douzaine``)."""
    low = text.strip().lower()
    low = re.sub(r"^(?:une|a|an|eine)\s+", "", low)
    if re.fullmatch(r"\d+[.,]\d{1,2}", low):
        return None  # "1.2" (billion): a decimal, not a count
    if low in NUMBER_WORDS:
        return NUMBER_WORDS[low] or None
    digits = re.sub(r"[\s\u00a0.,]", "", low)
    return int(digits) if digits.isdecimal() else None
