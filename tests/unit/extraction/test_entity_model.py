"""The trained entity component (``extraction.entity_model``; texts and names invented for these
tests): which spans it scores, how its names join the rules' entities, when it is used, that
its architecture learns a company or a system from the words around it, and what the shipped
weights read and add (checks that a broken model fails)."""

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


# The shipped model, judged on invented sentences (docs/extraction.md, "The entity component:
# its test, and a retrain not shipped").
# Its figures come from names seen in training (a name the press repeats and the catalogue
# lacks), not from names nobody has written yet: on the invented company and system names below
# the shipped weights and the retrained ones find at most two of 17 at the component's threshold.
# So the checks ask what any model trained on the dev set must do and a broken one cannot: read
# the names its training batches name most often, in sentences it never saw, with their type;
# and add no wrong name, where a sentence holds only invented names or none.

# Names the gold of batches 1-35 (in every model's training data) gives in at least ten
# articles each, in several languages: all the companies and named systems among them, and
# NATO (as OTAN and НАТО; states' bodies and programmes, named by descriptive titles, left out),
# in invented sentences; none was changed after a model was scored on it.
KNOWN = [
    (
        "Rheinmetall and Northrop Grumman will open a joint plant next year.",
        [("ORG", "Rheinmetall"), ("ORG", "Northrop Grumman")],
    ),
    (
        "The F-16 jets and the Patriot batteries arrived before winter.",
        [("SYS", "F-16"), ("SYS", "Patriot")],
    ),
    (
        "BAE Systems signed a deal with Ukroboronprom on artillery barrels.",
        [("ORG", "BAE Systems"), ("ORG", "Ukroboronprom")],
    ),
    (
        "Brave1 awarded grants to teams that fight Shahed drones.",
        [("ORG", "Brave1"), ("SYS", "Shahed")],
    ),
    (
        "Nexter et Arquus exposeront leurs véhicules à Paris.",
        [("ORG", "Nexter"), ("ORG", "Arquus")],
    ),
    (
        "Kiev recevra des canons Caesar et des bombes AASM Hammer.",
        [("SYS", "Caesar"), ("SYS", "AASM Hammer")],
    ),
    (
        "Thales et Delair travaillent avec l'OTAN sur les drones.",
        [("ORG", "Thales"), ("ORG", "Delair"), ("ORG", "OTAN")],
    ),
    ("Le système SAMP/T protège désormais une ville ukrainienne.", [("SYS", "SAMP/T")]),
    (
        "Die Ukraine bekommt weitere Systeme IRIS-T und Terminals von Starlink.",
        [("SYS", "IRIS-T"), ("SYS", "Starlink")],
    ),
    (
        "Fire Point stellt die Rakete Flamingo in großer Zahl her.",
        [("ORG", "Fire Point"), ("SYS", "Flamingo")],
    ),
    (
        "Укроборонпром і Baykar домовилися про спільне виробництво.",
        [("ORG", "Укроборонпром"), ("ORG", "Baykar")],
    ),
    (
        "Дрон-перехоплювач Octopus і Bayraktar показали на виставці.",
        [("SYS", "Octopus"), ("SYS", "Bayraktar")],
    ),
    (
        "Компания Nammo увеличит выпуск снарядов для НАТО.",
        [("ORG", "Nammo"), ("ORG", "НАТО")],
    ),
]
# Invented companies and systems in the patterns the component is for (a legal form, a company
# word before the name, "the X drone", a designation) in the five languages, with the spellings
# of each that are right to add; none is in the catalogue
INVENTED = [
    (
        "The Danish company Halvard Systems will build drone engines in western Ukraine.",
        [("organisation", {"Halvard Systems"})],
    ),
    (
        "Ukrainian units have used the Skarvo drone against armoured vehicles since spring.",
        [("system", {"Skarvo"})],
    ),
    ("The ministry tested the KRV-90 howitzer at a range near Odesa.", [("system", {"KRV-90"})]),
    (
        "Brightwater Defence Technologies Inc. will supply radars to Ukraine.",
        [
            (
                "organisation",
                {"Brightwater Defence Technologies Inc", "Brightwater Defence Technologies"},
            )
        ],
    ),
    (
        "Soldiers praised the Vireo-X2 loitering munition made by Calder Aerospace.",
        [("system", {"Vireo-X2"}), ("organisation", {"Calder Aerospace"})],
    ),
    (
        "La société Vantorel Industries produira des obus de 155 mm en Ukraine.",
        [("organisation", {"Vantorel Industries"})],
    ),
    (
        "L'armée ukrainienne a reçu les premiers drones Morvane-3 fabriqués en France.",
        [("system", {"Morvane-3"})],
    ),
    (
        "Le groupe Belcastre SA a signé un contrat avec Kiev.",
        [("organisation", {"Belcastre SA", "Belcastre"})],
    ),
    (
        "Das Unternehmen Kestrin Wehrtechnik GmbH liefert Munition an die Ukraine.",
        [("organisation", {"Kestrin Wehrtechnik GmbH", "Kestrin Wehrtechnik"})],
    ),
    ("Die Ukraine erhält weitere Drohnen vom Typ Falkor-2.", [("system", {"Falkor-2"})]),
    (
        "Der Rüstungskonzern Morlan Defence Group baut ein Werk in der Ukraine.",
        [("organisation", {"Morlan Defence Group"})],
    ),
    (
        "Компанія Vartis Robotics розпочала виробництво наземних роботів у Києві.",
        [("organisation", {"Vartis Robotics"})],
    ),
    (
        "ЗСУ отримали нові дрони «Сокира-4» від українського виробника.",
        [("system", {"Сокира-4"})],
    ),
    (
        "ТОВ «Бронетех Плюс» уклало контракт із Міністерством оборони.",
        [("organisation", {"Бронетех Плюс"})],
    ),
    (
        "Компания Норвел Аэро начала выпуск беспилотников в Харькове.",
        [("organisation", {"Норвел Аэро"})],
    ),
    ("Армия получила новые дроны Ястреб-12.", [("system", {"Ястреб-12"})]),
]
# Sentences that name nothing the component is for: capitals that begin a sentence, a day,
# German nouns, the rules' own ground (a ministry)
UNNAMED = [
    "The deliveries will continue next month, officials said.",
    "On Monday, the two ministers discussed air defence and training.",
    "Les livraisons reprendront au printemps, selon le ministère.",
    "Die Lieferungen sollen im Frühjahr beginnen, hieß es aus Regierungskreisen.",
    "Виробництво снарядів зросло втричі за останній рік.",
    "Поставки боеприпасов продолжатся в следующем месяце.",
]


def _read(nlp: object) -> tuple[int, list[str]]:
    """How many of the ``KNOWN`` names ``nlp`` labels with their type at the component's
    threshold (the model alone: the component would leave the catalogue's names to the rules),
    and those it misses."""
    missed = []
    for text, names in KNOWN:
        spans = entity_model.spans_of(nlp, text)
        read = {
            (s.label, entity_model._clean(text[s.start : s.end]))
            for s in spans
            if s.score >= entity_model.THRESHOLD
        }
        missed += [name for label, name in names if (label, name) not in read]
    return sum(len(names) for _, names in KNOWN) - len(missed), missed


def _wrong(nlp: object) -> list[tuple[str, str]]:
    """What the component adds with ``nlp`` (no rule entity given: the model alone decides) that
    is wrong: on ``INVENTED``, any name but the invented ones with their type; on ``UNNAMED``,
    anything."""
    wrong = []
    for text, names in [*INVENTED, *((t, []) for t in UNNAMED)]:
        right = {(etype, s) for etype, spellings in names for s in spellings}
        added = combine(text, [], entity_model.spans_of(nlp, text), entity_model.THRESHOLD)
        wrong += [(e.type, e.name) for e in added if (e.type, e.name) not in right]
    return wrong


def _shipped(monkeypatch: pytest.MonkeyPatch) -> object:
    monkeypatch.delenv(entity_model.SETTING, raising=False)
    assert entity_model.model_dir() == entity_model.MODEL_DIR
    assert (entity_model.MODEL_DIR / "config.cfg").is_file()
    assert not (entity_model.MODEL_DIR / "vocab").exists()  # no string of the training texts
    return entity_model.pipeline(entity_model.MODEL_DIR)


def test_the_shipped_model_reads_the_names_it_was_taught_most_in_new_sentences(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # each name is in ten training articles or more: a model that learnt its data reads most of
    # them with their type wherever they are written; one whose weights or word hashes are
    # broken reads none (``test_a_broken_model_fails_these_checks``)
    read, missed = _read(_shipped(monkeypatch))
    total = sum(len(names) for _, names in KNOWN)
    assert read > total / 2, missed


def test_the_shipped_model_adds_no_wrong_name(monkeypatch: pytest.MonkeyPatch) -> None:
    # at its threshold the component is for precision: whatever it adds on these sentences must
    # be an invented name with its type; a model that takes capitals for names fails here
    assert _wrong(_shipped(monkeypatch)) == []


def test_a_broken_model_fails_these_checks() -> None:
    import numpy
    import spacy

    entity_model._register()
    shuffled = spacy.load(entity_model.MODEL_DIR)  # the word hashes read the wrong rows
    order = numpy.random.default_rng(0)
    for node in shuffled.get_pipe("spancat").model.walk():
        if node.name == "hashembed":
            table = node.get_param("E")
            node.set_param("E", table[order.permutation(len(table))])
    assert _read(shuffled)[0] <= sum(len(names) for _, names in KNOWN) / 2
    eager = spacy.load(entity_model.MODEL_DIR)  # every candidate scored a name
    (output,) = [n for n in eager.get_pipe("spancat").model.walk() if n.name == "linear"]
    output.set_param("b", output.get_param("b") + 20.0)
    assert _wrong(eager)


def test_combine_leaves_out_a_body_named_by_its_generic_word_alone() -> None:
    text = "Міністерством було підписано угоду з Velmora Dynamics; the Government agreed."
    spans = [
        ScoredSpan(text.index(w), text.index(w) + len(w), "ORG", 0.99)
        for w in ("Міністерством", "Government", "Velmora Dynamics")
    ]
    assert [e.name for e in combine(text, [], spans, threshold=0.95)] == ["Velmora Dynamics"]
