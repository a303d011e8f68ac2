"""The item master: HSN/SAC and unit checked, prices in paise, the GST rate from the rate data
on the document date (the item's own rate only where the data has none), every change on the
edit log with its before and after values."""

from datetime import date
from decimal import Decimal

import pytest

from bahi.core.errors import InvalidInput, NotFound, PermissionDenied
from bahi.gst.errors import RateNotFound
from bahi.identity.models import AuditRecord, Role, User
from bahi.identity.services import add_member
from bahi.inventory.models import Item
from bahi.inventory.selectors import get_item_line_defaults, list_items
from bahi.inventory.services import create_item, update_item
from bahi.inventory.types import ItemDetails
from bahi.ledger.services import create_company_with_books

pytestmark = pytest.mark.django_db

CEMENT = ItemDetails(
    code="CEM-OPC53",
    name="OPC 53 cement, 50 kg bag",
    hsn_code="2523",
    unit="bag",
    sale_price=Decimal("385.00"),
    purchase_price=Decimal("340.50"),
    gst_rate_percent=Decimal("18"),
)
SEPT_21, SEPT_22 = date(2025, 9, 21), date(2025, 9, 22)


@pytest.fixture
def add(company, admin_user):
    def make(details=CEMENT):
        return create_item(company=company, actor=admin_user, details=details)

    return make


def _refused(add, field, **changes):
    from dataclasses import replace

    before = Item.objects.count(), AuditRecord.objects.count()
    with pytest.raises(InvalidInput) as caught:
        add(replace(CEMENT, **changes))
    assert caught.value.details["field"] == field
    assert (Item.objects.count(), AuditRecord.objects.count()) == before
    return caught.value.message


def test_item_is_stored_with_prices_in_paise_and_the_unit_upper_case(add):
    item = add()

    assert (item.unit, item.sale_price_paise, item.purchase_price_paise) == ("BAG", 38500, 34050)
    assert AuditRecord.objects.latest("sequence").after == {
        "code": "CEM-OPC53",
        "name": "OPC 53 cement, 50 kg bag",
        "kind": "goods",
        "hsn_code": "2523",
        "unit": "BAG",
        "sale_price": "385.00",
        "purchase_price": "340.50",
        "gst_rate_percent": "18",
        "cess_percent": "0",
        "is_active": True,
    }


def test_unit_defaults_to_numbers_for_goods_and_na_for_services(add):
    from dataclasses import replace

    goods = add(replace(CEMENT, unit=""))
    service = add(
        ItemDetails(code="AUDIT", name="Statutory audit", hsn_code="998221", kind="service")
    )

    assert (goods.unit, service.unit) == ("NOS", "NA")


@pytest.mark.parametrize(
    ("field", "changes", "message"),
    [
        ("hsn_code", {"hsn_code": "25"}, "HSN/SAC 25 has 2 digits; at least 4 are required."),
        ("hsn_code", {"hsn_code": "998221"}, None),
        ("hsn_code", {"kind": "service", "unit": "NA"}, None),
        ("unit", {"unit": "NA"}, None),
        ("unit", {"unit": "KILO"}, None),
        ("kind", {"kind": "asset"}, None),
        ("sale_price", {"sale_price": Decimal("1.005")}, None),
        ("purchase_price", {"purchase_price": Decimal("-1")}, None),
        ("gst_rate_percent", {"gst_rate_percent": Decimal("101")}, None),
        ("cess_percent", {"cess_percent": Decimal("-1")}, None),
        ("code", {"code": " "}, None),
    ],
)
def test_wrong_item_fields_are_refused_naming_the_field(add, field, changes, message):
    refused = _refused(add, field, **changes)
    if message is not None:
        assert refused == message


def test_goods_with_a_sac_are_told_why(add):
    message = _refused(add, "hsn_code", hsn_code="9983")

    assert message == "9983 is a SAC (codes starting 99 are services); goods take an HSN code"


def test_code_and_name_are_unique_per_company(add, company, admin_user):
    from dataclasses import replace

    add()
    _refused(add, "code", name="Other")
    _refused(add, "name", code="OTHER")
    other = create_company_with_books(
        owner=admin_user, legal_name="Other Co", state_code="29", books_begin_date=date(2024, 4, 1)
    )
    create_item(company=other, actor=admin_user, details=replace(CEMENT))  # another company


def test_line_defaults_take_the_rate_in_force_on_the_document_date(add, company):
    item = add()

    before = get_item_line_defaults(company=company, item_id=item.id, on=SEPT_21, is_purchase=False)
    after = get_item_line_defaults(company=company, item_id=item.id, on=SEPT_22, is_purchase=True)

    assert (before.gst_rate_percent, before.price, before.unit) == (
        Decimal("28"),
        Decimal("385.00"),
        "BAG",
    )
    assert (after.gst_rate_percent, after.price) == (Decimal("18"), Decimal("340.50"))
    assert (after.description, after.hsn_code) == ("OPC 53 cement, 50 kg bag", "2523")


def test_item_rate_is_used_where_the_rate_data_has_none(add, company):
    item = add(
        ItemDetails(
            code="TILE",
            name="Vitrified tiles",
            hsn_code="6907",
            unit="SQM",
            gst_rate_percent=Decimal("18"),
            cess_percent=Decimal("0"),
        )
    )

    defaults = get_item_line_defaults(
        company=company, item_id=item.id, on=SEPT_22, is_purchase=False
    )

    assert (defaults.gst_rate_percent, defaults.cess_percent) == (Decimal("18"), Decimal("0"))


def test_no_rate_anywhere_is_refused(add, company):
    item = add(ItemDetails(code="TILE", name="Vitrified tiles", hsn_code="6907", unit="SQM"))

    with pytest.raises(RateNotFound):
        get_item_line_defaults(company=company, item_id=item.id, on=SEPT_22, is_purchase=False)


def test_update_records_the_changed_values_and_inactive_items_are_not_offered(
    add, company, admin_user
):
    from dataclasses import replace

    item = add()
    update_item(
        company=company,
        actor=admin_user,
        item_id=item.id,
        details=replace(CEMENT, sale_price=Decimal("390.00"), is_active=False),
    )

    record = AuditRecord.objects.latest("sequence")
    assert (record.action, record.before, record.after) == (
        "update",
        {"sale_price": "385.00", "is_active": True},
        {"sale_price": "390.00", "is_active": False},
    )
    assert list_items(company=company) == []
    with pytest.raises(NotFound, match="inactive"):
        get_item_line_defaults(company=company, item_id=item.id, on=SEPT_22, is_purchase=False)


def test_another_companys_item_is_not_found(add, admin_user):
    item = add()
    other = create_company_with_books(
        owner=admin_user, legal_name="Other Co", state_code="29", books_begin_date=date(2024, 4, 1)
    )

    with pytest.raises(NotFound):
        update_item(company=other, actor=admin_user, item_id=item.id, details=CEMENT)
    with pytest.raises(NotFound):
        get_item_line_defaults(company=other, item_id=item.id, on=SEPT_22, is_purchase=False)


def test_viewer_may_not_create_or_update_items(add, company):
    item = add()
    viewer = User.objects.create_user("viewer", "viewer@example.in", "pw")
    add_member(company=company, user=viewer, role=Role.VIEWER)

    with pytest.raises(PermissionDenied):
        create_item(company=company, actor=viewer, details=CEMENT)
    with pytest.raises(PermissionDenied):
        update_item(company=company, actor=viewer, item_id=item.id, details=CEMENT)
