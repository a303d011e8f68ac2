"""The REST API's tenancy matrix (bahi/api/tests/test_tenancy.py) run with API keys instead of
signed-in sessions: a key of company A, whatever its role, gets 404 for company B's company and
objects on every operation, and a viewer key is refused every write, with nothing written."""

import pytest

from bahi.api.tests.conftest import ApiClient, other_company
from bahi.api.tests.test_tenancy import (
    CANARY,
    OBJECT_MARKERS,
    _call,
    _denied,
    _operations,
    tenant_b,
)
from bahi.identity.api_keys import create_api_key
from bahi.identity.models import AuditRecord
from bahi.inventory.models import Item
from bahi.ledger.models import Account, JournalEntry, Party

__all__ = ["other_company", "tenant_b"]

pytestmark = pytest.mark.django_db
ROLES = ("admin", "accountant", "viewer")


def _key_client(company, admin_user, role: str) -> ApiClient:
    created = create_api_key(company=company, actor=admin_user, name=f"{role} key", role=role)
    return ApiClient(None, headers={"Authorization": f"Bearer {created.secret}"})


def _counts(company_id: int) -> tuple[int, ...]:
    return tuple(
        model.objects.filter(company_id=company_id).count()
        for model in (Account, Party, Item, JournalEntry, AuditRecord)
    )


@pytest.mark.parametrize("role", ROLES)
def test_a_key_of_company_a_gets_404_for_company_b_on_every_operation(
    role, company, admin_user, tenant_b, account
):
    client = _key_client(company, admin_user, role)
    before = _counts(tenant_b["company"])
    for (method, template), (query, body) in _operations(tenant_b, account("cash").id).items():
        response = _call(client, method, template, tenant_b, query, body)
        assert (method, template, response.status_code) == (method, template, 404)
        assert CANARY.encode() not in response.content
    assert _counts(tenant_b["company"]) == before


@pytest.mark.parametrize("role", ROLES)
def test_company_b_object_ids_under_company_a_are_not_found_with_a_key(
    role, company, admin_user, tenant_b, account
):
    client = _key_client(company, admin_user, role)
    ids = {**tenant_b, "company": company.id}
    for (method, template), (query, body) in _operations(ids, account("cash").id).items():
        if not any(name in template for name in OBJECT_MARKERS):
            continue
        response = _call(client, method, template, ids, query, body)
        expected = 403 if _denied(role, method, template) else 404
        assert (method, template, response.status_code) == (method, template, expected)
        assert CANARY.encode() not in response.content


def test_a_viewer_key_is_refused_every_write_and_nothing_is_written(
    company, admin_user, tenant_b, account
):
    client = _key_client(company, admin_user, "viewer")
    ids = {**tenant_b, "company": company.id, "account": account("cash").id}
    before = _counts(company.id)
    for (method, template), (query, body) in _operations(ids, account("cash").id).items():
        if method == "GET":
            continue
        response = _call(client, method, template, ids, query, body)
        assert (method, template, response.status_code) == (method, template, 403)
        assert response.json()["code"] == "permission_denied"
    assert _counts(company.id) == before
