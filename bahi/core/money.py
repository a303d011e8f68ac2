"""Exact money. Amounts are Decimal rupees in Python and integer paise in the database.

SQLite stores DECIMAL columns as floating point and sums them in floating point, so every stored
amount is an integer number of paise; the conversion happens here and nowhere else.
"""

from collections.abc import Sequence
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation

PAISA = Decimal("0.01")
ZERO = Decimal("0.00")


def money(value: Decimal | int | str) -> Decimal:
    """Parse an exact rupee amount; floats and sub-paisa digits are errors, never rounded."""
    if isinstance(value, float):
        raise ValueError(f"not an exact rupee amount: {value!r} (floats are not accepted)")
    try:
        amount = (
            Decimal(value.replace(",", "").strip()) if isinstance(value, str) else Decimal(value)
        )
    except InvalidOperation as error:
        raise ValueError(f"not a number: {value!r}") from error
    if not amount.is_finite() or amount != amount.quantize(PAISA, rounding=ROUND_DOWN):
        raise ValueError(f"not an exact rupee amount: {value!r}")
    return amount.quantize(PAISA)


def round_money(value: Decimal) -> Decimal:
    """Round a computed amount (tax, share, conversion) to paise, half away from zero."""
    return value.quantize(PAISA, rounding=ROUND_HALF_UP)


def to_paise(amount: Decimal | int | str) -> int:
    """Exact rupees to integer paise; raises on sub-paisa digits instead of rounding."""
    if isinstance(amount, Decimal) and amount.is_finite():  # the hot path of posting
        scaled = amount.scaleb(2)
        integral = scaled.to_integral_value()
        if scaled != integral:
            raise ValueError(f"not an exact rupee amount: {amount!r}")
        return int(integral)
    return int(money(amount).scaleb(2))


def from_paise(paise: int) -> Decimal:
    return (Decimal(int(paise)) / 100).quantize(PAISA)


def allocate(total: Decimal, weights: Sequence[Decimal]) -> list[Decimal]:
    """Split a non-negative total by non-negative weights; parts always sum to total exactly."""
    if not weights:
        raise ValueError("allocate needs at least one weight")
    weight_sum = sum(weights, Decimal(0))
    if weight_sum <= 0 or any(weight < 0 for weight in weights):
        raise ValueError("allocate needs non-negative weights with a positive sum")
    raw = [total * weight / weight_sum for weight in weights]
    parts = [value.quantize(PAISA, rounding=ROUND_DOWN) for value in raw]
    leftover_paise = int((total - sum(parts, Decimal(0))) / PAISA)
    # The largest remainders get one paisa each (Hamilton's method); ties go to the earliest part.
    order = sorted(range(len(raw)), key=lambda index: (-(raw[index] - parts[index]), index))
    for index in order[:leftover_paise]:
        parts[index] += PAISA
    return parts
