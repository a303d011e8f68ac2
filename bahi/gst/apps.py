from django.apps import AppConfig


class GstConfig(AppConfig):
    name = "bahi.gst"
    label = "gst"
    verbose_name = "GST"
