"""Language identification."""

from __future__ import annotations

import pytest

from coprod.extraction.language import detect_language


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (
            "Le ministre des Armées a signé une lettre d'intention avec son homologue ukrainien.",
            "fr",
        ),
        ("The defence minister signed a letter of intent with his Ukrainian counterpart.", "en"),
        ("Der Verteidigungsminister unterzeichnete eine Absichtserklärung mit der Ukraine.", "de"),
        ("Міністр оборони підписав меморандум про спільне виробництво дронів.", "uk"),
    ],
)
def test_languages_are_identified(text: str, code: str) -> None:
    assert detect_language(text) == code


def test_text_without_words_has_no_language() -> None:
    assert detect_language("2025 — 12 / 34 %") is None
