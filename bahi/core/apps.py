from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "bahi.core"
    label = "core"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from bahi.core.db import enforce_durable_sqlite

        connection_created.connect(enforce_durable_sqlite, dispatch_uid="bahi-durable-sqlite")
