"""Items and services (masters), and later warehouses and stock.

Prices are integer paise (bahi.core.money); rates are percent. An item's GST rate is a fallback:
documents take the effective-dated rate for its HSN/SAC on the document date where the rate data
has one (bahi.inventory.selectors.get_item_rate)."""

from django.db import models
from django.db.models import Q

from bahi.identity.models import Company


class ItemKind(models.TextChoices):
    GOODS = "goods", "Goods"
    SERVICE = "service", "Service"


class Item(models.Model):
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="+")
    code = models.CharField(max_length=40, help_text="The company's own item code or SKU")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=8, choices=ItemKind.choices, default=ItemKind.GOODS)
    hsn_code = models.CharField(max_length=8, help_text="HSN for goods, SAC (99...) for services")
    unit = models.CharField(max_length=3, help_text="GST unit quantity code (UQC), e.g. NOS")
    sale_price_paise = models.BigIntegerField(default=0)
    purchase_price_paise = models.BigIntegerField(default=0)
    gst_rate_percent = models.DecimalField(
        max_digits=7,
        decimal_places=4,
        null=True,
        blank=True,
        help_text="Used when the rate data has no rate for the HSN/SAC on the document date",
    )
    cess_percent = models.DecimalField(max_digits=7, decimal_places=4, default=0)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["company", "code"], name="item_unique_code"),
            models.UniqueConstraint(fields=["company", "name"], name="item_unique_name"),
            models.CheckConstraint(
                condition=Q(sale_price_paise__gte=0, purchase_price_paise__gte=0),
                name="item_prices_non_negative",
            ),
            models.CheckConstraint(
                condition=Q(gst_rate_percent__isnull=True)
                | Q(gst_rate_percent__gte=0, gst_rate_percent__lte=100),
                name="item_gst_rate_range",
            ),
            models.CheckConstraint(
                condition=Q(cess_percent__gte=0, cess_percent__lte=100), name="item_cess_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"
