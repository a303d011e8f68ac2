"""PANs are encrypted at rest: a copy of the database alone does not reveal them."""

from datetime import date

import pytest
from django.db import connection

from bahi.identity.models import Company
from bahi.ledger.models import Party
from bahi.ledger.services import create_company_with_books

pytestmark = pytest.mark.django_db


def _stored(table, row_id):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT pan FROM {table} WHERE id = %s", [row_id])  # noqa: S608
        return cursor.fetchone()[0]


def test_company_and_party_pans_are_stored_sealed_and_read_back(admin_user):
    company = create_company_with_books(
        owner=admin_user,
        legal_name="Mehta Traders",
        state_code="27",
        books_begin_date=date(2024, 4, 1),
        pan="aapcm1234f",
    )
    party = Party.objects.create(company=company, name="Shah & Co", pan="AABFS1234C")
    for table, row_id, pan in (
        ("identity_company", company.id, "AAPCM1234F"),
        ("ledger_party", party.id, "AABFS1234C"),
    ):
        stored = _stored(table, row_id)
        assert stored.startswith("v1:")
        assert pan not in stored
    assert Company.objects.get(pk=company.pk).pan == "AAPCM1234F"
    assert Party.objects.get(pk=party.pk).pan == "AABFS1234C"
