"""Contract of the party routes: the whole party master in and out (the bank account number
masked in every response), field errors with their paths, PUT with If-Match, roles, tenancy."""

import pytest

from bahi.identity.models import AuditRecord, User
from bahi.ledger.models import Party
from bahi.ledger.services import create_party

pytestmark = pytest.mark.django_db
GSTIN = "27AAPFU0939F1ZV"  # Maharashtra
ACCOUNT_NUMBER = "123456789012"
FULL = {
    "name": "Pune Hardware",
    "is_customer": True,
    "is_supplier": False,
    "gst_treatment": "regular",
    "gstin": GSTIN,
    "pan": "",
    "state_code": "",
    "billing_address": "12 FC Road, Pune",
    "billing_pincode": "411004",
    "shipping_address": "Plot 7, MIDC Bhosari",
    "shipping_state_code": "27",
    "shipping_pincode": "411026",
    "credit_days": 30,
    "credit_limit": "150000.50",
    "email": "accounts@punehardware.in",
    "phone": "+91 98220 12345",
    "bank_account_number": ACCOUNT_NUMBER,
    "bank_ifsc": "hdfc0001234",
    "is_active": True,
}
EXPECTED = {
    **FULL,
    "pan": "AAPFU0939F",  # from the GSTIN
    "state_code": "27",  # the GSTIN's state
    "bank_account_number": "********9012",
    "bank_ifsc": "HDFC0001234",
}


def _url(company, party_id=None):
    base = f"/companies/{company.id}/parties"
    return base if party_id is None else f"{base}/{party_id}"


def _written(company):
    return (
        Party.objects.filter(company=company).count(),
        AuditRecord.objects.filter(company=company).count(),
    )


def test_a_party_is_created_with_every_field_and_read_back_with_the_account_masked(
    admin_api, company
):
    created = admin_api.post(_url(company), FULL)
    party_id = created.json()["id"]
    read = admin_api.get(_url(company, party_id))
    listed = admin_api.get(_url(company))

    assert created.status_code == 201
    assert created.json() == {"id": party_id, **EXPECTED}
    assert read.json() == created.json()
    assert read["ETag"] == created["ETag"]
    assert listed.json() == [created.json()]
    for response in (created, read, listed):
        assert ACCOUNT_NUMBER.encode() not in response.content
    stored = Party.objects.get(pk=party_id)
    assert (stored.bank_account_number, stored.credit_limit_paise) == (ACCOUNT_NUMBER, 15000050)


@pytest.mark.parametrize(
    ("change", "path"),
    [
        # schema errors (ninja's) name the payload; the masters' checks name the body's field
        ({"state_code": "29"}, ["body", "state_code"]),  # not the GSTIN's state
        ({"bank_ifsc": ""}, ["body", "bank_ifsc"]),  # an account number without its IFSC
        ({"credit_limit": 1500}, ["body", "payload", "credit_limit"]),  # a JSON number for money
        ({"billing_pincode": "41100"}, ["body", "payload", "billing_pincode"]),
        ({"gst_treatment": "unregistered"}, ["body", "gstin"]),  # unregistered with a GSTIN
        ({"credit_days": 366}, ["body", "payload", "credit_days"]),
    ],
)
def test_a_wrong_field_is_422_naming_its_path_and_nothing_is_written(
    admin_api, company, change, path
):
    before = _written(company)

    response = admin_api.post(_url(company), {**FULL, **change})

    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"][0]["path"] == path
    assert _written(company) == before


def test_a_party_is_replaced_with_put_and_a_stale_if_match_is_412(admin_api, company):
    created = admin_api.post(_url(company), FULL)
    url = _url(company, created.json()["id"])
    change = {**FULL, "credit_days": 45, "credit_limit": None, "bank_account_number": "987654321"}

    replaced = admin_api.put(url, change, **{"If-Match": created["ETag"]})
    stale = admin_api.put(url, {**FULL, "name": "Stale"}, **{"If-Match": created["ETag"]})

    assert replaced.status_code == 200
    assert (replaced.json()["credit_days"], replaced.json()["credit_limit"]) == (45, None)
    assert replaced.json()["bank_account_number"] == "*****4321"
    assert replaced["ETag"] != created["ETag"]
    assert stale.status_code == 412
    assert stale["ETag"] == replaced["ETag"]
    assert admin_api.get(url).json() == replaced.json()
    update = AuditRecord.objects.filter(company=company, object_type="ledger.party").last()
    assert update.action == "update"
    assert (update.before["credit_days"], update.after["credit_days"]) == (30, 45)
    assert ACCOUNT_NUMBER not in str(update.before)


def test_put_without_if_match_replaces_and_a_wrong_field_changes_nothing(admin_api, company):
    created = admin_api.post(_url(company), FULL)
    url = _url(company, created.json()["id"])

    renamed = admin_api.put(url, {"name": "Pune Hardware & Paints"})
    refused = admin_api.put(url, {"name": "X", "gstin": GSTIN, "state_code": "24"})

    assert renamed.status_code == 200
    assert renamed.json()["gst_treatment"] == "unregistered"  # every field replaced
    assert renamed.json()["bank_account_number"] == ""
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["path"] == ["body", "state_code"]
    assert admin_api.get(url).json() == renamed.json()


def test_a_viewer_may_read_parties_but_not_write_them(api_as, company, admin_user):
    party = create_party(company=company, actor=admin_user, name="Nashik Traders")
    viewer = api_as("viewer")
    before = _written(company)

    created = viewer.post(_url(company), FULL)
    replaced = viewer.put(_url(company, party.id), FULL)

    assert viewer.get(_url(company, party.id)).json()["name"] == "Nashik Traders"
    assert (created.status_code, replaced.status_code) == (403, 403)
    assert created.json()["code"] == replaced.json()["code"] == "permission_denied"
    assert _written(company) == before
    assert Party.objects.get(pk=party.id).name == "Nashik Traders"


@pytest.mark.parametrize("role", ["admin", "accountant", "viewer"])
def test_company_b_party_is_not_found_for_every_role_of_company_a(
    role, api_as, company, other_company
):
    owner = User.objects.get(username="b-owner")
    theirs = create_party(company=other_company, actor=owner, name="Canary Party")
    client = api_as(role)

    read = client.get(_url(company, theirs.id))
    under_b = client.get(_url(other_company, theirs.id))
    replaced = client.put(_url(other_company, theirs.id), FULL)

    assert (read.status_code, under_b.status_code, replaced.status_code) == (404, 404, 404)
    assert b"Canary" not in read.content + under_b.content + replaced.content
    assert Party.objects.get(pk=theirs.id).name == "Canary Party"
