"""Valid-format Indian tax identifiers for made-up parties (pure)."""

import random

GSTIN_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def gstin_check_digit(first_fourteen: str) -> str:
    """The 15th character of a GSTIN: base-36 weighted sum (weights 1, 2 alternating)."""
    total = 0
    for index, char in enumerate(first_fourteen):
        product = GSTIN_ALPHABET.index(char) * (2 if index % 2 else 1)
        total += product // 36 + product % 36
    return GSTIN_ALPHABET[(36 - total % 36) % 36]


def make_gstin(state_code: str, pan: str, registration: int = 1) -> str:
    """A valid-format GSTIN: state, PAN, the PAN's registration number in that state (1-9, then
    A-Z), 'Z', check digit."""
    body = f"{state_code}{pan}{GSTIN_ALPHABET[registration]}Z"
    return body + gstin_check_digit(body)


def make_pan(rng: random.Random, name: str, holder: str) -> str:
    """A PAN of the right shape: AAA, the holder type (C company, F firm), initial, 4 digits."""
    letters = "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(3))
    initial = next((char for char in name.upper() if char.isalpha()), "A")
    last = rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    return f"{letters}{holder}{initial}{rng.randint(1000, 9999)}{last}"
