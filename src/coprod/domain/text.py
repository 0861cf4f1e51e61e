"""Names compared as people write them: without case and accents."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Lower case without accents (``Sébastien`` → ``sebastien``)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
