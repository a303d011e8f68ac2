"""Random histories, one random tamper each: the verifier finds it, naming the first bad record."""

from datetime import date

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bahi.identity.audit import AuditChange, record_change, record_changes, verify_audit_chain
from bahi.identity.models import AuditRecord, Company
from bahi.identity.tests import audit_tamper as tamper

text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=8)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**15), 10**15) | text,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(text, children, max_size=3),
    max_leaves=6,
)
changes = st.builds(
    AuditChange,
    action=st.sampled_from(["create", "update", "cancel", "post", "reverse", "import"]),
    object_type=st.sampled_from(["ledger.journalentry", "ledger.party", "identity.company"]),
    object_id=st.integers(1, 10**6),
    before=json_values,
    after=json_values,
)
COLUMNS = {
    "action": "tampered",
    "object_type": "ledger.account",
    "object_id": "forged-id",
    "actor_ip": "192.0.2.1",
    "before": '{"forged-before": true}',
    "after": '{"forged-after": 1}',
    "previous_hash": "1" * 64,
    "record_hash": "2" * 64,
}
TAMPERS = ["alter", "delete", "truncate", "forge_after_head", "forge_and_move_head", "swap"]


def _apply(kind: str, company_id: int, size: int, data: st.DataObject) -> int:
    """Tamper with a chain of `size` records; returns the sequence the verifier must name."""
    position = data.draw(st.integers(1, size), label="position")
    if kind == "alter":
        column = data.draw(st.sampled_from(sorted(COLUMNS)), label="column")
        tamper.set_column(company_id, position, column, COLUMNS[column])
        return position
    if kind == "delete":
        tamper.delete_from(company_id, position, position)
        return position
    if kind == "truncate":
        tamper.delete_from(company_id, position, size)
        return position
    last = AuditRecord.objects.get(company_id=company_id, sequence=size).record_hash
    if kind == "forge_after_head":
        tamper.insert_forged(company_id, size + 1, last, "3" * 64)
        return size + 1
    if kind == "forge_and_move_head":
        tamper.insert_forged(company_id, size + 1, last, "4" * 64)
        tamper.set_head(company_id, size + 1, "4" * 64)
        return size + 1
    other = data.draw(st.integers(1, size).filter(lambda n: n != position), label="other")
    tamper.swap(company_id, position, other)
    return min(position, other)


@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    history=st.lists(changes, min_size=2, max_size=12),
    bulk_from=st.integers(0, 12),
    kind=st.sampled_from(TAMPERS),
    data=st.data(),
)
def test_every_random_tamper_is_found_at_the_first_bad_record(
    db, admin_user, history, bulk_from, kind, data
):
    with transaction.atomic():
        company = Company.objects.create(
            legal_name="Chain Co", state_code="27", books_begin_date=date(2024, 4, 1)
        )
        for change in history[:bulk_from]:
            record_change(company=company, actor=admin_user, **vars(change))
        record_changes(company=company, actor=None, changes=history[bulk_from:])
        assert verify_audit_chain(company=company).ok
        tamper.drop_guards()
        expected = _apply(kind, company.id, len(history), data)
        result = verify_audit_chain(company=company)
        transaction.set_rollback(True)
    assert not result.ok
    assert result.first_bad_sequence == expected, result.problem
