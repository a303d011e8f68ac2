from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "bahi.api"
    label = "api"
