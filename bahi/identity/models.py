from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.crypto import salted_hmac

from bahi.identity.fields import EncryptedTextField


class User(AbstractUser):
    email = models.EmailField(unique=True, null=True, blank=True)  # type: ignore[assignment]
    session_generation = models.PositiveIntegerField(
        default=0, help_text="raised by 'log out everywhere': ends every session signed in before"
    )

    def __str__(self) -> str:
        return self.get_username()

    def _get_session_auth_hash(self, secret: str | None = None) -> str:
        # Django ends a session whose stored hash differs from this one. Mixing in the generation
        # lets "log out everywhere" end them without a password change; generation 0 keeps
        # Django's own value, so sessions from before this field existed stay valid.
        if not self.session_generation:
            return str(super()._get_session_auth_hash(secret=secret))  # type: ignore[misc]
        value = f"{self.password}:{self.session_generation}"
        salt = "bahi.identity.User.get_session_auth_hash"
        return salted_hmac(salt, value, secret=secret, algorithm="sha256").hexdigest()


def default_require_2fa_roles() -> list[str]:
    return ["admin", "accountant"]


class Company(models.Model):
    """The tenant. Every row of the books carries company_id and every query filters on it."""

    legal_name = models.CharField(max_length=200)
    trade_name = models.CharField(max_length=200, blank=True)
    gstin = models.CharField(max_length=15, blank=True)
    # Encrypted at rest (AES-256-GCM, bahi.identity.crypto): a copy of the database alone does
    # not reveal it.
    pan = EncryptedTextField(blank=True, default="")
    state_code = models.CharField(max_length=2, help_text="GST state code, e.g. 27 Maharashtra")
    fy_start_month = models.PositiveSmallIntegerField(default=4)
    books_begin_date = models.DateField()
    lock_date = models.DateField(null=True, blank=True, help_text="Books closed up to this date")
    # What invoices print (Rule 46(a): name, address, GSTIN of the supplier), and how to pay.
    address = models.TextField(blank=True)
    pincode = models.CharField(max_length=6, blank=True)
    phone = models.CharField(max_length=20, blank=True)
    email = models.EmailField(blank=True)
    logo = models.BinaryField(blank=True, default=b"", help_text="PNG or JPEG, embedded in PDFs")
    logo_content_type = models.CharField(max_length=20, blank=True)
    upi_vpa = models.CharField(max_length=100, blank=True, help_text="e.g. sharma@okhdfcbank")
    bank_name = models.CharField(max_length=100, blank=True)
    bank_branch = models.CharField(max_length=100, blank=True)
    bank_ifsc = models.CharField(max_length=11, blank=True)
    bank_account_number = EncryptedTextField(blank=True, default="")
    invoice_terms = models.TextField(blank=True, help_text="Printed at the foot of invoices")
    require_2fa_roles = models.JSONField(
        default=default_require_2fa_roles,
        blank=True,
        help_text="members with these roles must set up two-factor sign-in before anything else",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "companies"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(fy_start_month__gte=1, fy_start_month__lte=12),
                name="company_fy_start_month_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.legal_name


class Role(models.TextChoices):
    ADMIN = "admin", "Admin"
    ACCOUNTANT = "accountant", "Accountant"
    VIEWER = "viewer", "Viewer"


class Membership(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    company = models.ForeignKey(Company, on_delete=models.CASCADE)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.VIEWER)
    created_at = models.DateTimeField(auto_now_add=True)
    security_events_seen_at = models.DateTimeField(
        null=True, blank=True, help_text="admins: security events after this time are unread"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "company"], name="membership_unique_user_company"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.company} ({self.role})"


# --- audit trail (MCA edit log) and encrypted secrets ------------------------------------------
# Appended here so every identity model lives in one module; the behaviour is in audit.py,
# crypto.py and fields.py.


class AuditRecord(models.Model):
    """One row of a company's hash-chained edit log. Rows are only ever inserted: database
    triggers reject UPDATE and DELETE on both engines. Written by bahi.identity.audit only."""

    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="+")
    sequence = models.BigIntegerField(help_text="1, 2, 3 ... per company, without gaps")
    recorded_at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
        help_text="empty for changes made by the system",
    )
    actor_ip = models.CharField(max_length=45, blank=True)
    action = models.CharField(max_length=30)
    object_type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=100)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    previous_hash = models.CharField(max_length=64)
    record_hash = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["company", "sequence"], name="auditrecord_unique_company_sequence"
            ),
            models.CheckConstraint(
                condition=models.Q(sequence__gte=1), name="auditrecord_sequence_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.action} {self.object_type} {self.object_id}"


class AuditChainHead(models.Model):
    """The latest record of a company's chain: lets the verifier see a truncated tail. Moves
    only forward, and only to a record that exists (database triggers)."""

    company = models.OneToOneField(
        Company, on_delete=models.PROTECT, primary_key=True, related_name="+"
    )
    sequence = models.BigIntegerField(default=0)
    record_hash = models.CharField(max_length=64, default="")

    def __str__(self) -> str:
        return f"{self.company_id} @ {self.sequence}"


class CompanySecret(models.Model):
    """A company's credential for a third party (GST portal, SMS, payment gateway), encrypted at
    rest and bound to its (company, name): a value copied to another row does not decrypt."""

    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=100)
    value = EncryptedTextField(bind_to=("company_id", "name"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["company", "name"], name="companysecret_unique_name")
        ]

    def __str__(self) -> str:
        return f"{self.company_id}: {self.name}"


# --- API keys ------------------------------------------------------------------------------------


class ApiKey(models.Model):
    """A company's key for the REST API. Only the SHA-256 of the secret is stored; the short
    prefix finds the row. The key acts as the member who created it, limited to its own role
    and company. Written by bahi.identity.api_keys only."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="the member who created the key; the key acts as them",
    )
    name = models.CharField(max_length=100)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.VIEWER)
    prefix = models.CharField(max_length=16, unique=True)
    secret_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    last_used_ip = models.CharField(max_length=45, blank=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}, {self.role})"


# --- security events -----------------------------------------------------------------------------


class SecurityEvent(models.Model):
    """One security-relevant event (failed sign-in, lockout ...). Written by
    bahi.identity.security_log only; kept at least a year (CERT-In, DPDP)."""

    at = models.DateTimeField(db_index=True)
    kind = models.CharField(max_length=40)
    company = models.ForeignKey(
        Company,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="the company concerned, when there is one (permission denials, API keys)",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="empty when the name given matches no user",
    )
    ip = models.CharField(max_length=45, blank=True)
    details = models.JSONField(default=dict, blank=True)

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.kind} {self.ip}"


class ApiKeyAddress(models.Model):
    """An IP address an API key has been used from: a use from an address not listed here is a
    security event."""

    key = models.ForeignKey(ApiKey, on_delete=models.CASCADE, related_name="+")
    ip = models.CharField(max_length=45)
    first_seen_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "ip"], name="apikeyaddress_unique_key_ip")
        ]

    def __str__(self) -> str:
        return f"{self.key_id} from {self.ip}"


# --- invitations ---------------------------------------------------------------------------------


class Invitation(models.Model):
    """An admin's invitation for an email address to join a company with a role. Only the
    SHA-256 of the token in the emailed link is stored. Written by bahi.identity.invitations."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    email = models.EmailField()
    role = models.CharField(max_length=20, choices=Role.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["company", "created_at"])]

    def __str__(self) -> str:
        return f"{self.email} to {self.company_id} as {self.role}"
