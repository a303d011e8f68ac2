"""preview_document: what saving a draft would compute, as unsaved rows, with nothing written;
the same rules and errors as save_draft_document."""

from datetime import date

import pytest

from bahi.core.errors import InvalidInput, PermissionDenied
from bahi.identity.models import AuditRecord, Membership, User
from bahi.invoicing.models import Document, DocumentLine
from bahi.invoicing.services import preview_document, save_draft_document
from bahi.invoicing.tests.conftest import line
from bahi.invoicing.types import DocumentDraft

OCT_1 = date(2025, 10, 1)


def _draft(party_id: int, **kwargs: object) -> DocumentDraft:
    return DocumentDraft(
        kind="sales_invoice",
        party_id=party_id,
        document_date=OCT_1,
        lines=(line("2523", "12.5", "333.33"),),
        **kwargs,  # type: ignore[arg-type]
    )


def test_preview_computes_what_saving_stores_and_writes_nothing(company, admin_user, pune_customer):
    before = (Document.objects.count(), DocumentLine.objects.count(), AuditRecord.objects.count())

    document, lines = preview_document(
        company=company, actor=admin_user, draft=_draft(pune_customer.pk)
    )

    assert document.pk is None
    assert (
        Document.objects.count(),
        DocumentLine.objects.count(),
        AuditRecord.objects.count(),
    ) == (before)
    saved = save_draft_document(company=company, actor=admin_user, draft=_draft(pune_customer.pk))
    fields = ("taxable_paise", "cgst_paise", "sgst_paise", "igst_paise", "round_off_paise")
    assert [getattr(document, f) for f in (*fields, "total_paise")] == [
        getattr(saved, f) for f in (*fields, "total_paise")
    ]
    assert (document.total_paise, document.place_of_supply) == (491700, "27")
    assert [(row.taxable_paise, row.cgst_paise, row.sgst_paise) for row in lines] == [
        (416663, 37500, 37500)
    ]


def test_preview_refuses_a_due_date_before_the_document_date(company, admin_user, pune_customer):
    with pytest.raises(InvalidInput) as refused:
        preview_document(
            company=company,
            actor=admin_user,
            draft=_draft(pune_customer.pk, due_date=date(2025, 9, 30)),
        )

    assert refused.value.details == {"field": "due_date"}


def test_a_viewer_may_not_preview(company, pune_customer):
    viewer = User.objects.create_user("v", "v@example.in", "correct horse battery")
    Membership.objects.create(user=viewer, company=company, role="viewer")

    with pytest.raises(PermissionDenied):
        preview_document(company=company, actor=viewer, draft=_draft(pune_customer.pk))
