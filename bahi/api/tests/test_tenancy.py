"""Every operation × every role of company A against company B's objects: 404, never B's data.
The table must name every operation of the OpenAPI document (a new route without a row fails)."""

from datetime import date
from decimal import Decimal

import pytest

from bahi.api.api import api
from bahi.api.tests.conftest import ApiClient
from bahi.identity.models import User
from bahi.ledger.models import Account, Party
from bahi.ledger.services import create_party, post_journal_entry
from bahi.ledger.types import EntryInput, LineInput

pytestmark = pytest.mark.django_db
CANARY = "Canary"
ROLES = ("admin", "accountant", "viewer")
OBJECT_MARKERS = ("{account_id}", "{party_id}", "{entry_id}", "general-ledger")


@pytest.fixture
def tenant_b(other_company):
    owner = User.objects.get(username="b-owner")
    cash = Account.objects.get(company=other_company, system_role="cash")
    capital = Account.objects.get(company=other_company, system_role="capital")
    party = create_party(company=other_company, actor=owner, name=f"{CANARY} Party")
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
    return {"company": other_company.id, "account": cash.id, "party": party.id, "entry": entry.id}


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
    }


def _openapi_operations():
    schema = api.get_openapi_schema(path_prefix="")
    return {
        (method.upper(), path)
        for path, item in schema["paths"].items()
        for method in item
        if path != "/companies"
    }


def _call(client, method, template, ids, query, body):
    path = template.format(
        company_id=ids["company"],
        account_id=ids["account"],
        party_id=ids["party"],
        entry_id=ids["entry"],
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
        expected = 403 if role == "viewer" and method != "GET" else 404
        assert response.status_code == expected, (method, template, response.content)
        assert CANARY.encode() not in response.content


def test_a_viewer_may_read_but_every_write_is_403(api_as, company, account, post):
    entry = post(date(2024, 5, 1), [("cash", "1.00", ""), ("capital", "", "1.00")])
    ids = {"company": company.id, "account": account("cash").id, "party": 1, "entry": entry.id}
    viewer = api_as("viewer")
    for (method, template), (query, body) in _operations(ids, account("cash").id).items():
        response = _call(viewer, method, template, ids, query, body)
        if method == "GET":
            assert response.status_code in (200, 404), (template, response.content)
        else:
            assert response.status_code == 403, (method, template, response.content)
            assert response.json()["code"] == "permission_denied"


def test_anonymous_callers_get_401_problems(tenant_b, account):
    anonymous = ApiClient(None)
    for (method, template), (query, body) in _operations(tenant_b, account("cash").id).items():
        response = _call(anonymous, method, template, tenant_b, query, body)
        assert response.status_code == 401, (method, template)
        assert response["Content-Type"] == "application/problem+json"


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
