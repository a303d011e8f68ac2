"""bench.api_http's URL conf: the app's URLs plus /bench/hello, a plain Django view behind the
same middleware, the framework's own limit on this machine."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"hello", content_type="text/plain")


urlpatterns = [
    path("bench/hello", hello),
    path("", include("config.urls")),
]
