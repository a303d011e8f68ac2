"""Chart of accounts, parties, journal entries and lines, and cached period totals.

Amounts are integer paise (see bahi.core.money). The database itself refuses an unbalanced posting
and any change to a posted entry or its lines: see migrations/0002_ledger_triggers.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from bahi.identity.fields import EncryptedTextField
from bahi.identity.models import Company
from bahi.ledger.types import WrittenLine


class Nature(models.TextChoices):
    ASSET = "asset", "Asset"
    LIABILITY = "liability", "Liability"
    EQUITY = "equity", "Equity"
    INCOME = "income", "Income"
    EXPENSE = "expense", "Expense"


DEBIT_NATURES = frozenset({Nature.ASSET, Nature.EXPENSE})
PROFIT_AND_LOSS_NATURES = frozenset({Nature.INCOME, Nature.EXPENSE})


class Account(models.Model):
    """A group (a node of the tree) or a ledger (postable leaf) of a company's chart of accounts."""

    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="accounts")
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    code = models.CharField(max_length=40)
    name = models.CharField(max_length=200)
    nature = models.CharField(max_length=10, choices=Nature.choices)
    is_group = models.BooleanField(default=False)
    schedule_iii = models.CharField(
        max_length=40, blank=True, help_text="Schedule III line this account is reported under"
    )
    is_control = models.BooleanField(default=False, help_text="Lines must name a party")
    system_role = models.CharField(
        max_length=40, blank=True, help_text="Stable key other modules use to find this account"
    )
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["company", "code"], name="account_unique_code"),
            models.UniqueConstraint(
                fields=["company", "parent", "name"], name="account_unique_name_in_parent"
            ),
            models.UniqueConstraint(
                fields=["company", "system_role"],
                condition=~Q(system_role=""),
                name="account_unique_system_role",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class GstTreatment(models.TextChoices):
    """How GST applies to a party (india-tax reference 3.1-3.4): it decides whether a GSTIN is
    needed, the default supply type, and how a purchase from the party is taxed."""

    REGULAR = "regular", "Registered, regular"
    COMPOSITION = "composition", "Registered, composition scheme"
    UNREGISTERED = "unregistered", "Unregistered business"
    CONSUMER = "consumer", "Consumer"
    SEZ = "sez", "SEZ unit or developer"
    OVERSEAS = "overseas", "Overseas"
    DEEMED_EXPORT = "deemed_export", "Deemed export recipient"


# Treatments that need a GSTIN (SEZ units, developers and deemed-export recipients are registered).
REGISTERED_TREATMENTS = frozenset(
    {
        GstTreatment.REGULAR,
        GstTreatment.COMPOSITION,
        GstTreatment.SEZ,
        GstTreatment.DEEMED_EXPORT,
    }
)


class Party(models.Model):
    """A customer or supplier: a sub-ledger under the debtors or creditors control account.

    `state_code` is the billing address's state (96 for a party abroad); a registered party's
    GSTIN starts with it. Bank details are encrypted at rest like the PAN."""

    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="parties")
    name = models.CharField(max_length=200)
    is_customer = models.BooleanField(default=False)
    is_supplier = models.BooleanField(default=False)
    gst_treatment = models.CharField(
        max_length=16, choices=GstTreatment.choices, default=GstTreatment.UNREGISTERED
    )
    gstin = models.CharField(max_length=15, blank=True)
    # Encrypted at rest and bound to the company: a value copied to another row does not open.
    pan = EncryptedTextField(blank=True, default="", bind_to=("company_id",))
    state_code = models.CharField(max_length=2, blank=True)
    billing_address = models.TextField(blank=True)
    billing_pincode = models.CharField(max_length=6, blank=True)
    shipping_address = models.TextField(blank=True, help_text="Blank: same as billing")
    shipping_state_code = models.CharField(max_length=2, blank=True)
    shipping_pincode = models.CharField(max_length=6, blank=True)
    credit_days = models.PositiveSmallIntegerField(
        default=0, help_text="Days after the document date a payment is due"
    )
    credit_limit_paise = models.BigIntegerField(
        null=True, blank=True, help_text="Most the party may owe; blank: no limit"
    )
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=20, blank=True)
    bank_account_number = EncryptedTextField(blank=True, default="", bind_to=("company_id",))
    bank_ifsc = EncryptedTextField(blank=True, default="", bind_to=("company_id",))
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "parties"
        constraints = [
            models.UniqueConstraint(fields=["company", "name"], name="party_unique_name"),
            models.CheckConstraint(
                condition=Q(credit_limit_paise__isnull=True) | Q(credit_limit_paise__gte=0),
                name="party_credit_limit_non_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_registered(self) -> bool:
        return self.gst_treatment in REGISTERED_TREATMENTS


class EntryStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    POSTED = "posted", "Posted"


class JournalEntry(models.Model):
    # Not a column: on the entry post_journal_entry returns, its lines as written, so a caller
    # answering with them need not read them back. None on entries read from the database.
    written_lines: list[WrittenLine] | None = None

    # company is the leading column of entry_daybook and the unique number: no index of its own.
    company = models.ForeignKey(
        Company, on_delete=models.PROTECT, related_name="journal_entries", db_index=False
    )
    series = models.CharField(max_length=10, default="JV")
    fiscal_year = models.CharField(max_length=7, help_text="e.g. 2025-26")
    number = models.PositiveIntegerField(null=True, blank=True)
    entry_date = models.DateField()
    narration = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=EntryStatus.choices, default=EntryStatus.DRAFT)
    total_paise = models.BigIntegerField(default=0)
    source_type = models.CharField(max_length=40, blank=True)
    source_id = models.CharField(max_length=64, blank=True)
    # NULL, not "", for "no key": the partial unique constraint must skip entries without one.
    idempotency_key = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001
    reverses = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="reversed_by"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "journal entries"
        constraints = [
            models.UniqueConstraint(
                fields=["company", "series", "fiscal_year", "number"],
                condition=Q(number__isnull=False),
                name="entry_unique_number",
            ),
            models.UniqueConstraint(
                fields=["company", "idempotency_key"],
                condition=Q(idempotency_key__isnull=False),
                name="entry_unique_idempotency_key",
            ),
            models.UniqueConstraint(
                fields=["company", "source_type", "source_id"],
                condition=~Q(source_type="") & Q(reverses__isnull=True),
                name="entry_one_live_per_source",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(number__isnull=False),
                name="entry_posted_has_number",
            ),
            models.CheckConstraint(
                condition=Q(total_paise__gte=0), name="entry_total_non_negative"
            ),
        ]
        indexes = [models.Index(fields=["company", "entry_date", "id"], name="entry_daybook")]

    def __str__(self) -> str:
        return self.voucher_number or f"draft #{self.pk}"

    @property
    def voucher_number(self) -> str:
        if self.number is None:
            return ""
        return f"{self.series}/{self.fiscal_year}/{self.number:06d}"


class JournalLine(models.Model):
    # Lines are the largest table: each index costs every posting. The foreign keys are covered
    # by the composite indexes below (company and account by line_ledger, party by line_party,
    # entry by the unique line number), so they get no index of their own.
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="+", db_index=False)
    entry = models.ForeignKey(
        JournalEntry, on_delete=models.PROTECT, related_name="lines", db_index=False
    )
    line_no = models.PositiveSmallIntegerField()
    entry_date = models.DateField(help_text="Copy of the entry's date, for ledger index scans")
    account = models.ForeignKey(
        Account, on_delete=models.PROTECT, related_name="lines", db_index=False
    )
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, null=True, blank=True, related_name="lines", db_index=False
    )
    debit_paise = models.BigIntegerField(default=0)
    credit_paise = models.BigIntegerField(default=0)
    description = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(Q(debit_paise__gt=0) & Q(credit_paise=0))
                | (Q(credit_paise__gt=0) & Q(debit_paise=0)),
                name="line_exactly_one_side_positive",
            ),
            models.UniqueConstraint(fields=["entry", "line_no"], name="line_unique_line_no"),
        ]
        indexes = [
            models.Index(fields=["company", "account", "entry_date", "entry"], name="line_ledger"),
            models.Index(
                fields=["company", "party", "entry_date", "entry"],
                condition=Q(party__isnull=False),
                name="line_party",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.entry_id}:{self.line_no}"


class Grain(models.TextChoices):
    DAY = "D", "Day"
    MONTH = "M", "Month"


class AccountPeriodTotal(models.Model):
    """Posted debits and credits per account per day and per month.

    Maintained by a database trigger in the same transaction as the posting, so it cannot drift;
    `bahi check` rebuilds it from the lines and proves they agree.
    """

    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="+", db_index=False)
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+", db_index=False)
    grain = models.CharField(max_length=1, choices=Grain.choices)
    period_start = models.DateField()
    debit_paise = models.BigIntegerField(default=0)
    credit_paise = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["company", "account", "grain", "period_start"], name="period_total_unique"
            ),
        ]
        indexes = [
            models.Index(
                fields=["company", "grain", "period_start", "account"], name="period_total_scan"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.account_id} {self.grain} {self.period_start}"

    @property
    def net_paise(self) -> int:
        return self.debit_paise - self.credit_paise


class VoucherSequence(models.Model):
    """The last number used per company, series and financial year: gapless by construction,
    since numbers are taken in the same transaction as the posting that uses them."""

    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="+", db_index=False)
    series = models.CharField(max_length=10)
    fiscal_year = models.CharField(max_length=7)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["company", "series", "fiscal_year"], name="voucher_sequence_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.series}/{self.fiscal_year}: {self.last_number}"


__all__ = [
    "DEBIT_NATURES",
    "PROFIT_AND_LOSS_NATURES",
    "Account",
    "AccountPeriodTotal",
    "EntryStatus",
    "REGISTERED_TREATMENTS",
    "Grain",
    "GstTreatment",
    "JournalEntry",
    "JournalLine",
    "Nature",
    "Party",
    "VoucherSequence",
]
