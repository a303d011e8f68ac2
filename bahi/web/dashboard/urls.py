from django.urls import URLPattern, URLResolver, path

from bahi.web.dashboard import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("manifest.webmanifest", views.manifest, name="pwa-manifest"),
    path("sw.js", views.service_worker, name="pwa-service-worker"),
    path("offline/", views.offline, name="pwa-offline"),
]
