"""Passwords: Argon2id hashes, at least 12 characters (the test settings use a fast hasher)."""

import pytest
from django.contrib.auth.hashers import check_password, identify_hasher, make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import override_settings

from config.settings import base


@override_settings(PASSWORD_HASHERS=base.PASSWORD_HASHERS)
def test_new_passwords_are_hashed_with_argon2id():
    encoded = make_password("a long passphrase here")
    assert encoded.startswith("argon2$argon2id$")
    assert check_password("a long passphrase here", encoded)
    assert not check_password("a long passphrase herE", encoded)


@override_settings(PASSWORD_HASHERS=base.PASSWORD_HASHERS)
def test_an_old_pbkdf2_hash_still_verifies_and_is_marked_for_upgrade():
    old = make_password("a long passphrase here", hasher="pbkdf2_sha256")
    upgraded = []
    assert check_password("a long passphrase here", old, setter=upgraded.append)
    assert upgraded == ["a long passphrase here"]
    assert identify_hasher(make_password("x" * 12)).algorithm == "argon2"


@override_settings(AUTH_PASSWORD_VALIDATORS=base.AUTH_PASSWORD_VALIDATORS)
def test_passwords_shorter_than_twelve_characters_are_refused():
    with pytest.raises(ValidationError) as error:
        validate_password("kx7#Qm2!vR9")
    assert "at least 12 characters" in str(error.value)
    validate_password("kx7#Qm2!vR9z")
