"""The party pages: the list with its filters, creating and changing a party with every field,
the service's GSTIN reasons on their field, the bank account masked, per role and company."""

import re
from datetime import date
from decimal import Decimal

import pytest

from bahi.identity.models import AuditRecord, Membership
from bahi.invoicing.selectors import PAYABLE, build_party_balances, party_balance
from bahi.ledger.models import Party
from bahi.ledger.parties import add_party
from bahi.ledger.types import PartyDetails
from bahi.web.tests.masters.pages import field_errors, log_length, row_names

pytestmark = pytest.mark.django_db

KARNATAKA_GSTIN = "29AAPFU0939F1ZR"
MAHARASHTRA_GSTIN = "27AAPFU0939F1ZV"


def _form(**fields: str) -> dict[str, str]:
    return {
        "name": "Patil Hardware",
        "is_customer": "on",
        "gst_treatment": "",
        "gstin": "",
        "pan": "",
        "state_code": "27",
        "billing_address": "",
        "billing_pincode": "",
        "shipping_address": "",
        "shipping_state_code": "",
        "shipping_pincode": "",
        "credit_days": "0",
        "credit_limit": "",
        "email": "",
        "phone": "",
        "bank_account_number": "",
        "bank_ifsc": "",
        "is_active": "on",
        **fields,
    }


def _party(company, actor, name: str, **fields: object) -> Party:  # type: ignore[no-untyped-def]
    details = PartyDetails(name=name, **fields)  # type: ignore[arg-type]
    return add_party(company=company, actor=actor, details=details)


def test_the_list_filters_customers_and_suppliers_and_finds_a_party_by_gstin(
    signed_in, company, admin_user
):
    _party(company, admin_user, "Kulkarni Steel", is_supplier=True, gstin=MAHARASHTRA_GSTIN)
    _party(company, admin_user, "Anand Stores", is_customer=True)
    _party(company, admin_user, "Both Ways Traders", is_customer=True, is_supplier=True)

    assert row_names(signed_in.get("/masters/parties/").content.decode()) == [
        "Anand Stores",
        "Both Ways Traders",
        "Kulkarni Steel",
    ]
    suppliers = signed_in.get("/masters/parties/?side=suppliers").content.decode()
    assert row_names(suppliers) == ["Both Ways Traders", "Kulkarni Steel"]
    customers = signed_in.get("/masters/parties/?side=customers").content.decode()
    assert row_names(customers) == ["Anand Stores", "Both Ways Traders"]
    by_gstin = signed_in.get("/masters/parties/?search=aapfu0939").content.decode()
    assert row_names(by_gstin) == ["Kulkarni Steel"]
    assert "Registered, regular" in by_gstin
    assert "27-Maharashtra" in by_gstin


def test_the_list_pages_by_fifty_and_keeps_the_filters_in_the_page_links(
    signed_in, company, admin_user
):
    for number in range(52):
        _party(company, admin_user, f"Customer {number:02d}", is_customer=True)
    first = signed_in.get("/masters/parties/?side=customers").content.decode()
    assert len(row_names(first)) == 50
    assert "52 parties" in first
    assert "Page 1 of 2" in first
    assert 'href="?side=customers&amp;page=2"' in first
    second = signed_in.get("/masters/parties/?side=customers&page=2").content.decode()
    assert row_names(second) == ["Customer 50", "Customer 51"]


def test_an_htmx_filter_request_gets_the_results_partial_only(signed_in, company, admin_user):
    _party(company, admin_user, "Anand Stores", is_customer=True)
    response = signed_in.get("/masters/parties/?search=anand", headers={"HX-Request": "true"})
    page = response.content.decode()
    assert '<div id="party-browser"' in page
    assert "<html" not in page
    assert row_names(page) == ["Anand Stores"]


def test_creating_a_party_with_every_field_stores_each_and_writes_the_edit_log(signed_in, company):
    before = log_length(company)
    response = signed_in.post(
        "/masters/parties/new/",
        _form(
            name="Kulkarni Steel Pvt Ltd",
            is_supplier="on",
            gst_treatment="regular",
            gstin=KARNATAKA_GSTIN.lower(),
            state_code="29",
            billing_address="12 MG Road, Bengaluru",
            billing_pincode="560001",
            shipping_address="Plot 4, Peenya Industrial Area",
            shipping_state_code="29",
            shipping_pincode="560058",
            credit_days="45",
            credit_limit="15,00,000.50",
            email="accounts@kulkarni.example.in",
            phone="+91 80 2222 3333",
            bank_account_number="001234567890",
            bank_ifsc="hdfc0000123",
        ),
    )
    assert response.status_code == 303
    assert response["Location"] == "/masters/parties/"
    party = Party.objects.get(company=company, name="Kulkarni Steel Pvt Ltd")
    assert (party.is_customer, party.is_supplier, party.gst_treatment) == (True, True, "regular")
    assert (party.gstin, party.pan, party.state_code) == (KARNATAKA_GSTIN, "AAPFU0939F", "29")
    assert (party.billing_address, party.billing_pincode) == ("12 MG Road, Bengaluru", "560001")
    assert (party.shipping_address, party.shipping_state_code, party.shipping_pincode) == (
        "Plot 4, Peenya Industrial Area",
        "29",
        "560058",
    )
    assert (party.credit_days, party.credit_limit_paise) == (45, 150000050)
    assert (party.email, party.phone) == ("accounts@kulkarni.example.in", "+91 80 2222 3333")
    assert (party.bank_account_number, party.bank_ifsc) == ("001234567890", "HDFC0000123")
    record = AuditRecord.objects.get(company=company, object_type="ledger.party")
    assert (record.action, record.object_id) == ("create", str(party.pk))
    assert record.after["bank_account_number"] == "********7890"
    assert log_length(company) == before + 1


def test_a_gstin_with_a_wrong_check_character_is_refused_on_its_field_and_nothing_is_written(
    signed_in, company
):
    before = (Party.objects.count(), log_length(company))
    response = signed_in.post(
        "/masters/parties/new/", _form(gstin="27AAPFU0939F1ZA", gst_treatment="regular")
    )
    assert response.status_code == 422
    errors = field_errors(response.content.decode(), "gstin")
    assert len(errors) == 1
    assert "check character" in errors[0]
    assert (Party.objects.count(), log_length(company)) == before


def test_a_gstin_of_another_state_than_the_billing_state_names_both_on_the_state_field(
    signed_in, company
):
    before = (Party.objects.count(), log_length(company))
    response = signed_in.post(
        "/masters/parties/new/", _form(gstin=KARNATAKA_GSTIN, state_code="27")
    )
    assert response.status_code == 422
    assert field_errors(response.content.decode(), "state_code") == [
        f"GSTIN {KARNATAKA_GSTIN} is registered in Karnataka (29), "
        "but the party&#x27;s billing state is 27"
    ]
    assert (Party.objects.count(), log_length(company)) == before


def test_a_party_that_is_neither_customer_nor_supplier_is_refused(signed_in, company):
    form = _form()
    del form["is_customer"]
    response = signed_in.post("/masters/parties/new/", form)
    assert response.status_code == 422
    page = response.content.decode()
    assert field_errors(page, "is_customer") == ["Tick customer, supplier or both"]
    assert not Party.objects.filter(company=company).exists()


def test_the_state_pickers_offer_current_states_and_other_countries_but_not_old_codes(signed_in):
    page = signed_in.get("/masters/parties/new/").content.decode()
    picker = re.search(r'<select name="state_code".*?</select>', page, re.S).group(0)
    codes = re.findall(r'<option value="(\d*)"', picker)
    assert codes[:3] == ["", "01", "02"]
    assert "29" in codes
    assert "96" in codes
    assert "28" not in codes
    assert "25" not in codes
    assert 'name="shipping_state_code"' in page
    assert 'name="clear_bank_account"' not in page  # nothing on file to remove


def test_the_edit_form_shows_the_bank_account_masked_and_a_blank_number_keeps_it(
    signed_in, company, admin_user
):
    party = _party(
        company,
        admin_user,
        "Anand Stores",
        is_customer=True,
        bank_account_number="001234567890",
        bank_ifsc="HDFC0000123",
        credit_limit=Decimal("50000.00"),
    )
    page = signed_in.get(f"/masters/parties/{party.pk}/").content.decode()
    assert "001234567890" not in page
    assert "On file: ********7890. Leave blank to keep it." in page
    assert 'value="50000.00"' in page

    response = signed_in.post(
        f"/masters/parties/{party.pk}/",
        _form(name="Anand Stores", credit_days="30", bank_ifsc="HDFC0000123"),
    )
    assert response.status_code == 303
    party.refresh_from_db()
    assert (party.credit_days, party.credit_limit_paise) == (30, None)
    assert (party.bank_account_number, party.bank_ifsc) == ("001234567890", "HDFC0000123")
    record = AuditRecord.objects.filter(company=company, action="update").get()
    assert (record.object_type, record.object_id) == ("ledger.party", str(party.pk))
    assert (record.before, record.after) == (
        {"credit_days": 0, "credit_limit": "50000.00", "state_code": ""},
        {"credit_days": 30, "credit_limit": None, "state_code": "27"},
    )


def test_removing_the_bank_details_clears_both(signed_in, company, admin_user):
    party = _party(
        company,
        admin_user,
        "Anand Stores",
        is_customer=True,
        state_code="27",
        bank_account_number="001234567890",
        bank_ifsc="HDFC0000123",
    )
    form = _form(name="Anand Stores", bank_ifsc="HDFC0000123", clear_bank_account="on")
    assert signed_in.post(f"/masters/parties/{party.pk}/", form).status_code == 303
    party.refresh_from_db()
    assert (party.bank_account_number, party.bank_ifsc) == ("", "")


def test_a_viewer_reads_a_party_without_edit_buttons_and_may_not_post(as_role, company, admin_user):
    party = _party(company, admin_user, "Anand Stores", is_customer=True, state_code="27")
    client = as_role("viewer")
    listing = client.get("/masters/parties/").content.decode()
    assert "Anand Stores" in listing
    assert "New party" not in listing
    page = client.get(f"/masters/parties/{party.pk}/").content.decode()
    assert 'name="name" value="Anand Stores"' in page
    assert re.search(r'<input type="text" name="name"[^>]*disabled', page)
    assert "<button" not in page.split('id="party-form"')[1].split("</form>")[0]
    before = log_length(company)
    assert client.get("/masters/parties/new/").status_code == 403
    assert client.post("/masters/parties/new/", _form(name="Viewer's party")).status_code == 403
    edit = client.post(f"/masters/parties/{party.pk}/", _form(name="Renamed"))
    assert edit.status_code == 403
    party.refresh_from_db()
    assert party.name == "Anand Stores"
    assert not Party.objects.filter(name="Viewer's party").exists()
    assert log_length(company) == before


def test_an_accountant_saves_a_party(as_role, company, admin_user):
    party = _party(company, admin_user, "Anand Stores", is_customer=True, state_code="27")
    client = as_role("accountant")
    response = client.post(f"/masters/parties/{party.pk}/", _form(name="Anand Stores LLP"))
    assert response.status_code == 303
    party.refresh_from_db()
    assert party.name == "Anand Stores LLP"


def test_another_companys_party_is_not_found_and_stays_unchanged(signed_in, other_company):
    owner = Membership.objects.get(company=other_company).user
    theirs = _party(other_company, owner, "Verma Buyer", is_customer=True, state_code="07")
    assert signed_in.get(f"/masters/parties/{theirs.pk}/").status_code == 404
    response = signed_in.post(f"/masters/parties/{theirs.pk}/", _form(name="Taken over"))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.name == "Verma Buyer"
    assert "Verma Buyer" not in signed_in.get("/masters/parties/").content.decode()


def test_the_list_shows_each_partys_balance_on_its_control_accounts_dr_or_cr(
    signed_in, company, admin_user, post
):
    customer = _party(company, admin_user, "Anand Stores", is_customer=True, state_code="27")
    supplier = _party(company, admin_user, "Kulkarni Steel", is_supplier=True, state_code="27")
    _party(company, admin_user, "Quiet Buyer", is_customer=True)
    post(
        date(2024, 5, 1),
        [("sundry_debtors", "11800.00", "", customer.pk), ("sales", "", "11800.00")],
    )
    post(
        date(2024, 5, 9), [("bank", "1800.50", ""), ("sundry_debtors", "", "1800.50", customer.pk)]
    )
    post(
        date(2024, 5, 2),
        [("purchases", "5000.00", ""), ("sundry_creditors", "", "5000.00", supplier.pk)],
    )
    # A line naming the customer on another account is not its balance.
    post(date(2024, 5, 3), [("bank", "700.00", "", customer.pk), ("capital", "", "700.00")])

    page = signed_in.get("/masters/parties/").content.decode()
    balances = re.findall(r'<td class="num amount">([^<]*)</td>', page)
    assert balances == ["₹9,999.50 Dr", "₹5,000.00 Cr", "₹0.00"]
    assert party_balance(company=company, party_id=customer.pk) == Decimal("9999.50")
    assert party_balance(company=company, party_id=supplier.pk, side=PAYABLE) == Decimal("5000.00")


def test_a_pages_balances_are_read_in_one_query(
    company, admin_user, post, django_assert_num_queries
):
    parties = [
        _party(company, admin_user, f"Customer {number}", is_customer=True) for number in range(3)
    ]
    for party in parties:
        post(
            date(2024, 5, 1), [("sundry_debtors", "100.00", "", party.pk), ("sales", "", "100.00")]
        )
    with django_assert_num_queries(1):
        balances = build_party_balances(company=company, party_ids=[p.pk for p in parties])
    assert balances == {party.pk: 10000 for party in parties}
