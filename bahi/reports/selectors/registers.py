"""Sales and purchase registers with their GST columns: every issued or cancelled document of a
period, one row each, and the period's totals.

Credit notes (and debit notes to a supplier) count negative: they reduce the supplies and their
tax. A cancelled document stays listed with its number (its number stays used, Rule 46(b)) but
counts in no total. Totals are summed by the database over integer paise; rows are read as
plain tuples in index order, by page (`build_register`) or as one stream (`iter_register_rows`).
"""

from collections.abc import Iterator
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from bahi.core.errors import InvalidInput
from bahi.gst.states import get_state
from bahi.identity.models import Company
from bahi.invoicing.calc import PURCHASE_KINDS, REDUCING_KINDS, SALES_KINDS
from bahi.invoicing.models import Document, DocumentKind, DocumentStatus
from bahi.reports.cursor import cursor_date, cursor_int, decode_cursor, encode_cursor
from bahi.reports.errors import InvalidReportPeriod
from bahi.reports.types import (
    Register,
    RegisterAmounts,
    RegisterKindTotal,
    RegisterRow,
    RegisterTotals,
)

SALES, PURCHASE = "sales", "purchase"
SIDES = {SALES: SALES_KINDS, PURCHASE: PURCHASE_KINDS}
LISTED = (DocumentStatus.ISSUED, DocumentStatus.CANCELLED)
MAX_LIMIT = 1000
STREAM_CHUNK = 2000
AMOUNT_FIELDS = (
    "taxable_paise",
    "cgst_paise",
    "sgst_paise",
    "igst_paise",
    "cess_paise",
    "round_off_paise",
    "total_paise",
)
_ROW_FIELDS = (
    "id",
    "document_date",
    "document_number",
    "kind",
    "status",
    # The recipient (or supplier) as the document was issued to it, not as the master reads now.
    "party_name",
    "party_gstin",
    "place_of_supply",
    "supply_type",
    "reverse_charge",
    "against_document__document_number",
    "reference",
    *AMOUNT_FIELDS,
)
_KIND_ORDER = list(DocumentKind.values)


def _kinds(side: str) -> frozenset[str]:
    if side not in SIDES:
        raise InvalidInput(f"a register is 'sales' or 'purchase', not {side!r}")
    return SIDES[side]


def check_period(date_from: date, date_to: date) -> None:
    if date_from > date_to:
        raise InvalidReportPeriod(
            f"the period starts ({date_from.isoformat()}) after it ends ({date_to.isoformat()})"
        )


def _documents(
    company: Company, side: str, date_from: date, date_to: date, party_id: int | None
) -> QuerySet[Document]:
    documents = Document.objects.filter(
        company=company,
        kind__in=_kinds(side),
        document_date__gte=date_from,
        document_date__lte=date_to,
    )
    return documents if party_id is None else documents.filter(party_id=party_id)


def place_of_supply_label(code: str) -> str:
    """'27' -> '27-Maharashtra', the form returns use; an unknown code is shown as stored."""
    state = get_state(code)
    return state.label if state else code


def _signed(kind: str, amounts: tuple[int, ...]) -> RegisterAmounts:
    sign = -1 if kind in REDUCING_KINDS else 1
    return RegisterAmounts(*(sign * int(amount or 0) for amount in amounts))


def _row(values: tuple[Any, ...]) -> RegisterRow:
    head, amounts = values[:12], values[12:]
    kind = head[3]
    return RegisterRow(
        document_id=head[0],
        document_date=head[1],
        document_number=head[2],
        kind=kind,
        kind_label=str(DocumentKind(kind).label),
        status=head[4],
        party_name=head[5],
        gstin=head[6],
        place_of_supply=place_of_supply_label(head[7]),
        supply_type=head[8],
        reverse_charge=head[9],
        against_number=head[10] or "",
        reference=head[11],
        amounts=_signed(kind, amounts),
    )


def _add(amounts: list[RegisterAmounts]) -> RegisterAmounts:
    return RegisterAmounts(
        *(sum(getattr(part, field) for part in amounts) for field in AMOUNT_FIELDS)
    )


def build_register_totals(
    *, company: Company, side: str, date_from: date, date_to: date, party_id: int | None = None
) -> RegisterTotals:
    """The period's totals per kind of document and overall, signed; cancelled documents are
    counted apart and add nothing. One query (GROUP BY kind, status)."""
    check_period(date_from, date_to)
    groups = (
        _documents(company, side, date_from, date_to, party_id)
        .filter(status__in=LISTED)
        .values("kind", "status")
        .annotate(documents=Count("id"), **{field: Sum(field) for field in AMOUNT_FIELDS})
        .order_by()
    )
    by_kind: list[RegisterKindTotal] = []
    cancelled = 0
    for group in groups.values_list("kind", "status", "documents", *AMOUNT_FIELDS):
        kind, status, documents, amounts = group[0], group[1], group[2], group[3:]
        if status == DocumentStatus.CANCELLED:
            cancelled += documents
            continue
        label = str(DocumentKind(kind).label)
        by_kind.append(RegisterKindTotal(kind, label, documents, _signed(kind, amounts)))
    by_kind.sort(key=lambda total: _KIND_ORDER.index(total.kind))
    return RegisterTotals(
        documents=sum(total.documents for total in by_kind),
        cancelled=cancelled,
        amounts=_add([total.amounts for total in by_kind]),
        by_kind=tuple(by_kind),
    )


def _rows_after(rows: QuerySet[Document], after: str, side: str) -> QuerySet[Document]:
    values = decode_cursor(after, "register", 3)
    if values[0] != side:
        raise InvalidInput("the page cursor belongs to another register")
    day, document_id = cursor_date(values[1]), cursor_int(values[2])
    return rows.filter(document_date__gte=day).filter(
        Q(document_date__gt=day) | Q(document_date=day, id__gt=document_id)
    )


def build_register(
    *,
    company: Company,
    side: str,
    date_from: date,
    date_to: date,
    party_id: int | None = None,
    after: str | None = None,
    limit: int = 100,
) -> Register:
    """One page of the sales (side="sales") or purchase register for [date_from, date_to]:
    issued and cancelled documents by (document_date, id), drafts left out, with the period's
    totals; only `party_id`'s documents when given. `after` is the previous page's
    `next_cursor`. Two queries a page.
    Raises InvalidInput, InvalidReportPeriod, InvalidCursor."""
    check_period(date_from, date_to)
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(f"limit must be between 1 and {MAX_LIMIT} (got {limit})")
    rows = _documents(company, side, date_from, date_to, party_id).filter(status__in=LISTED)
    if after is not None:
        rows = _rows_after(rows, after, side)
    page = [_row(values) for values in _ordered(rows)[: limit + 1]]
    next_cursor = None
    if len(page) > limit:
        page = page[:limit]
        last = page[-1]
        next_cursor = encode_cursor(
            "register", side, last.document_date.isoformat(), last.document_id
        )
    totals = build_register_totals(
        company=company, side=side, date_from=date_from, date_to=date_to, party_id=party_id
    )
    return Register(company.id, side, date_from, date_to, tuple(page), totals, next_cursor)


def _ordered(rows: QuerySet[Document]) -> QuerySet[Document, tuple[Any, ...]]:
    return rows.order_by("document_date", "id").values_list(*_ROW_FIELDS)


def iter_register_rows(
    *, company: Company, side: str, date_from: date, date_to: date, party_id: int | None = None
) -> Iterator[RegisterRow]:
    """Every row of the register for the period, streamed from one query (a server-side cursor
    on PostgreSQL), for exports of any size. Raises InvalidInput, InvalidReportPeriod (at the
    call, before the first row)."""
    check_period(date_from, date_to)
    rows = _documents(company, side, date_from, date_to, party_id).filter(status__in=LISTED)
    return (_row(values) for values in _ordered(rows).iterator(chunk_size=STREAM_CHUNK))
