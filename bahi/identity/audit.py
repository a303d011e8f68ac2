"""The audit trail (MCA edit log, Companies (Accounts) Rules 2014, rule 3(1) proviso).

Every change to the books is recorded in the same transaction as the change: who, from where,
when, what (object type and id) and the values before and after. Records of a company form a
hash chain: each record's SHA-256 covers its content and the previous record's hash, and the
company's chain head holds the latest sequence and hash, so the verifier finds an altered,
removed, inserted or truncated record and names the first bad sequence number. The database
rejects UPDATE and DELETE of records; nothing switches recording off.
"""

import hashlib
import ipaddress
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.utils import timezone

from bahi.core.errors import InvalidInput
from bahi.identity.models import AuditChainHead, AuditRecord, Company, User

HASH_VERSION = 1
GENESIS_HASH = "0" * 64
_RECORD_COLUMNS = (
    "company_id, sequence, recorded_at, actor_id, actor_ip, action, object_type, object_id, "
    "before, after, previous_hash, record_hash"
)
_INSERT = (
    f"INSERT INTO identity_auditrecord ({_RECORD_COLUMNS}) VALUES "  # noqa: S608
    "(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
)


class Action:
    """The usual actions; any short lower-case word is accepted."""

    CREATE = "create"
    UPDATE = "update"
    CANCEL = "cancel"
    DELETE = "delete"
    POST = "post"
    REVERSE = "reverse"
    IMPORT = "import"
    LOCK = "lock"


@dataclass(frozen=True)
class AuditChange:
    """One change to record; `before`/`after` are JSON-able values (Decimal and dates as text)."""

    action: str
    object_type: str
    object_id: str | int
    before: Any = None
    after: Any = None


# --- hashing -------------------------------------------------------------------------------------


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _plain_json(value: Any) -> Any:
    """`value` as stored: through JSON once, so what is hashed is exactly what is read back."""
    if value is None:
        return None
    text = json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)
    if "\\u0000" in text:
        raise InvalidInput("audit values cannot contain NUL characters")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInput("audit values must be valid Unicode (a lone surrogate)") from None
    return json.loads(text)


def _stamp(recorded_at: datetime) -> str:
    return recorded_at.astimezone(UTC).isoformat(timespec="microseconds")


def compute_hash(record: Mapping[str, Any]) -> str:
    """SHA-256 over the canonical JSON of a record's content: company_id, sequence, recorded_at,
    actor_id, actor_ip, action, object_type, object_id, before, after and previous_hash.
    Versioned: a new field means a new HASH_VERSION (records keep the version they were written
    with)."""
    content = [
        HASH_VERSION,
        record["company_id"],
        record["sequence"],
        _stamp(record["recorded_at"]),
        record["actor_id"],
        record["actor_ip"],
        record["action"],
        record["object_type"],
        record["object_id"],
        record["before"],
        record["after"],
        record["previous_hash"],
    ]
    return hashlib.sha256(canonical_json(content).encode("utf-8")).hexdigest()


# --- recording -----------------------------------------------------------------------------------


def record_change(
    *,
    company: Company,
    actor: User | None,
    action: str,
    object_type: str,
    object_id: str | int,
    before: Any = None,
    after: Any = None,
    ip: str | None = None,
) -> AuditRecord:
    """Append one record to the company's chain. Call inside the transaction that makes the
    change, so the change and its record commit together or not at all."""
    change = AuditChange(action, object_type, object_id, before, after)
    [record] = _append(company=company, actor=actor, changes=[change], ip=ip, build=True)
    if record is None:  # pragma: no cover - build=True always builds
        raise RuntimeError("audit record not built")
    return record


def record_changes(
    *,
    company: Company,
    actor: User | None,
    changes: Iterable[AuditChange],
    ip: str | None = None,
) -> int:
    """Append many records in one go (imports, bulk posting); returns how many."""
    return len(_append(company=company, actor=actor, changes=list(changes), ip=ip, build=False))


def _append(
    *,
    company: Company,
    actor: User | None,
    changes: Sequence[AuditChange],
    ip: str | None,
    build: bool,
) -> list[AuditRecord | None]:
    if not connection.in_atomic_block:
        raise RuntimeError("record the audit trail inside the transaction that makes the change")
    if not changes:
        return []
    actor_ip = _clean_ip(ip)
    actor_id = actor.pk if actor is not None else None
    head = _locked_head(company)
    recorded_at = timezone.now()
    stamp = connection.ops.adapt_datetimefield_value(recorded_at)
    rows: list[Any] = []
    records: list[AuditRecord | None] = []
    previous, sequence = head.record_hash or GENESIS_HASH, head.sequence
    for change in changes:
        sequence += 1
        fields = _fields(company.pk, sequence, recorded_at, actor_id, actor_ip, change, previous)
        previous = fields["record_hash"]
        rows.append(_row(fields, stamp))
        records.append(AuditRecord(**fields) if build else None)
    with connection.cursor() as cursor:
        cursor.executemany(_INSERT, rows)
    head.sequence, head.record_hash = sequence, previous
    head.save(update_fields=["sequence", "record_hash"])
    return records


def _fields(
    company_id: int,
    sequence: int,
    recorded_at: datetime,
    actor_id: int | None,
    actor_ip: str,
    change: AuditChange,
    previous_hash: str,
) -> dict[str, Any]:
    action, object_type, object_id = _checked(change)
    fields: dict[str, Any] = {
        "company_id": company_id,
        "sequence": sequence,
        "recorded_at": recorded_at,
        "actor_id": actor_id,
        "actor_ip": actor_ip,
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "before": _plain_json(change.before),
        "after": _plain_json(change.after),
        "previous_hash": previous_hash,
    }
    fields["record_hash"] = compute_hash(fields)
    return fields


def _row(fields: dict[str, Any], stamp: object) -> tuple[object, ...]:
    def as_json(value: Any) -> str | None:
        return None if value is None else canonical_json(value)

    return (
        fields["company_id"],
        fields["sequence"],
        stamp,
        fields["actor_id"],
        fields["actor_ip"],
        fields["action"],
        fields["object_type"],
        fields["object_id"],
        as_json(fields["before"]),
        as_json(fields["after"]),
        fields["previous_hash"],
        fields["record_hash"],
    )


def _checked(change: AuditChange) -> tuple[str, str, str]:
    action, object_type, object_id = change.action, change.object_type, str(change.object_id)
    if not action or len(action) > 30:
        raise InvalidInput(f"audit action {action!r} must be 1 to 30 characters")
    if not object_type or len(object_type) > 100:
        raise InvalidInput(f"audit object type {object_type!r} must be 1 to 100 characters")
    if not object_id or len(object_id) > 100:
        raise InvalidInput(f"audit object id {object_id!r} must be 1 to 100 characters")
    return action, object_type, object_id


def _clean_ip(ip: str | None) -> str:
    if not ip:
        return ""
    try:
        return ipaddress.ip_address(ip).compressed
    except ValueError:
        raise InvalidInput(f"not an IP address: {ip!r}", details={"field": "ip"}) from None


def _locked_head(company: Company) -> AuditChainHead:
    """The company's chain head, locked until commit: one writer per company extends the chain
    (PostgreSQL row lock; SQLite's write lock, taken at BEGIN IMMEDIATE)."""
    AuditChainHead.objects.bulk_create([AuditChainHead(company=company)], ignore_conflicts=True)
    return AuditChainHead.objects.select_for_update().get(company=company)


# --- reading ---------------------------------------------------------------------------------


def list_records(*, company: Company, chunk_size: int = 2000) -> Iterator[AuditRecord]:
    """The company's records in sequence order, streamed."""
    return (
        AuditRecord.objects.filter(company=company)
        .order_by("sequence")
        .iterator(chunk_size=chunk_size)
    )


# --- verifying -----------------------------------------------------------------------------------

_VERIFY_COLUMNS = (
    "sequence",
    "recorded_at",
    "actor_id",
    "actor_ip",
    "action",
    "object_type",
    "object_id",
    "before",
    "after",
    "previous_hash",
    "record_hash",
)


@dataclass(frozen=True)
class VerifyResult:
    """What the verifier found: `ok`, or the first bad sequence number and what is wrong."""

    company_id: int
    records: int
    head_sequence: int | None
    first_bad_sequence: int | None = None
    problem: str = ""

    @property
    def ok(self) -> bool:
        return not self.problem


class _ChainBroken(Exception):
    def __init__(self, sequence: int | None, problem: str) -> None:
        super().__init__(problem)
        self.sequence, self.problem = sequence, problem


def verify_audit_chain(*, company: Company, chunk_size: int = 5000) -> VerifyResult:
    """Walk the company's chain in sequence order, recompute every hash and compare the end with
    the stored chain head. Memory stays flat however long the chain is."""
    head = AuditChainHead.objects.filter(company=company).first()
    rows = (
        AuditRecord.objects.filter(company=company)
        .order_by("sequence")
        .values_list(*_VERIFY_COLUMNS)
        .iterator(chunk_size=chunk_size)
    )
    walked, head_sequence = 0, head.sequence if head is not None else None
    try:
        walked, last_hash = _walk(company.pk, rows)
        _check_head(head, walked, last_hash)
    except _ChainBroken as broken:
        return VerifyResult(company.pk, walked, head_sequence, broken.sequence, broken.problem)
    return VerifyResult(company.pk, walked, head_sequence)


def _walk(company_id: int, rows: Iterator[tuple[Any, ...]]) -> tuple[int, str]:
    """Check each record's hash and link; returns the last sequence and hash."""
    expected, previous = 1, GENESIS_HASH
    for row in rows:
        fields = dict(zip(_VERIFY_COLUMNS, row, strict=True), company_id=company_id)
        sequence, stored = fields["sequence"], fields["record_hash"]
        if sequence > expected:
            raise _ChainBroken(expected, f"record {expected} is missing (next is {sequence})")
        if sequence < expected:
            raise _ChainBroken(sequence, f"record {sequence} appears more than once")
        if compute_hash(fields) != stored:
            raise _ChainBroken(sequence, f"record {sequence} was altered (its hash does not match)")
        if fields["previous_hash"] != previous:
            bad = max(sequence - 1, 1)
            raise _ChainBroken(
                bad,
                f"record {sequence} does not follow record {sequence - 1}: record {bad} was "
                "altered and re-hashed, or replaced",
            )
        expected, previous = sequence + 1, stored
    return expected - 1, previous


def _check_head(head: AuditChainHead | None, last: int, last_hash: str) -> None:
    if head is None:
        if last:
            raise _ChainBroken(None, "the chain head is missing: the tail cannot be checked")
        return
    if last < head.sequence:
        raise _ChainBroken(
            last + 1, f"records {last + 1} to {head.sequence} are missing (tail truncated)"
        )
    if last > head.sequence:
        raise _ChainBroken(
            head.sequence + 1,
            f"record {head.sequence + 1} is beyond the chain head ({head.sequence}): inserted",
        )
    if last and head.record_hash != last_hash:
        raise _ChainBroken(last, f"record {last} does not match the chain head: replaced")
