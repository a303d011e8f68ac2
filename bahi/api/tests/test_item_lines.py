"""Document lines that name an item: blank fields take the item's (name, HSN, unit, price by the
document's side, rate in force on the document date); the response shows the item and unit."""

from decimal import Decimal

import pytest

from bahi.identity.models import AuditRecord, User
from bahi.inventory.services import create_item
from bahi.inventory.types import ItemDetails
from bahi.invoicing.models import Document
from bahi.ledger.services import create_party

pytestmark = pytest.mark.django_db


@pytest.fixture
def docs(company):
    return f"/companies/{company.id}/documents"


@pytest.fixture
def cement(company, admin_user):
    details = ItemDetails(
        code="CEM-50",
        name="Cement 50 kg",
        hsn_code="2523",
        unit="BAG",
        sale_price=Decimal("400.00"),
        purchase_price=Decimal("350.00"),
    )
    return create_item(company=company, actor=admin_user, details=details)


@pytest.fixture
def item_ids(company, admin_user, cement, other_company):
    """Items by name: an active one, an inactive one, and one of company B."""
    owner = User.objects.get(username="b-owner")
    inactive = ItemDetails(code="OLD", name="Old cement", hsn_code="2523", is_active=False)
    theirs = ItemDetails(code="CANARY", name="Canary item", hsn_code="2523")
    return {
        "cement": cement.id,
        "inactive": create_item(company=company, actor=admin_user, details=inactive).id,
        "company_b": create_item(company=other_company, actor=owner, details=theirs).id,
    }


def _body(party_id, lines, kind="sales_invoice"):
    return {"kind": kind, "party_id": party_id, "document_date": "2025-10-01", "lines": lines}


def test_a_line_with_only_an_item_and_a_quantity_takes_the_rest_from_the_item(
    admin_api, docs, customer, cement
):
    response = admin_api.post(docs, _body(customer.id, [{"item_id": cement.id, "quantity": "2"}]))

    assert response.status_code == 201, response.content
    line = response.json()["lines"][0]
    assert (line["item_id"], line["description"], line["hsn_code"]) == (
        cement.id,
        "Cement 50 kg",
        "2523",
    )
    assert (line["quantity"], line["unit"], line["rate"]) == ("2.000", "BAG", "400.00")
    assert (line["taxable_value"], line["cgst"], line["sgst"]) == ("800.00", "72.00", "72.00")
    assert response.json()["total"] == "944.00"


def test_what_the_line_gives_wins_over_the_item(admin_api, docs, customer, cement):
    line = {
        "item_id": cement.id,
        "quantity": "50",
        "unit": "kgs",
        "description": "Cement, loose",
        "rate": "8.10",
    }

    response = admin_api.post(docs, _body(customer.id, [line]))

    out = response.json()["lines"][0]
    assert (out["description"], out["unit"], out["rate"]) == ("Cement, loose", "KGS", "8.10")
    assert (out["taxable_value"], out["cgst"]) == ("405.00", "36.45")


def test_a_purchase_bill_line_takes_the_purchase_price(
    admin_api, docs, company, admin_user, cement
):
    supplier = create_party(
        company=company, actor=admin_user, name="Ultra", is_supplier=True, state_code="27"
    )
    body = _body(supplier.id, [{"item_id": cement.id, "quantity": "1"}], kind="purchase_bill")

    response = admin_api.post(docs, {**body, "reference": "UC/881"})

    assert response.status_code == 201, response.content
    assert response.json()["lines"][0]["rate"] == "350.00"
    assert response.json()["taxable_value"] == "350.00"


def test_a_line_without_an_item_shows_no_item_and_a_blank_unit(admin_api, docs, customer):
    line = {"description": "Cement", "hsn_code": "2523", "quantity": "1", "rate": "400.00"}

    out = admin_api.post(docs, _body(customer.id, [line])).json()["lines"][0]

    assert (out["item_id"], out["unit"]) == (None, "")


@pytest.mark.parametrize(
    ("line", "path"),
    [
        ({"description": "Cement", "hsn_code": "2523", "quantity": "1"}, ["rate"]),
        ({"description": "Cement", "quantity": "1", "rate": "1.00"}, ["hsn_code"]),
        ({"hsn_code": "2523", "quantity": "1", "rate": "1.00"}, ["description"]),
        ({"item_id": "cement", "quantity": "1", "unit": "XYZ"}, ["unit"]),
        ({"item_id": "inactive", "quantity": "1"}, ["item_id"]),
        ({"item_id": "company_b", "quantity": "1"}, ["item_id"]),
    ],
)
def test_a_line_missing_what_no_item_fills_is_refused_naming_the_line_field(
    admin_api, docs, customer, company, item_ids, line, path
):
    ids = item_ids
    if "item_id" in line:
        line = {**line, "item_id": ids[line["item_id"]]}
    audit_before = AuditRecord.objects.filter(company=company).count()

    response = admin_api.post(docs, _body(customer.id, [line]))

    assert response.status_code == 422, response.content
    assert response.json()["errors"][0]["path"] == ["body", "lines", 0, *path]
    assert b"Canary" not in response.content
    assert not Document.objects.exists()
    assert AuditRecord.objects.filter(company=company).count() == audit_before
