"""The dashboard's figures as people read them (₹ with lakh grouping, DD-MM-YYYY) and the chart's
data, each with the report page that explains it."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from bahi.core.fiscal import fiscal_year_of
from bahi.core.formatting import format_date, format_inr
from bahi.core.money import from_paise
from bahi.web.dashboard.ageing import BUCKETS, AgeingSummary
from bahi.web.dashboard.links import ledger_url, report_url
from bahi.web.dashboard.selectors import Dashboard, next_month

GST_HEAD_NAMES = {"cgst": "CGST", "sgst": "SGST / UTGST", "igst": "IGST", "cess": "Cess"}


def rupees(paise: int) -> str:
    return format_inr(from_paise(paise))


@dataclass(frozen=True)
class Cell:
    """A figure and where it leads (None: no report page for it)."""

    text: str
    url: str | None = None
    negative: bool = False


def cell(paise: int, url: str | None = None) -> Cell:
    return Cell(rupees(paise), url, paise < 0)


def _ageing_rows(summary: AgeingSummary, label: str, url: str | None) -> dict[str, object]:
    return {
        "label": label,
        "buckets": [cell(value, url) for value in summary.buckets_paise],
        "advance": cell(summary.advance_paise, url),
        "total": cell(summary.total_paise, url),
        "parties": len([p for p in summary.parties if p.total_paise]),
    }


def _ageing(data: Dashboard) -> dict[str, object]:
    year_from, as_of, roles = data.year.start, data.as_of, data.roles
    sides = [
        _ageing_rows(
            data.receivables,
            "Receivables",
            ledger_url(roles["sundry_debtors"], year_from, as_of),
        ),
        _ageing_rows(
            data.payables, "Payables", ledger_url(roles["sundry_creditors"], year_from, as_of)
        ),
    ]
    return {"ageing": sides, "ageing_rows": ageing_table(sides)}


def ageing_table(sides: list[dict[str, Any]]) -> list[tuple[str, list[Cell]]]:
    """Ages down, sides across: (label, [receivables, payables]) per row, so the table is three
    columns wide and fits a phone."""
    rows = [
        (f"{bucket} days", [side["buckets"][index] for side in sides])
        for index, bucket in enumerate(BUCKETS)
    ]
    rows.append(("Advances", [side["advance"] for side in sides]))
    return rows


def chart_data(data: Dashboard) -> dict[str, object]:
    """What static/web/dashboard/dashboard.js draws: amounts in whole paise, month labels."""
    return {
        "labels": [month.month.strftime("%b %Y") for month in data.months],
        "series": [
            {
                "key": "revenue",
                "label": "Revenue",
                "values": [m.revenue_paise for m in data.months],
            },
            {
                "key": "expenses",
                "label": "Expenses",
                "values": [m.expenses_paise for m in data.months],
            },
        ],
    }


def present(data: Dashboard) -> dict[str, object]:
    year_from, as_of, roles = data.year.start, data.as_of, data.roles
    return {
        "as_of": format_date(as_of),
        "year_label": f"FY {data.year.label}",
        "cash_total": cell(
            data.cash_and_bank_paise, report_url("books:balance-sheet", as_of=as_of)
        ),
        "cash_accounts": [
            (a.name, cell(a.balance_paise, ledger_url(a.account_id, year_from, as_of)))
            for a in data.cash_and_bank
        ],
        **_ageing(data),
        "months": _month_rows(data),
        "chart": chart_data(data),
        "profit": _profit(data),
        "top_customers": [
            {
                "name": party.party_name,
                "billed": cell(party.year_billed_paise),
                "outstanding": cell(
                    party.total_paise,
                    ledger_url(roles["sundry_debtors"], year_from, as_of, party.party_id),
                ),
            }
            for party in data.top_customers
        ],
        **_gst(data),
        "recent_entries": [
            {
                "voucher": e.voucher_number,
                "url": report_url("books:entry-detail", e.entry_id),
                "date": format_date(e.entry_date),
                "narration": e.narration,
                "amount": rupees(e.total_paise),
            }
            for e in data.recent_entries
        ],
        "recent_documents": [
            {
                "number": d.document_number,
                "kind": d.kind,
                "party": d.party_name,
                "date": format_date(d.document_date),
                "amount": rupees(d.total_paise),
            }
            for d in data.recent_documents
        ],
    }


def _month_rows(data: Dashboard) -> list[dict[str, object]]:
    rows = []
    for month in data.months:
        end = _month_end(month.month, data.as_of)
        url = report_url("books:profit-and-loss", date_from=month.month, date_to=end)
        rows.append(
            {
                "label": month.month.strftime("%b %Y"),
                "revenue": cell(month.revenue_paise, url),
                "expenses": cell(month.expenses_paise, url),
                "net": cell(month.revenue_paise - month.expenses_paise, url),
            }
        )
    return rows


def _month_end(first: date, as_of: date) -> date:
    return min(as_of, date.fromordinal(next_month(first).toordinal() - 1))


def _profit(data: Dashboard) -> Cell:
    net = sum(m.revenue_paise - m.expenses_paise for m in data.months)
    return cell(
        net, report_url("books:profit-and-loss", date_from=data.year.start, date_to=data.as_of)
    )


def _gst(data: Dashboard) -> dict[str, object]:
    start, end = data.gst_period
    url = report_url("books:trial-balance", date_from=start, date_to=end)
    return {
        "gst_period": f"{format_date(start)} to {format_date(end)}",
        "gst_rows": [
            {
                "head": GST_HEAD_NAMES[head.head],
                "output": cell(head.output_paise, url),
                "input": cell(head.input_paise, url),
                "payable": cell(head.payable_paise, url),
            }
            for head in data.gst
        ],
        "gst_total": cell(sum(head.payable_paise for head in data.gst), url),
    }


def year_choices(
    books_begin: date, fy_start_month: int, today: date, shown: date
) -> list[tuple[str, str, bool]]:
    """The financial-year picker: (day, "FY 2025-26", selected) per year from the books'
    beginning to today's, newest first; a past year is shown as of its last day."""
    choices = []
    year = fiscal_year_of(today, start_month=fy_start_month)
    while year.end >= books_begin:
        day = min(today, year.end)
        choices.append((day.isoformat(), f"FY {year.label}", year.contains(shown)))
        year = year.previous()
    return choices
