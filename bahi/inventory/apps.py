from django.apps import AppConfig


class InventoryConfig(AppConfig):
    name = "bahi.inventory"
    label = "inventory"
    verbose_name = "Items and stock"
