"""Parties and one-call helpers for invoicing tests. The company (conftest.py at the root) is in
Maharashtra (27) and its books begin on 1 Apr 2024."""

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest

from bahi.invoicing.models import Document
from bahi.invoicing.services import issue_document, save_draft_document
from bahi.invoicing.types import DocumentDraft, LineDraft
from bahi.ledger.models import Account, Party
from bahi.ledger.parties import add_party
from bahi.ledger.selectors import build_balances_as_of
from bahi.ledger.services import create_party
from bahi.ledger.types import PartyDetails


@pytest.fixture
def party(company, admin_user) -> Callable[..., Party]:
    def make(name: str, **kwargs: object) -> Party:
        return create_party(company=company, actor=admin_user, name=name, **kwargs)

    return make


@pytest.fixture
def master_party(company, admin_user) -> Callable[..., Party]:
    """master_party(name, gst_treatment=..., gstin=..., ...) with every master field."""

    def make(name: str, **fields: object) -> Party:
        details = PartyDetails(name=name, **fields)  # type: ignore[arg-type]
        return add_party(company=company, actor=admin_user, details=details)

    return make


@pytest.fixture
def pune_customer(party) -> Party:
    return party("Pune Hardware", is_customer=True, state_code="27")


def line(hsn: str, quantity: str, rate: str, **kwargs: object) -> LineDraft:
    return LineDraft(
        description=f"item {hsn}",
        hsn_code=hsn,
        quantity=Decimal(quantity),
        rate=Decimal(rate),
        **kwargs,  # type: ignore[arg-type]
    )


@pytest.fixture
def draft(company, admin_user) -> Callable[..., Document]:
    """draft(party, date, [line(...)], kind=..., ...) saves a draft document."""

    def make(party: Party, on: date, lines: list[LineDraft], **kwargs: object) -> Document:
        kwargs.setdefault("kind", "sales_invoice")
        document = DocumentDraft(
            party_id=party.id,
            document_date=on,
            lines=tuple(lines),
            **kwargs,  # type: ignore[arg-type]
        )
        return save_draft_document(company=company, actor=admin_user, draft=document)

    return make


@pytest.fixture
def issue(company, admin_user, draft) -> Callable[..., Document]:
    """issue(party, date, [line(...)], **draft fields) saves and issues a document."""

    def make(party: Party, on: date, lines: list[LineDraft], **kwargs: object) -> Document:
        document = draft(party, on, lines, **kwargs)
        return issue_document(company=company, actor=admin_user, document_id=document.id)

    return make


@pytest.fixture
def ledger(company) -> Callable[[date], dict[str, int]]:
    """ledger(day) -> {system role: net debit paise} for every account with a balance."""

    def balances(day: date) -> dict[str, int]:
        roles = dict(Account.objects.filter(company=company).values_list("id", "system_role"))
        result = {}
        for account_id, movement in build_balances_as_of(company=company, as_of=day).items():
            if movement.net_paise:
                result[roles[account_id] or str(account_id)] = movement.net_paise
        return result

    return balances
