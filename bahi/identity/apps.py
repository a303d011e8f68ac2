from django.apps import AppConfig


class IdentityConfig(AppConfig):
    name = "bahi.identity"
    label = "identity"

    def ready(self) -> None:
        from bahi.identity import allauth_events

        allauth_events.connect()
