from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    email = models.EmailField(unique=True, null=True, blank=True)  # type: ignore[assignment]

    def __str__(self) -> str:
        return self.get_username()


class Company(models.Model):
    """The tenant. Every row of the books carries company_id and every query filters on it."""

    legal_name = models.CharField(max_length=200)
    trade_name = models.CharField(max_length=200, blank=True)
    gstin = models.CharField(max_length=15, blank=True)
    pan = models.CharField(max_length=10, blank=True)
    state_code = models.CharField(max_length=2, help_text="GST state code, e.g. 27 Maharashtra")
    fy_start_month = models.PositiveSmallIntegerField(default=4)
    books_begin_date = models.DateField()
    lock_date = models.DateField(null=True, blank=True, help_text="Books closed up to this date")
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

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "company"], name="membership_unique_user_company"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.company} ({self.role})"
