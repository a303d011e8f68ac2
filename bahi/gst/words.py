"""Amounts in words, Indian style: thousand, lakh (1,00,000) and crore (1,00,00,000).

Invoices conventionally print "Rupees ... and ... Paise Only" (reference section 11; a convention,
not a requirement of Rule 46). Paise are worded separately, never as "point eight nine".
"""

from decimal import Decimal

from bahi.core.money import to_paise

ONES = (
    ("Zero", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten")
    + ("Eleven", "Twelve", "Thirteen", "Fourteen", "Fifteen", "Sixteen", "Seventeen")
    + ("Eighteen", "Nineteen")
)
TENS = ("", "", "Twenty", "Thirty", "Forty", "Fifty", "Sixty", "Seventy", "Eighty", "Ninety")
# Place values below a crore, largest first; crores recurse, so 100 crore is "One Hundred Crore".
SCALES = ((1_00_000, "Lakh"), (1_000, "Thousand"), (100, "Hundred"))
CRORE = 1_00_00_000


def _below_hundred(number: int) -> str:
    if number < 20:
        return ONES[number]
    tens, ones = divmod(number, 10)
    return TENS[tens] if ones == 0 else f"{TENS[tens]}-{ONES[ones]}"


def number_in_words(number: int) -> str:
    """A non-negative whole number in Indian-style words: 1234567 -> "Twelve Lakh Thirty-Four
    Thousand Five Hundred Sixty-Seven"."""
    if number < 0:
        raise ValueError(f"number_in_words takes a non-negative number, not {number}")
    words: list[str] = []
    crores, rest = divmod(number, CRORE)
    if crores:
        words += [number_in_words(crores), "Crore"]
    for scale, name in SCALES:
        count, rest = divmod(rest, scale)
        if count:
            words += [_below_hundred(count), name]
    if rest or not words:
        words.append(_below_hundred(rest))
    return " ".join(words)


def amount_in_words(amount: Decimal) -> str:
    """The amount as "Rupees ... and ... Paise Only"; a negative amount starts "Minus".

    Raises ValueError for sub-paisa digits (round the amount first)."""
    paise = to_paise(amount)
    rupees, paise_part = divmod(abs(paise), 100)
    text = f"Rupees {number_in_words(rupees)}"
    if paise_part:
        text += f" and {number_in_words(paise_part)} Paise"
    prefix = "Minus " if paise < 0 else ""
    return f"{prefix}{text} Only"
