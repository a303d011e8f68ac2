"""API test fixtures: logged-in clients per role, and a second company (tenant B)."""

import json
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.test import Client

from bahi.identity.models import Company, Role, User
from bahi.identity.services import add_member
from bahi.ledger.services import create_company_with_books
from bahi.notifications.tests.receiver import receiver

__all__ = ["receiver"]

API = "/api/v1"


@pytest.fixture(autouse=True)
def _fresh_request_counts():
    """Every test starts with empty API request counts (they live in the cache)."""
    from django.core.cache import cache

    cache.clear()


class ApiClient:
    """A Django test client speaking JSON to /api/v1."""

    def __init__(self, user: User | None, **client_kwargs: Any) -> None:
        self.user = user
        self.client = Client(**client_kwargs)
        if user is not None:
            self.client.force_login(user)

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(API + path, params)

    def send(self, method: str, path: str, body: Any = None, **headers: str) -> Any:
        data = body if isinstance(body, bytes | str) else json.dumps(body)
        return self.client.generic(
            method, API + path, data, content_type="application/json", headers=headers
        )

    def post(self, path: str, body: Any = None, **headers: str) -> Any:
        return self.send("POST", path, {} if body is None else body, **headers)

    def put(self, path: str, body: Any, **headers: str) -> Any:
        return self.send("PUT", path, body, **headers)


@pytest.fixture
def api_as(company) -> Callable[[str], ApiClient]:
    """api_as("admin" | "accountant" | "viewer" | "anonymous") -> a client of company A."""

    def make(role: str) -> ApiClient:
        if role == "anonymous":
            return ApiClient(None)
        user = User.objects.filter(username=f"a-{role}").first()
        if user is None:
            user = User.objects.create_user(f"a-{role}", f"a-{role}@example.in", "pw")
            add_member(company=company, user=user, role=Role(role))
        return ApiClient(user)

    return make


@pytest.fixture
def admin_api(api_as) -> ApiClient:
    return api_as("admin")


@pytest.fixture
def other_company(db) -> Company:
    """Tenant B, with its own admin and a canary entry."""
    owner = User.objects.create_user("b-owner", "b@example.in", "pw")
    return create_company_with_books(
        owner=owner,
        legal_name="Canary Other Co",
        state_code="29",
        books_begin_date=date(2024, 4, 1),
    )


def entry_body(account: Callable[[str], Any], amount: str = "1234.50", **extra: Any) -> dict:
    return {
        "entry_date": "2024-05-10",
        "narration": "Capital brought in",
        "lines": [
            {"account_id": account("cash").id, "debit": amount},
            {"account_id": account("capital").id, "credit": amount},
        ],
        **extra,
    }


@pytest.fixture
def customer(company, admin_user):
    """A customer in Maharashtra, the company's own state (CGST + SGST)."""
    from bahi.ledger.services import create_party

    return create_party(
        company=company, actor=admin_user, name="Pune Hardware", is_customer=True, state_code="27"
    )


def invoice_body(party_id: int, **extra: Any) -> dict:
    """One bag of cement (HSN 2523) at 400.00 on 1 Oct 2025: 18% GST, 472.00 in all."""
    return {
        "kind": "sales_invoice",
        "party_id": party_id,
        "document_date": "2025-10-01",
        "lines": [
            {"description": "Cement 50 kg", "hsn_code": "2523", "quantity": "1", "rate": "400.00"}
        ],
        **extra,
    }
