"""Language identification with lingua, restricted to the languages articles come in."""

from __future__ import annotations

from functools import cache
from itertools import islice
from typing import Any

SUPPORTED = ("fr", "en", "de", "uk", "ru", "es", "it", "pl", "nl")
SAMPLE_CHARS = 2000


@cache
def _detector() -> Any:
    from lingua import IsoCode639_1, LanguageDetectorBuilder  # noqa: PLC0415 - loaded once, on use

    codes = [IsoCode639_1.from_str(code) for code in SUPPORTED]
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).with_low_accuracy_mode().build()


def detect_language(text: str) -> str | None:
    """The ISO 639-1 code of the language ``text`` is written in, or None when unclear."""
    sample = text[:SAMPLE_CHARS]
    if len(list(islice(filter(str.isalpha, sample), 3))) < 3:  # fewer than three letters
        return None
    found = _detector().detect_language_of(sample)
    if found is None:
        return None
    return str(found.iso_code_639_1.name).lower()
