"""The item pages: the list with its filters, creating and changing an item, the service's
HSN/SAC and unit reasons on their field, the rate data's rate in force today beside the stored
rate, per role and company."""

import re
from decimal import Decimal

import pytest

from bahi.identity.models import AuditRecord, Membership
from bahi.inventory.models import Item
from bahi.inventory.services import create_item
from bahi.inventory.types import ItemDetails
from bahi.web.tests.masters.pages import field_errors, log_length, row_names

pytestmark = pytest.mark.django_db


def _form(**fields: str) -> dict[str, str]:
    return {
        "code": "CEM-50",
        "name": "Cement, 50 kg bag",
        "kind": "goods",
        "hsn_code": "2523",
        "unit": "BAG",
        "sale_price": "",
        "purchase_price": "",
        "gst_rate_percent": "",
        "cess_percent": "",
        "is_active": "on",
        **fields,
    }


def _item(company, actor, code: str, name: str, hsn_code: str, **fields: object) -> Item:  # type: ignore[no-untyped-def]
    details = ItemDetails(code=code, name=name, hsn_code=hsn_code, **fields)  # type: ignore[arg-type]
    return create_item(company=company, actor=actor, details=details)


@pytest.fixture
def stock(company, admin_user) -> list[Item]:
    return [
        _item(company, admin_user, "CEM-50", "Cement bag", "2523", unit="BAG"),
        _item(
            company,
            admin_user,
            "AUDIT",
            "Audit fee",
            "9982",
            kind="service",
            sale_price=Decimal("25000.00"),
            gst_rate_percent=Decimal("18"),
        ),
        _item(company, admin_user, "OLD-AC", "Old air conditioner", "8415", is_active=False),
    ]


def test_the_list_filters_goods_services_and_active_and_searches_by_hsn(signed_in, stock):
    page = signed_in.get("/masters/items/").content.decode()
    assert row_names(page) == ["Audit fee", "Cement bag", "Old air conditioner"]
    assert "₹25,000.00" in page
    assert "18%" in page
    services = signed_in.get("/masters/items/?kind=service").content.decode()
    assert row_names(services) == ["Audit fee"]
    goods = signed_in.get("/masters/items/?kind=goods&status=active").content.decode()
    assert row_names(goods) == ["Cement bag"]
    inactive = signed_in.get("/masters/items/?status=inactive").content.decode()
    assert row_names(inactive) == ["Old air conditioner"]
    assert row_names(signed_in.get("/masters/items/?search=25").content.decode()) == ["Cement bag"]
    assert row_names(signed_in.get("/masters/items/?search=audit").content.decode()) == [
        "Audit fee"
    ]


def test_creating_an_item_stores_prices_in_paise_and_rates_and_writes_the_edit_log(
    signed_in, company
):
    before = log_length(company)
    response = signed_in.post(
        "/masters/items/new/",
        _form(
            sale_price="1,250.50",
            purchase_price="980.25",
            gst_rate_percent="28",
            cess_percent="0.25",
        ),
    )
    assert response.status_code == 303
    assert response["Location"] == "/masters/items/"
    item = Item.objects.get(company=company, code="CEM-50")
    assert (item.name, item.kind, item.hsn_code, item.unit) == (
        "Cement, 50 kg bag",
        "goods",
        "2523",
        "BAG",
    )
    assert (item.sale_price_paise, item.purchase_price_paise) == (125050, 98025)
    assert (item.gst_rate_percent, item.cess_percent) == (Decimal("28"), Decimal("0.25"))
    record = AuditRecord.objects.get(company=company, object_type="inventory.item")
    assert (record.action, record.object_id) == ("create", str(item.pk))
    assert record.after["sale_price"] == "1250.50"
    assert log_length(company) == before + 1


def test_an_hsn_code_too_short_is_refused_on_its_field_and_nothing_is_written(signed_in, company):
    before = (Item.objects.count(), log_length(company))
    response = signed_in.post("/masters/items/new/", _form(hsn_code="25"))
    assert response.status_code == 422
    assert field_errors(response.content.decode(), "hsn_code") == [
        "HSN/SAC 25 has 2 digits; at least 4 are required."
    ]
    assert (Item.objects.count(), log_length(company)) == before


def test_a_service_with_an_hsn_code_and_goods_in_na_units_are_refused(signed_in, company):
    response = signed_in.post("/masters/items/new/", _form(kind="service", unit="NA"))
    assert response.status_code == 422
    assert field_errors(response.content.decode(), "hsn_code") == [
        "2523 is an HSN code; a service takes a SAC, starting 99"
    ]
    response = signed_in.post("/masters/items/new/", _form(unit="NA"))
    assert response.status_code == 422
    assert len(field_errors(response.content.decode(), "unit")) == 1
    assert not Item.objects.filter(company=company).exists()


def test_a_rate_with_more_than_four_decimals_or_over_a_hundred_is_refused(signed_in, company):
    response = signed_in.post("/masters/items/new/", _form(gst_rate_percent="0.12345"))
    assert field_errors(response.content.decode(), "gst_rate_percent") == [
        "Enter a rate in percent with at most four decimals"
    ]
    response = signed_in.post("/masters/items/new/", _form(cess_percent="120"))
    assert response.status_code == 422
    assert field_errors(response.content.decode(), "cess_percent") == [
        "cess percent 120% is outside 0-100%"
    ]
    assert not Item.objects.filter(company=company).exists()


def test_the_unit_picker_offers_the_uqc_list_and_na_for_services(signed_in):
    page = signed_in.get("/masters/items/new/").content.decode()
    picker = re.search(r'<select name="unit".*?</select>', page, re.S).group(0)
    codes = re.findall(r'<option value="([A-Z]+)"', picker)
    assert codes[:3] == ["BAG", "BAL", "BDL"]
    assert {"NOS", "KGS", "OTH", "NA"} <= set(codes)
    assert '<option value="NOS" selected>NOS · Numbers</option>' in picker


def test_the_edit_form_shows_the_rate_in_force_today_beside_the_stored_rate(
    signed_in, company, admin_user
):
    # Cement went from 28% to 18% on 22-09-2025: an item stored at 28% is taxed at 18% today.
    cement = _item(
        company, admin_user, "CEM-50", "Cement bag", "2523", gst_rate_percent=Decimal("28")
    )
    page = signed_in.get(f"/masters/items/{cement.pk}/").content.decode()
    section = re.search(r'<section id="rate-in-force".*?</section>', page, re.S).group(0)
    assert "<strong>GST 18%</strong>" in section
    assert "since 22-09-2025" in section
    assert "the item's stored rate (28%)" in section
    assert 'name="gst_rate_percent" value="28"' in page


def test_an_item_without_rate_data_says_the_stored_rate_applies(signed_in, company, admin_user):
    item = _item(company, admin_user, "LAP", "Laptop", "8471", gst_rate_percent=Decimal("18"))
    page = signed_in.get(f"/masters/items/{item.pk}/").content.decode()
    assert "The rate data has no GST rate for HSN/SAC 8471" in page
    assert "documents take the item's stored rate (18%)" in page


def test_editing_an_item_writes_what_changed_to_the_edit_log(signed_in, company, admin_user):
    item = _item(company, admin_user, "CEM-50", "Cement bag", "2523", unit="BAG")
    form = _form(name="Cement bag", sale_price="410.00")
    assert signed_in.post(f"/masters/items/{item.pk}/", form).status_code == 303
    item.refresh_from_db()
    assert item.sale_price_paise == 41000
    record = AuditRecord.objects.get(company=company, action="update")
    assert (record.object_type, record.object_id) == ("inventory.item", str(item.pk))
    assert (record.before, record.after) == ({"sale_price": "0.00"}, {"sale_price": "410.00"})


def test_a_viewer_reads_items_without_edit_buttons_and_may_not_post(as_role, company, admin_user):
    item = _item(company, admin_user, "CEM-50", "Cement bag", "2523")
    client = as_role("viewer")
    listing = client.get("/masters/items/").content.decode()
    assert "Cement bag" in listing
    assert "New item" not in listing
    page = client.get(f"/masters/items/{item.pk}/").content.decode()
    assert re.search(r'<input type="text" name="code"[^>]*disabled', page)
    assert "<button" not in page.split('id="item-form"')[1].split("</form>")[0]
    before = log_length(company)
    assert client.post("/masters/items/new/", _form(code="V1", name="V")).status_code == 403
    assert client.post(f"/masters/items/{item.pk}/", _form(name="Renamed")).status_code == 403
    item.refresh_from_db()
    assert item.name == "Cement bag"
    assert Item.objects.filter(company=company).count() == 1
    assert log_length(company) == before


def test_another_companys_item_is_not_found_and_stays_unchanged(signed_in, other_company):
    owner = Membership.objects.get(company=other_company).user
    theirs = _item(other_company, owner, "V-1", "Verma widget", "8471")
    assert signed_in.get(f"/masters/items/{theirs.pk}/").status_code == 404
    assert signed_in.post(f"/masters/items/{theirs.pk}/", _form()).status_code == 404
    theirs.refresh_from_db()
    assert theirs.name == "Verma widget"
    assert "Verma widget" not in signed_in.get("/masters/items/").content.decode()
