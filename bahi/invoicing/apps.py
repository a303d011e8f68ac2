from django.apps import AppConfig


class InvoicingConfig(AppConfig):
    name = "bahi.invoicing"
    label = "invoicing"
    verbose_name = "Invoicing"
