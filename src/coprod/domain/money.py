"""Money: an exact amount with its currency."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from coprod.errors import InvalidInput

CENT = Decimal("0.01")


def parse_amount(value: object, *, field: str = "amount") -> Decimal:
    """An exact decimal from an int, a decimal string or a Decimal; floats are refused."""
    if isinstance(value, bool | float):
        raise InvalidInput(
            f"{field} must be an exact number (an integer or a decimal string), not {value!r}"
        )
    try:
        amount = Decimal(str(value))
    except InvalidOperation as exc:
        raise InvalidInput(f"{field} is not a number: {value!r}") from exc
    if not amount.is_finite():
        raise InvalidInput(f"{field} must be finite, not {value!r}")
    return amount


@dataclass(frozen=True, order=True)
class Money:
    """An exact amount in one ISO 4217 currency."""

    amount: Decimal
    currency: str

    def __post_init__(self) -> None:
        if len(self.currency) != 3 or not self.currency.isalpha() or not self.currency.isupper():
            raise InvalidInput(
                f"currency must be an ISO 4217 code such as EUR, not {self.currency!r}"
            )
        if not isinstance(self.amount, Decimal):
            object.__setattr__(self, "amount", parse_amount(self.amount))

    def _same_currency(self, other: Money) -> None:
        if other.currency != self.currency:
            raise InvalidInput(f"cannot combine {self.currency} and {other.currency}")

    def __add__(self, other: Money) -> Money:
        self._same_currency(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same_currency(other)
        return Money(self.amount - other.amount, self.currency)

    @classmethod
    def zero(cls, currency: str) -> Money:
        """No money, in ``currency``."""
        return cls(Decimal(0), currency)

    def __str__(self) -> str:
        return f"{self.amount:,.2f} {self.currency}"
