"""Where each dashboard figure leads: the report page that explains it.

The report pages live in bahi.web.books; a figure whose page is not installed is shown without
a link rather than with a broken one.
"""

from datetime import date
from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse


def report_url(name: str, *args: object, **query: object) -> str | None:
    try:
        path = reverse(name, args=args)
    except NoReverseMatch:
        return None
    params = {
        key: value.isoformat() if isinstance(value, date) else value
        for key, value in query.items()
        if value is not None
    }
    return f"{path}?{urlencode(params)}" if params else path


def ledger_url(
    account_id: int, date_from: date, date_to: date, party_id: int | None = None
) -> str | None:
    return report_url(
        "books:general-ledger",
        account=account_id,
        party=party_id,
        date_from=date_from,
        date_to=date_to,
    )
