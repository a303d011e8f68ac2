from django.contrib.auth import views as auth_views
from django.urls import path

from bahi.web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    # Password sign-in with rate limits; two-factor login (django-allauth) comes later.
    path("accounts/login/", views.ThrottledLoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
]
