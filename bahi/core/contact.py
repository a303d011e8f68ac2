"""Formats of Indian contact and bank details shared by the company and party masters.

Each check returns why a value is wrong, or None; services turn that into a field error."""

import re
from collections.abc import Callable, Iterable

from bahi.core.errors import InvalidInput

Check = tuple[str, str, Callable[[str], str | None]]  # (field, value, why it is wrong)

# A pincode is 6 digits and does not start with 0 (india-tax reference 2).
PINCODE = re.compile(r"[1-9][0-9]{5}")
# IFSC: 4 letters (bank), a 0, 6 letters or digits (branch), as RBI publishes them.
IFSC = re.compile(r"[A-Z]{4}0[A-Z0-9]{6}")
# Indian bank account numbers run from 9 to 18 digits (common practice; no statute fixes it).
BANK_ACCOUNT = re.compile(r"[0-9]{9,18}")
PHONE = re.compile(r"\+?[0-9][0-9 -]{5,18}[0-9]")
# A UPI virtual payment address: handle@provider (NPCI allows letters, digits, '.', '-', '_').
UPI_VPA = re.compile(r"[A-Za-z0-9.\-_]{2,256}@[A-Za-z][A-Za-z0-9]{1,63}")


def pincode_error(value: str) -> str | None:
    return None if PINCODE.fullmatch(value) else f"pincode {value!r} is not 6 digits"


def phone_error(value: str) -> str | None:
    return None if PHONE.fullmatch(value) else f"phone {value!r} is not a phone number"


def ifsc_error(value: str) -> str | None:
    if IFSC.fullmatch(value):
        return None
    return f"IFSC {value!r} is not 4 letters, a 0 and 6 letters or digits"


def bank_account_error(value: str) -> str | None:
    if BANK_ACCOUNT.fullmatch(value):
        return None
    return "a bank account number is 9 to 18 digits"


def upi_vpa_error(value: str) -> str | None:
    if UPI_VPA.fullmatch(value):
        return None
    return f"UPI ID {value!r} is not of the form name@bank"


def mask(value: str, keep: int = 4) -> str:
    """All but the last `keep` characters as '*' (for logs and the edit log)."""
    return "" if not value else "*" * max(len(value) - keep, 0) + value[-keep:]


def check_fields(checks: Iterable[Check]) -> None:
    """Run each check on its value (blank values are not checked); the first problem is raised
    as InvalidInput naming its field."""
    for field, value, check in checks:
        problem = check(value) if value else None
        if problem is not None:
            raise InvalidInput(problem, details={"field": field})
