"""The journal entry form: a header (date, narration, idempotency key) and a formset of lines
(account, party, debit, credit). Blank lines are ignored; each filled line names an account
and exactly one positive amount. The ledger's posting rules run in its services."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast

from django import forms

from bahi.core.formatting import format_inr
from bahi.core.money import from_paise
from bahi.ledger.models import Account, Party
from bahi.ledger.types import EntryInput, LineInput
from bahi.web.books.forms import (
    AmountField,
    IdempotencyKeyField,
    IndianDateField,
    PicksAccountAndParty,
    account_label,
)

LINE_PREFIX = "lines"


class EntryForm(forms.Form):
    entry_date = IndianDateField(label="Date")
    narration = forms.CharField(label="Narration", required=False, max_length=1000)
    idempotency_key = IdempotencyKeyField()


class LineForm(PicksAccountAndParty):
    account = forms.CharField(
        label="Account",
        required=False,
        widget=forms.TextInput(
            attrs={"list": "account-options", "class": "line-account", "autocomplete": "off"}
        ),
    )
    party = forms.CharField(
        label="Party",
        required=False,
        widget=forms.TextInput(
            attrs={"list": "party-options", "class": "line-party", "autocomplete": "off"}
        ),
    )
    debit = AmountField(
        label="Debit (₹)", required=False, widget=forms.TextInput(attrs={"class": "line-debit"})
    )
    credit = AmountField(
        label="Credit (₹)", required=False, widget=forms.TextInput(attrs={"class": "line-credit"})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        debit, credit = data.get("debit"), data.get("credit")
        if "account" in data and data["account"] is None:
            self.add_error("account", "Choose the account for this line")
        if debit is not None and credit is not None:
            if debit > 0 and credit > 0:
                self.add_error("credit", "A line is either a debit or a credit, not both")
            elif debit == 0 and credit == 0:
                self.add_error("debit", "Enter a debit or a credit amount")
        return data


class BaseLineFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    def filled_forms(self) -> list[LineForm]:
        """The lines that carry something (blank rows left at the end are not lines)."""
        return [cast(LineForm, form) for form in self.forms if form.has_changed()]


LineFormSet = forms.formset_factory(
    LineForm, formset=BaseLineFormSet, extra=0, min_num=0, max_num=200, absolute_max=200
)


def line_formset(
    data: Any, *, accounts: list[Account], parties: list[Party], initial: Any = None
) -> BaseLineFormSet:
    kwargs = {"accounts": accounts, "parties": parties}
    formset = LineFormSet(data, prefix=LINE_PREFIX, initial=initial, form_kwargs=kwargs)
    return cast(BaseLineFormSet, formset)


@dataclass(frozen=True)
class Totals:
    debit: Decimal
    credit: Decimal

    @property
    def difference(self) -> Decimal:
        return self.debit - self.credit

    def unbalanced_message(self) -> str:
        return (
            f"Debits ({format_inr(self.debit)}) and credits ({format_inr(self.credit)}) differ "
            f"by {format_inr(abs(self.difference))}: the entry cannot be posted until they balance."
        )


def totals_of(lines: list[LineForm]) -> Totals:
    debit = sum((form.cleaned_data.get("debit") or Decimal(0) for form in lines), Decimal("0.00"))
    credit = sum((form.cleaned_data.get("credit") or Decimal(0) for form in lines), Decimal("0.00"))
    return Totals(debit, credit)


def entry_input(entry_form: EntryForm, lines: list[LineForm]) -> EntryInput:
    data = entry_form.cleaned_data
    return EntryInput(
        entry_date=data["entry_date"],
        narration=data["narration"],
        idempotency_key=data["idempotency_key"],
        lines=tuple(
            LineInput(
                account_id=form.cleaned_data["account"].id,
                party_id=form.cleaned_data["party"].id if form.cleaned_data["party"] else None,
                debit=form.cleaned_data["debit"],
                credit=form.cleaned_data["credit"],
            )
            for form in lines
        ),
    )


def initial_lines(lines: list[Any]) -> list[dict[str, str]]:
    """A saved draft's lines as the form's initial rows."""
    return [
        {
            "account": account_label(line.account),
            "party": line.party.name if line.party else "",
            "debit": str(from_paise(line.debit_paise)) if line.debit_paise else "",
            "credit": str(from_paise(line.credit_paise)) if line.credit_paise else "",
        }
        for line in lines
    ]
