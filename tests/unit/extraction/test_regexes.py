"""The faster patterns (``extraction/regexes.py``) match exactly what the plain ones match."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coprod.extraction import amounts, dates, lexicon
from coprod.extraction.regexes import first_chars, quick, shared_charsets

# Letters that fold or change case in unusual ways (long s, Kelvin sign, dotted I, sharp s),
# Cyrillic, digits, currency signs and the punctuation the patterns look at
ALPHABET = "aAbcdeEéfFjJkKKlmMnNoOprsStTuUvwyzſİıßäÄ€$£ -.,'’%\n0123456789абвгдеиклмнопрстуяєіїСЛМ"
TEXTS = st.text(alphabet=ALPHABET, max_size=80) | st.lists(
    st.sampled_from(
        [
            "janvier",
            "June",
            "Dezember",
            "січня",
            "12",
            "2025",
            "1er",
            "€",
            "$",
            "US$",
            "euros",
            "millions",
            "bn",
            "accord",
            "livraison",
            "Rüstungsvertrag",
            "Sicherheitskonferenz",
            "signed documents",
            "met with",
            "LoI",
            "loi",
            "в",
            "of",
            ",",
            " ",
            ".",
        ]
    ),
    max_size=20,
).map(" ".join)


def _matches(pattern: re.Pattern[str], text: str) -> list[tuple[object, ...]]:
    return [(m.span(), m.groups(), m.lastgroup) for m in pattern.finditer(text)]


def _plain(fast: re.Pattern[str]) -> re.Pattern[str]:
    """The pattern ``quick`` was given: ``(?=[…])(?:PATTERN)`` without its look-ahead."""
    return re.compile(fast.pattern[fast.pattern.index("(?:") + 3 : -1], fast.flags)


# every pattern of these modules that ``quick`` sped up, beside the plain one it stands for
FAST = {
    f"{module.__name__.rsplit('.', 1)[-1]}.{name}": value
    for module in (lexicon, dates, amounts)
    for name, value in vars(module).items()
    if isinstance(value, re.Pattern) and value.pattern.startswith("(?=[")
}
PLAIN = {name: _plain(fast) for name, fast in FAST.items()}
# the trigger words: one look-behind for all and a look-ahead in each
FAST["lexicon.TRIGGER_RE"] = lexicon.TRIGGER_RE
PLAIN["lexicon.TRIGGER_RE"] = lexicon.rx(
    "|".join(f"(?P<t{i}>(?<!\\w)(?:{p})(?!\\w))" for i, (p, _, _) in enumerate(lexicon.TRIGGERS)),
    re.I,
)
HOT = ["dates._MDY", "dates._MD", "amounts._PREFIXED", "lexicon.VOLUME", "lexicon.TRIGGER_RE"]


def test_the_costly_patterns_are_sped_up() -> None:
    assert set(HOT) <= set(FAST)
    assert len(FAST) > 30  # most of the lexicon's patterns too


@pytest.mark.parametrize("name", sorted(FAST))
@settings(max_examples=40, deadline=None)
@given(text=TEXTS)
def test_same_matches_as_the_plain_pattern(name: str, text: str) -> None:
    assert _matches(FAST[name], text) == _matches(PLAIN[name], text)
    fast, plain = FAST[name], PLAIN[name]
    middle = len(text) // 2
    assert bool(fast.match(text, middle)) == bool(plain.match(text, middle))
    assert bool(fast.fullmatch(text)) == bool(plain.fullmatch(text))


@pytest.mark.parametrize("name", sorted(FAST))
def test_the_fast_pattern_has_the_same_groups(name: str) -> None:
    fast, plain = FAST[name], PLAIN[name]
    assert fast is not plain and fast.pattern != plain.pattern
    assert fast.groups == plain.groups and fast.groupindex == plain.groupindex


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Le 3 juin 2025, la France et l'Ukraine", [((3, 14), ("3", "juin", "2025"))]),
        ("on June 5, 2025 and", [((3, 15), ("June", "5", "2025"))]),
    ],
)
def test_dates_still_found(text: str, expected: list[tuple[object, ...]]) -> None:
    pattern = dates._DMY if text.startswith("Le") else dates._MDY
    assert [(m.span(), m.groups()) for m in pattern.finditer(text)] == expected


def test_case_folding_of_the_first_character_is_kept() -> None:
    # "ſ" (long s) and "K" (Kelvin sign) match "s" and "k" case-insensitively
    for raw, text in [("september", "ſeptember 2025"), ("kraken", "Kraken")]:
        plain = re.compile(raw + r"(?:\s+\d+)?", re.I)
        assert _matches(quick(plain), text) == _matches(plain, text) != []


@pytest.mark.parametrize(
    "pattern",
    [r"a*", r".bc", r"[^x]y", r"(?:a|)b?", r"(a)?(?(1)b|c)", r"(?i:ab)c", r"\b"],
)
def test_no_look_ahead_where_the_first_characters_are_not_told(pattern: str) -> None:
    compiled = re.compile(pattern)
    assert first_chars(compiled) is None
    assert quick(compiled) is compiled


def test_first_chars_of_common_constructs() -> None:
    chars = first_chars(re.compile(r"(?<!\w)(?:\bab|c+d|[e-g]|\d|(?:x)?y)", re.I))
    assert chars is not None
    probe = re.compile(chars, re.I)
    assert all(probe.fullmatch(c) for c in "aAcCeFg5yYxX")
    assert not any(probe.fullmatch(c) for c in "bdhz -")


def test_shared_charsets_compile_the_same_program() -> None:
    big = "[a-zà-öø-ÿ\u0400-\u04ff]"
    source = "|".join(f"(?:^{w}-{big}+$)" for w in ("anti", "contre", "sous", "sur", "néo"))
    re.purge()
    plain = re.compile(source, re.I)
    re.purge()
    with shared_charsets():
        shared = re.compile(source, re.I)
    assert shared == plain and shared is not plain  # equal patterns: same program
    assert shared.match("sous-марина") and not shared.match("sous marine")
