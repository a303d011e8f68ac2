"""The general ledger's pickers: the company's ledgers (groups have no ledger of their own) and
its parties, one query each."""

from dataclasses import dataclass

from bahi.identity.models import Company
from bahi.ledger.models import Party
from bahi.reports.selectors import list_report_accounts


@dataclass(frozen=True)
class Choice:
    id: int
    label: str
    selected: bool


def ledger_choices(company: Company, selected: int | None) -> list[Choice]:
    return [
        Choice(account.id, f"{account.code} {account.name}", account.id == selected)
        for account in list_report_accounts(company=company)
        if not account.is_group
    ]


def party_choices(company: Company, selected: int | None) -> list[Choice]:
    parties = Party.objects.filter(company=company).order_by("name").values_list("id", "name")
    return [Choice(party_id, name, party_id == selected) for party_id, name in parties]
