"""The masters pages, in the `masters` namespace: parties, items and services, and the
company's print details."""

from django.urls import URLPattern, URLResolver, path

from bahi.web.masters import company_views, item_views, party_views

app_name = "masters"

urlpatterns: list[URLPattern | URLResolver] = [
    path("masters/parties/", party_views.party_list, name="parties"),
    path("masters/parties/new/", party_views.party_create, name="party-create"),
    path("masters/parties/<int:party_id>/", party_views.party_edit, name="party-edit"),
    path("masters/items/", item_views.item_list, name="items"),
    path("masters/items/new/", item_views.item_create, name="item-create"),
    path("masters/items/<int:item_id>/", item_views.item_edit, name="item-edit"),
    path("masters/company/", company_views.company_details, name="company"),
]
