"""Sales and purchase documents: drafts (edited with If-Match), issue, cancel, read and list."""

from typing import Annotated, Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from ninja import Path, Query, Router, Schema
from pydantic import Field

from bahi.api.auth import company_for, current_user
from bahi.api.document_data import document_draft, document_out, document_summaries
from bahi.api.document_schemas import (
    CancelIn,
    DocumentCreateIn,
    DocumentIn,
    DocumentKindName,
    DocumentOut,
    DocumentPage,
    DocumentStatusName,
)
from bahi.api.errors import refused_precondition
from bahi.api.idempotency import idempotent, respond
from bahi.api.pagination import DEFAULT_LIMIT, MAX_LIMIT, page_by
from bahi.api.schemas import Id, IsoDate, Problem
from bahi.identity.models import Company
from bahi.identity.permissions import Action
from bahi.invoicing.models import Document, DocumentLine
from bahi.invoicing.selectors import get_document
from bahi.invoicing.services import (
    cancel_document,
    delete_draft_document,
    issue_document,
    issue_new_document,
    save_draft_document,
)

router = Router(tags=["documents"])
ERRORS: dict[int, Any] = dict.fromkeys((401, 403, 404, 409, 422), Problem)
DOCUMENTS = "/companies/{company_id}/documents"
DOCUMENT = DOCUMENTS + "/{document_id}"
CURSOR_KIND = "documents"


class DocumentFilters(Schema):
    kind: DocumentKindName | None = None
    status: DocumentStatusName | None = None
    party_id: Id | None = None
    date_from: IsoDate | None = None
    date_to: IsoDate | None = None
    cursor: Annotated[str, Field(max_length=500)] | None = None
    limit: Annotated[int, Field(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT


def _document_response(
    document: Document,
    status: int = 200,
    *,
    fresh: bool = False,
    lines: list[DocumentLine] | None = None,
) -> HttpResponse:
    out, etag = document_out(document, fresh=fresh, lines=lines)
    return respond(status, out.model_dump(mode="json"), {"ETag": etag})


def _refused_precondition(
    request: HttpRequest, company: Company, document_id: int, *, required: bool
) -> HttpResponse | None:
    """Lock the document and check If-Match against its current ETag: 428 when required and
    missing, 412 when stale."""
    if request.headers.get("If-Match") is None and not required:
        return None
    get_document(company=company, document_id=document_id)
    document = Document.objects.select_for_update().get(company=company, pk=document_id)
    return refused_precondition(request, document_out(document)[1], what="document")


@router.get(DOCUMENTS, response={200: DocumentPage, **ERRORS})
def list_documents(
    request: HttpRequest, company_id: Path[Id], filters: Query[DocumentFilters]
) -> DocumentPage:
    """Documents by (document_date, id), filtered; `cursor` is the previous page's
    `next_cursor`."""
    company = company_for(request, company_id, Action.VIEW_BOOKS)
    documents = Document.objects.filter(company=company)
    conditions = {
        "kind": filters.kind,
        "status": filters.status,
        "party_id": filters.party_id,
        "document_date__gte": filters.date_from,
        "document_date__lte": filters.date_to,
    }
    documents = documents.filter(**{k: v for k, v in conditions.items() if v is not None})
    rows, next_cursor = page_by(
        documents, filters.cursor, filters.limit, kind=CURSOR_KIND, field="document_date"
    )
    for row in rows:
        row.company = company
    return DocumentPage(items=document_summaries(rows), next_cursor=next_cursor)


@router.post(DOCUMENTS, response={201: DocumentOut, **ERRORS})
def create_document(request: HttpRequest, company_id: Path[Id], payload: DocumentCreateIn) -> Any:
    """A draft (`"issue": false`, the default) or an issued document (`"issue": true`: numbered
    and posted in the same transaction)."""
    company = company_for(request, company_id, Action.POST_ENTRIES)

    def handler() -> HttpResponse:
        actor = current_user(request)
        draft = document_draft(payload, company)
        if payload.issue:
            document, lines = issue_new_document(company=company, actor=actor, draft=draft)
            return _document_response(document, 201, fresh=True, lines=lines)
        document = save_draft_document(company=company, actor=actor, draft=draft)
        return _document_response(document, 201, fresh=True)

    return idempotent(request, company_id=company.id, handler=handler)


@router.get(DOCUMENT, response={200: DocumentOut, **ERRORS})
def read_document(request: HttpRequest, company_id: Path[Id], document_id: Path[Id]) -> Any:
    """The document with its lines and outstanding amount; the ETag header is its version."""
    company = company_for(request, company_id, Action.VIEW_BOOKS)
    return _document_response(get_document(company=company, document_id=document_id))


@router.put(DOCUMENT, response={200: DocumentOut, 412: Problem, 428: Problem, **ERRORS})
def update_document(
    request: HttpRequest, company_id: Path[Id], document_id: Path[Id], payload: DocumentIn
) -> Any:
    """Replace a draft's header and lines (tax recomputed). Requires If-Match with its ETag."""
    company = company_for(request, company_id, Action.POST_ENTRIES)

    def handler() -> HttpResponse:
        with transaction.atomic():
            refused = _refused_precondition(request, company, document_id, required=True)
            if refused is not None:
                return refused
            document = save_draft_document(
                company=company,
                actor=current_user(request),
                draft=document_draft(payload, company),
                document_id=document_id,
            )
        return _document_response(document)

    return idempotent(request, company_id=company.id, handler=handler)


@router.delete(DOCUMENT, response={204: None, 412: Problem, **ERRORS})
def delete_document(request: HttpRequest, company_id: Path[Id], document_id: Path[Id]) -> Any:
    """Discard a draft (an issued document is cancelled instead). If-Match optional."""
    company = company_for(request, company_id, Action.POST_ENTRIES)
    with transaction.atomic():
        refused = _refused_precondition(request, company, document_id, required=False)
        if refused is not None:
            return refused
        delete_draft_document(company=company, actor=current_user(request), document_id=document_id)
    return HttpResponse(status=204)


@router.post(f"{DOCUMENT}/issue", response={200: DocumentOut, 412: Problem, **ERRORS})
def issue(request: HttpRequest, company_id: Path[Id], document_id: Path[Id]) -> Any:
    """Number the draft and post its journal entry. If-Match optional; if sent, it must be
    current. Issuing an issued document returns it unchanged."""
    company = company_for(request, company_id, Action.POST_ENTRIES)

    def handler() -> HttpResponse:
        with transaction.atomic():
            refused = _refused_precondition(request, company, document_id, required=False)
            if refused is not None:
                return refused
            document = issue_document(
                company=company, actor=current_user(request), document_id=document_id
            )
        return _document_response(document)

    return idempotent(request, company_id=company.id, handler=handler)


@router.post(f"{DOCUMENT}/cancel", response={200: DocumentOut, **ERRORS})
def cancel(
    request: HttpRequest, company_id: Path[Id], document_id: Path[Id], payload: CancelIn
) -> Any:
    """Cancel an issued document: its entry is reversed and its number stays used."""
    company = company_for(request, company_id, Action.POST_ENTRIES)

    def handler() -> HttpResponse:
        document = cancel_document(
            company=company,
            actor=current_user(request),
            document_id=document_id,
            reason=payload.reason,
            cancel_date=payload.cancel_date,
        )
        return _document_response(document)

    return idempotent(request, company_id=company.id, handler=handler)
