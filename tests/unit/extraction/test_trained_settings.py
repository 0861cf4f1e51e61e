"""The two settings of the extractor's trained models read one way (``extraction/trained.py``):
unset or blank, the model's default; ``off`` in any case, the rules alone; ``on``, the shipped
model where the setting names it so; anything else, a path."""

from __future__ import annotations

from pathlib import Path

import pytest

from coprod.errors import InvalidInput
from coprod.extraction import entity_model, trained
from coprod.extraction.facts import sentences


def test_both_settings_read_off_and_blank_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    for value in ("off", " OFF ", "Off"):
        monkeypatch.setenv(entity_model.SETTING, value)
        monkeypatch.setenv(sentences.SETTING, value)
        assert entity_model.model_dir() is None and sentences.used_model() is None
    monkeypatch.setenv(entity_model.SETTING, "   ")
    monkeypatch.setenv(sentences.SETTING, "   ")
    assert entity_model.model_dir() == entity_model.MODEL_DIR
    assert sentences.used_model() is None  # off by default (sentences.SHIPPED)
    monkeypatch.setenv(sentences.SETTING, " ON ")
    assert sentences.used_model() is sentences.packaged_model()


def test_on_names_the_shipped_model_for_both(monkeypatch: pytest.MonkeyPatch) -> None:
    """``on`` is the shipped model for the entity model too (on by default), never a folder
    called "on", so the same word means the same for both settings."""
    monkeypatch.setenv(entity_model.SETTING, " On ")
    assert entity_model.model_dir() == entity_model.MODEL_DIR


def test_any_other_word_is_a_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any other value is the path of a model, spaces around it cut."""
    monkeypatch.setenv("COPROD_TEST_MODEL", " . ")
    assert trained.chosen("COPROD_TEST_MODEL", unset=lambda: None, at=Path) == Path(".")


def test_a_path_where_no_model_is_is_refused_with_the_setting_named(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for setting, read in (
        (entity_model.SETTING, entity_model.model_dir),
        (sentences.SETTING, sentences.used_model),
    ):
        monkeypatch.setenv(setting, str(tmp_path / "absent"))
        with pytest.raises(InvalidInput, match=f"{setting}=.*absent: no trained model there"):
            read()
        junk = tmp_path / f"junk-{setting}"
        if setting == entity_model.SETTING:
            junk.mkdir()  # a folder with no model in it
        else:
            junk.write_text("{not json", "utf-8")
        monkeypatch.setenv(setting, str(junk))
        with pytest.raises(InvalidInput, match="not a trained model that can be read"):
            read()
