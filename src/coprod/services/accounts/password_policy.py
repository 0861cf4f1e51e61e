"""The password policy: every password that is set (CLI, demo accounts, scripts) passes here.

At least 12 characters, at most 1 024, and hard to guess: zxcvbn (the estimator Dropbox
published, as the PyPI package ``zxcvbn``) must give it a score of at least 3 of 4 (about
10^8 guesses or more), with the account's own key, name and organisation among the words it
tries. Its dictionaries of common passwords, names and words ship inside the package: nothing
is downloaded.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from zxcvbn import zxcvbn

from coprod.errors import InvalidInput

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 1024
MIN_STRENGTH = 3  # zxcvbn's score: 0 (too guessable) … 4 (very unguessable)
# zxcvbn's time grows with the length; a longer password is judged on its first 72 characters.
_JUDGED_LENGTH = 72
_WORDS = re.compile(r"[\s\-_.,;:()/]+")


def check_password(password: str, *, user: str, context: Iterable[str] = ()) -> None:
    """InvalidInput naming ``user`` and what to change, unless ``password`` is long enough and
    hard enough to guess (``context``: the account's name, organisation… which count against it)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(
            f"password of {user!r}: at least {MIN_PASSWORD_LENGTH} characters "
            f"({len(password)} given); a few unrelated words make a good one"
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise InvalidInput(f"password of {user!r}: at most {MAX_PASSWORD_LENGTH} characters")
    # Each word on its own: zxcvbn matches whole entries ("Mira Analyst" would not match "analyst").
    words = {w.lower() for text in (user, *context, "coprod") for w in _WORDS.split(text) if w}
    judged = zxcvbn(password[:_JUDGED_LENGTH], user_inputs=sorted(words))
    if judged["score"] < MIN_STRENGTH:
        feedback = judged["feedback"]
        advice = " ".join([feedback.get("warning") or "", *feedback.get("suggestions", [])])
        raise InvalidInput(
            f"password of {user!r} is too easy to guess (strength {judged['score']} of 4, "
            f"{MIN_STRENGTH} needed): {advice.strip() or 'add another word or two'}"
        )
