"""Forms of the masters pages. They parse input only: GSTIN, PAN, HSN/SAC, unit and contact
checks are the services', whose errors the views put on the field they name."""

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms

from bahi.core.contact import mask
from bahi.gst.states import OTHER_COUNTRIES, STATES, current_states
from bahi.inventory.models import ItemKind
from bahi.inventory.units import SERVICE_UQC, UQC
from bahi.ledger.models import GstTreatment
from bahi.web.books.forms import AmountField
from bahi.web.masters.selectors import ACTIVE, CUSTOMERS, INACTIVE, SUPPLIERS

STATE_CHOICES = [
    ("", "Not given"),
    *((state.code, state.label) for state in current_states()),
    (OTHER_COUNTRIES, STATES[OTHER_COUNTRIES].label),
]
TREATMENT_CHOICES = [("", "Work it out (GSTIN: regular; state 96: overseas)")]
TREATMENT_CHOICES += GstTreatment.choices
UNIT_CHOICES = [(code, f"{code} · {name}") for code, name in UQC.items()]
UNIT_CHOICES.append((SERVICE_UQC, f"{SERVICE_UQC} · Not applicable (services)"))
STATUS_CHOICES = [("", "Active and inactive"), (ACTIVE, "Active"), (INACTIVE, "Inactive")]
TEXTAREA = forms.Textarea(attrs={"rows": 3, "cols": 40})


class OptionalAmountField(AmountField):
    """Exact rupees, or None when left blank (no limit)."""

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if not str(value or "").strip():
            return None
        return super().to_python(value)


class PercentField(forms.CharField):
    """A rate in percent with at most four decimals (18, 0.25, 12.5), or None when blank."""

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        text = str(value or "").replace("%", "").strip()
        if not text:
            return None
        try:
            rate = Decimal(text)
        except InvalidOperation as error:
            raise forms.ValidationError("Enter a rate in percent, like 18 or 0.25") from error
        if not rate.is_finite() or rate.as_tuple().exponent < -4:  # type: ignore[operator]
            raise forms.ValidationError("Enter a rate in percent with at most four decimals")
        return rate

    def widget_attrs(self, widget: forms.Widget) -> dict[str, str]:
        return {**super().widget_attrs(widget), "inputmode": "decimal", "autocomplete": "off"}


class PartyFilterForm(forms.Form):
    side = forms.ChoiceField(
        label="Show",
        required=False,
        choices=[
            ("", "Customers and suppliers"),
            (CUSTOMERS, "Customers"),
            (SUPPLIERS, "Suppliers"),
        ],
    )
    search = forms.CharField(label="Name or GSTIN", required=False, max_length=200)
    status = forms.ChoiceField(label="Status", required=False, choices=STATUS_CHOICES)


class ItemFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label="Show", required=False, choices=[("", "Goods and services"), *ItemKind.choices]
    )
    search = forms.CharField(label="Name, code or HSN/SAC", required=False, max_length=200)
    status = forms.ChoiceField(label="Status", required=False, choices=STATUS_CHOICES)


class PartyForm(forms.Form):
    name = forms.CharField(label="Legal name", max_length=200)
    is_customer = forms.BooleanField(label="Customer", required=False)
    is_supplier = forms.BooleanField(label="Supplier", required=False)
    gst_treatment = forms.ChoiceField(
        label="GST treatment", choices=TREATMENT_CHOICES, required=False
    )
    gstin = forms.CharField(label="GSTIN", max_length=15, required=False)
    pan = forms.CharField(label="PAN", max_length=10, required=False)
    state_code = forms.ChoiceField(label="Billing state", choices=STATE_CHOICES, required=False)
    billing_address = forms.CharField(label="Billing address", widget=TEXTAREA, required=False)
    billing_pincode = forms.CharField(label="Billing PIN code", max_length=6, required=False)
    shipping_address = forms.CharField(
        label="Shipping address",
        widget=TEXTAREA,
        required=False,
        help_text="Blank: the same as the billing address",
    )
    shipping_state_code = forms.ChoiceField(
        label="Shipping state", choices=STATE_CHOICES, required=False
    )
    shipping_pincode = forms.CharField(label="Shipping PIN code", max_length=6, required=False)
    credit_days = forms.IntegerField(label="Credit days", min_value=0, initial=0)
    credit_limit = OptionalAmountField(
        label="Credit limit (₹)", required=False, help_text="Blank: no limit"
    )
    email = forms.EmailField(label="Email", required=False)
    phone = forms.CharField(label="Phone", max_length=20, required=False)
    bank_account_number = forms.CharField(
        label="Bank account number", max_length=18, required=False
    )
    bank_ifsc = forms.CharField(label="Bank IFSC", max_length=11, required=False)
    clear_bank_account = forms.BooleanField(label="Remove the bank details", required=False)
    is_active = forms.BooleanField(label="Active", required=False, initial=True)

    def __init__(self, *args: Any, bank_account_on_file: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        describe_bank_account(self, bank_account_on_file)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("is_customer") or data.get("is_supplier")):
            self.add_error("is_customer", "Tick customer, supplier or both")
        return data


class ItemForm(forms.Form):
    code = forms.CharField(label="Code", max_length=40, help_text="Your item code or SKU")
    name = forms.CharField(label="Name", max_length=200)
    kind = forms.ChoiceField(label="Kind", choices=ItemKind.choices, initial=ItemKind.GOODS)
    hsn_code = forms.CharField(
        label="HSN or SAC", max_length=8, help_text="HSN for goods; SAC (starting 99) for services"
    )
    unit = forms.ChoiceField(label="Unit (UQC)", choices=UNIT_CHOICES, initial="NOS")
    sale_price = AmountField(label="Sale price (₹)", required=False)
    purchase_price = AmountField(label="Purchase price (₹)", required=False)
    gst_rate_percent = PercentField(
        label="GST rate (%)",
        required=False,
        help_text="Used when the rate data has no rate for the HSN/SAC on a document's date",
    )
    cess_percent = PercentField(label="Cess (%)", required=False)
    is_active = forms.BooleanField(label="Active", required=False, initial=True)


class CompanyDetailsForm(forms.Form):
    trade_name = forms.CharField(label="Trade name", max_length=200, required=False)
    address = forms.CharField(label="Address", widget=TEXTAREA, required=False)
    pincode = forms.CharField(label="PIN code", max_length=6, required=False)
    phone = forms.CharField(label="Phone", max_length=20, required=False)
    email = forms.CharField(label="Email", max_length=254, required=False)
    upi_vpa = forms.CharField(
        label="UPI ID", max_length=100, required=False, help_text="e.g. sharma@okhdfcbank"
    )
    bank_name = forms.CharField(label="Bank name", max_length=100, required=False)
    bank_branch = forms.CharField(label="Bank branch", max_length=100, required=False)
    bank_ifsc = forms.CharField(label="Bank IFSC", max_length=11, required=False)
    bank_account_number = forms.CharField(
        label="Bank account number", max_length=18, required=False
    )
    clear_bank_account = forms.BooleanField(label="Remove the bank account", required=False)
    invoice_terms = forms.CharField(label="Invoice terms", widget=TEXTAREA, required=False)
    logo = forms.FileField(
        label="Logo",
        required=False,
        help_text="PNG or JPEG, at most 512 KB",
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg"}),
    )
    remove_logo = forms.BooleanField(label="Remove the logo", required=False)

    def __init__(
        self, *args: Any, bank_account_on_file: str = "", has_logo: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        describe_bank_account(self, bank_account_on_file)
        if not has_logo:
            del self.fields["remove_logo"]


def describe_bank_account(form: forms.Form, on_file: str) -> None:
    """The account number on file is never put back in the page: the field says its last
    digits and that blank keeps it; with none on file there is no box to remove it."""
    if on_file:
        form.fields[
            "bank_account_number"
        ].help_text = f"On file: {mask(on_file)}. Leave blank to keep it."
    else:
        del form.fields["clear_bank_account"]
