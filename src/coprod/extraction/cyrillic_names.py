"""Ukrainian and Russian people's names in capitalised runs: titles are no part of a name,
and a first name shares the case of the words after it.

A Ukrainian or Russian title is capitalised at the start of a sentence ("Президент Коваленко
підкреслив"), and every word of a name takes the case its sentence asks for ("з прем'єр-
міністром Йонасом Гаром Стьоре"): the title must not join the name, and a word before a first
and last name in the same case is one more given name, not the complement of a title
("Республіки Томаш Копечний").
"""

from __future__ import annotations

import re

# Titles in any case and number ("Міністр", "президента", "міністрів"): never a word of a name
TITLE_WORD = re.compile(
    r"(?:міністр|министр|президент|прем['’]єр-міністр|премьер-министр|посол|посл|голов|глав"
    r"|керівник|руководител|директор|гендиректор|генерал|речник|секретар|радник|советник"
    r"|заступник|заместител|очільник|мер|мэр|депутат|спікер|спикер|командувач|засновник"
    r"|міністерк|очільниц|речниц|президентк|прем['’]єр|премьер)"
    r"(?:а|у|ом|ем|і|е|ові|ю|я|и|ою|ею|ой|ей|ы|ів|ов|ам|ами|ах|ям|ями|ях)?",
    re.I,
)
_CASE_ENDINGS = ("ом", "ем", "єм", "ого", "ою", "ої", "ії")
_VOWELS = "аеєиіїоуюяыэё"


def title_word(word: str) -> bool:
    """Whether a Cyrillic word is a title in one of its cases."""
    return TITLE_WORD.fullmatch(word) is not None


def same_case(first: str, second: str) -> bool:
    """Whether two Cyrillic words end alike, as two words of one name in one case ("Йонасом
    Гаром", "Троельс Лунд"; not "Республіки Томаш")."""
    a, b = first.lower(), second.lower()
    if any(a.endswith(e) and b.endswith(e) for e in _CASE_ENDINGS):
        return True
    return a[-1:] not in _VOWELS and b[-1:] not in _VOWELS
