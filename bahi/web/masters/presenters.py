"""The masters as the pages show them: ₹ with lakh/crore grouping, states by name, rates as
people write them (18%, not 18.0000)."""

import base64
from dataclasses import fields
from datetime import date
from decimal import Decimal
from typing import Any

from django.urls import reverse

from bahi.core.formatting import format_date, format_inr
from bahi.core.money import from_paise
from bahi.gst.selectors import ApplicableRate
from bahi.gst.states import get_state
from bahi.identity.models import Company
from bahi.identity.profile import CompanyPrintDetails
from bahi.inventory.models import Item
from bahi.inventory.services import item_snapshot
from bahi.ledger.models import Party
from bahi.ledger.parties import party_snapshot


def percent(rate: Decimal | None) -> str:
    """18.0000 -> '18%', 0.2500 -> '0.25%', None -> ''."""
    if rate is None:
        return ""
    text = format(Decimal(rate).normalize(), "f")
    return f"{text}%"


def _roles(party: Party) -> str:
    roles = [
        name
        for name, flag in (("Customer", party.is_customer), ("Supplier", party.is_supplier))
        if flag
    ]
    return " and ".join(roles) or "Neither"


def _state(code: str) -> str:
    state = get_state(code) if code else None
    return state.label if state else code


def balance(net_paise: int) -> str:
    """A party's balance as Tally shows it: ₹ owed to us Dr, ₹ we owe Cr."""
    if net_paise == 0:
        return format_inr(from_paise(0))
    side = "Dr" if net_paise > 0 else "Cr"
    return f"{format_inr(from_paise(abs(net_paise)))} {side}"


def party_row(party: Party, net_paise: int) -> dict[str, Any]:
    limit = party.credit_limit_paise
    return {
        "id": party.pk,
        "url": reverse("masters:party-edit", args=[party.pk]),
        "name": party.name,
        "roles": _roles(party),
        "treatment": party.get_gst_treatment_display(),
        "gstin": party.gstin,
        "state": _state(party.state_code),
        "credit_days": party.credit_days,
        "credit_limit": "" if limit is None else format_inr(from_paise(limit)),
        "balance": balance(net_paise),
        "is_active": party.is_active,
    }


def party_initial(party: Party) -> dict[str, Any]:
    """The party's form as stored: the edit log's snapshot with the PAN and IFSC in clear (the
    bank account number is never put back in the page)."""
    initial = party_snapshot(party)
    limit = initial["credit_limit"]
    initial.update(pan=party.pan, bank_ifsc=party.bank_ifsc, credit_limit=limit or "")
    del initial["bank_account_number"]
    return initial


def item_row(item: Item) -> dict[str, Any]:
    return {
        "id": item.pk,
        "url": reverse("masters:item-edit", args=[item.pk]),
        "code": item.code,
        "name": item.name,
        "kind": item.get_kind_display(),
        "hsn_code": item.hsn_code,
        "unit": item.unit,
        "sale_price": format_inr(from_paise(item.sale_price_paise)),
        "purchase_price": format_inr(from_paise(item.purchase_price_paise)),
        "gst_rate": percent(item.gst_rate_percent),
        "cess": percent(item.cess_percent) if item.cess_percent else "",
        "is_active": item.is_active,
    }


def item_initial(item: Item) -> dict[str, Any]:
    """The item's form as stored: the edit log's snapshot (prices in rupees), with the rates
    written out in full (100, not 1E+2)."""
    initial = item_snapshot(item)
    initial["gst_rate_percent"] = percent(item.gst_rate_percent).rstrip("%")
    initial["cess_percent"] = percent(item.cess_percent).rstrip("%")
    return initial


def rate_in_force(rate: ApplicableRate | None, on: date) -> dict[str, str] | None:
    """The rate data's rate for the item today, as the form shows it beside the stored rate."""
    if rate is None:
        return None
    return {
        "on": format_date(on),
        "rate": percent(rate.rate_percent),
        "cess": percent(rate.cess_percent) if rate.cess_percent else "",
        "code": rate.hsn_or_sac,
        "since": format_date(rate.valid_from),
        "description": rate.description,
    }


def company_initial(company: Company) -> dict[str, Any]:
    """The print details as stored (the bank account number is never put back in the page)."""
    initial = {field.name: getattr(company, field.name) for field in fields(CompanyPrintDetails)}
    del initial["bank_account_number"]
    return initial


def logo_data_uri(company: Company) -> str:
    """The stored logo as a data: URI (the page's CSP allows data: images), or ''."""
    data = bytes(company.logo or b"")
    if not data:
        return ""
    return f"data:{company.logo_content_type};base64,{base64.b64encode(data).decode('ascii')}"
