"""The general ledger's pickers: the company's ledgers (groups have no ledger of their own) and
its parties, one query each. The options are written here as one piece of HTML: a template loop
over a few hundred accounts and parties cost more than the rest of the ledger page."""

from collections.abc import Iterable
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

from bahi.identity.models import Company
from bahi.ledger.models import Account, Party


@dataclass(frozen=True)
class Choice:
    id: int
    label: str
    selected: bool


def ledger_choices(company: Company, selected: int | None) -> list[Choice]:
    accounts = (
        Account.objects.filter(company=company, is_group=False)
        .order_by("code")
        .values_list("id", "code", "name")
    )
    return [Choice(pk, f"{code} {name}", pk == selected) for pk, code, name in accounts]


def party_choices(company: Company, selected: int | None) -> list[Choice]:
    parties = Party.objects.filter(company=company).order_by("name").values_list("id", "name")
    return [Choice(party_id, name, party_id == selected) for party_id, name in parties]


def options(choices: Iterable[Choice]) -> SafeString:
    """<option> elements, the selected one marked; labels escaped."""
    return mark_safe(  # noqa: S308  # every label is escaped
        "".join(
            f'<option value="{choice.id}"{" selected" if choice.selected else ""}>'
            f"{escape(choice.label)}</option>"
            for choice in choices
        )
    )
