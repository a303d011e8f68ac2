"""The site's URLs with the report pages but no journal entry page: lines show their voucher
numbers as plain text."""

from django.urls import include, path

from bahi.web.tests.reports.urls_with_entries import NAV_PAGES

urlpatterns = [
    path("accounts/", include("bahi.identity.urls")),
    path("", include(([path("", include("bahi.web.books.report_urls")), *NAV_PAGES], "books"))),
    path("", include("bahi.web.dashboard.urls")),
    path("", include("bahi.web.masters.urls")),  # the nav links the masters pages
]
