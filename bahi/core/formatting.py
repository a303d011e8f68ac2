"""Indian conventions for people: lakh/crore digit grouping, DD-MM-YYYY dates."""

from datetime import date
from decimal import Decimal

from bahi.core.money import PAISA


def group_indian(digits: str) -> str:
    """'1234567' -> '12,34,567': the last three digits, then groups of two."""
    if len(digits) <= 3:
        return digits
    head, tail = digits[:-3], digits[-3:]
    groups: list[str] = []
    while len(head) > 2:
        groups.insert(0, head[-2:])
        head = head[:-2]
    if head:
        groups.insert(0, head)
    return ",".join([*groups, tail])


def format_inr(amount: Decimal, *, symbol: bool = True) -> str:
    """Decimal('1234567.89') -> '₹12,34,567.89'; negatives as '-₹1,000.00'."""
    value = amount.quantize(PAISA)
    sign = "-" if value < 0 else ""
    rupees, paise = f"{abs(value):.2f}".split(".")
    return f"{sign}{'₹' if symbol else ''}{group_indian(rupees)}.{paise}"


def format_date(day: date) -> str:
    return day.strftime("%d-%m-%Y")
