"""What a document takes from the party and item masters: the due date from the credit terms,
the recipient as printed, line defaults from an item, and the credit limit at issue."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from bahi.core.errors import InvalidInput, NotFound, PermissionDenied
from bahi.identity.models import AuditRecord, Role, User
from bahi.identity.services import add_member
from bahi.inventory.services import create_item
from bahi.inventory.types import ItemDetails
from bahi.invoicing.errors import CreditLimitExceeded
from bahi.invoicing.models import Document, DocumentStatus
from bahi.invoicing.services import issue_document
from bahi.invoicing.tests.conftest import line
from bahi.invoicing.types import LineDraft
from bahi.ledger.models import JournalEntry
from bahi.ledger.parties import update_party
from bahi.ledger.types import PartyDetails

pytestmark = pytest.mark.django_db

OCT_1 = date(2025, 10, 1)
CEMENT = ItemDetails(
    code="OPC53",
    name="OPC 53 cement, 50 kg bag",
    hsn_code="2523",
    unit="BAG",
    sale_price=Decimal("400.00"),
    purchase_price=Decimal("350.00"),
)


@pytest.fixture
def cement(company, admin_user):
    return create_item(company=company, actor=admin_user, details=CEMENT)


@pytest.fixture
def limited(master_party):
    return master_party(
        "Patil Constructions",
        is_customer=True,
        state_code="27",
        billing_address="22 FC Road, Pune",
        billing_pincode="411004",
        credit_days=30,
        credit_limit=Decimal("10000.00"),
    )


def test_due_date_defaults_to_the_party_credit_days(draft, limited):
    document = draft(limited, OCT_1, [line("2523", "1", "400.00")])

    assert document.due_date == date(2025, 10, 31)


def test_a_given_due_date_wins_over_the_credit_days(draft, limited):
    document = draft(limited, OCT_1, [line("2523", "1", "400.00")], due_date=date(2025, 10, 10))

    assert document.due_date == date(2025, 10, 10)


def test_document_keeps_the_recipient_as_issued(issue, limited, company, admin_user):
    invoice = issue(limited, OCT_1, [line("2523", "1", "400.00")])
    update_party(
        company=company,
        actor=admin_user,
        party_id=limited.id,
        details=PartyDetails(name="Patil Infra", is_customer=True, state_code="27"),
    )

    invoice.refresh_from_db()
    assert (invoice.party_name, invoice.billing_address, invoice.billing_state_code) == (
        "Patil Constructions",
        "22 FC Road, Pune",
        "27",
    )


def test_line_from_an_item_takes_its_name_hsn_unit_price_and_the_rate_on_the_date(
    draft, pune_customer, cement
):
    before = draft(pune_customer, date(2025, 9, 21), [LineDraft(item_id=cement.id, quantity=10)])
    after = draft(pune_customer, date(2025, 9, 22), [LineDraft(item_id=cement.id, quantity=10)])

    line_before = before.lines.get()
    assert (line_before.description, line_before.hsn_code, line_before.unit) == (
        "OPC 53 cement, 50 kg bag",
        "2523",
        "BAG",
    )
    assert (line_before.rate_paise, line_before.item_id) == (40000, cement.id)
    assert (before.cgst_paise, after.cgst_paise) == (56000, 36000)  # 28% then 18% on 4,000.00


def test_purchase_line_from_an_item_takes_the_purchase_price(draft, master_party, cement):
    supplier = master_party("Ambuja Dealer", is_supplier=True, gstin="27AAPFU0939F1ZV")
    bill = draft(supplier, OCT_1, [LineDraft(item_id=cement.id, quantity=2)], kind="purchase_bill")

    assert bill.lines.get().rate_paise == 35000
    assert bill.taxable_paise == 70000


def test_what_the_line_gives_overrides_the_item(draft, pune_customer, cement):
    document = draft(
        pune_customer,
        OCT_1,
        [
            LineDraft(
                item_id=cement.id,
                quantity=1,
                description="Cement, damaged bag",
                rate=Decimal("300.00"),
                gst_rate_percent=Decimal("18"),
                unit="nos",
            )
        ],
    )

    saved = document.lines.get()
    assert (saved.description, saved.rate_paise, saved.unit) == (
        "Cement, damaged bag",
        30000,
        "NOS",
    )


def test_another_companys_item_is_not_found_and_nothing_is_saved(draft, pune_customer, admin_user):
    from bahi.ledger.services import create_company_with_books

    other = create_company_with_books(
        owner=admin_user, legal_name="Other", state_code="27", books_begin_date=date(2024, 4, 1)
    )
    foreign = create_item(company=other, actor=admin_user, details=CEMENT)

    with pytest.raises(NotFound):
        draft(pune_customer, OCT_1, [LineDraft(item_id=foreign.id, quantity=1)])
    assert Document.objects.count() == 0


def test_line_without_rate_or_item_and_wrong_units_are_refused(draft, pune_customer):
    with pytest.raises(InvalidInput, match="line 1: give a rate or an item"):
        draft(pune_customer, OCT_1, [LineDraft(hsn_code="2523", quantity=1)])
    with pytest.raises(InvalidInput, match="line 2: unit 'NA' is not"):
        draft(
            pune_customer,
            OCT_1,
            [line("2523", "1", "1.00"), replace(line("2523", "1", "1.00"), unit="NA")],
        )
    assert Document.objects.count() == 0


def test_issue_beyond_the_credit_limit_is_refused_and_nothing_posts(
    draft, issue, limited, company, admin_user
):
    issue(limited, OCT_1, [line("2523", "15", "400.00")])  # 7,080.00 owed
    document = draft(limited, OCT_1, [line("2523", "10", "400.00")])  # 4,720.00 more
    entries = JournalEntry.objects.count()

    with pytest.raises(CreditLimitExceeded) as caught:
        issue_document(company=company, actor=admin_user, document_id=document.id)

    assert caught.value.message == (
        "Patil Constructions owes 7080.00; this document of 4720.00 would exceed its credit "
        "limit of 10000.00. An admin may issue it over the limit."
    )
    document.refresh_from_db()
    assert (document.status, document.number) == (DocumentStatus.DRAFT, None)
    assert JournalEntry.objects.count() == entries


def test_admin_may_issue_over_the_limit_and_it_is_recorded(
    draft, issue, limited, company, admin_user
):
    issue(limited, OCT_1, [line("2523", "15", "400.00")])
    document = draft(limited, OCT_1, [line("2523", "10", "400.00")])

    issued = issue_document(
        company=company, actor=admin_user, document_id=document.id, allow_over_credit_limit=True
    )

    assert (issued.status, issued.credit_limit_override) == (DocumentStatus.ISSUED, True)
    record = AuditRecord.objects.filter(action="issue").latest("sequence")
    assert record.after["credit_limit_override"] is True


def test_accountant_may_not_override_the_credit_limit(draft, limited, company):
    accountant = User.objects.create_user("acc", "acc@example.in", "pw")
    add_member(company=company, user=accountant, role=Role.ACCOUNTANT)
    document = draft(limited, OCT_1, [line("2523", "25", "400.00")])  # 11,800.00

    with pytest.raises(PermissionDenied):
        issue_document(
            company=company, actor=accountant, document_id=document.id, allow_over_credit_limit=True
        )


def test_within_the_limit_issues_without_override(issue, limited):
    invoice = issue(limited, OCT_1, [line("2523", "21", "400.00")])  # 9,912.00

    assert (invoice.status, invoice.credit_limit_override) == (DocumentStatus.ISSUED, False)
