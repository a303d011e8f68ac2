"""Reads of the item master."""

from datetime import date
from decimal import Decimal

from bahi.core.errors import NotFound
from bahi.core.money import from_paise
from bahi.gst.errors import RateNotFound
from bahi.gst.selectors import get_rate
from bahi.identity.models import Company
from bahi.inventory.models import Item
from bahi.inventory.types import ItemLineDefaults


def get_item(*, company: Company, item_id: int) -> Item:
    item = Item.objects.filter(company=company, pk=item_id).first()
    if item is None:
        raise NotFound(f"item {item_id} does not exist in this company")
    return item


def list_items(*, company: Company, active_only: bool = True) -> list[Item]:
    items = Item.objects.filter(company=company)
    if active_only:
        items = items.filter(is_active=True)
    return list(items.order_by("name", "id"))


def get_item_rate(item: Item, on: date) -> tuple[Decimal, Decimal]:
    """(GST rate, cess rate) for the item on the supply date `on`: the effective-dated rate data
    for its HSN/SAC where it has one (so a rate change applies on its date), else the rate
    stored on the item. Raises RateNotFound when neither gives one."""
    try:
        applicable = get_rate(item.hsn_code, on)
    except RateNotFound:
        if item.gst_rate_percent is None:
            raise
        return Decimal(item.gst_rate_percent), Decimal(item.cess_percent)
    return applicable.rate_percent, applicable.cess_percent


def get_item_line_defaults(
    *, company: Company, item_id: int, on: date, is_purchase: bool
) -> ItemLineDefaults:
    """What a document line dated `on` takes from the item. Raises NotFound, RateNotFound, and
    NotFound for an inactive item (it is kept for old documents, not offered for new ones)."""
    item = get_item(company=company, item_id=item_id)
    if not item.is_active:
        raise NotFound(f"item {item.code} is inactive")
    rate, cess = get_item_rate(item, on)
    price = item.purchase_price_paise if is_purchase else item.sale_price_paise
    return ItemLineDefaults(
        item_id=item.id,
        description=item.name,
        hsn_code=item.hsn_code,
        unit=item.unit,
        price=from_paise(price),
        gst_rate_percent=rate,
        cess_percent=cess,
    )
