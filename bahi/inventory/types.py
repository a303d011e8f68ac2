"""Plain values passed into and out of the inventory services (exact rupees as Decimal)."""

from dataclasses import dataclass
from decimal import Decimal

from bahi.core.money import ZERO


@dataclass(frozen=True, slots=True)
class ItemDetails:
    code: str
    name: str
    hsn_code: str
    kind: str = "goods"  # ItemKind
    unit: str = ""  # blank: NOS for goods, NA for services
    sale_price: Decimal = ZERO
    purchase_price: Decimal = ZERO
    gst_rate_percent: Decimal | None = None  # fallback when the rate data has none
    cess_percent: Decimal = ZERO
    is_active: bool = True


@dataclass(frozen=True, slots=True)
class ItemLineDefaults:
    """What a document line takes from an item unless the line says otherwise."""

    item_id: int
    description: str
    hsn_code: str
    unit: str
    price: Decimal  # the sale or purchase price, by the document's side
    gst_rate_percent: Decimal
    cess_percent: Decimal
