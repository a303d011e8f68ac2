from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse

from bahi.web.dashboard.views import dashboard


def home(request: HttpRequest) -> HttpResponse:
    """The dashboard for a signed-in member; everyone else signs in first."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return dashboard(request)


def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})
