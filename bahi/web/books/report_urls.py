"""The report pages (bahi.web.books.reports) and their downloads: /reports/<report>/ and
/reports/<report>.csv or .xlsx with the same query."""

from django.urls import URLPattern, URLResolver, path

from bahi.web.books.reports import ledger_views, views

urlpatterns: list[URLPattern | URLResolver] = [
    path("reports/trial-balance/", views.trial_balance, name="trial-balance"),
    path("reports/general-ledger/", ledger_views.general_ledger, name="general-ledger"),
    path("reports/day-book/", ledger_views.day_book, name="day-book"),
    path("reports/profit-and-loss/", views.profit_and_loss, name="profit-and-loss"),
    path("reports/balance-sheet/", views.balance_sheet, name="balance-sheet"),
]
_DOWNLOADS = (
    ("trial-balance", views.trial_balance_download),
    ("general-ledger", ledger_views.general_ledger_download),
    ("day-book", ledger_views.day_book_download),
    ("profit-and-loss", views.profit_and_loss_download),
    ("balance-sheet", views.balance_sheet_download),
)
urlpatterns += [
    path(f"reports/{name}.<str:file_format>", view, name=f"{name}-download")
    for name, view in _DOWNLOADS
]
