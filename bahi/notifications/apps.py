from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "bahi.notifications"
    label = "notifications"
