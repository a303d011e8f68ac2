"""The books pages, all in the `books` namespace: the chart of accounts and journal entries
(entry_urls) and the report pages with their exports (report_urls)."""

from django.urls import URLPattern, URLResolver, include, path

app_name = "books"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("bahi.web.books.entry_urls")),
    path("", include("bahi.web.books.report_urls")),
]
