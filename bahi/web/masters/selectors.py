"""Reads of the masters pages: the company's parties and items, filtered and searched. Every
query takes the company; another company's ids are simply not found (None)."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet

from bahi.core.errors import NotFound
from bahi.gst.errors import InvalidHsnCode, RateNotFound
from bahi.gst.selectors import ApplicableRate, get_rate
from bahi.identity.models import Company
from bahi.inventory import selectors as inventory
from bahi.inventory.models import Item
from bahi.ledger.models import Party

CUSTOMERS, SUPPLIERS = "customers", "suppliers"
ACTIVE, INACTIVE = "active", "inactive"


@dataclass(frozen=True)
class PartyFilters:
    side: str = ""  # CUSTOMERS, SUPPLIERS or "" for both
    search: str = ""  # part of the name, or of the GSTIN
    status: str = ""  # ACTIVE, INACTIVE or "" for both


@dataclass(frozen=True)
class ItemFilters:
    kind: str = ""  # ItemKind or "" for both
    search: str = ""  # part of the name or code, or the start of the HSN/SAC
    status: str = ""


def _by_status(rows: QuerySet, status: str) -> QuerySet:  # type: ignore[type-arg]
    if status == ACTIVE:
        return rows.filter(is_active=True)
    if status == INACTIVE:
        return rows.filter(is_active=False)
    return rows


def list_parties(*, company: Company, filters: PartyFilters) -> QuerySet[Party]:
    parties = Party.objects.filter(company=company)
    if filters.side == CUSTOMERS:
        parties = parties.filter(is_customer=True)
    elif filters.side == SUPPLIERS:
        parties = parties.filter(is_supplier=True)
    if filters.search:
        parties = parties.filter(
            Q(name__icontains=filters.search) | Q(gstin__icontains=filters.search)
        )
    return _by_status(parties, filters.status).order_by("name", "id")


def get_party(*, company: Company, party_id: int) -> Party | None:
    return Party.objects.filter(company=company, pk=party_id).first()


def list_items(*, company: Company, filters: ItemFilters) -> QuerySet[Item]:
    items = Item.objects.filter(company=company)
    if filters.kind:
        items = items.filter(kind=filters.kind)
    if filters.search:
        items = items.filter(
            Q(name__icontains=filters.search)
            | Q(code__icontains=filters.search)
            | Q(hsn_code__startswith=filters.search)
        )
    return _by_status(items, filters.status).order_by("name", "id")


def get_item(*, company: Company, item_id: int) -> Item | None:
    try:
        return inventory.get_item(company=company, item_id=item_id)
    except NotFound:
        return None


def get_rate_in_force(hsn_code: str, on: date) -> ApplicableRate | None:
    """The rate data's GST rate for the code on `on`, None where it has none."""
    try:
        return get_rate(hsn_code, on)
    except (RateNotFound, InvalidHsnCode):
        return None
