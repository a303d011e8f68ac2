"""`bahi audit ...` and `bahi keys ...` end to end."""

import base64
import csv
import io
import json

import pytest
from django.db import connection

from bahi.cli import main
from bahi.identity import crypto
from bahi.identity.audit import record_change
from bahi.identity.crypto import Keyring
from bahi.identity.models import CompanySecret
from bahi.identity.tests import audit_tamper as tamper

pytestmark = pytest.mark.django_db


@pytest.fixture
def trail(company, admin_user):
    for number in (1, 2, 3):
        record_change(
            company=company,
            actor=admin_user,
            action="post",
            object_type="ledger.journalentry",
            object_id=number,
            after={"number": number, "narration": "Rent, April"},
        )


# Record 1 is the company's creation with its chart; the trail adds records 2, 3 and 4.


def test_verify_exits_0_on_an_intact_trail(company, trail, capsys):
    assert main(["audit", "verify", "--company", str(company.id)]) == 0
    assert "4 audit records" in capsys.readouterr().out


def test_verify_exits_1_and_names_the_first_bad_record(company, trail, capsys):
    tamper.drop_guards()
    tamper.set_column(company.id, 3, "action", "reverse")
    assert main(["audit", "verify", "--company", str(company.id)]) == 1
    out = capsys.readouterr().out
    assert "TAMPERED" in out
    assert "first bad record 3: record 3 was altered" in out


def test_export_csv_has_one_row_per_record(company, trail, capsys):
    assert main(["audit", "export", "--company", str(company.id), "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [row["sequence"] for row in rows] == ["1", "2", "3", "4"]
    assert rows[0]["action"] == "create"
    assert rows[2]["after"] == '{"narration":"Rent, April","number":2}'
    assert rows[2]["previous_hash"] == rows[1]["record_hash"]


def test_export_json_is_an_array_of_records(company, trail, capsys):
    assert main(["audit", "export", "--company", str(company.id), "--format", "json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert [record["sequence"] for record in records] == [1, 2, 3, 4]
    assert records[3]["after"] == {"number": 3, "narration": "Rent, April"}


def _column(secret_id):
    with connection.cursor() as cursor:
        cursor.execute("SELECT value FROM identity_companysecret WHERE id = %s", [secret_id])
        return cursor.fetchone()[0]


def test_rotate_makes_a_new_key_current_and_reencrypts_every_value(company, tmp_path, capsys):
    path = tmp_path / "encryption_keys"
    # The key file holds the key the company's PAN was sealed with (the test keyring).
    crypto.write_key_file(path, crypto.get_keyring())
    crypto.set_keyring(crypto.read_key_file(path))
    try:
        old = crypto.get_keyring().current
        secrets = [
            CompanySecret.objects.create(company=company, name=f"s{n}", value=f"v{n}")
            for n in range(5)
        ]
        assert main(["keys", "rotate", "--batch-size", "2"]) == 0
        new = crypto.get_keyring().current
        assert new != old
        assert crypto.read_key_file(path).current == new
        assert {crypto.key_id_of(_column(s.id)) for s in secrets} == {new}
        assert [CompanySecret.objects.get(id=s.id).value for s in secrets] == [
            "v0",
            "v1",
            "v2",
            "v3",
            "v4",
        ]
        # the 5 secrets, the PAN and the bank account number of the company
        assert "re-encrypted 7 values" in capsys.readouterr().out
        assert main(["keys", "rotate", "--resume"]) == 0
        assert "re-encrypted 0 values" in capsys.readouterr().out
        assert main(["keys", "status"]) == 0
        assert f"identity.companysecret.value: {new}: 5" in capsys.readouterr().out
    finally:
        crypto.set_keyring(None)


def test_values_under_the_old_key_still_open_mid_rotation(company):
    key_a, key_b = bytes(32), bytes(range(32))
    with crypto.using_keyring(Keyring("a", {"a": key_a})):
        CompanySecret.objects.create(company=company, name="old", value="under a")
    with crypto.using_keyring(Keyring("b", {"b": key_b, "a": key_a})):
        CompanySecret.objects.create(company=company, name="new", value="under b")
        values = dict(CompanySecret.objects.values_list("name", "value"))
        assert {crypto.key_id_of(v) for v in values.values()} == {"a", "b"}
        assert {s.name: s.value for s in CompanySecret.objects.all()} == {
            "old": "under a",
            "new": "under b",
        }


def test_rotate_with_keys_from_the_environment_explains_what_to_do(capsys):
    text = f"e1:{base64.b64encode(bytes(32)).decode()}"
    with crypto.using_keyring(crypto.parse_keys(text, source="BAHI_ENCRYPTION_KEYS")):
        assert main(["keys", "rotate"]) == 2
    assert "put a new key (`bahi keys generate`) first" in capsys.readouterr().err


def test_generate_prints_a_usable_key(capsys):
    assert main(["keys", "generate"]) == 0
    ring = crypto.parse_keys(capsys.readouterr().out, source="output")
    assert len(ring.keys[ring.current]) == 32
