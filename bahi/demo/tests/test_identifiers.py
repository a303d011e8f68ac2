import random

from bahi.demo.identifiers import gstin_check_digit, make_gstin, make_pan


def test_gstin_check_digit_matches_a_published_gstin():
    assert gstin_check_digit("27AAPFU0939F1Z") == "V"


def test_made_up_gstin_has_the_statutory_shape():
    pan = make_pan(random.Random(1), "Patel Traders", "F")
    gstin = make_gstin("24", pan)
    assert len(pan) == 10
    assert pan[3:5] == "FP"
    assert pan[5:9].isdigit()
    assert gstin == f"24{pan}1Z{gstin_check_digit(gstin[:14])}"
