"""The trained entity component (``extraction.entity_model``; texts and names invented for these
tests): which spans it scores, how its names join the rules' entities, when it is used, and
that its architecture learns a company or a system from the words around it."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from tests.unit.extraction.helpers import names_of

from coprod.extraction import entity_model
from coprod.extraction.entity_model import ScoredSpan, combine
from coprod.extraction.model import ExtractedEntity, Mention


def _suggested(text: str) -> set[str]:
    nlp = entity_model.blank_pipeline()
    doc = nlp.make_doc(text)
    found = nlp.get_pipe("spancat").suggester([doc])
    return {doc[int(a) : int(b)].text for a, b in found.dataXd}


def test_the_model_scores_runs_that_begin_and_end_with_a_capital_or_a_digit() -> None:
    spans = _suggested(
        "Le groupe Turgis & Gaillard livre l'Aarok MALE, dit l'UE, au Ministry of Defence."
    )
    assert {"Turgis & Gaillard", "l'Aarok MALE", "l'UE", "Ministry of Defence"} <= spans
    assert "groupe Turgis" not in spans  # begins in lower case
    assert not any("," in s for s in spans)  # no punctuation inside but joiners


def _rules() -> list[ExtractedEntity]:
    return [
        ExtractedEntity(
            "organisation", "Known Works", None, mentions=[Mention(0, 11, "Known Works")]
        )
    ]


TEXT = (
    "Known Works and Velmora Dynamics built the Zorya-7; Velmora Dynamics said so, "
    "and Rheinmetall too."
)


def _span(name: str, label: str, score: float, nth: int = 0) -> ScoredSpan:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(name, start + 1)
    return ScoredSpan(start, start + len(name), label, score)


def test_combine_adds_the_names_no_rule_found_above_the_threshold() -> None:
    spans = [
        _span("Velmora Dynamics", "ORG", 0.99),
        _span("Velmora Dynamics", "ORG", 0.97, nth=1),
        _span("Zorya-7", "SYS", 0.95),
        _span("Known Works", "ORG", 0.99),  # a rule mention: the rules' reading stands
        _span("Rheinmetall", "ORG", 0.99),  # the catalogue's name: the rules have decided
    ]
    found = combine(TEXT, _rules(), spans, threshold=0.96)
    assert [e.name for e in found] == ["Known Works", "Velmora Dynamics"]
    added = found[1]
    assert (added.type, added.key, added.kind) == ("organisation", None, "company")
    assert [m.text for m in added.mentions] == ["Velmora Dynamics", "Velmora Dynamics"]
    both = combine(TEXT, _rules(), spans, threshold=0.9)
    assert ("system", "Zorya-7") in {(e.type, e.name) for e in both}


def test_combine_adds_only_the_types_asked_for() -> None:
    spans = [_span("Velmora Dynamics", "PER", 0.99), _span("Zorya-7", "SYS", 0.99)]
    found = combine(TEXT, _rules(), spans, threshold=0.5, types=("organisation",))
    assert [e.name for e in found] == ["Known Works"]


def test_combine_leaves_out_a_generic_word_for_armed_forces() -> None:
    text = "Die Armee und das Militär kaufen bei Velmora Dynamics; les Armées aussi."
    spans = [
        ScoredSpan(text.index(w), text.index(w) + len(w), "ORG", 0.99)
        for w in ("Armee", "Militär", "Armées", "Velmora Dynamics")
    ]
    assert [e.name for e in combine(text, [], spans, threshold=0.95)] == ["Velmora Dynamics"]


def test_the_shipped_model_is_used_unless_set_otherwise(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(entity_model.SETTING, "off")
    assert entity_model.model_dir() is None
    assert entity_model.add_names(TEXT, _rules()) == _rules()
    monkeypatch.setenv(entity_model.SETTING, str(entity_model.MODEL_DIR))  # a model's folder
    assert entity_model.model_dir() == entity_model.MODEL_DIR
    monkeypatch.delenv(entity_model.SETTING)
    assert entity_model.model_dir() == entity_model.MODEL_DIR  # the shipped model


FIRST = ["Velmora", "Brask", "Tolvan", "Kerrow", "Ustyn", "Marel", "Ostrava", "Gelvin", "Pavor"]
SUFFIXES = ["Dynamics", "Aero", "Motors", "Industries"]
COMPANIES = [f"{w} {SUFFIXES[i % 4]}" for i, w in enumerate(FIRST)]
DRONES = ["Zorya-7", "Hrim-2", "Vyraj", "Sokol-M", "Kestrel-4", "Oryol-9"]
SENTENCES = [
    "The defence company {c} will produce the {d} drone in Lviv .",
    "Officials said {c} signed a contract for {d} drones .",
    "Ukraine ordered more {d} drones from the manufacturer {c} .",
    "Kyiv buys {d} drones from {c} every month .",
]


def _examples(nlp: object, companies: list[str], drones: list[str]) -> list[object]:
    from spacy.training import Example

    out = []
    for c in companies:
        for d in drones:
            for s in SENTENCES:
                text = s.format(c=c, d=d)
                a, b = text.index(c), text.index(d)
                ents = {"spans": {"sc": [(a, a + len(c), "ORG"), (b, b + len(d), "SYS")]}}
                out.append(Example.from_dict(nlp.make_doc(text), ents))  # type: ignore[attr-defined]
    return out


def _trained() -> object:
    from spacy.util import fix_random_seed

    fix_random_seed(0)
    nlp = entity_model.blank_pipeline(width=32, depth=2, rows=1000)
    train = _examples(nlp, COMPANIES, DRONES)
    optimizer = nlp.initialize(lambda: train)  # type: ignore[attr-defined]
    order = random.Random(0)
    for _ in range(10):
        order.shuffle(train)
        for i in range(0, len(train), 8):
            nlp.update(train[i : i + 8], drop=0.1, sgd=optimizer)  # type: ignore[attr-defined]
    return nlp


UNSEEN = "Kyiv buys Berkut-3 drones from Darsk Motors every month ."


def test_a_trained_model_adds_a_company_from_its_context(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    nlp = _trained()
    best = {
        s.label: UNSEEN[s.start : s.end]
        for s in sorted(entity_model.spans_of(nlp, UNSEEN), key=lambda s: s.score)
    }
    assert best == {"ORG": "Darsk Motors", "SYS": "Berkut-3"}  # neither name was trained on
    entity_model.save(nlp, tmp_path / "model")
    assert not (tmp_path / "model" / "vocab").exists()  # no string of the training text
    monkeypatch.setenv(entity_model.SETTING, "off")
    assert "Darsk Motors" not in names_of(UNSEEN, "organisation")  # the rules miss it
    monkeypatch.setenv(entity_model.SETTING, str(tmp_path / "model"))
    assert "Darsk Motors" in names_of(UNSEEN, "organisation")


SHIPPED_TEXT = (
    "Ukroboronprom signed a memorandum with Velmora Engineering on ammunition production."
)


def test_the_shipped_model_loads_and_adds_a_company_the_rules_miss(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert (entity_model.MODEL_DIR / "config.cfg").is_file()
    assert not (entity_model.MODEL_DIR / "vocab").exists()  # no string of the training texts
    monkeypatch.delenv(entity_model.SETTING, raising=False)
    nlp = entity_model.pipeline(entity_model.MODEL_DIR)
    scored = {SHIPPED_TEXT[s.start : s.end]: s for s in entity_model.spans_of(nlp, SHIPPED_TEXT)}
    assert (
        scored["Velmora Engineering"].label == "ORG"
        and scored["Velmora Engineering"].score >= entity_model.THRESHOLD
    )
    found = names_of(SHIPPED_TEXT, "organisation")
    assert {"Ukroboronprom", "Velmora Engineering"} <= found
    monkeypatch.setenv(entity_model.SETTING, "off")
    assert "Velmora Engineering" not in names_of(
        SHIPPED_TEXT, "organisation"
    )  # the rules alone miss it


def test_combine_leaves_out_a_body_named_by_its_generic_word_alone() -> None:
    text = "Міністерством було підписано угоду з Velmora Dynamics; the Government agreed."
    spans = [
        ScoredSpan(text.index(w), text.index(w) + len(w), "ORG", 0.99)
        for w in ("Міністерством", "Government", "Velmora Dynamics")
    ]
    assert [e.name for e in combine(text, [], spans, threshold=0.95)] == ["Velmora Dynamics"]
