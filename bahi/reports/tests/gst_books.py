"""October 2025 at Sharma Traders (Maharashtra, 27): the sales and purchases the GST register,
HSN summary and party statement tests read. Rates from rates_v1 (after 22 Sep 2025: cement
2523 18%, air conditioners 8415 18%, cheese 0406 5%, services 9982/9983 18%).

Sales, all issued unless said:
  1 Oct  INV/25-26/000001  Pune Hardware (27, registered)  12.5 x 2523 @ 333.33   intra-state
         4,166.63 + CGST 375.00 + SGST 375.00, round-off 0.37 = 4,917.00
  2 Oct  INV/25-26/000002  Bengaluru Tech (29)   2 x 9983 @ 50,000.00   IGST 18,000.00
         = 1,18,000.00
  3 Oct  INV/25-26/000003  SEEPZ Unit 7 (SEZ, LUT)   1 x 8415 @ 35,000.00   no tax = 35,000.00
  4 Oct  INV/25-26/000004  Dubai Foods LLC (export with IGST)   100 x 0406 @ 850.00
         85,000.00 + IGST 4,250.00 = 89,250.00
  5 Oct  CN/25-26/0000001  Pune Hardware, against INV 1   2 x 2523 @ 333.33
         666.66 + CGST 60.00 + SGST 60.00, round-off 0.34 = 787.00
  6 Oct  INV/25-26/000005  Pune Hardware   3 x 0406 @ 100.00   315.00, then CANCELLED
  7 Oct  INV/25-26/000006  Walk-in Consumer (27, unregistered)   2 x 0406 @ 100.00
         200.00 + CGST 5.00 + SGST 5.00 = 210.00
  8 Oct  a draft invoice to Pune Hardware (never issued)
Purchases:
  2 Oct  PB/25-26/0000001  Adv. Kulkarni (27), reverse charge   1 x 9982 @ 25,000.00
         CGST 2,250.00 + SGST 2,250.00 owed to the government; 25,000.00 to the advocate
  3 Oct  PB/25-26/0000002  Cool Air Distributors (24)   2 x 8415 @ 30,000.00
         60,000.00 + IGST 10,800.00 = 70,800.00
  9 Oct  PDN/25-26/000001  Cool Air Distributors, against PB 2   1 x 8415 @ 30,000.00
         30,000.00 + IGST 5,400.00 = 35,400.00
Another company (Other Traders LLP) issues an invoice on 2 Oct that no report of Sharma
Traders may show.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from bahi.identity.models import Company, User
from bahi.invoicing.models import Document
from bahi.invoicing.services import cancel_document, issue_document, save_draft_document
from bahi.invoicing.tests.conftest import line
from bahi.invoicing.types import DocumentDraft, LineDraft
from bahi.ledger.models import Party
from bahi.ledger.services import create_company_with_books, create_party

OCTOBER = (date(2025, 10, 1), date(2025, 10, 31))
AIR_CONDITIONER = "Split air conditioner 1.5 tonne inverter"


@dataclass(frozen=True)
class GstBooks:
    pune: Party
    walk_in: Party
    advocate: Party
    cool_air: Party
    invoice: Document
    credit_note: Document
    cancelled: Document
    draft: Document
    other_company: Company


def _issue(company: Company, actor: User, party: Party, on: date, lines, **kwargs) -> Document:
    kwargs.setdefault("kind", "sales_invoice")
    draft = DocumentDraft(party_id=party.id, document_date=on, lines=tuple(lines), **kwargs)
    document = save_draft_document(company=company, actor=actor, draft=draft)
    return issue_document(company=company, actor=actor, document_id=document.id)


def _other_company_invoice() -> Company:
    owner = User.objects.create_user("other", "other@example.in", "another horse battery")
    other = create_company_with_books(
        owner=owner, legal_name="Other Traders LLP", state_code="27", books_begin_date=OCTOBER[0]
    )
    buyer = create_party(
        company=other, actor=owner, name="Pune Hardware", is_customer=True, state_code="27"
    )
    _issue(other, owner, buyer, date(2025, 10, 2), [line("2523", "1000", "400.00")])
    return other


def _parties(company: Company, actor: User) -> dict[str, Party]:
    rows = {
        "pune": ("Pune Hardware", {"gstin": "27AAPFU0939F1ZV", "is_customer": True}),
        "bengaluru": ("Bengaluru Tech", {"gstin": "29AAFCC9980M1ZR", "is_customer": True}),
        "sez": ("SEEPZ Unit 7", {"state_code": "27", "is_customer": True}),
        "dubai": ("Dubai Foods LLC", {"state_code": "96", "is_customer": True}),
        "walk_in": ("Walk-in Consumer", {"state_code": "27", "is_customer": True}),
        "advocate": ("Adv. Kulkarni", {"state_code": "27", "is_supplier": True}),
        "cool_air": ("Cool Air Distributors", {"gstin": "24AAQCA8719H1ZC", "is_supplier": True}),
    }
    return {
        key: create_party(company=company, actor=actor, name=name, **fields)  # type: ignore[arg-type]
        for key, (name, fields) in rows.items()
    }


def _sales(company: Company, actor: User, p: dict[str, Party]) -> list[Document]:
    def sale(party: Party, day: int, lines, **kwargs) -> Document:
        return _issue(company, actor, party, date(2025, 10, day), lines, **kwargs)

    invoice = sale(p["pune"], 1, [line("2523", "12.5", "333.33")], due_date=date(2025, 10, 31))
    sale(p["bengaluru"], 2, [line("9983", "2", "50000.00")])
    ac = LineDraft(
        description=AIR_CONDITIONER, hsn_code="8415", quantity=Decimal(1), rate=Decimal("35000.00")
    )
    sale(p["sez"], 3, [ac], supply_type="sez_lut")
    sale(p["dubai"], 4, [line("0406", "100", "850.00")], supply_type="export_with_tax")
    note = sale(
        p["pune"], 5, [line("2523", "2", "333.33")], kind="credit_note",
        against_document_id=invoice.id,
    )  # fmt: skip
    cancelled = sale(p["pune"], 6, [line("0406", "3", "100.00")])
    cancelled = cancel_document(
        company=company, actor=actor, document_id=cancelled.id, reason="wrong buyer"
    )
    sale(p["walk_in"], 7, [line("0406", "2", "100.00")])
    draft = save_draft_document(
        company=company,
        actor=actor,
        draft=DocumentDraft(
            kind="sales_invoice",
            party_id=p["pune"].id,
            document_date=date(2025, 10, 8),
            lines=(line("2523", "1", "400.00"),),
        ),
    )
    return [invoice, note, cancelled, draft]


def _purchases(company: Company, actor: User, p: dict[str, Party]) -> None:
    def buy(party: Party, day: int, lines, **kwargs) -> Document:
        kwargs.setdefault("kind", "purchase_bill")
        return _issue(company, actor, party, date(2025, 10, day), lines, **kwargs)

    buy(p["advocate"], 2, [line("9982", "1", "25000.00")], reverse_charge=True)
    bill = buy(p["cool_air"], 3, [line("8415", "2", "30000.00")], reference="CA/1187")
    buy(
        p["cool_air"], 9, [line("8415", "1", "30000.00")], kind="purchase_debit_note",
        against_document_id=bill.id,
    )  # fmt: skip


@pytest.fixture
def gst_books(company, admin_user) -> GstBooks:
    parties = _parties(company, admin_user)
    invoice, note, cancelled, draft = _sales(company, admin_user, parties)
    _purchases(company, admin_user, parties)
    return GstBooks(
        pune=parties["pune"],
        walk_in=parties["walk_in"],
        advocate=parties["advocate"],
        cool_air=parties["cool_air"],
        invoice=invoice,
        credit_note=note,
        cancelled=cancelled,
        draft=draft,
        other_company=_other_company_invoice(),
    )
