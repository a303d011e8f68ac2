"""The site's URLs with a stand-in journal entry page (books:entry-detail), as the entry pages
built beside the reports will install it: the report pages then link each line to its entry."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def entry_detail(request: HttpRequest, entry_id: int) -> HttpResponse:
    return HttpResponse(f"entry {entry_id}")


def stand_in(request: HttpRequest) -> HttpResponse:
    return HttpResponse("stand-in")


# The pages the shared nav links beside the reports (the chart of accounts, the entry list).
NAV_PAGES = [
    path("accounts/", stand_in, name="accounts"),
    path("entries/", stand_in, name="entry-list"),
]


books = (
    [
        path("", include("bahi.web.books.report_urls")),
        path("entries/<int:entry_id>/", entry_detail, name="entry-detail"),
        *NAV_PAGES,
    ],
    "books",
)
urlpatterns = [
    path("accounts/", include("bahi.identity.urls")),
    path("", include(books)),
    path("", include("bahi.web.dashboard.urls")),
    path("", include("bahi.web.masters.urls")),  # the nav links the masters pages
]
