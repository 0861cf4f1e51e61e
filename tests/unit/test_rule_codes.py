"""Each rule of the ledger and the registry has a stable id the pages translate it by, so
rewording a rule's English sentence loses no translation."""

from __future__ import annotations

from coprod.domain import rulebook as rb
from coprod.domain.ledger import Breach
from coprod.errors import RuleViolation
from coprod.web.locales import reader
from coprod.web.refusals import RULES, refusal


def test_every_rule_has_a_stable_code_and_a_sentence_on_the_pages() -> None:
    assert set(RULES) == set(rb.RULES)
    assert all(code.startswith("rule.") for code in rb.RULES)
    breach = Breach("orders 'o-1'", "quantity", rb.NEVER_OVER_ORDERED, "too many")
    assert breach.code == "rule.need.never_over_ordered"
    assert (
        str(breach) == "orders 'o-1': field quantity: too many (rule: a need is never over-ordered)"
    )
    assert Breach("x", "y", "an undeclared rule", "z").code == "rule"


def test_a_reworded_rule_keeps_its_translation() -> None:
    reworded = RuleViolation(
        "orders 'o-1': field quantity: too many (rule: never order more than a need asks)",
        code=rb.NEVER_OVER_ORDERED.code,
        field="quantity",
        params={"rule": "never order more than a need asks"},
    )
    assert refusal(reworded, reader("uk")) == "Обсяг замовлень не може перевищувати потребу."
    assert refusal(reworded, reader("en")) == "A need is never over-ordered."
    # A rule without a declared code is still shown by its sentence, as before.
    undeclared = RuleViolation("x", code="rule", params={"rule": "a need is never over-ordered"})
    assert refusal(undeclared, reader("uk")) == "Обсяг замовлень не може перевищувати потребу."
