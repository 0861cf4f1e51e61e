"""An account's own settings: the language the pages are written in for it."""

from __future__ import annotations

from coprod.db.uow import UnitOfWork
from coprod.errors import InvalidInput
from coprod.services.accounts import auth
from coprod.services.accounts.access import caller

# The languages the pages are written in (``web/locales.py`` has their names).
LANGUAGES = ("uk", "en", "fr")


def set_language(uow: UnitOfWork, language: str | None) -> None:
    """Write the pages in ``language`` for the caller from now on (None: as the browser asks,
    ``Accept-Language``); the caller's unit of work commits."""
    principal = caller(uow)
    if language is not None and language not in LANGUAGES:
        raise InvalidInput(
            f"language {language!r} is not one of {', '.join(LANGUAGES)}",
            code="form.choice",
            field="language",
        )
    auth.get_user(uow, principal.user).language = language
