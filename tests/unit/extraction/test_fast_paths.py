"""Faster paths of the extractor give what the plain ones gave: the fuzzy lookup scores only the
catalogue names of close lengths and finds what scoring all of them finds
(``gazetteer._ByLength``); the binary check counts control bytes in one pass."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz, process

from coprod.extraction.gazetteer import _by_length, gazetteer
from coprod.extraction.reading import _looks_binary

CHOICES = [gazetteer()._single_choices, gazetteer()._multi_choices]


@st.composite
def queries(draw: st.DrawFn) -> tuple[list[str], str, float]:
    choices = draw(st.sampled_from(CHOICES))
    name = draw(st.sampled_from(choices))
    edits = draw(
        st.lists(st.tuples(st.integers(0, 40), st.sampled_from("aeiknorsxz -")), max_size=3)
    )
    for offset, char in edits:
        place = offset % (len(name) + 1)
        name = (
            name[:place] + char + name[place + 1 :]
            if place % 2
            else name[:place] + char + name[place:]
        )
    cutoff = draw(st.sampled_from([60.0, 81.0, 84.0, 85.0, 88.0, 95.0]))
    return choices, name, cutoff


@settings(max_examples=300, deadline=None)
@given(case=queries())
def test_same_answer_as_scoring_every_name(case: tuple[list[str], str, float]) -> None:
    choices, query, cutoff = case
    every = process.extractOne(query, choices, scorer=fuzz.ratio, score_cutoff=cutoff)
    assert _by_length(choices).best(query, cutoff) == (every[0] if every else None)


def test_ties_go_to_the_first_name_of_the_list() -> None:
    assert _by_length(["qqqqqq", "abcdex", "abcdey"]).best("abcdez", 50.0) == "abcdex"
    assert _by_length(["abcdey", "abcdex", "abc"]).best("abcdez", 50.0) == "abcdey"
    assert _by_length(["abcdey", "abcdex", "abcdz"]).best("abcdez", 50.0) == "abcdz"  # 90.9


def _plain_binary_check(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    return sum(1 for b in head if b < 9 or 13 < b < 32) > len(head) * 0.05


@settings(max_examples=200, deadline=None)
@given(
    data=st.binary(min_size=1, max_size=300)
    | st.lists(
        st.sampled_from([b"\x01", b"\x1b", b"\t", b"\n", b"\r", b"a", b"\xc3\xa9"]), min_size=1
    ).map(b"".join)
)
def test_binary_check_as_before(data: bytes) -> None:
    assert _looks_binary(data) == _plain_binary_check(data)
