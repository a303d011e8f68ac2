"""GSTIN, PAN and HSN checks, with the test vectors of the india-tax reference (section 1.3)."""

import pytest

from bahi.gst.validators import (
    gstin_check_char,
    gstin_error,
    gstin_type,
    hsn_digits_required,
    hsn_error,
    is_service_code,
    is_valid_gstin,
    is_valid_hsn,
    is_valid_pan,
    pan_error,
    pan_holder_type,
    pan_of_gstin,
    state_code_of_gstin,
)


@pytest.mark.parametrize(
    "gstin",
    [
        "27AAPFU0939F1ZV",  # python-stdnum doctest
        "24AAQCA8719H1ZC",  # india-compliance fixtures
        "29AAFCC9980M1ZR",  # gstzen IRN example
        "24AANFA2641L1ZF",
        "38AAPFU0939F1ZS",  # Ladakh: python-stdnum 2.2 wrongly rejects it
        "97AAPFU0939F1ZO",  # Other Territory: likewise
    ],
)
def test_accepts_valid_gstins(gstin):
    assert gstin_error(gstin) is None
    assert is_valid_gstin(gstin)


@pytest.mark.parametrize(
    ("gstin", "expected"),
    [("01AABCE2207R1Z5", "V"), ("29AAFCA7488L1Z0", "W"), ("24AANFA2641L1ZK", "F")],
)
def test_names_the_expected_check_character(gstin, expected):
    assert gstin_error(gstin) == (
        f"{gstin}: the check character is {gstin[14]!r} but should be {expected!r}; "
        "a character was probably mistyped."
    )
    assert not is_valid_gstin(gstin)


def test_check_character_of_the_worked_example():
    assert gstin_check_char("27AAPFU0939F1Z") == "V"


def test_rejects_unknown_state_code():
    assert gstin_error("00AABCE2207R1Z5") == "00AABCE2207R1Z5: '00' is not a GST state code."


def test_rejects_other_countries_code_as_gstin_prefix():
    gstin = "96AAPFU0939F1Z" + gstin_check_char("96AAPFU0939F1Z")
    assert gstin_error(gstin) == f"{gstin}: '96' is not a GST state code."


def test_rejects_wrong_length_with_the_count():
    assert gstin_error("27AAPFU0939F1Z") == "A GSTIN has 15 characters; '27AAPFU0939F1Z' has 14."


def test_rejects_non_alphanumeric_characters():
    assert gstin_error("27AAPFU0939F-ZV") == (
        "A GSTIN has only letters A-Z and digits; '27AAPFU0939F-ZV' has other characters."
    )


def test_rejects_entity_number_zero_as_a_layout_error():
    error = gstin_error("27AAPFU0939F0ZV")
    assert error is not None
    assert error.startswith("27AAPFU0939F0ZV does not have the layout of a GSTIN")


def test_normalises_case_and_spaces():
    assert is_valid_gstin("  27aapfu0939f1zv ")
    assert state_code_of_gstin(" 27aapfu0939f1zv") == "27"


def test_embedded_pan_and_state_code():
    assert pan_of_gstin("29AAFCC9980M1ZR") == "AAFCC9980M"
    assert state_code_of_gstin("29AAFCC9980M1ZR") == "29"


def test_embedded_pan_of_an_invalid_gstin_raises_with_the_reason():
    with pytest.raises(ValueError, match="should be 'V'"):
        pan_of_gstin("01AABCE2207R1Z5")


def test_registration_types():
    assert gstin_type("27AAPFU0939F1ZV") == "normal"
    tds = "27AAAA" + "B1234C1D"
    assert gstin_type(tds + gstin_check_char(tds)) == "tds_deductor"


@pytest.mark.parametrize("pan", ["AAPFU0939F", "ABCPE1234F", " aaacb1234z "])
def test_accepts_valid_pans(pan):
    assert pan_error(pan) is None
    assert is_valid_pan(pan)


@pytest.mark.parametrize(
    ("pan", "reason"),
    [
        ("AAPFU0939", "A PAN has 10 characters; 'AAPFU0939' has 9."),
        (
            "AAPF10939F",
            "AAPF10939F is not a PAN: it must be 5 letters, 4 digits and a letter (ABCDE1234F).",
        ),
        (
            "AAPXU0939F",
            "AAPXU0939F: the 4th letter 'X' is not a PAN holder type "
            "(A, B, C, F, G, H, J, K, L, P, T).",
        ),
    ],
)
def test_rejects_invalid_pans_with_the_reason(pan, reason):
    assert pan_error(pan) == reason
    assert not is_valid_pan(pan)


def test_pan_holder_type_from_the_fourth_letter():
    assert pan_holder_type("AAPFU0939F") == "firm or LLP"
    assert pan_holder_type("ABCPE1234F") == "individual"
    assert pan_holder_type("AAACB1234Z") == "company"


@pytest.mark.parametrize(
    ("turnover", "digits"), [(0, 4), (5_00_00_000, 4), (5_00_00_001, 6), (50_00_00_000, 6)]
)
def test_hsn_digits_required_by_turnover(turnover, digits):
    assert hsn_digits_required(turnover) == digits


@pytest.mark.parametrize(
    ("code", "min_digits", "reason"),
    [
        ("2523", 4, None),
        ("25232910", 6, None),
        ("998314", 6, None),
        ("2523", 6, "HSN/SAC 2523 has 4 digits; at least 6 are required."),
        ("25A3", 4, "An HSN/SAC code has only digits; '25A3' has other characters."),
        ("25232", 4, "An HSN/SAC code has 2, 4, 6 or 8 digits; '25232' has 5."),
        ("0000", 4, "HSN/SAC 0000 is all zeros."),
    ],
)
def test_hsn_error(code, min_digits, reason):
    assert hsn_error(code, min_digits=min_digits) == reason
    assert is_valid_hsn(code, min_digits=min_digits) is (reason is None)


def test_service_codes_start_with_99():
    assert is_service_code("998314")
    assert not is_service_code("2523")
