"""The password policy (issue 15, finding 7): 12 characters at least, and hard to guess."""

from __future__ import annotations

import pytest

from coprod.errors import InvalidInput
from coprod.services.accounts.demo_accounts import DEMO_ACCOUNTS
from coprod.services.accounts.password_policy import check_password


@pytest.mark.parametrize(
    ("password", "why"),
    [
        ("short-pw-1", "at least 12 characters"),
        ("x" * 12, "too easy to guess"),
        ("password1234", "too easy to guess"),
        ("qwertyuiop12", "too easy to guess"),
        ("p" * 1025, "at most 1024"),
    ],
)
def test_short_common_or_personal_passwords_are_refused(password: str, why: str) -> None:
    with pytest.raises(InvalidInput, match=why) as refused:
        check_password(password, user="mira", context=("Mira Analyst", "ua"))
    assert "'mira'" in str(refused.value)


def test_the_accounts_own_words_count_against_it() -> None:
    check_password("ukroboronprom2026", user="olena")  # strong for anyone else
    with pytest.raises(InvalidInput, match="too easy to guess"):
        check_password("ukroboronprom2026", user="olena", context=("Olena K", "ukroboronprom"))


def test_long_unrelated_words_pass() -> None:
    check_password("correct horse battery", user="mira", context=("Mira", "ua"))
    check_password("harbour-violet-engine-17", user="nina")


def test_every_demo_login_complies() -> None:
    for account in DEMO_ACCOUNTS:
        check_password(
            account.password, user=account.user, context=(account.name, account.organisation)
        )


def test_long_passphrases_are_permitted_and_any_characters() -> None:
    long_one = "тихі видри складають паперові ліхтарі біля гавані, поки сім чайників гудуть"
    assert len(long_one) > 64
    check_password(long_one, user="mira")  # Cyrillic, spaces, punctuation
    check_password("harbour violet engine " + "z" * 1000, user="mira")  # judged on its first 72
