"""Every operation × every role of company A against company B's objects: 404, never B's data.
The table must name every operation of the OpenAPI document (a new route without a row fails)."""

from datetime import date
from decimal import Decimal

import pytest

from bahi.api.api import api
from bahi.api.tests.conftest import ApiClient
from bahi.identity.models import User
from bahi.inventory.services import create_item
from bahi.inventory.types import ItemDetails
from bahi.invoicing.payments import record_payment
from bahi.invoicing.services import issue_document, save_draft_document
from bahi.invoicing.types import DocumentDraft, LineDraft, PaymentInput
from bahi.ledger.models import Account, Party
from bahi.ledger.services import create_party, post_journal_entry
from bahi.ledger.types import EntryInput, LineInput
from bahi.notifications.services import register_endpoint

pytestmark = pytest.mark.django_db
CANARY = "Canary"
ROLES = ("admin", "accountant", "viewer")
OBJECT_MARKERS = (
    "{account_id}",
    "{party_id}",
    "{item_id}",
    "{entry_id}",
    "general-ledger",
    "{document_id}",
    "{payment_id}",
    "{endpoint_id}",
)
ADMIN_ONLY = "/webhooks"


@pytest.fixture
def tenant_b(other_company):
    owner = User.objects.get(username="b-owner")
    cash = Account.objects.get(company=other_company, system_role="cash")
    capital = Account.objects.get(company=other_company, system_role="capital")
    party = create_party(
        company=other_company, actor=owner, name=f"{CANARY} Party", state_code="29"
    )
    entry = post_journal_entry(
        company=other_company,
        actor=owner,
        entry=EntryInput(
            entry_date=date(2024, 5, 1),
            narration=f"{CANARY} entry 777.77",
            lines=(
                LineInput(account_id=cash.id, debit=Decimal("777.77")),
                LineInput(account_id=capital.id, credit=Decimal("777.77")),
            ),
        ),
    )
    item = create_item(
        company=other_company,
        actor=owner,
        details=ItemDetails(code=f"{CANARY}-1", name=f"{CANARY} item", hsn_code="2523"),
    )
    return {
        "company": other_company.id,
        "account": cash.id,
        "party": party.id,
        "item": item.id,
        "entry": entry.id,
        **_invoicing_b(other_company, owner, party),
    }


def _invoicing_b(company, owner, party):
    """Company B's issued invoice, a receipt settling part of it, and a webhook endpoint."""
    document = save_draft_document(
        company=company,
        actor=owner,
        draft=DocumentDraft(
            kind="sales_invoice",
            party_id=party.id,
            document_date=date(2025, 10, 1),
            lines=(
                LineDraft(
                    description=f"{CANARY} cement",
                    hsn_code="2523",
                    quantity=Decimal(1),
                    rate=Decimal("400.00"),
                ),
            ),
            notes=f"{CANARY} notes",
        ),
    )
    issue_document(company=company, actor=owner, document_id=document.id)
    payment = record_payment(
        company=company,
        actor=owner,
        payment=PaymentInput("receipt", party.id, date(2025, 10, 2), Decimal(100), "bank"),
        allocations=[(document.id, Decimal(100))],
    )
    endpoint, _ = register_endpoint(
        company=company,
        actor=owner,
        url=f"https://hooks.example.in/{CANARY}",
        event_kinds=["invoice.issued"],
    )
    return {"document": document.id, "payment": payment.id, "endpoint": endpoint.id}


def _operations(ids, cash_id):
    """(method, path template, query, body) per OpenAPI operation; {c} etc. filled from ids."""
    line = [{"account_id": cash_id, "debit": "1.00"}, {"account_id": cash_id, "credit": "1.00"}]
    entry = {"entry_date": "2024-05-02", "lines": line}
    period = {"date_from": "2024-04-01", "date_to": "2025-03-31"}
    return {
        ("GET", "/companies/{company_id}"): ({}, None),
        ("GET", "/companies/{company_id}/accounts"): ({}, None),
        ("POST", "/companies/{company_id}/accounts"): (
            {},
            {"parent_id": ids["account"], "code": "9999", "name": "X"},
        ),
        ("GET", "/companies/{company_id}/accounts/tree"): ({}, None),
        ("GET", "/companies/{company_id}/accounts/{account_id}"): ({}, None),
        ("GET", "/companies/{company_id}/parties"): ({}, None),
        ("POST", "/companies/{company_id}/parties"): ({}, {"name": "New party"}),
        ("GET", "/companies/{company_id}/parties/{party_id}"): ({}, None),
        ("PUT", "/companies/{company_id}/parties/{party_id}"): ({}, {"name": "Renamed"}),
        **_item_operations(),
        ("GET", "/companies/{company_id}/entries"): ({}, None),
        ("POST", "/companies/{company_id}/entries"): ({}, entry),
        ("POST", "/companies/{company_id}/entries/bulk"): ({}, {"entries": [entry]}),
        ("GET", "/companies/{company_id}/entries/{entry_id}"): ({}, None),
        ("PUT", "/companies/{company_id}/entries/{entry_id}"): ({}, entry),
        ("POST", "/companies/{company_id}/entries/{entry_id}/post"): ({}, {}),
        ("POST", "/companies/{company_id}/entries/{entry_id}/reverse"): (
            {},
            {"reversal_date": "2024-05-03"},
        ),
        ("GET", "/companies/{company_id}/reports/trial-balance"): (period, None),
        ("GET", "/companies/{company_id}/reports/general-ledger"): (
            {**period, "account_id": ids["account"]},
            None,
        ),
        ("GET", "/companies/{company_id}/reports/profit-and-loss"): (period, None),
        ("GET", "/companies/{company_id}/reports/balance-sheet"): ({"as_of": "2025-03-31"}, None),
        **_invoicing_operations(ids),
        **_webhook_operations(),
    }


def _item_operations():
    items, one = "/companies/{company_id}/items", "/companies/{company_id}/items/{item_id}"
    item = {"code": "X-1", "name": "New item", "hsn_code": "2523"}
    return {
        ("GET", items): ({"search": "item", "kind": "goods", "active": "true"}, None),
        ("POST", items): ({}, item),
        ("GET", one): ({}, None),
        ("PUT", one): ({}, item),
    }


def _invoicing_operations(ids):
    document = {
        "kind": "sales_invoice",
        "party_id": ids["party"],
        "document_date": "2025-10-03",
        "lines": [{"description": "x", "hsn_code": "2523", "quantity": "1", "rate": "1.00"}],
    }
    allocations = [{"document_id": ids["document"], "amount": "1.00"}]
    payment = {
        "kind": "receipt",
        "party_id": ids["party"],
        "payment_date": "2025-10-03",
        "amount": "1.00",
        "mode": "bank",
        "allocations": allocations,
    }
    docs, one = (
        "/companies/{company_id}/documents",
        "/companies/{company_id}/documents/{document_id}",
    )
    payments = "/companies/{company_id}/payments"
    return {
        ("GET", docs): ({}, None),
        ("POST", docs): ({}, document),
        ("GET", one): ({}, None),
        ("PUT", one): ({}, document),
        ("DELETE", one): ({}, None),
        ("POST", one + "/issue"): ({}, {}),
        ("POST", one + "/cancel"): ({}, {"reason": "test"}),
        ("GET", payments): ({}, None),
        ("POST", payments): ({}, payment),
        ("GET", payments + "/{payment_id}"): ({}, None),
        ("POST", payments + "/{payment_id}/allocations"): ({}, {"allocations": allocations}),
        ("GET", "/companies/{company_id}/reports/receivables-ageing"): (
            {"as_of": "2026-03-31"},
            None,
        ),
        ("GET", "/companies/{company_id}/reports/payables-ageing"): ({"as_of": "2026-03-31"}, None),
    }


def _webhook_operations():
    hooks, one = (
        "/companies/{company_id}/webhooks",
        "/companies/{company_id}/webhooks/{endpoint_id}",
    )
    return {
        ("GET", hooks): ({}, None),
        ("POST", hooks): ({}, {"url": "https://x.example.in/", "event_types": ["entry.posted"]}),
        ("GET", one): ({}, None),
        ("DELETE", one): ({}, None),
        ("POST", one + "/disable"): ({}, {}),
        ("GET", one + "/deliveries"): ({}, None),
    }


def _openapi_operations():
    schema = api.get_openapi_schema(path_prefix="")
    return {
        (method.upper(), path)
        for path, item in schema["paths"].items()
        for method in item
        if path not in ("/companies", "/webhook-events")
    }


def _call(client, method, template, ids, query, body):
    path = template.format(
        company_id=ids["company"],
        account_id=ids["account"],
        party_id=ids["party"],
        item_id=ids["item"],
        entry_id=ids["entry"],
        document_id=ids["document"],
        payment_id=ids["payment"],
        endpoint_id=ids["endpoint"],
    )
    if method == "GET":
        return client.get(path, **query)
    return client.send(method, path, body, **{"If-Match": "*"})


def test_the_matrix_covers_every_operation(tenant_b, account):
    assert set(_operations(tenant_b, account("cash").id)) == _openapi_operations()


@pytest.mark.parametrize("role", ROLES)
def test_no_role_of_company_a_reaches_company_b(role, api_as, tenant_b, account):
    client = api_as(role)
    for (method, template), (query, body) in _operations(tenant_b, account("cash").id).items():
        response = _call(client, method, template, tenant_b, query, body)
        assert response.status_code == 404, (method, template, response.content)
        assert CANARY.encode() not in response.content


@pytest.mark.parametrize("role", ROLES)
def test_company_b_object_ids_under_company_a_are_not_found(
    role, api_as, tenant_b, company, account
):
    client = api_as(role)
    ids = {**tenant_b, "company": company.id}
    for (method, template), (query, body) in _operations(ids, account("cash").id).items():
        if not any(name in template for name in OBJECT_MARKERS):
            continue
        response = _call(client, method, template, ids, query, body)
        expected = 403 if _denied(role, method, template) else 404
        assert response.status_code == expected, (method, template, response.content)
        assert CANARY.encode() not in response.content


def _denied(role, method, template):
    """Whether the role's own company refuses the operation (403): writes for viewers, webhook
    endpoints for everyone but admins."""
    return (ADMIN_ONLY in template and role != "admin") or (role == "viewer" and method != "GET")


@pytest.mark.parametrize("role", ["viewer", "accountant"])
def test_a_role_reads_what_it_may_and_every_other_operation_is_403(
    role, api_as, company, account, post
):
    entry = post(date(2024, 5, 1), [("cash", "1.00", ""), ("capital", "", "1.00")])
    ids = {"company": company.id, "account": account("cash").id, "party": 1, "entry": entry.id}
    ids |= {"item": 1, "document": 1, "payment": 1, "endpoint": 1}
    client = api_as(role)
    for (method, template), (query, body) in _operations(ids, account("cash").id).items():
        response = _call(client, method, template, ids, query, body)
        if _denied(role, method, template):
            assert response.status_code == 403, (method, template, response.content)
            assert response.json()["code"] == "permission_denied"
        elif method == "GET":
            assert response.status_code in (200, 404), (template, response.content)
        else:
            assert response.status_code in (200, 201, 204, 404, 409, 412, 422), (method, template)


def test_anonymous_callers_get_401_problems(tenant_b, account):
    anonymous = ApiClient(None)
    for (method, template), (query, body) in _operations(tenant_b, account("cash").id).items():
        response = _call(anonymous, method, template, tenant_b, query, body)
        assert response.status_code == 401, (method, template)
        assert response["Content-Type"] == "application/problem+json"


def test_the_events_catalogue_is_for_any_signed_in_caller(api_as):
    types = [item["type"] for item in api_as("viewer").get("/webhook-events").json()]

    assert {"entry.posted", "invoice.issued", "payment.received", "payment.made"} <= set(types)
    assert ApiClient(None).get("/webhook-events").status_code == 401


def test_company_b_parties_and_documents_in_a_body_are_refused(admin_api, company, tenant_b):
    document = _invoicing_operations(tenant_b)[("POST", "/companies/{company_id}/documents")][1]
    payment = _invoicing_operations(tenant_b)[("POST", "/companies/{company_id}/payments")][1]
    own = create_party(company=company, actor=admin_api.user, name="Mine", is_customer=True)

    bad_party = admin_api.post(f"/companies/{company.id}/documents", document)
    bad_document = admin_api.post(
        f"/companies/{company.id}/payments", {**payment, "party_id": own.id}
    )

    assert bad_party.status_code == 422
    assert bad_party.json()["errors"][0]["path"] == ["body", "party_id"]
    assert bad_document.status_code == 422
    assert bad_document.json()["errors"][0]["path"] == ["body", "allocations", 0]
    assert CANARY.encode() not in bad_party.content + bad_document.content


def test_companies_lists_only_mine_with_my_role(api_as, company, tenant_b):
    response = api_as("accountant").get("/companies")

    assert response.status_code == 200
    assert [(c["id"], c["role"]) for c in response.json()] == [(company.id, "accountant")]
    assert response.json()[0]["books_begin_date"] == "2024-04-01"


def test_party_ids_of_another_company_in_a_body_are_refused(admin_api, company, tenant_b, account):
    body = {
        "entry_date": "2024-05-02",
        "lines": [
            {"account_id": account("cash").id, "debit": "1.00", "party_id": tenant_b["party"]},
            {"account_id": account("capital").id, "credit": "1.00"},
        ],
    }
    response = admin_api.post(f"/companies/{company.id}/entries", body)

    assert response.status_code == 422
    assert response.json()["errors"][0]["path"] == ["body", "lines", 0]
    assert not Party.objects.filter(company=company).exists()
