"""Idempotency-Key for every POST (and PUT): a retry gets the first response back, byte for byte.

- same key, same request (method, path and body bytes) after it finished: the stored status and
  body again, with the header `Idempotent-Replayed: true`;
- same key, another request: 422 `idempotency_key_reused`;
- same key while the first request is still running: the retry waits for it, then as above
  (409 `idempotency_request_in_progress` only for a record found still in progress).

The key's record, the work and the stored response commit in one transaction (one durable
commit per request), so a response is stored if and only if its effects are. A concurrent
duplicate waits for that transaction (PostgreSQL blocks its insert on the unique index; SQLite
queues writers) and then gets the stored response. A 5xx or a crash rolls everything back:
nothing was written, and the client may retry. An in-progress record (left by an older version,
or by a killed process on a storage that kept it) expires after STALE_CLAIM. Keys are kept at
least KEEP (24 hours); `purge_idempotency_records` deletes older ones.
"""

import hashlib
import json
from collections.abc import Callable
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from bahi.api.auth import current_user
from bahi.api.errors import domain_problem, problem
from bahi.api.models import IdempotencyRecord, IdempotencyState
from bahi.core.errors import DomainError

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
KEEP = timedelta(hours=24)
STALE_CLAIM = timedelta(hours=1)
MAX_KEY_LENGTH = 255

Handler = Callable[[], HttpResponse]


def respond(status: int, body: object, headers: dict[str, str] | None = None) -> HttpResponse:
    """A JSON response from plain data (schemas are dumped by the caller in JSON mode)."""
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False, separators=(",", ":")),
        status=status,
        content_type="application/json",
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def run(handler: Handler) -> HttpResponse:
    """Call the handler; a DomainError becomes its problem response."""
    try:
        return handler()
    except DomainError as error:
        return domain_problem(error)


def fingerprint(request: HttpRequest) -> str:
    digest = hashlib.sha256()
    digest.update(f"{request.method} {request.path}\n".encode())
    digest.update(request.body)
    return digest.hexdigest()


def _bad_key(key: str) -> bool:
    return not 1 <= len(key) <= MAX_KEY_LENGTH or not all(" " < char < "\x7f" for char in key)


def idempotent(request: HttpRequest, *, company_id: int | None, handler: Handler) -> HttpResponse:
    """Run `handler` at most once per Idempotency-Key (if the request has one)."""
    key = request.headers.get(HEADER)
    if key is None:
        with transaction.atomic():
            return run(handler)
    if _bad_key(key):
        return problem(
            400,
            "invalid_idempotency_key",
            f"{HEADER} must be 1 to {MAX_KEY_LENGTH} printable ASCII characters without spaces",
            errors=[(["header", HEADER], "invalid key")],
        )
    user = current_user(request)
    scope = f"c{company_id}:u{user.pk}" if company_id is not None else f"u{user.pk}"
    request_sha256 = fingerprint(request)
    with transaction.atomic():
        record, claimed = _claim(request, scope=scope, key=key, request_sha256=request_sha256)
        if record is None or not claimed:
            return _answer_duplicate(record, request_sha256)
        response = run(handler)
        if response.status_code >= 500:
            transaction.set_rollback(True)  # nothing was done: the key is free again
        else:
            _finish(record, response)
    return response


_TABLE = IdempotencyRecord._meta.db_table
_CLAIM_SQL = (
    f'INSERT INTO {_TABLE} (scope, "key", company_id, user_id, method, path, request_sha256, '  # noqa: S608 - our table name
    "state, content_type, etag, response_body, created_at) "
    "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, '', '', %s, %s) "
    'ON CONFLICT (scope, "key") DO NOTHING RETURNING id'
)


def _claim(
    request: HttpRequest, *, scope: str, key: str, request_sha256: str
) -> tuple[IdempotencyRecord | None, bool]:
    """Insert the key's record in the request's transaction, in one statement. A concurrent
    duplicate's insert waits on the unique index until this transaction ends (PostgreSQL; on
    SQLite the write lock already queues it), then does nothing and finds the stored response,
    or inserts after a rollback. A record still in progress after STALE_CLAIM was left by a
    killed process: it is deleted and the key claimed afresh."""
    now = timezone.now()
    values = [
        scope,
        key,
        _company_of(scope),
        current_user(request).pk,
        request.method or "",
        request.path[:500],
        request_sha256,
        IdempotencyState.IN_PROGRESS,
        b"",
        connection.ops.adapt_datetimefield_value(now),
    ]
    with connection.cursor() as cursor:
        cursor.execute(_CLAIM_SQL, values)
        row = cursor.fetchone()
        if row is None:
            stale = IdempotencyRecord.objects.filter(
                scope=scope,
                key=key,
                state=IdempotencyState.IN_PROGRESS,
                created_at__lt=now - STALE_CLAIM,
            ).delete()[0]
            if not stale:
                return IdempotencyRecord.objects.filter(scope=scope, key=key).first(), False
            cursor.execute(_CLAIM_SQL, values)
            row = cursor.fetchone()
    return IdempotencyRecord(pk=row[0], scope=scope, key=key, request_sha256=request_sha256), True


def _company_of(scope: str) -> int | None:
    head = scope.split(":", 1)[0]
    return int(head[1:]) if head.startswith("c") else None


def _answer_duplicate(record: IdempotencyRecord | None, request_sha256: str) -> HttpResponse:
    if record is not None and record.request_sha256 != request_sha256:
        return problem(
            422,
            "idempotency_key_reused",
            f"this {HEADER} was already used for a different request (method, path or body); "
            "use a new key for a new request",
            errors=[(["header", HEADER], "already used for a different request")],
        )
    if record is None or record.state == IdempotencyState.IN_PROGRESS:
        return problem(
            409,
            "idempotency_request_in_progress",
            f"a request with this {HEADER} is still being processed; retry shortly",
            headers={"Retry-After": "1"},
        )
    response = HttpResponse(
        bytes(record.response_body),
        status=record.status_code or 200,
        content_type=record.content_type or "application/json",
    )
    if record.etag:
        response["ETag"] = record.etag
    response[REPLAYED_HEADER] = "true"
    return response


def keep_for_replay(response: HttpResponse, body: bytes) -> HttpResponse:
    """Store `body` for replays instead of the response's own (which holds a secret that must
    not sit in the database in plain text, such as a webhook signing secret)."""
    response.idempotency_body = body  # type: ignore[attr-defined]
    return response


def _finish(record: IdempotencyRecord, response: HttpResponse) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {_TABLE} SET state = %s, status_code = %s, content_type = %s, etag = %s, "  # noqa: S608 - our table name
            "response_body = %s WHERE id = %s",
            [
                IdempotencyState.DONE,
                response.status_code,
                response.get("Content-Type", ""),
                response.get("ETag", ""),
                getattr(response, "idempotency_body", response.content),
                record.pk,
            ],
        )


def purge_idempotency_records(*, now: datetime | None = None, keep: timedelta = KEEP) -> int:
    """Delete records older than `keep` (at least 24 hours); returns how many went."""
    if keep < KEEP:
        raise ValueError(f"idempotency keys are kept at least {KEEP}")
    cutoff = (now or timezone.now()) - keep
    deleted, _ = IdempotencyRecord.objects.filter(created_at__lt=cutoff).delete()
    return int(deleted)
