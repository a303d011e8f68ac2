import base64
import os
from datetime import date

import pytest
from django.db import connection

from bahi.identity import crypto
from bahi.identity.crypto import EncryptionError, Keyring, open_sealed, parse_keys, seal
from bahi.identity.models import Company, CompanySecret

KEY_A = bytes(range(32))
KEY_B = bytes(range(32, 64))


@pytest.fixture(autouse=True)
def keyring():
    with crypto.using_keyring(Keyring("a1", {"a1": KEY_A})) as ring:
        yield ring


def test_a_sealed_value_opens_to_the_same_text():
    sealed = seal("AAAPL1234C", context="identity.company.pan")
    assert sealed.startswith("v1:a1:")
    assert "AAAPL1234C" not in sealed
    assert open_sealed(sealed, context="identity.company.pan") == "AAAPL1234C"


def test_a_value_from_another_context_does_not_open():
    sealed = seal("secret", context="row 1")
    with pytest.raises(EncryptionError, match="altered or copied from another field or row"):
        open_sealed(sealed, context="row 2")


def test_a_changed_byte_does_not_open():
    sealed = seal("secret", context="c")
    raw = bytearray(base64.b64decode(sealed.split(":")[2]))
    raw[-1] ^= 1
    forged = f"v1:a1:{base64.b64encode(bytes(raw)).decode()}"
    with pytest.raises(EncryptionError, match="altered"):
        open_sealed(forged, context="c")


def test_an_unknown_key_id_names_the_key():
    sealed = seal("secret", context="c").replace("v1:a1:", "v1:zz9:")
    with pytest.raises(EncryptionError, match="no key 'zz9' in the keyring"):
        open_sealed(sealed, context="c")


def test_plaintext_is_not_mistaken_for_a_sealed_value():
    with pytest.raises(EncryptionError, match="not an encrypted value"):
        open_sealed("AAAPL1234C", context="c")


def test_ten_thousand_values_have_ten_thousand_nonces():
    nonces = {base64.b64decode(seal("x", context="c").split(":")[2])[:12] for _ in range(10_000)}
    assert len(nonces) == 10_000


def test_old_keys_still_open_after_a_new_key_becomes_current():
    old = seal("secret", context="c")
    with crypto.using_keyring(Keyring("a1", {"a1": KEY_A}).with_new_current("b2", KEY_B)):
        assert seal("x", context="c").startswith("v1:b2:")
        assert open_sealed(old, context="c") == "secret"


def test_keys_from_the_environment_form_the_keyring_first_one_current():
    text = f"k1:{base64.b64encode(KEY_A).decode()},k2:{base64.b64encode(KEY_B).decode()}"
    ring = parse_keys(text, source="BAHI_ENCRYPTION_KEYS")
    assert ring.current == "k1"
    assert ring.keys == {"k1": KEY_A, "k2": KEY_B}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("k1:" + base64.b64encode(b"short").decode(), "must be 32 bytes"),
        ("k1:not base64!", "not valid base64"),
        ("", "no encryption keys"),
        ("k-1:" + base64.b64encode(KEY_A).decode(), "letters and digits"),
    ],
)
def test_bad_keys_are_refused_with_a_clear_error(text, message):
    with pytest.raises(EncryptionError, match=message):
        parse_keys(text, source="test")


def test_the_key_file_is_created_owner_only_on_first_use(tmp_path):
    path = tmp_path / "encryption_keys"
    ring = crypto.load_or_create_key_file(path)
    assert os.stat(path).st_mode & 0o777 == 0o600
    assert crypto.load_or_create_key_file(path) == ring


def test_a_key_file_others_can_read_is_refused(tmp_path):
    path = tmp_path / "encryption_keys"
    crypto.load_or_create_key_file(path)
    path.chmod(0o644)
    with pytest.raises(EncryptionError, match="readable by others"):
        crypto.read_key_file(path)


def test_a_rewritten_key_file_keeps_every_key(tmp_path):
    path = tmp_path / "encryption_keys"
    ring = crypto.load_or_create_key_file(path).with_new_current("b2", KEY_B)
    crypto.write_key_file(path, ring)
    assert crypto.read_key_file(path).keys == ring.keys
    assert crypto.read_key_file(path).current == "b2"
    assert os.stat(path).st_mode & 0o777 == 0o600


# --- the model field -----------------------------------------------------------------------------


@pytest.fixture
def other_company(db):
    return Company.objects.create(
        legal_name="Other", state_code="29", books_begin_date=date(2024, 4, 1)
    )


def _column(secret_id):
    with connection.cursor() as cursor:
        cursor.execute("SELECT value FROM identity_companysecret WHERE id = %s", [secret_id])
        return cursor.fetchone()[0]


def test_a_secret_is_stored_encrypted_and_read_back_in_clear(company):
    secret = CompanySecret.objects.create(company=company, name="gst_portal", value="hunter2")
    stored = _column(secret.id)
    assert stored.startswith("v1:a1:")
    assert "hunter2" not in stored
    assert CompanySecret.objects.get(id=secret.id).value == "hunter2"


def test_a_ciphertext_copied_to_another_row_does_not_decrypt(company, other_company):
    mine = CompanySecret.objects.create(company=company, name="sms", value="token-1")
    theirs = CompanySecret.objects.create(company=other_company, name="sms", value="token-2")
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE identity_companysecret SET value = %s WHERE id = %s",
            [_column(mine.id), theirs.id],
        )
    with pytest.raises(EncryptionError, match="copied from another field or row"):
        CompanySecret.objects.get(id=theirs.id).value  # noqa: B018


def test_each_save_seals_afresh(company):
    secret = CompanySecret.objects.create(company=company, name="gateway", value="k")
    first = _column(secret.id)
    secret.save()
    assert _column(secret.id) != first
    secret.refresh_from_db()
    assert secret.value == "k"


def test_the_encrypted_column_cannot_be_searched(company):
    from django.core.exceptions import FieldError

    with pytest.raises(FieldError):
        CompanySecret.objects.filter(value="k").exists()
    assert not CompanySecret.objects.filter(value__isnull=True).exists()


def test_a_bound_field_cannot_be_set_by_a_queryset_update(company):
    CompanySecret.objects.create(company=company, name="gateway", value="k")
    with pytest.raises(ValueError, match="bound to company_id, name"):
        CompanySecret.objects.filter(company=company).update(value="new")
