"""The site's URLs with the report pages but no journal entry page: lines show their voucher
numbers as plain text."""

from django.urls import include, path

urlpatterns = [
    path("accounts/", include("bahi.identity.urls")),
    path("", include(([path("", include("bahi.web.books.report_urls"))], "books"))),
    path("", include("bahi.web.dashboard.urls")),
]
