from django.urls import include, path

from bahi.api.api import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("accounts/", include("bahi.identity.urls")),
    path("", include("bahi.web.urls")),
]
