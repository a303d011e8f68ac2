"""Sales and purchase documents (tax invoices, bills of supply, notes, purchase bills) and the
payments settled against them. Amounts are integer paise (bahi.core.money); quantities are
integer thousandths of a unit.

A document is a draft until issued: issuing takes its gapless number per company, series and
financial year (Rule 46(b): at most 16 characters of letters, digits, '-' and '/') and posts its
journal entry. Cancelling reverses that entry; the number stays used.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from bahi.identity.models import Company
from bahi.inventory.models import Item
from bahi.ledger.models import Account, GstTreatment, JournalEntry, Party


class DocumentKind(models.TextChoices):
    SALES_INVOICE = "sales_invoice", "Tax invoice"
    BILL_OF_SUPPLY = "bill_of_supply", "Bill of supply"
    CREDIT_NOTE = "credit_note", "Credit note"
    DEBIT_NOTE = "debit_note", "Debit note"
    PURCHASE_BILL = "purchase_bill", "Purchase bill"
    PURCHASE_DEBIT_NOTE = "purchase_debit_note", "Debit note to a supplier"


class DocumentStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    ISSUED = "issued", "Issued"
    CANCELLED = "cancelled", "Cancelled"


class SupplyKind(models.TextChoices):
    REGULAR = "regular", "Regular"
    SEZ_WITH_TAX = "sez_with_tax", "SEZ with payment of tax"
    SEZ_LUT = "sez_lut", "SEZ under bond or LUT"
    EXPORT_WITH_TAX = "export_with_tax", "Export with payment of tax"
    EXPORT_LUT = "export_lut", "Export under bond or LUT"
    DEEMED_EXPORT = "deemed_export", "Deemed export"


_AMOUNTS = ("taxable_paise", "cgst_paise", "sgst_paise", "igst_paise", "cess_paise", "total_paise")


class Document(models.Model):
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=24, choices=DocumentKind.choices)
    status = models.CharField(
        max_length=10, choices=DocumentStatus.choices, default=DocumentStatus.DRAFT
    )
    series = models.CharField(max_length=5)
    fiscal_year = models.CharField(max_length=7, help_text="e.g. 2025-26, set at issue")
    number = models.PositiveIntegerField(null=True, blank=True)
    document_number = models.CharField(max_length=16, blank=True)
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    # The recipient as the document was issued (Rule 46(d)-(f)): later master edits leave it be.
    party_name = models.CharField(max_length=200, blank=True)
    party_gstin = models.CharField(max_length=15, blank=True)
    gst_treatment = models.CharField(
        max_length=16, choices=GstTreatment.choices, default=GstTreatment.UNREGISTERED
    )
    billing_address = models.TextField(blank=True)
    billing_state_code = models.CharField(max_length=2, blank=True)
    shipping_address = models.TextField(blank=True, help_text="Rule 46(o) delivery address")
    shipping_state_code = models.CharField(max_length=2, blank=True)
    credit_limit_override = models.BooleanField(
        default=False, help_text="Issued beyond the party's credit limit on purpose"
    )
    document_date = models.DateField()
    due_date = models.DateField(null=True, blank=True)
    place_of_supply = models.CharField(max_length=2, help_text="GST state code; 96 abroad")
    supply_type = models.CharField(
        max_length=16, choices=SupplyKind.choices, default=SupplyKind.REGULAR
    )
    reverse_charge = models.BooleanField(default=False)
    against_document = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="adjustments"
    )
    reference = models.CharField(max_length=40, blank=True, help_text="e.g. supplier's bill no.")
    notes = models.TextField(blank=True)
    taxable_paise = models.BigIntegerField(default=0)
    cgst_paise = models.BigIntegerField(default=0)
    sgst_paise = models.BigIntegerField(default=0, help_text="SGST or UTGST")
    igst_paise = models.BigIntegerField(default=0)
    cess_paise = models.BigIntegerField(default=0)
    round_off_paise = models.BigIntegerField(default=0)
    total_paise = models.BigIntegerField(default=0)
    journal_entry = models.ForeignKey(
        JournalEntry, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cancel_entry = models.ForeignKey(
        JournalEntry, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["company", "series", "fiscal_year", "number"],
                condition=Q(number__isnull=False),
                name="document_unique_number",
            ),
            models.UniqueConstraint(
                fields=["company", "fiscal_year", "document_number"],
                condition=~Q(document_number=""),
                name="document_unique_document_number",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(number__isnull=False),
                name="document_issued_has_number",
            ),
            models.CheckConstraint(
                condition=Q(round_off_paise__gte=-100, round_off_paise__lte=100),
                name="document_round_off_range",
            ),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{field}__gte": 0}), name=f"document_{field}_non_negative"
                )
                for field in _AMOUNTS
            ),
        ]
        indexes = [
            models.Index(fields=["company", "party", "document_date"], name="document_party"),
            # The registers read a period in (date, id) order and page by that cursor.
            models.Index(fields=["company", "document_date", "id"], name="document_register"),
        ]

    def __str__(self) -> str:
        return self.document_number or f"draft {self.kind} #{self.pk}"


class DocumentLine(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="lines")
    line_no = models.PositiveSmallIntegerField()
    description = models.CharField(max_length=300)
    hsn_code = models.CharField(max_length=8)
    item = models.ForeignKey(
        Item, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    unit = models.CharField(max_length=3, blank=True, help_text="GST UQC, e.g. NOS")
    quantity_milli = models.BigIntegerField(help_text="Quantity in thousandths of a unit")
    rate_paise = models.BigIntegerField(help_text="Price per unit")
    discount_paise = models.BigIntegerField(default=0)
    taxable_paise = models.BigIntegerField()
    gst_rate_percent = models.DecimalField(max_digits=7, decimal_places=4)
    cess_percent = models.DecimalField(max_digits=7, decimal_places=4, default=0)
    cgst_paise = models.BigIntegerField(default=0)
    sgst_paise = models.BigIntegerField(default=0, help_text="SGST or UTGST")
    igst_paise = models.BigIntegerField(default=0)
    cess_paise = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["document", "line_no"], name="document_line_unique_no"),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{field}__gte": 0}), name=f"document_line_{field}_non_negative"
                )
                for field in (
                    "quantity_milli",
                    "rate_paise",
                    "discount_paise",
                    "taxable_paise",
                    "cgst_paise",
                    "sgst_paise",
                    "igst_paise",
                    "cess_paise",
                )
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document_id}:{self.line_no}"


class DocumentSequence(models.Model):
    """The last document number used per company, series and financial year (gapless: taken in
    the transaction that issues the document)."""

    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="+", db_index=False)
    series = models.CharField(max_length=5)
    fiscal_year = models.CharField(max_length=7)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["company", "series", "fiscal_year"], name="document_sequence_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.series}/{self.fiscal_year}: {self.last_number}"


class PaymentKind(models.TextChoices):
    RECEIPT = "receipt", "Receipt from a customer"
    PAYMENT = "payment", "Payment to a supplier"


class PaymentMode(models.TextChoices):
    CASH = "cash", "Cash"
    BANK = "bank", "Bank transfer / cheque"
    UPI = "upi", "UPI"


class Payment(models.Model):
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=PaymentKind.choices)
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    payment_date = models.DateField()
    amount_paise = models.BigIntegerField()
    mode = models.CharField(max_length=10, choices=PaymentMode.choices)
    reference = models.CharField(max_length=60, blank=True, help_text="UTR, cheque no., UPI ref")
    bank_account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+")
    journal_entry = models.ForeignKey(
        JournalEntry, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(amount_paise__gt=0), name="payment_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"


class Allocation(models.Model):
    """The part of a payment settled against one document; the unallocated rest is an advance."""

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="allocations")
    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="allocations")
    amount_paise = models.BigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["payment", "document"], name="allocation_unique"),
            models.CheckConstraint(
                condition=Q(amount_paise__gt=0), name="allocation_amount_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.payment_id}->{self.document_id}"
