"""Journal entries: drafts (edited with If-Match), posting, reversal, listing and bulk posting."""

from collections.abc import Callable
from functools import wraps
from typing import Annotated, Any, Literal

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from ninja import Path, Query, Router, Schema
from ninja.decorators import decorate_view
from pydantic import Field

from bahi.api.auth import company_for, current_user
from bahi.api.entry_data import entry_input, entry_out, entry_summary, get_entry
from bahi.api.errors import problem, refused_precondition
from bahi.api.idempotency import idempotent, respond
from bahi.api.pagination import DEFAULT_LIMIT, MAX_LIMIT, page
from bahi.api.schemas import (
    BulkIn,
    BulkOut,
    EntryCreateIn,
    EntryIn,
    EntryOut,
    EntryPage,
    Id,
    IsoDate,
    Problem,
    ReverseIn,
)
from bahi.identity.models import Company
from bahi.identity.permissions import Action
from bahi.ledger.drafts import post_draft_entry, save_draft_entry
from bahi.ledger.models import JournalEntry, JournalLine
from bahi.ledger.services import (
    post_journal_entries_bulk,
    post_journal_entry,
    reverse_journal_entry,
)

router = Router(tags=["entries"])
BULK_MAX_BODY = 32 * 1024 * 1024  # 10,000 entries with long narrations fit
ERRORS: dict[int, Any] = dict.fromkeys((401, 403, 404, 409, 422), Problem)
ENTRY = "/companies/{company_id}/entries/{entry_id}"


class EntryFilters(Schema):
    date_from: IsoDate | None = None
    date_to: IsoDate | None = None
    account_id: Id | None = None
    party_id: Id | None = None
    status: Literal["draft", "posted"] | None = None
    cursor: Annotated[str, Field(max_length=500)] | None = None
    limit: Annotated[int, Field(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT


def _entry_response(entry: JournalEntry, status: int = 200, *, fresh: bool = False) -> HttpResponse:
    """`fresh`: the entry was written by this request, so no reversal of it exists yet."""
    out, etag = entry_out(entry, fresh=fresh)
    return respond(status, out.model_dump(mode="json"), {"ETag": etag})


def _large_body(limit: int) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Read the body up to `limit` bytes for this operation only (Django's default cap is
    2.5 MB); larger bodies get 413 before anything is parsed."""

    def decorator(run: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(run)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
            if length > limit:
                return problem(413, "request_too_large", f"at most {limit} bytes per request")
            if not hasattr(request, "_body"):
                request._body = request.read(length)
            return run(request, *args, **kwargs)

        return wrapper

    return decorator


@router.get("/companies/{company_id}/entries", response={200: EntryPage, **ERRORS})
def list_entries(
    request: HttpRequest, company_id: Path[Id], filters: Query[EntryFilters]
) -> EntryPage:
    """Entries by (entry_date, id), filtered; `cursor` is the previous page's `next_cursor`."""
    company = company_for(request, company_id, Action.VIEW_BOOKS)
    entries = JournalEntry.objects.filter(company=company)
    if filters.date_from is not None:
        entries = entries.filter(entry_date__gte=filters.date_from)
    if filters.date_to is not None:
        entries = entries.filter(entry_date__lte=filters.date_to)
    if filters.status is not None:
        entries = entries.filter(status=filters.status)
    for field in ("account_id", "party_id"):
        value = getattr(filters, field)
        if value is not None:
            lines = JournalLine.objects.filter(company=company, **{field: value})
            entries = entries.filter(id__in=lines.values("entry_id"))
    rows, next_cursor = page(entries, filters.cursor, filters.limit)
    return EntryPage(items=[entry_summary(e) for e in rows], next_cursor=next_cursor)


@router.post("/companies/{company_id}/entries", response={201: EntryOut, **ERRORS})
def create_entry(request: HttpRequest, company_id: Path[Id], payload: EntryCreateIn) -> Any:
    """A draft (`"post": false`, the default) or a posted entry (`"post": true`)."""
    company = company_for(request, company_id, Action.POST_ENTRIES)

    def handler() -> HttpResponse:
        actor, entry_in = current_user(request), entry_input(payload)
        if payload.post:
            entry = post_journal_entry(company=company, actor=actor, entry=entry_in)
        else:
            entry = save_draft_entry(company=company, actor=actor, entry=entry_in)
        # An entry found by its idempotency_key is an old one, perhaps reversed since.
        return _entry_response(entry, 201, fresh=payload.idempotency_key is None)

    return idempotent(request, company_id=company.id, handler=handler)


@router.post(
    "/companies/{company_id}/entries/bulk", response={201: BulkOut, 413: Problem, **ERRORS}
)
@decorate_view(_large_body(BULK_MAX_BODY))
def bulk_post(request: HttpRequest, company_id: Path[Id], payload: BulkIn) -> Any:
    """Post up to 10,000 entries: all or none. An error names the entry's position
    (`errors[0].path` = ["body", "entries", index, ...], 0-based)."""
    company = company_for(request, company_id, Action.POST_ENTRIES)

    def handler() -> HttpResponse:
        posted = post_journal_entries_bulk(
            company=company,
            actor=current_user(request),
            entries=[entry_input(entry) for entry in payload.entries],
        )
        return respond(201, {"posted": posted})

    return idempotent(request, company_id=company.id, handler=handler)


@router.get(ENTRY, response={200: EntryOut, **ERRORS})
def read_entry(request: HttpRequest, company_id: Path[Id], entry_id: Path[Id]) -> Any:
    """The entry with its lines; the ETag header is the version to send back in If-Match."""
    company = company_for(request, company_id, Action.VIEW_BOOKS)
    return _entry_response(get_entry(company, entry_id))


def _precondition(request: HttpRequest, company: Company, entry_id: int) -> HttpResponse | None:
    """Lock the entry and check If-Match against its current ETag: 428 without, 412 if stale."""
    entry = get_entry(company, entry_id, for_update=True)
    return refused_precondition(request, entry_out(entry)[1], what="entry")


@router.put(ENTRY, response={200: EntryOut, 412: Problem, 428: Problem, **ERRORS})
def update_draft(
    request: HttpRequest, company_id: Path[Id], entry_id: Path[Id], payload: EntryIn
) -> Any:
    """Replace a draft's header and lines. Requires If-Match with the draft's ETag."""
    company = company_for(request, company_id, Action.POST_ENTRIES)

    def handler() -> HttpResponse:
        with transaction.atomic():
            refused = _precondition(request, company, entry_id)
            if refused is not None:
                return refused
            draft = save_draft_entry(
                company=company,
                actor=current_user(request),
                entry=entry_input(payload),
                draft_id=entry_id,
            )
        return _entry_response(draft)

    return idempotent(request, company_id=company.id, handler=handler)


@router.post(f"{ENTRY}/post", response={200: EntryOut, 412: Problem, **ERRORS})
def post_draft(request: HttpRequest, company_id: Path[Id], entry_id: Path[Id]) -> Any:
    """Post a draft (it must balance). If-Match is optional here; if sent, it must be current."""
    company = company_for(request, company_id, Action.POST_ENTRIES)

    def handler() -> HttpResponse:
        with transaction.atomic():
            if request.headers.get("If-Match") is not None:
                refused = _precondition(request, company, entry_id)
                if refused is not None:
                    return refused
            entry = post_draft_entry(
                company=company, actor=current_user(request), draft_id=entry_id
            )
        return _entry_response(entry)

    return idempotent(request, company_id=company.id, handler=handler)


@router.post(f"{ENTRY}/reverse", response={201: EntryOut, **ERRORS})
def reverse_entry(
    request: HttpRequest, company_id: Path[Id], entry_id: Path[Id], payload: ReverseIn
) -> Any:
    """Post the mirror image of a posted entry; returns the reversal."""
    company = company_for(request, company_id, Action.POST_ENTRIES)

    def handler() -> HttpResponse:
        reversal = reverse_journal_entry(
            company=company,
            actor=current_user(request),
            entry_id=entry_id,
            reversal_date=payload.reversal_date,
            reason=payload.reason,
        )
        return _entry_response(reversal, 201)

    return idempotent(request, company_id=company.id, handler=handler)
