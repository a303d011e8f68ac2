"""A Pune customer, a Karnataka customer, a cement item, another company with its own party,
item and invoice, and helpers that post the document form. Sharma Traders (the root conftest's
company) is in Maharashtra (27); cement 2523 is 18% from 22 Sep 2025 (rates_v1)."""

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from bahi.identity.models import Company, Membership
from bahi.inventory.models import Item
from bahi.inventory.services import create_item
from bahi.inventory.types import ItemDetails
from bahi.invoicing.models import Document
from bahi.invoicing.services import issue_document, save_draft_document
from bahi.invoicing.tests.conftest import (  # noqa: F401 - fixtures
    draft,
    issue,
    line,
)
from bahi.invoicing.types import DocumentDraft
from bahi.ledger.models import Party
from bahi.ledger.services import create_party
from bahi.web.tests.books.conftest import as_role, other_company  # noqa: F401 - fixtures

OCT_1 = date(2025, 10, 1)


@pytest.fixture
def customer(company, admin_user) -> Party:
    return create_party(
        company=company, actor=admin_user, name="Pune Hardware", is_customer=True, state_code="27"
    )


@pytest.fixture
def cement(company, admin_user) -> Item:
    details = ItemDetails(
        code="CEM", name="Cement bag", hsn_code="2523", unit="BAG", sale_price=Decimal("333.33")
    )
    return create_item(company=company, actor=admin_user, details=details)


@pytest.fixture
def invoice(issue, customer) -> Document:  # noqa: F811
    """INV/25-26/000001: 12.5 bags at 333.33 to Pune, total ₹4,917.00."""
    return issue(customer, OCT_1, [line("2523", "12.5", "333.33")])


@pytest.fixture
def other(other_company: Company) -> dict[str, Any]:  # noqa: F811
    """Company B's party, item and issued invoice (its owner makes them)."""
    owner = Membership.objects.get(company=other_company).user
    party = create_party(company=other_company, actor=owner, name="Verma Buyer", state_code="07")
    item = create_item(
        company=other_company,
        actor=owner,
        details=ItemDetails(code="V1", name="Verma item", hsn_code="2523", sale_price=Decimal(1)),
    )
    their_draft = save_draft_document(
        company=other_company,
        actor=owner,
        draft=DocumentDraft(
            kind="sales_invoice",
            party_id=party.pk,
            document_date=OCT_1,
            lines=(line("2523", "1", "100.00"),),
        ),
    )
    document = issue_document(company=other_company, actor=owner, document_id=their_draft.pk)
    return {"party": party, "item": item, "document": document, "owner": owner}


def form_data(party: Party, lines: list[dict[str, str]], **header: str) -> dict[str, str]:
    """The document form's POST: header fields and the lines formset."""
    data = {
        "kind": "sales_invoice",
        "party": str(party.pk),
        "document_date": "01-10-2025",
        "idempotency_key": "",
        "lines-TOTAL_FORMS": str(len(lines)),
        "lines-INITIAL_FORMS": "0",
        **header,
    }
    for number, fields in enumerate(lines):
        data.update({f"lines-{number}-{name}": value for name, value in fields.items()})
    return data


@pytest.fixture
def accountant_client(as_role) -> Client:  # noqa: F811
    return as_role("accountant")


@pytest.fixture
def viewer_client(as_role) -> Client:  # noqa: F811
    return as_role("viewer")
