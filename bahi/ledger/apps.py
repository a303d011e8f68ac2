from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "bahi.ledger"
    label = "ledger"
