"""The chart of accounts and journal entries (the report pages are in report_urls)."""

from django.urls import URLPattern, URLResolver, path

from bahi.web.books import account_views, entry_form_views, entry_views

urlpatterns: list[URLPattern | URLResolver] = [
    path("books/accounts/", account_views.accounts, name="accounts"),
    path("books/accounts/new/", account_views.account_create, name="account-create"),
    path("books/accounts/<int:account_id>/", account_views.account_edit, name="account-edit"),
    path(
        "books/accounts/<int:account_id>/delete/",
        account_views.account_delete,
        name="account-delete",
    ),
    path("books/entries/", entry_views.entry_list, name="entry-list"),
    path("books/entries/new/", entry_form_views.entry_create, name="entry-create"),
    path("books/entries/<int:entry_id>/", entry_views.entry_detail_page, name="entry-detail"),
    path("books/entries/<int:entry_id>/reverse/", entry_views.entry_reverse, name="entry-reverse"),
    path("books/entries/<int:entry_id>/edit/", entry_form_views.entry_edit, name="entry-edit"),
    path("books/entries/<int:entry_id>/post/", entry_form_views.entry_post, name="entry-post"),
    path(
        "books/entries/<int:entry_id>/delete/", entry_form_views.entry_delete, name="entry-delete"
    ),
]
