"""How the party master shapes a document: its default supply type and place of supply, whether
a purchase carries tax, the due date, the recipient as printed, item defaults on lines, and the
credit limit. Services call these; the tax arithmetic itself is bahi.gst.calc."""

from dataclasses import replace
from datetime import date, timedelta

from bahi.core.errors import InvalidInput
from bahi.core.money import from_paise, to_paise
from bahi.gst.calc import default_place_of_supply
from bahi.gst.validators import is_service_code
from bahi.identity.models import Company, User
from bahi.identity.permissions import Action, ensure_can
from bahi.inventory.selectors import get_item_line_defaults
from bahi.inventory.units import unit_error
from bahi.invoicing.calc import PURCHASE_KINDS, REDUCING_KINDS
from bahi.invoicing.errors import CreditLimitExceeded
from bahi.invoicing.models import Document, DocumentKind
from bahi.invoicing.selectors import RECEIVABLE, party_balance
from bahi.invoicing.types import LineDraft
from bahi.ledger.models import GstTreatment, Party

# A sale's supply type when the document does not name one. SEZ and exports default to payment
# of IGST: the LUT variants need a bond or LUT on file, so they are chosen on the document.
SUPPLY_TYPE_BY_TREATMENT = {
    GstTreatment.SEZ: "sez_with_tax",
    GstTreatment.OVERSEAS: "export_with_tax",
    GstTreatment.DEEMED_EXPORT: "deemed_export",
}
# Suppliers who cannot charge GST: a composition dealer issues a bill of supply (CGST s.10(4):
# no tax collected, no input tax credit for the buyer); an unregistered person charges none.
# Under reverse charge the buyer still owes the tax itself.
NO_TAX_SUPPLIERS = frozenset(
    {GstTreatment.COMPOSITION, GstTreatment.UNREGISTERED, GstTreatment.CONSUMER}
)
# Documents that add to what a customer owes, checked against its credit limit.
CREDIT_KINDS = frozenset(
    {DocumentKind.SALES_INVOICE, DocumentKind.BILL_OF_SUPPLY, DocumentKind.DEBIT_NOTE}
)


def default_supply_type(kind: str, party: Party) -> str:
    if kind in PURCHASE_KINDS:
        return "regular"
    return SUPPLY_TYPE_BY_TREATMENT.get(GstTreatment(party.gst_treatment), "regular")


def sale_place_of_supply(supply_type: str, party: Party) -> str:
    """The buyer's shipping state, else its billing state, else its GSTIN's state; 96 for an
    export. The IGST Act ss.10-13 rules are not encoded: the document may name another."""
    if supply_type.startswith("export"):
        return "96"
    return default_place_of_supply(
        buyer_state_code=party.state_code or party.gstin[:2],
        shipping_state_code=party.shipping_state_code,
    )


def supplier_charges_tax(kind: str, party: Party, *, reverse_charge: bool) -> bool:
    if kind == DocumentKind.BILL_OF_SUPPLY:
        return False
    no_tax_supplier = party.gst_treatment in NO_TAX_SUPPLIERS and kind in PURCHASE_KINDS
    return reverse_charge or not no_tax_supplier


def default_due_date(kind: str, document_date: date, party: Party) -> date | None:
    if kind in REDUCING_KINDS or not party.credit_days:
        return None
    return document_date + timedelta(days=party.credit_days)


def snapshot_party(document: Document, party: Party) -> None:
    """The recipient (or supplier) as the document prints it."""
    document.party_name = party.name
    document.party_gstin = party.gstin
    document.gst_treatment = party.gst_treatment
    document.billing_address = party.billing_address
    document.billing_state_code = party.state_code
    document.shipping_address = party.shipping_address
    document.shipping_state_code = party.shipping_state_code


def _with_item(company: Company, kind: str, line: LineDraft, on: date) -> LineDraft:
    if line.item_id is None:
        return line
    item = get_item_line_defaults(
        company=company, item_id=line.item_id, on=on, is_purchase=kind in PURCHASE_KINDS
    )
    explicit_rate = line.gst_rate_percent is not None
    return replace(
        line,
        description=line.description or item.description,
        hsn_code=line.hsn_code or item.hsn_code,
        unit=line.unit or item.unit,
        rate=item.price if line.rate is None else line.rate,
        gst_rate_percent=line.gst_rate_percent if explicit_rate else item.gst_rate_percent,
        cess_percent=line.cess_percent if explicit_rate else item.cess_percent,
    )


def fill_lines(
    company: Company, kind: str, lines: tuple[LineDraft, ...], on: date
) -> tuple[LineDraft, ...]:
    """Lines with their items' defaults filled in (rates as in force on `on`), units checked.
    Raises NotFound for an unknown or inactive item, RateNotFound, InvalidInput."""
    filled = []
    for number, given in enumerate(lines, start=1):
        line = _with_item(company, kind, given, on)
        unit = line.unit.strip().upper()
        problem = unit_error(unit, is_service=is_service_code(line.hsn_code)) if unit else None
        if problem is not None:
            raise InvalidInput(
                f"line {number}: {problem}", details={"line": number, "field": "unit"}
            )
        filled.append(replace(line, unit=unit))
    return tuple(filled)


def check_credit_limit(
    *, company: Company, actor: User, document: Document, allow_over_limit: bool
) -> bool:
    """Whether issuing `document` goes over the customer's credit limit (what it owes now, from
    the ledger, plus this document). Over the limit it is refused with CreditLimitExceeded,
    unless an admin allows it (PermissionDenied for others); True then, to be recorded."""
    limit = document.party.credit_limit_paise
    if document.kind not in CREDIT_KINDS or limit is None:
        return False
    owed = to_paise(party_balance(company=company, party_id=document.party_id, side=RECEIVABLE))
    if owed + document.total_paise <= limit:
        return False
    if allow_over_limit:
        ensure_can(actor=actor, company=company, action=Action.MANAGE_COMPANY)
        return True
    raise CreditLimitExceeded(
        f"{document.party.name} owes {from_paise(owed)}; this document of "
        f"{from_paise(document.total_paise)} would exceed its credit limit of "
        f"{from_paise(limit)}. An admin may issue it over the limit.",
        details={
            "field": "party_id",
            "owed": str(from_paise(owed)),
            "limit": str(from_paise(limit)),
        },
    )
