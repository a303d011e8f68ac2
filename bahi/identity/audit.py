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
import re
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
    "company_id, sequence, actor_id, actor_ip, action, object_type, object_id, "
    "recorded_at, before, after, previous_hash, record_hash"
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


_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)
_STORED = DjangoJSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)


# JSON's escape of a NUL character: "\u0000" preceded by an even number of backslashes (an odd
# number would make it the text "\u0000" written with a literal backslash).
_ESCAPED_NUL = re.compile(r"(?<!\\)(?:\\\\)*\\u0000")


def canonical_json(value: Any) -> str:
    return _CANONICAL.encode(value)


def stored_json(value: Any) -> str:
    """`value` as stored: canonical JSON (Decimal, dates and UUIDs as text), so the hash covers
    exactly what is read back. NUL and lone surrogates are refused (PostgreSQL cannot store
    them)."""
    try:
        text = _STORED.encode(value)
    except TypeError:  # keys of mixed types cannot be sorted: JSON makes them all text first
        text = _CANONICAL.encode(json.loads(json.dumps(value, cls=DjangoJSONEncoder)))
    if _ESCAPED_NUL.search(text):
        raise InvalidInput("audit values cannot contain NUL characters")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInput("audit values must be valid Unicode (a lone surrogate)") from None
    return text


def _stamp(recorded_at: datetime) -> str:
    return recorded_at.astimezone(UTC).isoformat(timespec="microseconds")


def compute_hash(record: Mapping[str, Any]) -> str:
    """SHA-256 over the canonical JSON of a record's content: the list [HASH_VERSION, company_id,
    sequence, recorded_at, actor_id, actor_ip, action, object_type, object_id, before, after,
    previous_hash]. Versioned: a new field means a new HASH_VERSION (records keep the version
    they were written with)."""
    return _digest(
        _header(record, _stamp(record["recorded_at"])),
        canonical_json(record["before"]),
        canonical_json(record["after"]),
        record["previous_hash"],
    )


def _header(record: Mapping[str, Any], stamp: str) -> str:
    """The canonical JSON of the list's first nine items, without the closing bracket."""
    return canonical_json(
        [
            HASH_VERSION,
            record["company_id"],
            record["sequence"],
            stamp,
            record["actor_id"],
            record["actor_ip"],
            record["action"],
            record["object_type"],
            record["object_id"],
        ]
    )[:-1]


def _digest(header: str, before: str, after: str, previous_hash: str) -> str:
    text = f"{header},{before},{after},{canonical_json(previous_hash)}]"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


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


def record_update(
    *,
    company: Company,
    actor: User | None,
    object_type: str,
    object_id: str | int,
    before: Mapping[str, Any],
    after: Mapping[str, Any],
) -> AuditRecord:
    """An "update" record holding only the values that changed (before and after snapshots of
    the same keys)."""
    changed = [key for key in after if after[key] != before.get(key)]
    return record_change(
        company=company,
        actor=actor,
        action="update",
        object_type=object_type,
        object_id=object_id,
        before={key: before.get(key) for key in changed},
        after={key: after[key] for key in changed},
    )


def record_changes(
    *,
    company: Company,
    actor: User | None,
    changes: Iterable[AuditChange],
    ip: str | None = None,
) -> int:
    """Append many records in one go (imports, bulk posting); returns how many."""
    items = list(changes)
    _append(company=company, actor=actor, changes=items, ip=ip, build=False)
    return len(items)


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
    head_sequence, head_hash = _locked_head(company)
    recorded_at = timezone.now()
    stamp, iso = connection.ops.adapt_datetimefield_value(recorded_at), _stamp(recorded_at)
    rows: list[Any] = []
    records: list[AuditRecord | None] = []
    previous, sequence = head_hash or GENESIS_HASH, head_sequence
    for change in changes:
        sequence += 1
        fields = _fields(company.pk, sequence, actor_id, actor_ip, change)
        before, after = stored_json(change.before), stored_json(change.after)
        record_hash = _digest(_header(fields, iso), before, after, previous)
        rows.append((*fields.values(), stamp, _sql(before), _sql(after), previous, record_hash))
        if build:
            records.append(
                AuditRecord(
                    **fields,
                    recorded_at=recorded_at,
                    before=json.loads(before),
                    after=json.loads(after),
                    previous_hash=previous,
                    record_hash=record_hash,
                )
            )
        previous = record_hash
    # Plain SQL: every posting records a change, and compiling ORM queries costs more than
    # running these.
    with connection.cursor() as cursor:
        if len(rows) == 1:
            cursor.execute(_INSERT, rows[0])
        else:
            cursor.executemany(_INSERT, rows)
        cursor.execute(
            "UPDATE identity_auditchainhead SET sequence = %s, record_hash = %s "
            "WHERE company_id = %s",
            [sequence, previous, company.pk],
        )
    return records


def _sql(text: str) -> str | None:
    return None if text == "null" else text


def _fields(
    company_id: int, sequence: int, actor_id: int | None, actor_ip: str, change: AuditChange
) -> dict[str, Any]:
    """The record's scalar columns, in the order of _INSERT."""
    action, object_type, object_id = _checked(change)
    return {
        "company_id": company_id,
        "sequence": sequence,
        "actor_id": actor_id,
        "actor_ip": actor_ip,
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
    }


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


def _locked_head(company: Company) -> tuple[int, str]:
    """The company's chain head (sequence, hash), locked until commit: one writer per company
    extends the chain (PostgreSQL row lock; SQLite's write lock, taken at BEGIN IMMEDIATE).
    The head row is created with the company's first record."""
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    select = (
        f"SELECT sequence, record_hash FROM identity_auditchainhead WHERE company_id = %s{lock}"
    )
    with connection.cursor() as cursor:
        cursor.execute(select, [company.pk])
        row = cursor.fetchone()
        if row is None:
            cursor.execute(
                "INSERT INTO identity_auditchainhead (company_id, sequence, record_hash) "
                "VALUES (%s, 0, '') ON CONFLICT (company_id) DO NOTHING",
                [company.pk],
            )
            cursor.execute(select, [company.pk])
            row = cursor.fetchone()
    return int(row[0]), str(row[1])


# --- reading ---------------------------------------------------------------------------------


def list_records(*, company: Company, chunk_size: int = 2000) -> Iterator[AuditRecord]:
    """The company's records in sequence order, streamed."""
    return (
        AuditRecord.objects.filter(company=company)
        .order_by("sequence")
        .iterator(chunk_size=chunk_size)
    )


# --- verifying -----------------------------------------------------------------------------------

RECORD_COLUMNS = (
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
        .values_list(*RECORD_COLUMNS)
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
        fields = dict(zip(RECORD_COLUMNS, row, strict=True), company_id=company_id)
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
