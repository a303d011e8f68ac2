import re
from datetime import date

import pytest

from bahi.api.tests.conftest import ApiClient, entry_body

pytestmark = pytest.mark.django_db


def test_openapi_document_describes_version_1_with_money_as_strings(admin_api):
    schema = admin_api.get("/openapi.json").json()

    assert schema["info"]["version"] == "1"
    line = schema["components"]["schemas"]["LineIn"]["properties"]["debit"]
    assert line["type"] == "string"
    assert "/api/v1/companies/{company_id}/entries/{entry_id}/reverse" in schema["paths"]
    errors = schema["paths"]["/api/v1/companies/{company_id}"]["get"]["responses"]["404"]
    assert list(errors["content"]) == ["application/problem+json"]


def test_the_docs_page_and_its_assets_are_served_locally(admin_api):
    page = admin_api.client.get("/api/v1/docs")
    html = page.content.decode()
    asset = admin_api.client.get("/api/v1/docs/assets/swagger-ui-bundle.js")

    assert page.status_code == 200
    assert re.findall(r"https?://", html) == []
    assert "/api/v1/docs/assets/swagger-ui-bundle.js" in html
    assert asset.status_code == 200
    assert b"SwaggerUIBundle" in b"".join(asset.streaming_content)


def test_unsafe_methods_need_the_csrf_token_of_the_session(admin_user, account, company):
    strict = ApiClient(admin_user, enforce_csrf_checks=True)

    refused = strict.post(f"/companies/{company.id}/entries", entry_body(account))

    assert refused.status_code == 403
    assert refused["Content-Type"] == "application/problem+json"


def test_problem_documents_have_the_rfc_9457_shape(admin_api):
    response = admin_api.get("/companies/999999")

    assert response.status_code == 404
    assert response.json() == {
        "type": "https://bahi.example/problems/company_not_found",
        "title": "Not Found",
        "status": 404,
        "detail": "company 999999 does not exist",
        "code": "company_not_found",
        "errors": [],
    }


def test_accounts_are_created_under_a_group_and_listed_flat_and_as_a_tree(
    admin_api, account, company
):
    url = f"/companies/{company.id}/accounts"
    parent = account("cash").parent_id

    created = admin_api.post(url, {"parent_id": parent, "code": "1219", "name": "Petty cash"})
    clash = admin_api.post(url, {"parent_id": parent, "code": "1219", "name": "Other"})
    tree = admin_api.get(f"{url}/tree").json()

    assert created.status_code == 201
    assert created.json()["nature"] == "asset"
    assert clash.status_code == 409
    assert admin_api.get(f"{url}/{created.json()['id']}").json()["code"] == "1219"
    assert [node["parent_id"] for node in tree] == [None] * len(tree)
    assert "1219" in [a["code"] for a in admin_api.get(url).json()]


def test_parties_are_created_and_read(admin_api, company):
    url = f"/companies/{company.id}/parties"

    created = admin_api.post(url, {"name": "Mehta Stores", "is_customer": True})
    duplicate = admin_api.post(url, {"name": "Mehta Stores"})

    assert created.status_code == 201
    assert admin_api.get(f"{url}/{created.json()['id']}").json()["name"] == "Mehta Stores"
    assert duplicate.status_code == 422


def test_reports_show_exact_rupees(admin_api, company, post, account):
    post(date(2024, 5, 1), [("cash", "1234.50", ""), ("capital", "", "1234.50")])
    base = f"/companies/{company.id}/reports"
    period = {"date_from": "2024-04-01", "date_to": "2025-03-31"}

    trial = admin_api.get(f"{base}/trial-balance", **period).json()
    ledger = admin_api.get(f"{base}/general-ledger", account_id=account("cash").id, **period).json()
    sheet = admin_api.get(f"{base}/balance-sheet", as_of="2025-03-31")
    pnl = admin_api.get(f"{base}/profit-and-loss", **period)
    backwards = admin_api.get(f"{base}/trial-balance", date_from="2025-01-01", date_to="2024-01-01")

    assert trial["totals"]["closing_debit"] == trial["totals"]["closing_credit"] == "1234.50"
    assert [(x["debit"], x["balance"]) for x in ledger["lines"]] == [("1234.50", "1234.50")]
    assert sheet.json()["total_assets"]["amount"] == "1234.50"
    assert pnl.json()["profit"]["amount"] == "0.00"
    assert backwards.status_code == 422
    assert backwards.json()["code"] == "invalid_report_period"
