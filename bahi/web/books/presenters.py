"""The books pages' figures as people read them: ₹ with lakh/crore grouping, DD-MM-YYYY."""

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils import timezone

from bahi.core.formatting import format_date, format_inr
from bahi.core.money import from_paise
from bahi.ledger.models import EntryStatus, JournalEntry, JournalLine
from bahi.ledger.schedule_iii import BY_CODE
from bahi.web.books.selectors import EntryDetail, TreeRow


def rupees(paise: int) -> str:
    return format_inr(from_paise(paise))


def voucher_label(entry: JournalEntry) -> str:
    return entry.voucher_number or f"Draft #{entry.pk}"


def entry_row(entry: JournalEntry) -> dict[str, Any]:
    return {
        "id": entry.pk,
        "url": reverse("books:entry-detail", args=[entry.pk]),
        "voucher": voucher_label(entry),
        "date": format_date(entry.entry_date),
        "narration": entry.narration,
        "amount": rupees(entry.total_paise),
        "status": entry.get_status_display(),
        "is_draft": entry.status == EntryStatus.DRAFT,
        "is_reversed": bool(getattr(entry, "is_reversed", False)),
        "is_reversal": entry.reverses_id is not None,
    }


def tree_row(row: TreeRow) -> dict[str, Any]:
    account = row.account
    line = BY_CODE.get(account.schedule_iii)
    return {
        "id": account.pk,
        "depth": min(row.depth, 8),
        "code": account.code,
        "name": account.name,
        "kind": "Group" if account.is_group else "Ledger",
        "is_group": account.is_group,
        "schedule_iii": line.title if line else "",
        "is_active": account.is_active,
        "is_system": bool(account.system_role),
        "nature": account.get_nature_display(),
    }


@dataclass(frozen=True)
class LineView:
    line_no: int
    account: str
    party: str
    debit: str
    credit: str


def _line_view(line: JournalLine) -> LineView:
    return LineView(
        line_no=line.line_no,
        account=f"{line.account.code} · {line.account.name}",
        party=line.party.name if line.party else "",
        debit=rupees(line.debit_paise) if line.debit_paise else "",
        credit=rupees(line.credit_paise) if line.credit_paise else "",
    )


def _link(entry: JournalEntry | None) -> dict[str, str] | None:
    if entry is None:
        return None
    return {"url": reverse("books:entry-detail", args=[entry.pk]), "voucher": voucher_label(entry)}


def entry_detail(detail: EntryDetail) -> dict[str, Any]:
    entry = detail.entry
    created_by = entry.created_by
    return {
        **entry_row(entry),
        "lines": [_line_view(line) for line in detail.lines],
        "debit_total": rupees(detail.debit_paise),
        "credit_total": rupees(detail.credit_paise),
        "created_by": (created_by.email or created_by.get_username()) if created_by else "",
        "created_at": timezone.localtime(entry.created_at).strftime("%d-%m-%Y %H:%M"),
        "reversal": _link(detail.reversal),
        "original": _link(entry.reverses),
        "is_reversed": detail.reversal is not None,
        "can_be_reversed": entry.status == EntryStatus.POSTED
        and detail.reversal is None
        and entry.reverses_id is None,
    }
