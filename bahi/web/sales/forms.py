"""Forms of the sales and purchase pages. They parse input only: defaults (place of supply,
due date, item details) and every GST rule are the invoicing services'."""

from decimal import Decimal, InvalidOperation
from typing import Any, cast

from django import forms

from bahi.gst.states import current_states
from bahi.inventory.models import Item
from bahi.invoicing.models import Document, DocumentStatus, PaymentMode, SupplyKind
from bahi.invoicing.types import DocumentDraft, LineDraft, PaymentInput
from bahi.ledger.models import Account, Party
from bahi.web.books.forms import AmountField, IdempotencyKeyField, IndianDateField
from bahi.web.sales.sides import Side, party_label

LINE_PREFIX = "lines"


def _party_choices(parties: list[Party]) -> list[tuple[str, str]]:
    return [("", "Choose a party"), *((str(party.pk), party_label(party)) for party in parties)]


class OptionalDecimalField(forms.CharField):
    """A quantity or a percentage: blank is None (the item's or the rate data's value)."""

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        text = str(value or "").replace(",", "").strip()
        if not text:
            return None
        try:
            number = Decimal(text)
        except InvalidOperation as error:
            raise forms.ValidationError("Enter a number, like 12.5") from error
        if not number.is_finite() or number < 0:
            raise forms.ValidationError("Enter a positive number")
        return number


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label="Document")
    party = forms.ChoiceField(label="Party")
    document_date = IndianDateField(label="Date")
    due_date = IndianDateField(label="Due date", required=False, help_text="Blank: credit days")
    place_of_supply = forms.ChoiceField(label="Place of supply", required=False)
    supply_type = forms.ChoiceField(
        label="Supply type", required=False, choices=[("", "From the party"), *SupplyKind.choices]
    )
    reverse_charge = forms.BooleanField(label="Reverse charge", required=False)
    against_document = forms.ChoiceField(
        label="Adjusts (notes only)", required=False, help_text="The invoice or bill a note adjusts"
    )
    reference = forms.CharField(label="Reference", required=False, max_length=40)
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    idempotency_key = IdempotencyKeyField()

    def __init__(
        self,
        *args: Any,
        side: Side,
        parties: list[Party],
        adjustable: list[Document],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kind"]).choices = side.kind_choices
        cast(forms.ChoiceField, self.fields["party"]).choices = _party_choices(parties)
        cast(forms.ChoiceField, self.fields["against_document"]).choices = [
            ("", "—"),
            *((str(doc.pk), f"{doc.document_number} · {doc.party_name}") for doc in adjustable),
        ]
        states = [(state.code, f"{state.name} ({state.code})") for state in current_states()]
        cast(forms.ChoiceField, self.fields["place_of_supply"]).choices = [
            ("", "From the party"),
            *states,
            ("96", "Other countries (96)"),
        ]


class LineForm(forms.Form):
    item = forms.ChoiceField(label="Item", required=False)
    description = forms.CharField(label="Description", required=False, max_length=300)
    hsn_code = forms.CharField(label="HSN/SAC", required=False, max_length=8)
    unit = forms.CharField(label="Unit", required=False, max_length=3)
    quantity = OptionalDecimalField(label="Quantity", required=False)
    rate = forms.CharField(label="Rate (₹)", required=False)
    discount = AmountField(label="Discount (₹)", required=False)
    gst_rate_percent = OptionalDecimalField(label="GST %", required=False)

    def __init__(self, *args: Any, items: list[Item], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "—"), *((str(item.pk), f"{item.code} · {item.name}") for item in items)]
        cast(forms.ChoiceField, self.fields["item"]).choices = choices

    def clean_rate(self) -> Decimal | None:
        text = str(self.cleaned_data.get("rate") or "").strip()
        return AmountField().clean(text) if text else None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.has_changed() and data.get("quantity") is None and "quantity" not in self.errors:
            self.add_error("quantity", "Enter the quantity")
        return data

    def draft(self) -> LineDraft:
        data = self.cleaned_data
        return LineDraft(
            quantity=data["quantity"],
            description=data["description"].strip(),
            hsn_code=data["hsn_code"].strip(),
            rate=data["rate"],
            discount=data["discount"],
            gst_rate_percent=data["gst_rate_percent"],
            item_id=int(data["item"]) if data["item"] else None,
            unit=data["unit"].strip().upper(),
        )


class BaseLineFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    def filled_forms(self) -> list[LineForm]:
        return [cast(LineForm, form) for form in self.forms if form.has_changed()]


LineFormSet = forms.formset_factory(
    LineForm, formset=BaseLineFormSet, extra=0, max_num=200, absolute_max=200
)


def line_formset(data: Any, *, items: list[Item], initial: Any = None) -> BaseLineFormSet:
    formset = LineFormSet(data, prefix=LINE_PREFIX, initial=initial, form_kwargs={"items": items})
    return cast(BaseLineFormSet, formset)


def document_draft(form: DocumentForm, lines: list[LineForm]) -> DocumentDraft:
    data = form.cleaned_data
    return DocumentDraft(
        kind=data["kind"],
        party_id=int(data["party"]),
        document_date=data["document_date"],
        lines=tuple(line.draft() for line in lines),
        due_date=data["due_date"],
        place_of_supply=data["place_of_supply"],
        supply_type=data["supply_type"],
        reverse_charge=data["reverse_charge"],
        against_document_id=int(data["against_document"]) if data["against_document"] else None,
        reference=data["reference"].strip(),
        notes=data["notes"].strip(),
    )


class DocumentFilterForm(forms.Form):
    kind = forms.ChoiceField(label="Document", required=False)
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any"), *DocumentStatus.choices]
    )
    party = forms.ChoiceField(label="Party", required=False)
    date_from = IndianDateField(label="From", required=False)
    date_to = IndianDateField(label="To", required=False)

    def __init__(self, *args: Any, side: Side, parties: list[Party], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kind"]).choices = [("", "Any"), *side.kind_choices]
        choices = [("", "Any"), *((str(party.pk), party.name) for party in parties)]
        cast(forms.ChoiceField, self.fields["party"]).choices = choices


class CancelForm(forms.Form):
    reason = forms.CharField(label="Reason", max_length=200)
    cancel_date = IndianDateField(label="Cancel on", required=False, help_text="Blank: its date")


class PaymentForm(forms.Form):
    party = forms.ChoiceField(label="Party")
    payment_date = IndianDateField(label="Date")
    amount = AmountField(label="Amount (₹)")
    mode = forms.ChoiceField(label="Mode", choices=PaymentMode.choices)
    reference = forms.CharField(label="Reference (UTR, cheque, UPI)", required=False, max_length=60)
    bank_account = forms.ChoiceField(label="Paid through", required=False)
    idempotency_key = IdempotencyKeyField()

    def __init__(
        self, *args: Any, parties: list[Party], accounts: list[Account], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["party"]).choices = _party_choices(parties)
        choices = [("", "By mode: cash or the bank account")]
        choices += [(str(account.pk), f"{account.code} · {account.name}") for account in accounts]
        cast(forms.ChoiceField, self.fields["bank_account"]).choices = choices

    def clean_amount(self) -> Decimal:
        amount = cast(Decimal, self.cleaned_data["amount"])
        if amount <= 0:
            raise forms.ValidationError("Enter the amount paid")
        return amount

    def payment(self, kind: str) -> PaymentInput:
        data = self.cleaned_data
        return PaymentInput(
            kind=kind,
            party_id=int(data["party"]),
            payment_date=data["payment_date"],
            amount=data["amount"],
            mode=data["mode"],
            reference=data["reference"].strip(),
            bank_account_id=int(data["bank_account"]) if data["bank_account"] else None,
        )
