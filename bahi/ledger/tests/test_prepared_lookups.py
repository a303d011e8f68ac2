"""A query compiled once with markers (bahi.core.prepared) gives, run by run, what the ORM gives
for the same values: integer and text markers, a marker used twice (the API key lookup has its
own test in bahi/identity/tests)."""

import pytest
from django.db.models import Q

from bahi.core.prepared import IntParam, Param, PreparedQuery
from bahi.ledger.models import Party
from bahi.ledger.services import create_company_with_books

pytestmark = pytest.mark.django_db

PARTY = PreparedQuery(
    lambda: Party.objects.filter(company_id=IntParam("company"), pk=IntParam("party"))[:1]
)
BY_NAME_OR_GSTIN = PreparedQuery(
    lambda: Party.objects.filter(
        Q(name=Param("text")) | Q(gstin=Param("text")), company_id=IntParam("company")
    ).order_by("pk")
)


def _fields(instance):
    return {field.attname: getattr(instance, field.attname) for field in instance._meta.fields}


@pytest.fixture
def parties(company, admin_user):
    other = create_company_with_books(
        owner=admin_user,
        legal_name="Other Traders",
        state_code="27",
        books_begin_date=company.books_begin_date,
    )
    return {
        "mine": Party.objects.create(company=company, name="Kulkarni Stores", is_customer=True),
        "gstin": Party.objects.create(company=company, name="Patil", gstin="27AAPFU0939F1ZV"),
        "theirs": Party.objects.create(company=other, name="Kulkarni Stores", is_customer=True),
    }


def test_integer_markers_take_each_runs_values(company, parties):
    mine, theirs = parties["mine"], parties["theirs"]
    found = PARTY.first(company=company.id, party=mine.id)
    assert _fields(found) == _fields(Party.objects.get(pk=mine.id))
    assert found._state.adding is False
    assert PARTY.first(company=theirs.company_id, party=theirs.id).pk == theirs.id
    assert PARTY.first(company=company.id, party=theirs.id) is None  # another company's party


def test_a_marker_used_twice_takes_its_value_in_both_places(company, parties):
    by_name = BY_NAME_OR_GSTIN.all(text="Kulkarni Stores", company=company.id)
    by_gstin = BY_NAME_OR_GSTIN.all(text="27AAPFU0939F1ZV", company=company.id)
    assert [party.pk for party in by_name] == [parties["mine"].pk]
    assert [party.pk for party in by_gstin] == [parties["gstin"].pk]


def test_one_name_is_one_integer_marker():
    assert IntParam("a-name-for-this-test") == IntParam("a-name-for-this-test")
    assert IntParam("a-name-for-this-test") != IntParam("another-name-for-this-test")


def test_every_marker_needs_a_value(company):
    with pytest.raises(TypeError, match="party"):
        PARTY.first(company=company.id)
