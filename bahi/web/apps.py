from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "bahi.web"
    label = "web"
