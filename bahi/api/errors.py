"""Every error the API answers is RFC 9457 problem+json:
{"type", "title", "status", "detail", "code", "errors": [{"path": [...], "message"}]}."""

import json
from collections.abc import Sequence
from http import HTTPStatus
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, ValidationError

from bahi.core.errors import DomainError, InvalidInput, NotFound, PermissionDenied
from bahi.ledger.errors import (
    DuplicateAccount,
    EntryAlreadyReversed,
    EntryNotDraft,
    EntryNotFound,
    EntryNotPosted,
    IdempotencyConflict,
    SourceAlreadyPosted,
)
from bahi.reports.errors import ReportAccountNotFound, StatementOutOfBalance

PROBLEM_TYPE_BASE = "https://bahi.example/problems/"
CONTENT_TYPE = "application/problem+json"

# Most specific first: the first class an error is an instance of decides the status.
STATUS_BY_ERROR: tuple[tuple[type[DomainError], int], ...] = (
    (NotFound, 404),
    (EntryNotFound, 404),
    (ReportAccountNotFound, 404),
    (PermissionDenied, 403),
    (IdempotencyConflict, 409),
    (EntryNotDraft, 409),
    (EntryNotPosted, 409),
    (EntryAlreadyReversed, 409),
    (SourceAlreadyPosted, 409),
    (DuplicateAccount, 409),
    (StatementOutOfBalance, 500),
    (InvalidInput, 422),
)

PathItem = str | int


def problem(
    status: int,
    code: str,
    detail: str,
    *,
    errors: Sequence[tuple[Sequence[PathItem], str]] = (),
    headers: dict[str, str] | None = None,
) -> HttpResponse:
    body = {
        "type": PROBLEM_TYPE_BASE + code,
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        "code": code,
        "errors": [{"path": list(path), "message": message} for path, message in errors],
    }
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False), status=status, content_type=CONTENT_TYPE
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def refused_precondition(
    request: HttpRequest, current_etag: str, *, what: str, required: bool = True
) -> HttpResponse | None:
    """If-Match against the object's current ETag (read under its row lock): 428 when required
    and missing, 412 with the current ETag when stale, None to go on."""
    expected = request.headers.get("If-Match")
    if expected is None:
        if not required:
            return None
        return problem(428, "if_match_required", f"send the {what}'s ETag in If-Match")
    if expected.strip() not in (current_etag, "*"):
        return problem(
            412,
            f"stale_{what}",
            f"the {what} changed since you read it: read it again and re-apply your change",
            headers={"ETag": current_etag},
        )
    return None


def status_of(error: DomainError) -> int:
    for error_class, status in STATUS_BY_ERROR:
        if isinstance(error, error_class):
            return status
    return 422


def error_path(details: Any, prefix: Sequence[PathItem] = ("body",)) -> list[PathItem]:
    """Where in the request the error is, from the DomainError's details: an entry's position
    (1-based in details) and a line (1-based) become 0-based JSON indexes."""
    if not isinstance(details, dict):
        return list(prefix)
    path: list[PathItem] = list(prefix)
    if isinstance(details.get("entry"), int):
        path += ["entries", details["entry"] - 1]
    if isinstance(details.get("allocation"), int):  # already 0-based
        path += ["allocations", details["allocation"]]
    if isinstance(details.get("line"), int):
        path += ["lines", details["line"] - 1]
    field = details.get("field")
    if isinstance(field, str):
        path.append(field)
    return path


def domain_problem(error: DomainError, *, prefix: Sequence[PathItem] = ("body",)) -> HttpResponse:
    status = status_of(error)
    errors = [(error_path(error.details, prefix), error.message)] if status == 422 else []
    return problem(status, error.code, error.message, errors=errors)


def _validation_problem(error: ValidationError) -> HttpResponse:
    items = []
    for item in error.errors:
        location = [part for part in item.get("loc", ()) if isinstance(part, str | int)]
        message = str(item.get("msg", "invalid value"))
        items.append((location, message.removeprefix("Value error, ")))
    detail = "; ".join(f"{'.'.join(map(str, path))}: {message}" for path, message in items)
    return problem(422, "validation_error", detail or "the request is not valid", errors=items)


def install(api: NinjaAPI) -> None:
    """Route every error the API can raise to a problem+json response."""

    @api.exception_handler(DomainError)
    def on_domain_error(request: HttpRequest, error: DomainError) -> HttpResponse:
        return domain_problem(error)

    @api.exception_handler(ValidationError)
    def on_validation_error(request: HttpRequest, error: ValidationError) -> HttpResponse:
        return _validation_problem(error)

    @api.exception_handler(AuthenticationError)
    def on_unauthenticated(request: HttpRequest, error: AuthenticationError) -> HttpResponse:
        return problem(401, "not_authenticated", "log in first (session cookie and CSRF token)")

    @api.exception_handler(AuthorizationError)
    def on_forbidden(request: HttpRequest, error: AuthorizationError) -> HttpResponse:
        return problem(403, "forbidden", str(error.message) or "forbidden")

    @api.exception_handler(HttpError)
    def on_http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
        code = HTTPStatus(error.status_code).phrase.lower().replace(" ", "_")
        return problem(error.status_code, code, str(error.message))

    @api.exception_handler(Http404)
    def on_not_found(request: HttpRequest, error: Http404) -> HttpResponse:
        return problem(404, "not_found", str(error) or "not found")

    @api.exception_handler(RequestDataTooBig)
    def on_too_big(request: HttpRequest, error: RequestDataTooBig) -> HttpResponse:
        return problem(413, "request_too_large", "the request body is too large")
