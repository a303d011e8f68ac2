from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.db import IntegrityError, connection, transaction

from bahi.core.errors import InvalidInput
from bahi.identity import audit
from bahi.identity.audit import (
    GENESIS_HASH,
    AuditChange,
    compute_hash,
    record_change,
    record_changes,
    verify_audit_chain,
)
from bahi.identity.models import AuditChainHead, AuditRecord, Company
from bahi.identity.tests import audit_tamper as tamper


def _history(company, actor, count):
    for number in range(1, count + 1):
        record_change(
            company=company,
            actor=actor,
            action="post",
            object_type="ledger.journalentry",
            object_id=number,
            after={"number": number, "total_paise": 10000 * number},
            ip="10.0.0.7",
        )


def _hash_of(company, sequence):
    return AuditRecord.objects.get(company=company, sequence=sequence).record_hash


def test_record_change_starts_the_chain_and_links_each_record_to_the_last(company, admin_user):
    _history(company, admin_user, 2)
    first, second = AuditRecord.objects.filter(company=company).order_by("sequence")
    assert (first.sequence, first.previous_hash) == (1, GENESIS_HASH)
    assert (second.sequence, second.previous_hash) == (2, first.record_hash)
    assert second.actor_id == admin_user.id
    assert second.actor_ip == "10.0.0.7"
    assert second.after == {"number": 2, "total_paise": 20000}
    head = AuditChainHead.objects.get(company=company)
    assert (head.sequence, head.record_hash) == (2, second.record_hash)


def test_the_returned_record_equals_the_stored_one(company, admin_user):
    returned = record_change(
        company=company,
        actor=None,
        action="lock",
        object_type="identity.company",
        object_id=company.id,
        before={"lock_date": None},
        after={"lock_date": date(2025, 3, 31), "amount": Decimal("12.50")},
    )
    stored = AuditRecord.objects.get(company=company, sequence=1)
    assert stored.after == {"lock_date": "2025-03-31", "amount": "12.50"}
    assert returned.after == stored.after
    assert returned.record_hash == stored.record_hash
    assert compute_hash({**vars(stored), "recorded_at": stored.recorded_at}) == stored.record_hash
    assert stored.actor_id is None


def test_record_changes_appends_many_records_to_the_same_chain(company, admin_user):
    _history(company, admin_user, 1)
    changes = [AuditChange("import", "ledger.journalentry", n, None, {"n": n}) for n in range(50)]
    assert record_changes(company=company, actor=admin_user, changes=changes) == 50
    assert AuditRecord.objects.filter(company=company).count() == 51
    assert AuditChainHead.objects.get(company=company).sequence == 51
    assert verify_audit_chain(company=company).ok


def test_recording_outside_a_transaction_is_refused(company, admin_user, monkeypatch):
    monkeypatch.setattr(audit, "connection", SimpleNamespace(in_atomic_block=False))
    with pytest.raises(RuntimeError, match="inside the transaction"):
        _history(company, admin_user, 1)


def test_a_bad_ip_or_empty_object_type_is_refused_and_nothing_is_written(company, admin_user):
    with pytest.raises(InvalidInput, match="not an IP address: 'nope'"):
        record_change(
            company=company, actor=None, action="x", object_type="t", object_id=1, ip="nope"
        )
    with pytest.raises(InvalidInput, match="object type"):
        record_change(company=company, actor=None, action="x", object_type="", object_id=1)
    assert not AuditRecord.objects.filter(company=company).exists()


def test_each_company_has_its_own_gapless_chain(company, admin_user):
    other = Company.objects.create(
        legal_name="Other", state_code="29", books_begin_date=date(2024, 4, 1)
    )
    _history(company, admin_user, 3)
    _history(other, admin_user, 2)
    _history(company, admin_user, 1)
    assert list(
        AuditRecord.objects.filter(company=company)
        .order_by("sequence")
        .values_list("sequence", flat=True)
    ) == [1, 2, 3, 4]
    assert verify_audit_chain(company=company).records == 4
    assert verify_audit_chain(company=other).records == 2


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE identity_auditrecord SET action = 'create'",
        "DELETE FROM identity_auditrecord",
        "UPDATE identity_auditchainhead SET sequence = 1",
        "DELETE FROM identity_auditchainhead",
    ],
)
def test_the_database_refuses_to_change_or_delete_the_trail(company, admin_user, statement):
    _history(company, admin_user, 2)
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
    assert verify_audit_chain(company=company).ok


def test_the_orm_cannot_delete_a_record_either(company, admin_user):
    _history(company, admin_user, 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditRecord.objects.filter(company=company).delete()
    assert AuditRecord.objects.filter(company=company).count() == 1


def test_an_intact_chain_verifies(company, admin_user):
    assert verify_audit_chain(company=company).ok
    _history(company, admin_user, 5)
    result = verify_audit_chain(company=company, chunk_size=2)
    assert (result.ok, result.records, result.head_sequence) == (True, 5, 5)


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("action", "create"),
        ("object_id", "99"),
        ("actor_ip", "10.0.0.8"),
        ("after", '{"number": 3, "total_paise": 1}'),
        ("previous_hash", "f" * 64),
        ("record_hash", "e" * 64),
    ],
)
def test_an_altered_field_is_found_at_its_record(company, admin_user, column, value):
    _history(company, admin_user, 5)
    tamper.drop_guards()
    tamper.set_column(company.id, 3, column, value)
    result = verify_audit_chain(company=company)
    assert (result.ok, result.first_bad_sequence) == (False, 3)
    assert "record 3" in result.problem


def test_a_deleted_record_is_found_as_a_gap(company, admin_user):
    _history(company, admin_user, 5)
    tamper.drop_guards()
    tamper.delete_from(company.id, 2, 2)
    result = verify_audit_chain(company=company)
    assert (result.first_bad_sequence, result.problem) == (2, "record 2 is missing (next is 3)")


def test_a_truncated_tail_is_found_against_the_chain_head(company, admin_user):
    _history(company, admin_user, 5)
    tamper.drop_guards()
    tamper.delete_from(company.id, 4, 5)
    result = verify_audit_chain(company=company)
    assert result.first_bad_sequence == 4
    assert result.problem == "records 4 to 5 are missing (tail truncated)"


def test_a_forged_record_appended_after_the_head_is_found(company, admin_user):
    _history(company, admin_user, 3)
    last = _hash_of(company, 3)
    forged = {
        "company_id": company.id,
        "sequence": 4,
        "actor_id": None,
        "actor_ip": "",
        "action": "delete",
        "object_type": "ledger.journalentry",
        "object_id": "1",
        "before": None,
        "after": None,
        "previous_hash": last,
    }
    from datetime import UTC, datetime

    forged["recorded_at"] = datetime(2025, 1, 1, tzinfo=UTC)
    tamper.drop_guards()
    tamper.insert_forged(company.id, 4, last, compute_hash(forged))
    result = verify_audit_chain(company=company)
    assert result.first_bad_sequence == 4
    assert "beyond the chain head (3)" in result.problem


def test_a_forged_record_with_a_made_up_hash_is_found(company, admin_user):
    _history(company, admin_user, 3)
    tamper.drop_guards()
    tamper.insert_forged(company.id, 4, _hash_of(company, 3), "a" * 64)
    tamper.set_head(company.id, 4, "a" * 64)
    assert verify_audit_chain(company=company).first_bad_sequence == 4


def test_a_record_altered_and_rehashed_is_found_by_the_next_link(company, admin_user):
    _history(company, admin_user, 5)
    record = AuditRecord.objects.get(company=company, sequence=2)
    fields = {**vars(record), "action": "create"}
    tamper.drop_guards()
    tamper.set_column(company.id, 2, "action", "create")
    tamper.set_column(company.id, 2, "record_hash", compute_hash(fields))
    result = verify_audit_chain(company=company)
    assert result.first_bad_sequence == 2
    assert result.problem.startswith("record 3 does not follow record 2")


def test_the_last_record_altered_and_rehashed_is_found_by_the_head(company, admin_user):
    _history(company, admin_user, 3)
    record = AuditRecord.objects.get(company=company, sequence=3)
    tamper.drop_guards()
    tamper.set_column(company.id, 3, "record_hash", compute_hash({**vars(record), "action": "x"}))
    tamper.set_column(company.id, 3, "action", "x")
    result = verify_audit_chain(company=company)
    assert (result.first_bad_sequence, result.problem) == (
        3,
        "record 3 does not match the chain head: replaced",
    )


def test_swapped_records_are_found_at_the_first_of_them(company, admin_user):
    _history(company, admin_user, 5)
    tamper.drop_guards()
    tamper.swap(company.id, 2, 4)
    assert verify_audit_chain(company=company).first_bad_sequence == 2


def test_a_missing_chain_head_is_reported(company, admin_user):
    _history(company, admin_user, 2)
    tamper.drop_guards()
    tamper.sql("DELETE FROM identity_auditchainhead WHERE company_id = %s", [company.id])
    result = verify_audit_chain(company=company)
    assert (result.ok, result.first_bad_sequence) == (False, None)
    assert "chain head is missing" in result.problem


def test_recording_has_no_off_switch():
    assert not [
        name for name in vars(audit) if "disable" in name.lower() or "enabled" in name.lower()
    ]


def test_a_nul_character_in_a_value_is_refused_on_every_database(company, admin_user):
    with pytest.raises(InvalidInput, match="NUL"):
        record_change(
            company=company,
            actor=None,
            action="update",
            object_type="t",
            object_id=1,
            after={"narration": "a\x00b"},
        )


def test_a_lone_surrogate_is_refused(company):
    with pytest.raises(InvalidInput, match="valid Unicode"):
        record_change(
            company=company,
            actor=None,
            action="update",
            object_type="t",
            object_id=1,
            before={"name": "\ud800"},
        )
