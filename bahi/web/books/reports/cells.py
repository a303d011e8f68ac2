"""Figures as a report page shows them: ₹ with lakh grouping, a debit or credit side for
balances, and the link to the ledger behind the figure when there is one.

An Amount renders itself (as safe HTML: templates turn values into text with str()), so a
template writes `{{ row.debit }}` and gets the link or the plain figure: one object per cell
instead of an included template per cell, which costs a trial balance of a few hundred accounts
several milliseconds.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from html import escape
from urllib.parse import urlencode

from django.utils.safestring import SafeString, mark_safe

from bahi.core.formatting import format_date
from bahi.web.dashboard.links import report_url
from bahi.web.dashboard.presenters import rupees


@dataclass(frozen=True)
class Amount:
    text: str
    url: str | None = None
    negative: bool = False

    def __str__(self) -> SafeString:
        # Plain escaping and one mark_safe: format_html per cell cost a large trial balance
        # more than its queries.
        css = "amount negative" if self.negative else "amount"
        text = escape(self.text)
        if self.url:
            return mark_safe(f'<a class="{css}" href="{escape(self.url)}">{text}</a>')  # noqa: S308
        return mark_safe(f'<span class="{css}">{text}</span>')  # noqa: S308

    __html__ = __str__


def amount(paise: int, url: str | None = None) -> Amount:
    return Amount(rupees(paise), url, paise < 0)


def optional_amount(paise: int | None, url: str | None = None) -> Amount | None:
    return None if paise is None else amount(paise, url)


def side_text(paise: int) -> str:
    """A debit-positive balance as people write it: '₹1,200.00 Dr', '₹50.00 Cr', '₹0.00'."""
    if paise == 0:
        return rupees(0)
    return f"{rupees(abs(paise))} {'Dr' if paise > 0 else 'Cr'}"


def balance(paise: int, url: str | None = None) -> Amount:
    return Amount(side_text(paise), url)


def entry_amount(paise: int, url: str | None = None) -> Amount | None:
    """A debit or credit of a line: empty when zero, as a ledger's other column is."""
    return amount(paise, url) if paise else None


def ledger_links(date_from: date, date_to: date) -> Callable[[int | None], str | None]:
    """link(account_id): the general ledger of that account over [date_from, date_to] (the URL
    bahi.web.dashboard.links.ledger_url builds, reversed once per page); None for rows that are
    no account (groups, totals, synthetic rows)."""
    base = report_url("books:general-ledger")
    tail = urlencode({"date_from": date_from.isoformat(), "date_to": date_to.isoformat()})

    def link(account_id: int | None) -> str | None:
        if account_id is None or base is None:
            return None
        return f"{base}?account={account_id}&{tail}"

    return link


_PROBE_ID = 987654321987654321


def entry_links() -> Callable[[int], str | None]:
    """link(entry_id): the journal entry's page (books:entry-detail), None while that page is not
    installed. Reversed once per page (a failed reverse costs a page of lines ~30 ms)."""
    probe = report_url("books:entry-detail", _PROBE_ID)
    if probe is None:
        return lambda entry_id: None
    head, tail = probe.split(str(_PROBE_ID), 1)
    return lambda entry_id: f"{head}{entry_id}{tail}"


def period_text(date_from: date, date_to: date) -> str:
    return f"{format_date(date_from)} to {format_date(date_to)}"
