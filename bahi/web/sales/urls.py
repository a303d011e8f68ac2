"""Sales and purchase pages, in the `sales` namespace: documents (list, form, preview, view,
issue, cancel, delete, PDF) and receipts/payments with their allocation."""

from django.urls import URLPattern, path

from bahi.web.sales import document_form_views, document_views, payment_views

app_name = "sales"

SALES, PURCHASES = {"side": "sales"}, {"side": "purchases"}
DOCUMENT = "sales/documents/<int:document_id>/"

urlpatterns: list[URLPattern] = [
    path("sales/", document_views.document_list, SALES, name="sales-list"),
    path("purchases/", document_views.document_list, PURCHASES, name="purchase-list"),
    path("sales/new/", document_form_views.document_create, SALES, name="sales-create"),
    path("purchases/new/", document_form_views.document_create, PURCHASES, name="purchase-create"),
    path("sales/preview/", document_form_views.document_preview, name="document-preview"),
    path(DOCUMENT, document_views.document_detail, name="document-detail"),
    path(f"{DOCUMENT}edit/", document_form_views.document_edit, name="document-edit"),
    path(f"{DOCUMENT}issue/", document_views.document_issue, name="document-issue"),
    path(f"{DOCUMENT}cancel/", document_views.document_cancel, name="document-cancel"),
    path(f"{DOCUMENT}delete/", document_views.document_delete, name="document-delete"),
    path(f"{DOCUMENT}pdf/", document_views.document_pdf, name="document-pdf"),
    path("sales/receipts/", payment_views.payment_list, SALES, name="receipt-list"),
    path("purchases/payments/", payment_views.payment_list, PURCHASES, name="payment-list"),
    path("sales/receipts/new/", payment_views.payment_create, SALES, name="receipt-create"),
    path("purchases/payments/new/", payment_views.payment_create, PURCHASES, name="payment-create"),
]
