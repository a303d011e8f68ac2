"""The item master: goods and services with their HSN/SAC, unit, prices and fallback GST rate
(bahi.inventory). A read carries the item's ETag; a PUT with If-Match is refused (412) if the
item changed since."""

from decimal import Decimal
from typing import Annotated, Any, Literal

from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Path, Query, Router, Schema
from pydantic import Field

from bahi.api.auth import company_for, current_user
from bahi.api.document_schemas import Decimals, PercentIn
from bahi.api.errors import refused_precondition
from bahi.api.idempotency import idempotent, respond
from bahi.api.pagination import DEFAULT_LIMIT, MAX_LIMIT
from bahi.api.schemas import Id, Money, MoneyIn, Problem, etag_of, rupees, text
from bahi.identity.models import Company
from bahi.identity.permissions import Action
from bahi.inventory.models import Item
from bahi.inventory.selectors import get_item
from bahi.inventory.services import create_item, update_item
from bahi.inventory.types import ItemDetails
from bahi.reports.cursor import cursor_int, decode_cursor, encode_cursor
from bahi.reports.errors import InvalidCursor

router = Router(tags=["items"])
ERRORS: dict[int, Any] = dict.fromkeys((401, 403, 404, 409, 422), Problem)
ITEMS = "/companies/{company_id}/items"
ITEM = ITEMS + "/{item_id}"
CURSOR_KIND = "items"
ItemKindName = Literal["goods", "service"]


class ItemIn(Schema):
    """Every field of the item master; a PUT replaces them all."""

    code: text(40, min_length=1)  # type: ignore[valid-type]
    name: text(200, min_length=1)  # type: ignore[valid-type]
    hsn_code: Annotated[str, Field(pattern=r"^[0-9]{4,8}$", examples=["2523"])]
    kind: ItemKindName = "goods"
    unit: Annotated[str, Field(pattern=r"^([A-Za-z]{3})?$", examples=["NOS"])] = Field(
        "", description="GST UQC; blank: NOS for goods, NA for services"
    )
    sale_price: MoneyIn = Decimal("0.00")
    purchase_price: MoneyIn = Decimal("0.00")
    gst_rate_percent: PercentIn | None = Field(  # type: ignore[valid-type]
        None, description="used when the rate data has no rate for the HSN/SAC on a date"
    )
    cess_percent: PercentIn = Decimal(0)  # type: ignore[valid-type]
    is_active: bool = True


class ItemOut(Schema):
    id: int
    code: str
    name: str
    kind: ItemKindName
    hsn_code: str
    unit: str
    sale_price: Money
    purchase_price: Money
    gst_rate_percent: Decimals | None
    cess_percent: Decimals
    is_active: bool


class ItemPage(Schema):
    items: list[ItemOut]
    next_cursor: str | None


class ItemFilters(Schema):
    search: Annotated[str, Field(max_length=100, pattern=r"^[^\x00]*$")] | None = Field(
        None, description="part of the code or the name (any case)"
    )
    kind: ItemKindName | None = None
    active: bool | None = None
    cursor: Annotated[str, Field(max_length=500)] | None = None
    limit: Annotated[int, Field(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT


def _percent(value: Decimal) -> str:
    return f"{Decimal(value).normalize():f}"


def item_out(item: Item) -> ItemOut:
    rate = item.gst_rate_percent
    return ItemOut(
        id=item.id,
        code=item.code,
        name=item.name,
        kind=item.kind,  # type: ignore[arg-type]
        hsn_code=item.hsn_code,
        unit=item.unit,
        sale_price=rupees(item.sale_price_paise),
        purchase_price=rupees(item.purchase_price_paise),
        gst_rate_percent=None if rate is None else _percent(rate),
        cess_percent=_percent(item.cess_percent),
        is_active=item.is_active,
    )


def _item_response(item: Item, status: int = 200) -> HttpResponse:
    out = item_out(item)
    return respond(status, out.model_dump(mode="json"), {"ETag": etag_of(out)})


def item_details(payload: ItemIn) -> ItemDetails:
    """The service's input, from the attributes (a dump would turn decimals into strings)."""
    return ItemDetails(**{name: getattr(payload, name) for name in ItemIn.model_fields})


def _page(rows: QuerySet[Item], cursor: str | None, limit: int) -> tuple[list[Item], str | None]:
    """One page by (name, id) and the next page's cursor (None on the last)."""
    if cursor is not None:
        name, item_id = decode_cursor(cursor, CURSOR_KIND, 2)
        if not isinstance(name, str):
            raise InvalidCursor("the page cursor is not valid")
        rows = rows.filter(Q(name__gt=name) | Q(name=name, id__gt=cursor_int(item_id)))
    found = list(rows.order_by("name", "id")[: limit + 1])
    if len(found) <= limit:
        return found, None
    return found[:limit], encode_cursor(CURSOR_KIND, found[limit - 1].name, found[limit - 1].pk)


@router.get(ITEMS, response={200: ItemPage, **ERRORS})
def list_company_items(
    request: HttpRequest, company_id: Path[Id], filters: Query[ItemFilters]
) -> ItemPage:
    """Items by name, filtered; `cursor` is the previous page's `next_cursor`."""
    company = company_for(request, company_id, Action.VIEW_BOOKS)
    rows = Item.objects.filter(company=company)
    if filters.search:
        rows = rows.filter(Q(code__icontains=filters.search) | Q(name__icontains=filters.search))
    if filters.kind is not None:
        rows = rows.filter(kind=filters.kind)
    if filters.active is not None:
        rows = rows.filter(is_active=filters.active)
    found, next_cursor = _page(rows, filters.cursor, filters.limit)
    return ItemPage(items=[item_out(item) for item in found], next_cursor=next_cursor)


@router.post(ITEMS, response={201: ItemOut, **ERRORS})
def create_company_item(request: HttpRequest, company_id: Path[Id], payload: ItemIn) -> Any:
    """A new item or service; the code and the name are unique in the company."""
    company = company_for(request, company_id, Action.MANAGE_ACCOUNTS)

    def handler() -> HttpResponse:
        item = create_item(
            company=company, actor=current_user(request), details=item_details(payload)
        )
        return _item_response(item, 201)

    return idempotent(request, company_id=company.id, handler=handler)


@router.get(ITEM, response={200: ItemOut, 401: Problem, 404: Problem, 422: Problem})
def read_item(request: HttpRequest, company_id: Path[Id], item_id: Path[Id]) -> Any:
    """One item; the ETag header is its version."""
    company = company_for(request, company_id, Action.VIEW_BOOKS)
    return _item_response(get_item(company=company, item_id=item_id))


def _refused(request: HttpRequest, company: Company, item_id: int) -> HttpResponse | None:
    if request.headers.get("If-Match") is None:
        return None
    get_item(company=company, item_id=item_id)
    item = Item.objects.select_for_update().get(company=company, pk=item_id)
    return refused_precondition(request, etag_of(item_out(item)), what="item")


@router.put(ITEM, response={200: ItemOut, 412: Problem, **ERRORS})
def replace_item(
    request: HttpRequest, company_id: Path[Id], item_id: Path[Id], payload: ItemIn
) -> Any:
    """Replace the item's master data (issued documents keep what they were issued with).
    If-Match optional; if sent, it must be the item's current ETag."""
    company = company_for(request, company_id, Action.MANAGE_ACCOUNTS)

    def handler() -> HttpResponse:
        with transaction.atomic():
            refused = _refused(request, company, item_id)
            if refused is not None:
                return refused
            item = update_item(
                company=company,
                actor=current_user(request),
                item_id=item_id,
                details=item_details(payload),
            )
        return _item_response(item)

    return idempotent(request, company_id=company.id, handler=handler)
