"""The extractor's cost grows with the text, not faster: doubling a page at most doubles the
time (judged by the ratio of two sizes, in CPU time, not by an absolute time); a text past
the size limit is cut with a warning naming the file; facts keep a bounded evidence list."""

from __future__ import annotations

import gc
import time

import pytest

from coprod.extraction import extract_text
from coprod.extraction.facts import MAX_EVIDENCE
from coprod.extraction.pipeline import cut_to_limit, warm_up
from coprod.extraction.reading import read_bytes

PARTNERS = ["La France", "L'Allemagne", "La Pologne", "Le Danemark", "La Norvège", "L'Italie"]
COMPANIES = ["Rheinmetall", "KNDS", "Thales", "Saab", "MBDA", "Babcock"]
MONTHS = ["janvier", "mars", "juin", "septembre", "novembre"]


def sentence(i: int) -> str:
    """One short sentence of a generated page; the numbers make most facts distinct."""
    partner, company = PARTNERS[i % len(PARTNERS)], COMPANIES[i % len(COMPANIES)]
    month = MONTHS[i % len(MONTHS)]
    return [
        f"{partner} et l'Ukraine ont signé le {i % 28 + 1} {month} un accord sur {i} drones.",
        f"{company} livrera {i + 10} obus de 155 mm à Kyiv.",
        f"Le fonds de {i + 1} millions d'euros financera des commandes de {company}.",
        f"Le ministre Rustem Umerov a rencontré Jean Valdor{i % 50} à Paris.",
        "Les deux pays discutent d'une coproduction de systèmes de défense aérienne.",
    ][i % 5]


def page(sentences: int) -> str:
    """A page of ``sentences`` short sentences, a paragraph every ten."""
    return "".join(sentence(i) + ("\n" if i % 10 == 9 else " ") for i in range(sentences))


def cpu_seconds(text: str) -> float:
    """The CPU time of one extraction (other work on the machine does not count); each starts
    after a full collection, so the collector's passes over the loaded model fall at the same
    points of every run (one such pass is about 5 % of the smaller page)."""
    gc.collect()
    started = time.process_time()
    extract_text(text, "page.txt")
    return time.process_time() - started


@pytest.mark.slow
def test_doubling_the_page_at_most_doubles_the_time() -> None:
    warm_up()
    small, large = page(2_500), page(5_000)
    cpu_seconds(page(200))  # first-call costs (caches, spaCy's lazy parts) paid here
    # the two sizes measured in turn, three times each, the fastest of each kept: a burst of
    # other work on the machine (CPU time still grows when caches are shared) then falls on
    # both sizes, not on one (a run with the larger size measured last, under load, gave 2.71)
    times: dict[int, list[float]] = {len(small): [], len(large): []}
    for _ in range(3):
        for text in (small, large):
            times[len(text)].append(cpu_seconds(text))
    ratio = min(times[len(large)]) / min(times[len(small)])
    # linear is 2.0; a quadratic step would give 4.0 on the part it governs (the old matching
    # of hits, amounts and dates gave 4.05 here), one that governs a fifth of the time 2.4.
    # Since merging looks facts up by key (not the whole look-back, which fills up to 1 000
    # sentences: 2.05-2.10 before), 2.02-2.05 at a load average of 12-13; 2.4 leaves room
    assert ratio < 2.4, f"doubling the page multiplied the time by {ratio:.2f}"


def test_a_text_past_the_limit_is_cut_with_a_warning_naming_the_file() -> None:
    doc = read_bytes(page(300).encode(), "long-page.txt")
    kept = cut_to_limit(doc, limit=5_000)
    assert 2_500 < len(kept) <= 5_000
    assert doc.text.startswith(kept) and kept.rstrip().endswith(".")
    assert any(w.startswith("long-page.txt: ") and "5000" in w for w in doc.warnings)
    untouched = read_bytes(b"Kyiv signed a contract with Saab.", "short.txt")
    assert cut_to_limit(untouched, limit=5_000) == untouched.text and not untouched.warnings


def test_one_fact_told_many_times_keeps_a_bounded_evidence_list() -> None:
    text = " ".join(
        "La France et l'Ukraine ont signé une lettre d'intention sur les drones."
        for _ in range(MAX_EVIDENCE * 3)
    )
    result = extract_text(text, "repeated.txt")
    letters = [f for f in result.facts if f.agreement_type == "letter_of_intent"]
    assert len(letters) == 1
    assert len(letters[0].evidence) == MAX_EVIDENCE
