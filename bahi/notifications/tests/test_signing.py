import time

from bahi.notifications.signing import signature_header, verify_signature

SECRET = "whsec_test"  # noqa: S105
BODY = b'{"data":{"total_paise":1234567},"id":"e1","type":"entry.posted"}'
T = 1_750_000_000


def test_accepts_the_header_it_made():
    header = signature_header(SECRET, T, BODY)

    assert verify_signature(SECRET, header, BODY, now=T + 299)


def test_the_signature_is_hmac_sha256_of_timestamp_dot_body():
    # Computed independently: printf '1750000000.<body>' | openssl dgst -sha256 -hmac whsec_test
    import hashlib
    import hmac

    expected = hmac.new(b"whsec_test", b"1750000000." + BODY, hashlib.sha256).hexdigest()

    assert signature_header(SECRET, T, BODY) == f"t=1750000000,v1={expected}"


def test_rejects_a_wrong_secret():
    header = signature_header(SECRET, T, BODY)

    assert not verify_signature("whsec_other", header, BODY, now=T)


def test_rejects_a_modified_body():
    header = signature_header(SECRET, T, BODY)

    assert not verify_signature(SECRET, header, BODY.replace(b"1234567", b"1234568"), now=T)


def test_rejects_an_old_timestamp():
    header = signature_header(SECRET, T, BODY)

    assert not verify_signature(SECRET, header, BODY, now=T + 301)
    assert not verify_signature(SECRET, header, BODY, tolerance=60, now=T + 61)


def test_uses_the_clock_when_no_now_is_given():
    now = int(time.time())

    assert verify_signature(SECRET, signature_header(SECRET, now, BODY), BODY)
    assert not verify_signature(SECRET, signature_header(SECRET, now - 3600, BODY), BODY)


def test_rejects_malformed_headers():
    good = signature_header(SECRET, T, BODY)

    for header in ["", "v1=abc", good.split(",")[0], f"t=soon,{good.split(',')[1]}"]:
        assert not verify_signature(SECRET, header, BODY, now=T)


def test_accepts_any_of_several_signatures_during_a_secret_rotation():
    old = signature_header("whsec_old", T, BODY)
    new = signature_header(SECRET, T, BODY)
    header = f"{new},v1={old.split('v1=')[1]}"

    assert verify_signature("whsec_old", header, BODY, now=T)
    assert verify_signature(SECRET, header, BODY, now=T)
