"""Issuing costs a fixed number of queries, whatever the number of lines: the rates of every
line are read at once (the 100,000-invoice benchmark, bench/invoices.py, found the per-line rate
query among the largest costs of an issue)."""

from datetime import date

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from bahi.invoicing.services import issue_document, save_draft_document
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
