"""The document form: the server's preview of taxes and totals, saving a draft, issuing from
the form (the journal entry it posts), errors on the line they name with nothing written, the
browser's idempotency key, roles and another company's ids."""

from django.urls import reverse

from bahi.identity.models import AuditRecord
from bahi.invoicing.models import Document
from bahi.ledger.models import JournalEntry, JournalLine
from bahi.ledger.services import create_party
from bahi.web.tests.sales.conftest import form_data

CEMENT_LINE = {"description": "Cement", "hsn_code": "2523", "quantity": "12.5", "rate": "333.33"}
PREVIEW = reverse("sales:document-preview")
CREATE = reverse("sales:sales-create")


def _written() -> tuple[int, int, int]:
    return Document.objects.count(), JournalEntry.objects.count(), AuditRecord.objects.count()


def test_preview_shows_tax_by_head_and_the_rounded_total_and_writes_nothing(
    accountant_client, customer
):
    before = _written()
    response = accountant_client.post(PREVIEW, form_data(customer, [CEMENT_LINE]))

    body = response.content.decode()
    assert response.status_code == 200
    assert "₹4,166.63" in body  # 12.5 x 333.33 = 4,166.625
    assert body.count("₹375.00") == 2  # CGST and SGST at 9% each
    assert "₹0.37" in body  # 4,916.63 rounds to 4,917
    assert '<td class="num amount" id="grand-total">₹4,917.00</td>' in body
    assert "Maharashtra (27)" in body
    assert _written() == before


def test_preview_takes_description_hsn_unit_and_price_from_the_picked_item(
    accountant_client, customer, cement
):
    response = accountant_client.post(
        PREVIEW, form_data(customer, [{"item": str(cement.pk), "quantity": "2"}])
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "Cement bag" in body
    assert "2 BAG" in body
    assert "₹666.66" in body  # 2 x 333.33
    assert '<td class="num">18%</td>' in body


def test_preview_of_a_bad_hsn_code_names_the_line_with_422(accountant_client, customer):
    response = accountant_client.post(
        PREVIEW, form_data(customer, [{**CEMENT_LINE, "hsn_code": "12"}])
    )

    assert response.status_code == 422
    assert "line 1" in response.content.decode()


def test_saving_a_draft_stores_the_computed_totals(accountant_client, customer):
    response = accountant_client.post(
        CREATE, {**form_data(customer, [CEMENT_LINE]), "action": "draft"}
    )

    document = Document.objects.get()
    assert response.status_code == 303
    assert response["Location"] == reverse("sales:document-detail", args=[document.pk])
    assert (document.status, document.total_paise, document.round_off_paise) == (
        "draft",
        491700,
        37,
    )
    assert JournalEntry.objects.count() == 0


def test_issuing_from_the_form_numbers_the_invoice_and_posts_its_entry(accountant_client, customer):
    response = accountant_client.post(
        CREATE, {**form_data(customer, [CEMENT_LINE]), "action": "issue"}
    )

    document = Document.objects.get()
    assert response.status_code == 303
    assert (document.status, document.document_number) == ("issued", "INV/25-26/000001")
    lines = JournalLine.objects.filter(entry=document.journal_entry)
    assert sorted(
        (line.account.system_role, line.debit_paise, line.credit_paise) for line in lines
    ) == [
        ("gst_output_cgst", 0, 37500),
        ("gst_output_sgst", 0, 37500),
        ("round_off", 0, 37),
        ("sales", 0, 416663),
        ("sundry_debtors", 491700, 0),
    ]
    # Created and issued at once: the edit log has the issue, with the whole document.
    records = AuditRecord.objects.filter(object_type="invoicing.document")
    assert list(records.values_list("action", flat=True)) == ["issue"]


def test_an_error_on_issue_shows_on_its_line_with_422_and_writes_nothing(
    accountant_client, customer
):
    before = _written()
    data = {
        **form_data(customer, [CEMENT_LINE, {**CEMENT_LINE, "hsn_code": "99x"}]),
        "action": "issue",
    }
    response = accountant_client.post(CREATE, data)

    assert response.status_code == 422
    assert 'id="id_lines-1-hsn_code"' in response.content.decode()
    assert response.context["lines"].forms[1].errors["hsn_code"]
    assert _written() == before


def test_the_same_form_submitted_twice_with_its_key_makes_one_document(accountant_client, customer):
    data = {
        **form_data(customer, [CEMENT_LINE], idempotency_key="key-1234-abcd"),
        "action": "draft",
    }
    first = accountant_client.post(CREATE, data)
    second = accountant_client.post(CREATE, data)

    assert Document.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_add_line_shows_one_more_blank_line_and_saves_nothing(accountant_client, customer):
    response = accountant_client.post(
        CREATE, {**form_data(customer, [CEMENT_LINE]), "action": "add_line"}
    )

    assert response.status_code == 200
    assert len(response.context["lines"].forms) == 2
    assert Document.objects.count() == 0


def test_a_viewer_is_refused_the_form_and_the_preview_and_nothing_is_written(
    viewer_client, customer
):
    before = _written()
    data = {**form_data(customer, [CEMENT_LINE]), "action": "issue"}

    assert viewer_client.get(CREATE).status_code == 403
    assert viewer_client.post(CREATE, data).status_code == 403
    assert viewer_client.post(PREVIEW, data).status_code == 403
    assert _written() == before


def test_another_companys_party_or_item_answers_404_and_nothing_is_written(
    accountant_client, customer, other
):
    before = _written()
    with_their_party = {**form_data(other["party"], [CEMENT_LINE]), "action": "issue"}
    with_their_item = {
        **form_data(customer, [{"item": str(other["item"].pk), "quantity": "1"}]),
        "action": "issue",
    }

    assert accountant_client.post(CREATE, with_their_party).status_code == 404
    assert accountant_client.post(CREATE, with_their_item).status_code == 404
    assert accountant_client.post(PREVIEW, with_their_item).status_code == 404
    assert _written() == before


def test_a_credit_note_from_the_form_adjusts_its_invoice_and_reduces_what_is_owed(
    accountant_client, customer, invoice, company
):
    # 1 bag at 333.33 back: CGST and SGST 30.00 each (29.9997), 393.33 rounds to 393.00.
    data = {
        **form_data(customer, [{**CEMENT_LINE, "quantity": "1"}], kind="credit_note"),
        "against_document": str(invoice.pk),
        "action": "issue",
    }

    response = accountant_client.post(CREATE, data)

    note = Document.objects.get(kind="credit_note")
    assert response.status_code == 303
    assert (note.against_document_id, note.total_paise, note.round_off_paise) == (
        invoice.pk,
        39300,
        -33,
    )
    listed = accountant_client.get(reverse("sales:sales-list")).context["rows"]
    assert {row["number"]: row["outstanding"] for row in listed}[invoice.document_number] == (
        "₹4,524.00"
    )


def test_a_credit_note_without_its_invoice_is_refused_on_that_field(accountant_client, customer):
    data = {**form_data(customer, [CEMENT_LINE], kind="credit_note"), "action": "issue"}

    response = accountant_client.post(CREATE, data)

    assert response.status_code == 422
    assert response.context["form"].errors["against_document"]
    assert Document.objects.count() == 0


def test_a_supplier_bill_from_the_purchase_form_posts_input_gst(
    accountant_client, company, admin_user
):
    supplier = create_party(
        company=company,
        actor=admin_user,
        name="Ambuja Dealer",
        is_supplier=True,
        gstin="27AAPFU0939F1ZV",
    )
    bill_line = {"description": "Cement", "hsn_code": "2523", "quantity": "10", "rate": "100.00"}
    data = {
        **form_data(supplier, [bill_line], kind="purchase_bill", reference="AD/778"),
        "action": "issue",
    }

    response = accountant_client.post(reverse("sales:purchase-create"), data)

    bill = Document.objects.get()
    assert response.status_code == 303
    lines = JournalLine.objects.filter(entry=bill.journal_entry)
    assert sorted(
        (line.account.system_role, line.debit_paise, line.credit_paise) for line in lines
    ) == [
        ("gst_input_cgst", 9000, 0),
        ("gst_input_sgst", 9000, 0),
        ("purchases", 100000, 0),
        ("sundry_creditors", 0, 118000),
    ]
    listed = accountant_client.get(reverse("sales:purchase-list")).content.decode()
    assert "₹1,180.00" in listed


def test_a_draft_opens_in_the_form_with_its_lines_and_saves_its_changes(
    accountant_client, customer
):
    accountant_client.post(CREATE, {**form_data(customer, [CEMENT_LINE]), "action": "draft"})
    document = Document.objects.get()
    edit = reverse("sales:document-edit", args=[document.pk])

    shown = accountant_client.get(edit)
    changed = {**form_data(customer, [{**CEMENT_LINE, "quantity": "1"}]), "action": "draft"}
    saved = accountant_client.post(edit, changed)

    document.refresh_from_db()
    assert shown.context["lines"].forms[0]["rate"].value() == "333.33"
    assert saved.status_code == 303
    assert (Document.objects.count(), document.total_paise) == (1, 39300)


def test_an_issued_document_does_not_open_in_the_form(accountant_client, invoice):
    response = accountant_client.get(reverse("sales:document-edit", args=[invoice.pk]))

    assert response.status_code == 303
    assert response["Location"] == reverse("sales:document-detail", args=[invoice.pk])
