"""Issuing costs a fixed number of queries, whatever the number of lines: the rates of every
line are read at once (the 100,000-invoice benchmark, bench/invoices.py, found the per-line rate
query among the largest costs of an issue)."""

from datetime import date

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from bahi.identity.models import AuditRecord
from bahi.invoicing.models import Document
from bahi.invoicing.services import issue_document, issue_new_document, save_draft_document
from bahi.invoicing.tests.conftest import line
from bahi.invoicing.types import DocumentDraft

OCT_1 = date(2025, 10, 1)
GOODS_AND_SERVICES = ("2523", "0406", "8415", "9983", "330610")


def _queries_to_issue(company, admin_user, party, hsn_codes) -> list[str]:
    draft = DocumentDraft(
        kind="sales_invoice",
        party_id=party.id,
        document_date=OCT_1,
        lines=tuple(line(code, "2", "150.00") for code in hsn_codes),
    )
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        document = save_draft_document(company=company, actor=admin_user, draft=draft)
        issue_document(company=company, actor=admin_user, document_id=document.id)
    return [query["sql"] for query in queries.captured_queries]


def test_issuing_a_five_line_invoice_takes_as_many_queries_as_a_one_line_invoice(
    company, admin_user, pune_customer
):
    _queries_to_issue(company, admin_user, pune_customer, ["2523"])  # the series' first number

    one_line = _queries_to_issue(company, admin_user, pune_customer, ["2523"])
    five_lines = _queries_to_issue(company, admin_user, pune_customer, GOODS_AND_SERVICES)

    # With the invoice.issued outbox event and the party read again at issue (credit limit).
    expected = {"sqlite": 40, "postgresql": 39}[connection.vendor]  # the ledger's insert differs
    assert len(five_lines) == len(one_line) == expected
    assert sum("gst_gstrate" in sql for sql in five_lines) == 1
    assert not any(sql.startswith("DELETE") for sql in five_lines)  # a new draft has no old lines


def _written(document) -> tuple:
    entry = document.journal_entry
    return (
        document.status,
        document.total_paise,
        document.cgst_paise,
        document.sgst_paise,
        [
            (
                line.line_no,
                line.hsn_code,
                line.taxable_paise,
                line.gst_rate_percent,
                line.cgst_paise,
            )
            for line in document.lines.order_by("line_no")
        ],
        entry.narration.split()[:-1],
        [
            (line.account_id, line.party_id, line.debit_paise, line.credit_paise)
            for line in entry.lines.order_by("line_no")
        ],
    )


def test_issuing_on_creation_writes_what_saving_then_issuing_writes_with_fewer_queries(
    company, admin_user, pune_customer
):
    draft = DocumentDraft(
        kind="sales_invoice",
        party_id=pune_customer.id,
        document_date=OCT_1,
        lines=tuple(line(code, "2", "150.00") for code in GOODS_AND_SERVICES),
    )
    _queries_to_issue(company, admin_user, pune_customer, ["2523"])  # the series' first number
    two_steps = _queries_to_issue(company, admin_user, pune_customer, GOODS_AND_SERVICES)
    with CaptureQueriesContext(connection) as queries:
        document, lines = issue_new_document(company=company, actor=admin_user, draft=draft)

    earlier = Document.objects.get(company=company, document_number="INV/25-26/000002")
    assert document.document_number == "INV/25-26/000003"
    assert _written(Document.objects.get(pk=document.pk)) == _written(earlier)
    assert [row.pk for row in lines] == list(
        document.lines.order_by("line_no").values_list("pk", flat=True)
    )
    # One edit-log record (the issue, with the whole document) instead of create then issue.
    records = AuditRecord.objects.filter(
        object_type="invoicing.document", object_id=str(document.pk)
    )
    assert list(records.values_list("action", flat=True)) == ["issue"]
    assert records.get().after["document_number"] == "INV/25-26/000003"
    assert len(queries.captured_queries) <= len(two_steps) - 10
