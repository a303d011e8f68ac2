from django.urls import include, path

urlpatterns = [
    path("", include("bahi.web.urls")),
]
