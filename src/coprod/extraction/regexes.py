"""Faster regular expressions with the same matches (docs/extraction.md, "Twelfth session:
speed").

- ``quick``: a pattern that begins with a long alternation compiled case-insensitively (month
  names, currencies, trigger words) makes Python's ``re`` try every alternative at every
  position of the text. ``quick`` puts before it a look-ahead for the characters a match can
  begin with (read from the parsed pattern), so that other positions fail at once. The
  look-ahead only restates what the pattern requires: the matches, their spans and groups
  are the same (``tests/unit/test_extraction_regexes.py`` checks it).
- ``shared_charsets``: compiling a very large pattern (spaCy's French tokenizer builds one of
  1.4 million characters, each of its hundreds of alternatives repeating the same character
  classes) spends most of its time optimising the same classes again and again; inside the
  block each distinct class is optimised once. The compiled program is the same.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


def _private(name: str) -> Any:
    """A private module of ``re`` (CPython 3.11+: its parser and compiler), or None."""
    try:
        return importlib.import_module(name)
    except ImportError:  # pragma: no cover - another Python: no speed-up
        return None


_re_parser = _private("re._parser")
_re_compiler = _private("re._compiler")


class _Unknown(Exception):
    """A construct whose first characters are not worked out here."""


def first_chars(pattern: re.Pattern[str]) -> str | None:
    """A character class holding every character a match of ``pattern`` can begin with (to be
    compiled with the pattern's flags), or None when that cannot be told (the pattern may match
    an empty string, or begins with ``.``, a negated class, a back-reference...)."""
    if not isinstance(pattern.pattern, str):
        return None
    return first_chars_of(pattern.pattern, pattern.flags)


def first_chars_of(source: str, flags: int) -> str | None:
    """``first_chars`` of the pattern ``source`` compiled with ``flags`` (not compiled here)."""
    if _re_parser is None:
        return None
    try:
        parsed = _re_parser.parse(source, flags)
        found, nullable = _first(list(parsed), flags)
    except (_Unknown, re.error, RecursionError):
        return None
    if nullable or not found:
        return None
    return "[" + "".join(dict.fromkeys(found)) + "]"


def quick(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern`` with a look-ahead for its first characters (``first_chars``), or ``pattern``
    itself when they cannot be told. Same matches, groups and names."""
    chars = first_chars(pattern)
    if chars is None:
        return pattern
    end = "\n)" if pattern.flags & re.VERBOSE else ")"
    try:
        return re.compile(f"(?={chars})(?:{pattern.pattern}{end}", pattern.flags)
    except re.error:  # global flags inside the pattern: kept as written
        return pattern


_CATEGORIES = {
    "CATEGORY_DIGIT": r"\d",
    "CATEGORY_NOT_DIGIT": r"\D",
    "CATEGORY_SPACE": r"\s",
    "CATEGORY_NOT_SPACE": r"\S",
    "CATEGORY_WORD": r"\w",
    "CATEGORY_NOT_WORD": r"\W",
}


def _first(items: list[tuple[Any, Any]], flags: int) -> tuple[list[str], bool]:
    """The first characters of a sequence of parsed items, and whether it can match empty."""
    found: list[str] = []
    for op, av in items:
        chars, nullable = _item(str(op), av, flags)
        found += chars
        if not nullable:
            return found, False
    return found, True


def _item(op: str, av: Any, flags: int) -> tuple[list[str], bool]:
    if op == "LITERAL":
        return [_char(av)], False
    if op == "IN":
        return [_member(str(kind), value) for kind, value in av], False
    if op == "BRANCH":
        found: list[str] = []
        nullable = False
        for alternative in av[1]:
            chars, empty = _first(list(alternative), flags)
            found += chars
            nullable = nullable or empty
        return found, nullable
    if op == "SUBPATTERN":
        _, add, _, inner = av
        if add & ~re.IGNORECASE or (add & re.IGNORECASE and not flags & re.IGNORECASE):
            raise _Unknown(op)  # case-sensitive only where the whole is: a wider class is safe
        return _first(list(inner), flags)
    if op in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
        low, _, inner = av
        chars, nullable = _first(list(inner), flags)
        return chars, nullable or low == 0
    if op == "ATOMIC_GROUP":
        return _first(list(av), flags)
    if op in ("AT", "ASSERT", "ASSERT_NOT"):
        return [], True  # zero-width: the first character comes after it
    raise _Unknown(op)


def _member(kind: str, value: Any) -> str:
    if kind == "LITERAL":
        return _char(value)
    if kind == "RANGE":
        return f"{_char(value[0])}-{_char(value[1])}"
    if kind == "CATEGORY" and str(value) in _CATEGORIES:
        return _CATEGORIES[str(value)]
    raise _Unknown(kind)  # a negated class, a locale category


def _char(code: int) -> str:
    return f"\\U{code:08x}"


@contextmanager
def shared_charsets() -> Iterator[None]:
    """Within the block, ``re`` optimises each distinct character class once (the compiled
    patterns are the same as without it); for loading a model whose tokenizer compiles a huge
    pattern."""
    optimise = getattr(_re_compiler, "_optimize_charset", None)
    if optimise is None:  # pragma: no cover - another Python
        yield
        return
    done: dict[Any, tuple[list[Any], bool]] = {}

    def once(charset: Any, iscased: Any = None, fixup: Any = None, fixes: Any = None) -> Any:
        key = (tuple(charset), iscased, fixup, id(fixes))
        if key not in done:
            done[key] = optimise(charset, iscased, fixup, fixes)
        out, hascased = done[key]
        return list(out), hascased

    _re_compiler._optimize_charset = once
    try:
        yield
    finally:
        _re_compiler._optimize_charset = optimise
