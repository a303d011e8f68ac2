"""The party master: GST treatment against the GSTIN, addresses, credit terms, bank details
encrypted at rest, and an edit-log record with before and after values for every change."""

from decimal import Decimal

import pytest
from django.db import connection

from bahi.core.errors import InvalidInput, NotFound, PermissionDenied
from bahi.identity.models import AuditRecord, Role, User
from bahi.identity.services import add_member
from bahi.ledger.models import Party
from bahi.ledger.parties import add_party, update_party
from bahi.ledger.services import create_company_with_books, create_party
from bahi.ledger.types import PartyDetails

pytestmark = pytest.mark.django_db

KARNATAKA_GSTIN = "29AAFCC9980M1ZR"


@pytest.fixture
def add(company, admin_user):
    def make(**fields):
        fields.setdefault("name", "Bengaluru Tech")
        return add_party(company=company, actor=admin_user, details=PartyDetails(**fields))

    return make


def _refused(add, field, **fields):
    before = Party.objects.count(), AuditRecord.objects.count()
    with pytest.raises(InvalidInput) as caught:
        add(**fields)
    assert caught.value.details["field"] == field
    assert (Party.objects.count(), AuditRecord.objects.count()) == before
    return caught.value.message


def test_registered_party_takes_its_state_from_the_gstin(add):
    party = add(gst_treatment="regular", gstin=KARNATAKA_GSTIN.lower())

    assert (party.gstin, party.state_code, party.is_registered) == (KARNATAKA_GSTIN, "29", True)
    assert party.pan == "AAFCC9980M"  # taken from the GSTIN


def test_gst_treatment_is_inferred_when_not_given(add):
    assert add(name="A", gstin=KARNATAKA_GSTIN).gst_treatment == "regular"
    assert add(name="B", state_code="96").gst_treatment == "overseas"
    assert add(name="C", state_code="27").gst_treatment == "unregistered"


def test_registered_treatments_need_a_gstin(add):
    for treatment in ("regular", "composition", "sez", "deemed_export"):
        message = _refused(add, "gstin", gst_treatment=treatment, state_code="29")
        assert "needs its GSTIN" in message


def test_gstin_with_a_wrong_check_character_is_refused_with_the_reason(add):
    message = _refused(add, "gstin", gst_treatment="composition", gstin="24AANFA2641L1ZK")

    assert message == (
        "24AANFA2641L1ZK: the check character is 'K' but should be 'F'; "
        "a character was probably mistyped."
    )


def test_gstin_of_another_state_than_the_billing_state_is_refused(add):
    message = _refused(add, "state_code", gstin=KARNATAKA_GSTIN, state_code="27")

    assert message == (
        "GSTIN 29AAFCC9980M1ZR is registered in Karnataka (29), but the party's billing state is 27"
    )


def test_unregistered_consumer_and_overseas_parties_have_no_gstin(add):
    for treatment in ("unregistered", "consumer", "overseas"):
        message = _refused(add, "gstin", gst_treatment=treatment, gstin=KARNATAKA_GSTIN)
        assert "has no GSTIN" in message


def test_pan_must_be_the_one_inside_the_gstin(add):
    message = _refused(add, "pan", gstin=KARNATAKA_GSTIN, pan="AAPFU0939F")

    assert message == "PAN AAPFU0939F is not the PAN in GSTIN 29AAFCC9980M1ZR"
    assert add(gstin=KARNATAKA_GSTIN, pan="aafcc9980m").pan == "AAFCC9980M"


def test_overseas_party_is_billed_in_other_countries(add):
    assert add(gst_treatment="overseas").state_code == "96"
    _refused(add, "state_code", name="X", gst_treatment="overseas", state_code="27")


def test_consumer_state_must_be_an_indian_state(add):
    _refused(add, "state_code", gst_treatment="consumer", state_code="96")
    _refused(add, "state_code", gst_treatment="consumer", state_code="28")  # legacy code
    assert add(gst_treatment="consumer", state_code="04").state_code == "04"


@pytest.mark.parametrize(
    ("field", "fields"),
    [
        ("billing_pincode", {"billing_pincode": "012345"}),
        ("shipping_pincode", {"shipping_pincode": "41100"}),
        ("shipping_state_code", {"shipping_state_code": "00"}),
        ("phone", {"phone": "call me"}),
        ("pan", {"pan": "AAPFU093"}),
        ("credit_days", {"credit_days": 400}),
        ("credit_limit", {"credit_limit": Decimal("-1.00")}),
        ("bank_ifsc", {"bank_account_number": "50100012345678"}),
        ("bank_ifsc", {"bank_account_number": "50100012345678", "bank_ifsc": "HDFC1234567"}),
        ("bank_account_number", {"bank_account_number": "12AB", "bank_ifsc": "HDFC0001234"}),
        ("gst_treatment", {"gst_treatment": "exempt"}),
        ("name", {"name": "  "}),
    ],
)
def test_wrong_master_fields_are_refused_naming_the_field(add, field, fields):
    _refused(add, field, **fields)


def test_full_master_is_stored_with_credit_terms_in_paise(add):
    party = add(
        gst_treatment="sez",
        gstin=KARNATAKA_GSTIN,
        billing_address="12 Whitefield Road, Bengaluru",
        billing_pincode="560066",
        shipping_address="SEZ Gate 2, Electronic City",
        shipping_state_code="29",
        shipping_pincode="560100",
        credit_days=45,
        credit_limit=Decimal("250000.50"),
        email="accounts@example.in",
        phone="+91 80 4000 1234",
    )
    party.refresh_from_db()

    assert (party.gst_treatment, party.credit_days, party.credit_limit_paise) == (
        "sez",
        45,
        25000050,
    )
    assert (party.shipping_state_code, party.shipping_pincode) == ("29", "560100")


def test_bank_account_and_ifsc_are_stored_sealed_and_read_back(add):
    party = add(
        is_supplier=True,
        gstin=KARNATAKA_GSTIN,
        bank_account_number="50100012345678",
        bank_ifsc="hdfc0001234",
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT bank_account_number, bank_ifsc FROM ledger_party WHERE id = %s", [party.id]
        )
        stored = cursor.fetchone()

    assert all(value.startswith("v1:") for value in stored)
    assert "50100012345678" not in stored[0]
    assert "HDFC0001234" not in stored[1]
    loaded = Party.objects.get(pk=party.pk)
    assert (loaded.bank_account_number, loaded.bank_ifsc) == ("50100012345678", "HDFC0001234")


def test_creating_a_party_records_it_with_bank_details_masked(add):
    party = add(
        gstin=KARNATAKA_GSTIN, bank_account_number="50100012345678", bank_ifsc="HDFC0001234"
    )
    record = AuditRecord.objects.filter(object_type="ledger.party").latest("sequence")

    assert (record.action, record.object_id) == ("create", str(party.id))
    assert record.after["bank_account_number"] == "**********5678"
    assert record.after["bank_ifsc"] == "*******1234"
    assert record.after["gst_treatment"] == "regular"


def test_update_records_only_the_changed_values_before_and_after(add, company, admin_user):
    party = add(gstin=KARNATAKA_GSTIN, credit_days=30)
    details = PartyDetails(
        name="Bengaluru Tech", gstin=KARNATAKA_GSTIN, credit_days=60, credit_limit=Decimal("5000")
    )

    updated = update_party(company=company, actor=admin_user, party_id=party.id, details=details)

    record = AuditRecord.objects.latest("sequence")
    assert (updated.credit_days, updated.credit_limit_paise) == (60, 500000)
    assert record.action == "update"
    assert record.before == {"credit_days": 30, "credit_limit": None}
    assert record.after == {"credit_days": 60, "credit_limit": "5000.00"}


def test_update_to_a_wrong_treatment_changes_nothing(add, company, admin_user):
    party = add(gstin=KARNATAKA_GSTIN)
    records = AuditRecord.objects.count()

    with pytest.raises(InvalidInput):
        update_party(
            company=company,
            actor=admin_user,
            party_id=party.id,
            details=PartyDetails(name="Bengaluru Tech", gst_treatment="consumer", gstin="x"),
        )

    party.refresh_from_db()
    assert (party.gst_treatment, party.gstin) == ("regular", KARNATAKA_GSTIN)
    assert AuditRecord.objects.count() == records


def test_update_refuses_the_name_of_another_party(add, company, admin_user):
    add(name="First")
    second = add(name="Second")

    with pytest.raises(InvalidInput, match="already exists"):
        update_party(
            company=company,
            actor=admin_user,
            party_id=second.id,
            details=PartyDetails(name="First"),
        )


def test_another_companys_party_is_not_found(add, admin_user):
    party = add()
    other = create_company_with_books(
        owner=admin_user,
        legal_name="Other Co",
        state_code="29",
        books_begin_date=party.company.books_begin_date,
    )

    with pytest.raises(NotFound):
        update_party(
            company=other, actor=admin_user, party_id=party.id, details=PartyDetails(name="X")
        )


def test_viewer_may_not_add_or_update_parties(add, company):
    party = add()
    viewer = User.objects.create_user("viewer", "viewer@example.in", "pw")
    add_member(company=company, user=viewer, role=Role.VIEWER)

    with pytest.raises(PermissionDenied):
        add_party(company=company, actor=viewer, details=PartyDetails(name="New"))
    with pytest.raises(PermissionDenied):
        update_party(
            company=company, actor=viewer, party_id=party.id, details=PartyDetails(name="X")
        )


def test_create_party_keeps_its_short_form(company, admin_user):
    party = create_party(
        company=company, actor=admin_user, name="Pune Hardware", is_customer=True, state_code="27"
    )

    assert (party.gst_treatment, party.state_code, party.is_customer) == (
        "unregistered",
        "27",
        True,
    )
