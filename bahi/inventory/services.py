"""Writes of the item master: each atomic, checked first (errors name the field), with an
edit-log record of the values before and after in the same transaction."""

from dataclasses import replace
from decimal import Decimal
from typing import Any

from django.db import transaction

from bahi.core.errors import InvalidInput, NotFound
from bahi.core.money import from_paise, round_money, to_paise
from bahi.gst.validators import hsn_error, is_service_code
from bahi.identity.audit import record_change, record_update
from bahi.identity.models import Company, User
from bahi.identity.permissions import Action, ensure_can
from bahi.inventory.models import Item, ItemKind
from bahi.inventory.types import ItemDetails
from bahi.inventory.units import DEFAULT_GOODS_UQC, SERVICE_UQC, unit_error

HUNDRED = Decimal(100)


def _fail(field: str, message: str) -> InvalidInput:
    return InvalidInput(message, details={"field": field})


def _check_code(details: ItemDetails) -> None:
    if details.kind not in ItemKind.values:
        raise _fail("kind", f"an item is goods or a service, not {details.kind!r}")
    problem = hsn_error(details.hsn_code)
    if problem is not None:
        raise _fail("hsn_code", problem)
    is_service = details.kind == ItemKind.SERVICE
    if is_service != is_service_code(details.hsn_code):
        code = details.hsn_code
        message = (
            f"{code} is an HSN code; a service takes a SAC, starting 99"
            if is_service
            else f"{code} is a SAC (codes starting 99 are services); goods take an HSN code"
        )
        raise _fail("hsn_code", message)
    problem = unit_error(details.unit, is_service=is_service)
    if problem is not None:
        raise _fail("unit", problem)


def _price_paise(field: str, value: Decimal) -> int:
    if value < 0 or round_money(value) != value:
        raise _fail(field, f"{field.replace('_', ' ')} {value} is not exact rupees >= 0")
    return to_paise(value)


def _check_rate(field: str, value: Decimal | None) -> None:
    if value is not None and not Decimal(0) <= value <= HUNDRED:
        raise _fail(field, f"{field.replace('_', ' ')} {value}% is outside 0-100%")


def checked_item_fields(details: ItemDetails) -> dict[str, Any]:
    """The model fields for `details`, or InvalidInput naming the first wrong field."""
    default_unit = SERVICE_UQC if details.kind == ItemKind.SERVICE else DEFAULT_GOODS_UQC
    details = replace(
        details,
        code=details.code.strip(),
        name=details.name.strip(),
        hsn_code=details.hsn_code.strip(),
        unit=details.unit.strip().upper() or default_unit,
    )
    for field in ("code", "name"):
        if not getattr(details, field):
            raise _fail(field, f"an item needs a {field}")
    _check_code(details)
    _check_rate("gst_rate_percent", details.gst_rate_percent)
    _check_rate("cess_percent", details.cess_percent)
    return {
        "code": details.code,
        "name": details.name,
        "kind": details.kind,
        "hsn_code": details.hsn_code,
        "unit": details.unit,
        "sale_price_paise": _price_paise("sale_price", details.sale_price),
        "purchase_price_paise": _price_paise("purchase_price", details.purchase_price),
        "gst_rate_percent": details.gst_rate_percent,
        "cess_percent": details.cess_percent,
        "is_active": details.is_active,
    }


def item_snapshot(item: Item) -> dict[str, object]:
    rate = item.gst_rate_percent
    return {
        "code": item.code,
        "name": item.name,
        "kind": item.kind,
        "hsn_code": item.hsn_code,
        "unit": item.unit,
        "sale_price": str(from_paise(item.sale_price_paise)),
        "purchase_price": str(from_paise(item.purchase_price_paise)),
        "gst_rate_percent": None if rate is None else str(Decimal(rate).normalize()),
        "cess_percent": str(Decimal(item.cess_percent).normalize()),
        "is_active": item.is_active,
    }


def _check_unique(company: Company, fields: dict[str, Any], item_id: int | None) -> None:
    for field in ("code", "name"):
        clash = Item.objects.filter(company=company, **{field: fields[field]})
        if item_id is not None:
            clash = clash.exclude(pk=item_id)
        if clash.exists():
            raise _fail(field, f"an item with {field} {fields[field]!r} already exists")


@transaction.atomic
def create_item(*, company: Company, actor: User, details: ItemDetails) -> Item:
    """A new item or service. Raises InvalidInput naming the field, PermissionDenied."""
    ensure_can(actor=actor, company=company, action=Action.MANAGE_ACCOUNTS)
    fields = checked_item_fields(details)
    _check_unique(company, fields, None)
    item = Item.objects.create(company=company, **fields)
    record_change(
        company=company,
        actor=actor,
        action="create",
        object_type="inventory.item",
        object_id=item.id,
        after=item_snapshot(item),
    )
    return item


@transaction.atomic
def update_item(*, company: Company, actor: User, item_id: int, details: ItemDetails) -> Item:
    """Replace an item's master data (issued documents keep what they were issued with).
    Raises NotFound (also for another company's item), InvalidInput, PermissionDenied."""
    ensure_can(actor=actor, company=company, action=Action.MANAGE_ACCOUNTS)
    item = Item.objects.select_for_update().filter(company=company, pk=item_id).first()
    if item is None:
        raise NotFound(f"item {item_id} does not exist in this company")
    fields = checked_item_fields(details)
    _check_unique(company, fields, item.id)
    before = item_snapshot(item)
    for name, value in fields.items():
        setattr(item, name, value)
    item.save()
    record_update(
        company=company,
        actor=actor,
        object_type="inventory.item",
        object_id=item.id,
        before=before,
        after=item_snapshot(item),
    )
    return item
