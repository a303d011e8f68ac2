"""Statutory GST data shared by every company: effective-dated rates per HSN/SAC code or prefix.

Intervals are half-open [valid_from, valid_to), NULL valid_to meaning open-ended. Two rows for the
same code may not overlap: the loader checks (good errors) and the database enforces it (a
btree_gist exclusion constraint on PostgreSQL, triggers on SQLite; migrations/0002_rate_guards).
"""

from django.db import models
from django.db.models import F, Q


class GstRate(models.Model):
    """The GST rate of goods or services whose HSN/SAC code starts with `hsn_or_sac`.

    The most specific (longest) matching prefix valid on the supply date wins (selectors.get_rate).
    """

    hsn_or_sac = models.CharField(max_length=8, help_text="HSN/SAC code or prefix: 2-8 digits")
    rate_percent = models.DecimalField(max_digits=7, decimal_places=4)
    cess_percent = models.DecimalField(
        max_digits=7, decimal_places=4, default=0, help_text="Ad valorem compensation cess"
    )
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True, help_text="First day no longer valid")
    description = models.CharField(max_length=300)
    source = models.CharField(max_length=300, blank=True, help_text="Notification or reference")
    data_version = models.CharField(max_length=40, help_text="The data file that loaded this row")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=F("valid_from")),
                name="gstrate_valid_to_after_valid_from",
            ),
            models.CheckConstraint(
                condition=Q(rate_percent__gte=0, rate_percent__lte=100),
                name="gstrate_rate_percent_range",
            ),
            models.CheckConstraint(
                condition=Q(cess_percent__gte=0, cess_percent__lte=100),
                name="gstrate_cess_percent_range",
            ),
        ]
        indexes = [models.Index(fields=["hsn_or_sac", "valid_from"], name="gstrate_code_from")]

    def __str__(self) -> str:
        until = self.valid_to.isoformat() if self.valid_to else "open"
        return f"{self.hsn_or_sac} @ {self.rate_percent}% [{self.valid_from}, {until})"
