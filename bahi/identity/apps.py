from django.apps import AppConfig


class IdentityConfig(AppConfig):
    name = "bahi.identity"
    label = "identity"
