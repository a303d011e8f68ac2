"""Forms of the books pages: accounts, the entry list's filters, reversal. The journal entry
form (header and lines) is in entry_forms.py. Forms parse and validate input only; the rules of
the books are the ledger services'."""

import re
from datetime import date
from decimal import Decimal
from typing import Any

from django import forms

from bahi.core.formatting import format_date
from bahi.core.money import money
from bahi.ledger.models import Account, EntryStatus, Party
from bahi.ledger.schedule_iii import LINES

DATE_FORMATS = ["%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d"]
KEY_PATTERN = r"[A-Za-z0-9-]{8,64}"


class IndianDateField(forms.DateField):
    """DD-MM-YYYY in and out (also DD/MM/YYYY and ISO dates, as people paste them)."""

    widget = forms.TextInput

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(input_formats=DATE_FORMATS, **kwargs)

    def prepare_value(self, value: Any) -> Any:
        return format_date(value) if isinstance(value, date) else value

    def widget_attrs(self, widget: forms.Widget) -> dict[str, str]:
        return {
            **super().widget_attrs(widget),
            "placeholder": "DD-MM-YYYY",
            "inputmode": "numeric",
            "autocomplete": "off",
            "size": "10",
        }


class AmountField(forms.CharField):
    """Exact rupees (₹1,00,000.50 as 100000.50 or 1,00,000.50); blank is zero; never rounded."""

    def to_python(self, value: Any) -> Decimal:  # type: ignore[override]
        text = str(value or "").replace("₹", "").replace(",", "").strip()
        if not text:
            return Decimal("0.00")
        try:
            amount = money(text)
        except ValueError as error:
            raise forms.ValidationError(
                "Enter an amount in rupees with at most two decimals, like 1,250.50"
            ) from error
        if amount < 0:
            raise forms.ValidationError("Enter a positive amount")
        return amount

    def has_changed(self, initial: Any, data: Any) -> bool:
        """Blank and zero are the same amount: a row left blank has not changed."""
        try:
            return self.to_python(initial) != self.to_python(data)
        except forms.ValidationError:
            return True

    def widget_attrs(self, widget: forms.Widget) -> dict[str, str]:
        return {**super().widget_attrs(widget), "inputmode": "decimal", "autocomplete": "off"}


class IdempotencyKeyField(forms.CharField):
    """Filled by the browser (static/web/books/idempotency.js) when the form is shown: the same
    form submitted twice carries the same key, so it posts once. Anything else than a key
    (8 to 64 letters, digits and dashes) counts as none."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(required=False, **kwargs)

    def to_python(self, value: Any) -> str | None:
        text = str(value or "").strip()
        return text if re.fullmatch(KEY_PATTERN, text) else None

    def widget_attrs(self, widget: forms.Widget) -> dict[str, str]:
        return {**super().widget_attrs(widget), "data-idempotency-key": ""}


SCHEDULE_CHOICES = [("", "Same as the parent group"), *((line.code, line.title) for line in LINES)]


class AccountForm(forms.Form):
    is_group = forms.TypedChoiceField(
        label="Kind",
        choices=[("0", "Ledger (takes entries)"), ("1", "Group (holds accounts)")],
        coerce=lambda value: value == "1",
        initial="0",
    )
    parent = forms.ModelChoiceField(label="Under group", queryset=Account.objects.none())
    code = forms.CharField(label="Code", max_length=40)
    name = forms.CharField(label="Name", max_length=200)
    schedule_iii = forms.ChoiceField(
        label="Schedule III line", choices=SCHEDULE_CHOICES, required=False
    )
    is_active = forms.BooleanField(label="Active", required=False, initial=True)

    def __init__(self, *args: Any, groups: list[Account], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["parent"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - declared above
        field.queryset = Account.objects.filter(pk__in=[g.pk for g in groups])
        field.choices = [("", "Choose a group"), *((g.pk, f"{g.code} · {g.name}") for g in groups)]

    def clean_code(self) -> str:
        return str(self.cleaned_data["code"]).strip()

    def clean_name(self) -> str:
        return str(self.cleaned_data["name"]).strip()


class PicksAccountAndParty(forms.Form):
    """A form whose `account` and `party` text fields name one of the company's accounts and
    parties (given to the form): cleaned to that Account and Party, or None when blank."""

    def __init__(self, *args: Any, accounts: list[Account], parties: list[Party], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.accounts = accounts
        self.parties = parties

    def clean_account(self) -> Account | None:
        return find_account(self.cleaned_data["account"], self.accounts)

    def clean_party(self) -> Party | None:
        return find_party(self.cleaned_data["party"], self.parties)


class EntryFilterForm(PicksAccountAndParty):
    """The entry list's filters: every one optional; an unknown account or party is an error
    on its field."""

    date_from = IndianDateField(label="From", required=False)
    date_to = IndianDateField(label="To", required=False)
    account = forms.CharField(
        label="Account",
        required=False,
        widget=forms.TextInput(attrs={"list": "account-options", "autocomplete": "off"}),
    )
    party = forms.CharField(
        label="Party",
        required=False,
        widget=forms.TextInput(attrs={"list": "party-options", "autocomplete": "off"}),
    )
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any"), *EntryStatus.choices]
    )
    voucher = forms.CharField(label="Voucher no.", required=False, max_length=40)


def account_label(account: Account) -> str:
    return f"{account.code} · {account.name}"


def find_account(text: str, accounts: list[Account]) -> Account | None:
    """'1211 · Cash', '1211' or 'Cash' -> that account; blank -> None; else a field error."""
    text = text.strip()
    if not text:
        return None
    code = text.split(" ", 1)[0]
    for account in accounts:
        if account.code == code or account.name.casefold() == text.casefold():
            return account
    raise forms.ValidationError(f"No account {text!r} here: pick one from the list")


def find_party(text: str, parties: list[Party]) -> Party | None:
    text = text.strip()
    if not text:
        return None
    for party in parties:
        if party.name.casefold() == text.casefold():
            return party
    raise forms.ValidationError(f"No party {text!r} here: pick one from the list")


class ReverseForm(forms.Form):
    reversal_date = IndianDateField(label="Reversal date")
    reason = forms.CharField(label="Reason", max_length=200)
    idempotency_key = IdempotencyKeyField()
