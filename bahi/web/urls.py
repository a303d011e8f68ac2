from django.urls import include, path

from bahi.web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    # Books: chart of accounts, journal entries, reports (bahi/web/books).
    path("", include("bahi.web.books.urls")),
    # Sales and purchases: documents, receipts and payments (bahi/web/sales).
    path("", include("bahi.web.sales.urls")),
    # Dashboard, PWA manifest and service worker (bahi/web/dashboard).
    path("", include("bahi.web.dashboard.urls")),
    # Masters: parties, items and services, the company's print details (bahi/web/masters).
    path("", include("bahi.web.masters.urls")),
]
