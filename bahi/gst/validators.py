"""Pure checks for GSTIN, PAN and HSN/SAC codes (india-tax reference sections 1, 5.4 and 9.5).

The `*_error` functions return a sentence saying what is wrong, or None; views and forms choose how
to show it. Input is uppercased and stripped first, as the GST portal does.
"""

import re

from bahi.gst.states import STATES

GSTIN_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
GSTIN_LENGTH = 15
PAN_LENGTH = 10

PAN_PATTERN = re.compile(r"[A-Z]{5}[0-9]{4}[A-Z]")
# Registration-type patterns GSTN's API uses (reference section 1.1); the last character is the
# check character, validated separately so the error can name the expected one. The normal
# pattern also admits D as the 14th character, so the specific types are tried first.
GSTIN_PATTERNS = {
    "government": re.compile(r"[0-9]{2}[A-Z]{4}[0-9]{5}[A-Z][0-9]Z[0-9]"),
    "non_resident": re.compile(r"[0-9]{4}[A-Z]{3}[0-9]{5}NR[0-9A-Z]"),
    "oidar": re.compile(r"99[0-9]{2}[A-Z]{3}[0-9]{5}OS[0-9A-Z]"),
    "uin": re.compile(r"[0-9]{4}[A-Z]{3}[0-9]{5}[UO]N[A-Z0-9]"),
    "tds_deductor": re.compile(r"[0-9]{2}[A-Z]{4}[A-Z0-9][0-9]{4}[A-Z][1-9A-Z]D[0-9A-Z]"),
    "tcs_collector": re.compile(r"[0-9]{2}[A-Z]{5}[0-9]{4}[A-Z][1-9A-Z]C[0-9A-Z]"),
    "normal": re.compile(r"[0-9]{2}[A-Z]{5}[0-9]{4}[A-Z][1-9A-Z][Z1-9ABD-J][0-9A-Z]"),
}
# Holder type from the 4th letter of a PAN (reference section 9.5; K is a legacy value).
PAN_HOLDER_TYPES = {
    "P": "individual",
    "C": "company",
    "H": "Hindu undivided family",
    "F": "firm or LLP",
    "A": "association of persons",
    "T": "trust",
    "B": "body of individuals",
    "L": "local authority",
    "J": "artificial juridical person",
    "G": "government",
    "K": "Krish (trust), legacy",
}
# Notification 78/2020-CT: aggregate turnover up to 5 crore needs 4 HSN digits, above it 6.
HSN_FOUR_DIGIT_TURNOVER_LIMIT = 5_00_00_000
HSN_LENGTHS = (2, 4, 6, 8)


def normalise(value: str) -> str:
    return value.strip().upper()


def gstin_check_char(first14: str) -> str:
    """Luhn mod 36 over the first 14 characters (reference section 1.2).

    Raises ValueError if a character is outside 0-9 and A-Z."""
    total = 0
    for index, char in enumerate(normalise(first14)):
        product = GSTIN_ALPHABET.index(char) * (1 if index % 2 == 0 else 2)
        total += product // 36 + product % 36
    return GSTIN_ALPHABET[(36 - total % 36) % 36]


def gstin_type(gstin: str) -> str | None:
    """The registration type whose pattern the GSTIN matches ("normal", "uin", ...), if any."""
    value = normalise(gstin)
    return next(
        (name for name, pattern in GSTIN_PATTERNS.items() if pattern.fullmatch(value)), None
    )


def gstin_error(gstin: str) -> str | None:
    """Why `gstin` is not a valid GSTIN, or None if it is."""
    value = normalise(gstin)
    if len(value) != GSTIN_LENGTH:
        return f"A GSTIN has {GSTIN_LENGTH} characters; {value!r} has {len(value)}."
    if not value.isascii() or not value.isalnum():
        return f"A GSTIN has only letters A-Z and digits; {value!r} has other characters."
    if value[:2] not in STATES or not STATES[value[:2]].is_gstin_prefix:
        return f"{value}: {value[:2]!r} is not a GST state code."
    kind = gstin_type(value)
    if kind is None:
        return (
            f"{value} does not have the layout of a GSTIN: state code, PAN (5 letters, 4 digits, "
            "a letter), entity number (1-9 or A-Z), Z (or the registration-type letter), "
            "check character."
        )
    expected = gstin_check_char(value[:14])
    if value[14] != expected:
        return (
            f"{value}: the check character is {value[14]!r} but should be {expected!r}; "
            "a character was probably mistyped."
        )
    return None


def is_valid_gstin(gstin: str) -> bool:
    return gstin_error(gstin) is None


def state_code_of_gstin(gstin: str) -> str:
    """The registration's state code (first two characters); raises ValueError if invalid."""
    error = gstin_error(gstin)
    if error is not None:
        raise ValueError(error)
    return normalise(gstin)[:2]


def pan_of_gstin(gstin: str) -> str:
    """The PAN embedded in a normal taxpayer's GSTIN (characters 3-12); ValueError otherwise."""
    error = gstin_error(gstin)
    if error is not None:
        raise ValueError(error)
    pan = normalise(gstin)[2:12]
    if PAN_PATTERN.fullmatch(pan) is None:
        raise ValueError(f"{normalise(gstin)} is a {gstin_type(gstin)} GSTIN and holds no PAN.")
    return pan


def pan_error(pan: str) -> str | None:
    """Why `pan` is not a well-formed PAN, or None (its check letter's algorithm is unpublished)."""
    value = normalise(pan)
    if len(value) != PAN_LENGTH:
        return f"A PAN has {PAN_LENGTH} characters; {value!r} has {len(value)}."
    if PAN_PATTERN.fullmatch(value) is None:
        return f"{value} is not a PAN: it must be 5 letters, 4 digits and a letter (ABCDE1234F)."
    if value[3] not in PAN_HOLDER_TYPES:
        known = ", ".join(sorted(PAN_HOLDER_TYPES))
        return f"{value}: the 4th letter {value[3]!r} is not a PAN holder type ({known})."
    return None


def is_valid_pan(pan: str) -> bool:
    return pan_error(pan) is None


def pan_holder_type(pan: str) -> str:
    """The holder type ("individual", "company"...) from the 4th letter; ValueError if invalid."""
    error = pan_error(pan)
    if error is not None:
        raise ValueError(error)
    return PAN_HOLDER_TYPES[normalise(pan)[3]]


def hsn_digits_required(aggregate_turnover: int) -> int:
    """Minimum HSN/SAC digits on a tax invoice for a previous-FY aggregate turnover in rupees.

    Notification 78/2020-CT: up to 5 crore at least 4 digits, above 5 crore 6 digits."""
    return 4 if aggregate_turnover <= HSN_FOUR_DIGIT_TURNOVER_LIMIT else 6


def hsn_error(code: str, *, min_digits: int = 4) -> str | None:
    """Why `code` is not an HSN/SAC code of at least `min_digits` digits, or None.

    HSN codes have 2, 4, 6 or 8 digits and are never all zeros (e-invoice rule, reference 5.4)."""
    value = code.strip()
    if not value.isascii() or not value.isdigit():
        return f"An HSN/SAC code has only digits; {value!r} has other characters."
    if len(value) not in HSN_LENGTHS:
        return f"An HSN/SAC code has 2, 4, 6 or 8 digits; {value!r} has {len(value)}."
    if len(value) < min_digits:
        return f"HSN/SAC {value} has {len(value)} digits; at least {min_digits} are required."
    if set(value) == {"0"}:
        return f"HSN/SAC {value} is all zeros."
    return None


def is_valid_hsn(code: str, *, min_digits: int = 4) -> bool:
    return hsn_error(code, min_digits=min_digits) is None


def is_service_code(code: str) -> bool:
    """SAC (service) codes start with 99 (e-invoice IsServc, reference 5.4)."""
    return code.strip().startswith("99")
