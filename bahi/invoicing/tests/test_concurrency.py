"""Concurrent issuers: document numbers stay gapless and unique, and one document posts once.

PostgreSQL only (threads need their own connections to a shared database; on SQLite BEGIN
IMMEDIATE serialises write transactions, so these races cannot happen there)."""

from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
from django.conf import settings
from django.db import connection

from bahi.invoicing.models import Document
from bahi.invoicing.services import issue_document
from bahi.invoicing.tests.conftest import line
from bahi.ledger.models import JournalEntry

pytestmark = [
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="needs PostgreSQL: threads cannot share SQLite's in-memory test database",
    ),
    pytest.mark.django_db(transaction=True),
]

OCT_1 = date(2025, 10, 1)


def _in_threads(*calls):
    def run(call):
        try:
            return call()
        except Exception as error:  # noqa: BLE001  (the test inspects what each thread raised)
            return error
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))


def test_concurrent_issues_take_consecutive_numbers(draft, pune_customer, company, admin_user):
    drafts = [draft(pune_customer, OCT_1, [line("2523", "1", "400.00")]) for _ in range(6)]
    results = _in_threads(
        *(
            lambda document_id=document.id: issue_document(
                company=company, actor=admin_user, document_id=document_id
            )
            for document in drafts
        )
    )
    assert [type(result) for result in results] == [Document] * 6
    numbers = sorted(Document.objects.filter(company=company).values_list("number", flat=True))
    assert numbers == [1, 2, 3, 4, 5, 6]


def test_one_document_issued_from_two_threads_posts_once(draft, pune_customer, company, admin_user):
    document = draft(pune_customer, OCT_1, [line("2523", "1", "400.00")])

    def issue():
        return issue_document(company=company, actor=admin_user, document_id=document.id)

    first, second = _in_threads(issue, issue)

    assert (first.document_number, second.document_number) == (
        "INV/25-26/000001",
        "INV/25-26/000001",
    )
    assert (
        JournalEntry.objects.filter(company=company, source_type="invoicing.document").count() == 1
    )
