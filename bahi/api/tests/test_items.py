"""Contract of the item routes: list with search/kind/active filters and cursor pages, create,
read and replace (If-Match), field errors with their paths, roles and tenancy."""

import pytest

from bahi.identity.models import AuditRecord, User
from bahi.inventory.models import Item
from bahi.inventory.services import create_item
from bahi.inventory.types import ItemDetails
from bahi.reports.cursor import encode_cursor

pytestmark = pytest.mark.django_db
CEMENT = {
    "code": "CEM-50",
    "name": "Cement 50 kg",
    "hsn_code": "2523",
    "kind": "goods",
    "unit": "bag",
    "sale_price": "400.00",
    "purchase_price": "352.75",
    "gst_rate_percent": "18",
    "cess_percent": "0",
    "is_active": True,
}


def _url(company, item_id=None):
    base = f"/companies/{company.id}/items"
    return base if item_id is None else f"{base}/{item_id}"


def _written(company):
    return (
        Item.objects.filter(company=company).count(),
        AuditRecord.objects.filter(company=company).count(),
    )


def test_an_item_is_created_and_read_back_exactly(admin_api, company):
    created = admin_api.post(_url(company), CEMENT)
    item_id = created.json()["id"]
    read = admin_api.get(_url(company, item_id))

    assert created.status_code == 201
    assert created.json() == {**CEMENT, "id": item_id, "unit": "BAG"}
    assert read.json() == created.json()
    assert read["ETag"] == created["ETag"]
    stored = Item.objects.get(pk=item_id)
    assert (stored.sale_price_paise, stored.purchase_price_paise) == (40000, 35275)
    audit = AuditRecord.objects.filter(company=company, object_type="inventory.item").get()
    assert (audit.action, audit.object_id) == ("create", str(item_id))


def test_a_service_gets_the_na_unit_and_no_fallback_rate_by_default(admin_api, company):
    body = {"code": "FRT", "name": "Freight", "hsn_code": "9965", "kind": "service"}

    created = admin_api.post(_url(company), body)

    assert created.status_code == 201
    assert created.json()["unit"] == "NA"
    assert created.json()["gst_rate_percent"] is None
    assert (created.json()["sale_price"], created.json()["cess_percent"]) == ("0.00", "0")


@pytest.mark.parametrize(
    ("change", "path"),
    [
        ({"kind": "service"}, ["body", "hsn_code"]),  # a service takes a SAC (99...)
        ({"unit": "XYZ"}, ["body", "unit"]),
        ({"gst_rate_percent": "101"}, ["body", "gst_rate_percent"]),
        ({"sale_price": 400}, ["body", "payload", "sale_price"]),  # a JSON number for money
        ({"hsn_code": "25"}, ["body", "payload", "hsn_code"]),
        ({"kind": "asset"}, ["body", "payload", "kind"]),
    ],
)
def test_a_wrong_field_is_422_naming_its_path_and_nothing_is_written(
    admin_api, company, change, path
):
    before = _written(company)

    response = admin_api.post(_url(company), {**CEMENT, **change})

    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"][0]["path"] == path
    assert _written(company) == before


def test_a_second_item_with_the_same_code_is_refused(admin_api, company):
    admin_api.post(_url(company), CEMENT)
    before = _written(company)

    clash = admin_api.post(_url(company), {**CEMENT, "name": "Other cement"})

    assert clash.status_code == 422
    assert clash.json()["errors"][0]["path"] == ["body", "code"]
    assert _written(company) == before


def _three_items(company, actor):
    for details in (
        ItemDetails(code="CEM-50", name="Cement 50 kg", hsn_code="2523"),
        ItemDetails(code="TMT-8", name="TMT bar 8 mm", hsn_code="7214", is_active=False),
        ItemDetails(code="FRT", name="Freight", hsn_code="9965", kind="service"),
    ):
        create_item(company=company, actor=actor, details=details)


def test_items_are_listed_by_name_and_filtered(admin_api, company, admin_user):
    _three_items(company, admin_user)

    def names(**params):
        response = admin_api.get(_url(company), **params)
        assert response.status_code == 200, response.content
        return [item["name"] for item in response.json()["items"]]

    assert names() == ["Cement 50 kg", "Freight", "TMT bar 8 mm"]
    assert names(kind="goods") == ["Cement 50 kg", "TMT bar 8 mm"]
    assert names(kind="service") == ["Freight"]
    assert names(active="true") == ["Cement 50 kg", "Freight"]
    assert names(active="false") == ["TMT bar 8 mm"]
    assert names(search="tmt") == ["TMT bar 8 mm"]  # the code or the name, any case
    assert names(search="frt") == ["Freight"]
    assert names(search="cement", kind="service") == []


def test_items_are_paged_with_cursors_and_a_foreign_cursor_is_refused(
    admin_api, company, admin_user
):
    _three_items(company, admin_user)
    seen, cursor = [], None
    for _ in range(3):
        params = {"limit": 2} if cursor is None else {"limit": 2, "cursor": cursor}
        page = admin_api.get(_url(company), **params).json()
        seen.append([item["code"] for item in page["items"]])
        cursor = page["next_cursor"]
        if cursor is None:
            break
    garbled = admin_api.get(_url(company), cursor="not-a-cursor")
    foreign = admin_api.get(_url(company), cursor=encode_cursor("documents", "2025-10-01", 1))

    assert seen == [["CEM-50", "FRT"], ["TMT-8"]]
    assert (garbled.status_code, garbled.json()["code"]) == (422, "invalid_cursor")
    assert (foreign.status_code, foreign.json()["code"]) == (422, "invalid_cursor")


def test_an_item_is_replaced_with_put_and_a_stale_if_match_is_412(admin_api, company):
    created = admin_api.post(_url(company), CEMENT)
    url = _url(company, created.json()["id"])

    replaced = admin_api.put(
        url, {**CEMENT, "sale_price": "425.50", "is_active": False}, **{"If-Match": created["ETag"]}
    )
    stale = admin_api.put(url, {**CEMENT, "name": "Stale"}, **{"If-Match": created["ETag"]})

    assert replaced.status_code == 200
    assert (replaced.json()["sale_price"], replaced.json()["is_active"]) == ("425.50", False)
    assert stale.status_code == 412
    assert stale.json()["code"] == "stale_item"
    assert admin_api.get(url).json() == replaced.json()
    update = AuditRecord.objects.filter(company=company, object_type="inventory.item").last()
    assert (update.before["sale_price"], update.after["sale_price"]) == ("400.00", "425.50")


def test_a_viewer_may_read_items_but_not_write_them(api_as, company, admin_user):
    item = create_item(
        company=company,
        actor=admin_user,
        details=ItemDetails(code="CEM-50", name="Cement 50 kg", hsn_code="2523"),
    )
    viewer = api_as("viewer")
    before = _written(company)

    created = viewer.post(_url(company), {**CEMENT, "code": "NEW", "name": "New"})
    replaced = viewer.put(_url(company, item.id), {**CEMENT, "name": "Renamed"})

    assert viewer.get(_url(company, item.id)).json()["code"] == "CEM-50"
    assert viewer.get(_url(company)).json()["items"][0]["id"] == item.id
    assert (created.status_code, replaced.status_code) == (403, 403)
    assert created.json()["code"] == replaced.json()["code"] == "permission_denied"
    assert _written(company) == before


def test_an_accountant_may_create_items(api_as, company):
    response = api_as("accountant").post(_url(company), CEMENT)

    assert response.status_code == 201


@pytest.mark.parametrize("role", ["admin", "accountant", "viewer"])
def test_company_b_item_is_not_found_for_every_role_of_company_a(
    role, api_as, company, other_company
):
    owner = User.objects.get(username="b-owner")
    theirs = create_item(
        company=other_company,
        actor=owner,
        details=ItemDetails(code="CANARY", name="Canary item", hsn_code="2523"),
    )
    client = api_as(role)

    read = client.get(_url(company, theirs.id))
    under_b = client.get(_url(other_company, theirs.id))
    listed = client.get(_url(other_company))
    replaced = client.put(_url(other_company, theirs.id), CEMENT)

    statuses = (read.status_code, under_b.status_code, listed.status_code, replaced.status_code)
    assert statuses == (404, 404, 404, 404)
    assert b"Canary" not in read.content + under_b.content + listed.content + replaced.content
    assert client.get(_url(company)).json() == {"items": [], "next_cursor": None}
    assert Item.objects.get(pk=theirs.id).name == "Canary item"


def test_a_retried_create_returns_the_first_item_and_another_body_is_refused(admin_api, company):
    first = admin_api.post(_url(company), CEMENT, **{"Idempotency-Key": "item-1"})
    again = admin_api.post(_url(company), CEMENT, **{"Idempotency-Key": "item-1"})
    other = admin_api.post(
        _url(company),
        {**CEMENT, "code": "CEM-43", "name": "Cement 43"},
        **{"Idempotency-Key": "item-1"},
    )

    assert (first.status_code, again.status_code) == (201, 201)
    assert again.content == first.content
    assert again["Idempotent-Replayed"] == "true"
    assert (other.status_code, other.json()["code"]) == (422, "idempotency_key_reused")
    assert list(Item.objects.filter(company=company).values_list("code", flat=True)) == ["CEM-50"]
