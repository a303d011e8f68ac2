"""The dashboard (the home page of a signed-in member), the manifest, the service worker and the
page it shows offline."""

import json
from datetime import date

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from bahi.identity.permissions import Action, ensure_role_allows
from bahi.web.dashboard import pwa
from bahi.web.dashboard.presenters import present, year_choices
from bahi.web.dashboard.selectors import build_dashboard


def _as_of(request: HttpRequest) -> date | None:
    """An explicit day (?as_of=YYYY-MM-DD); anything unreadable means the default day."""
    try:
        return date.fromisoformat(request.GET.get("as_of", ""))
    except ValueError:
        return None


@require_GET
@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    company, membership = request.company, request.membership  # type: ignore[attr-defined]
    if company is None:
        return render(request, "web/dashboard/no_company.html", status=200)
    ensure_role_allows(
        role=membership.role,
        actor=request.user,  # type: ignore[arg-type]  # login_required: a User
        company=company,
        action=Action.VIEW_BOOKS,
    )
    today = timezone.localdate()
    data = build_dashboard(company=company, today=today, as_of=_as_of(request))
    years = year_choices(company.books_begin_date, company.fy_start_month, today, data.as_of)
    context = {"company": company, "years": years, **present(data)}
    return render(request, "web/dashboard/index.html", context)


@require_GET
@cache_control(max_age=3600)
def manifest(request: HttpRequest) -> JsonResponse:
    return JsonResponse(
        pwa.manifest(),
        content_type="application/manifest+json",
        json_dumps_params={"indent": 2},
    )


@require_GET
@cache_control(no_cache=True)
def service_worker(request: HttpRequest) -> HttpResponse:
    """Served from the root so it may control every page; browsers re-check it on each visit
    (no-cache), and a new shell digest makes it a new worker."""
    version, urls = pwa.precache()
    response = render(
        request,
        "web/dashboard/sw.js",
        {
            "version": version,
            "precache_json": json.dumps(list(urls)),
            "offline_url": urls[0],
            "static_prefix": settings.STATIC_URL
            if settings.STATIC_URL.startswith("/")
            else f"/{settings.STATIC_URL}",
        },
        content_type="text/javascript; charset=utf-8",
    )
    response["Service-Worker-Allowed"] = "/"
    return response


@require_GET
def offline(request: HttpRequest) -> HttpResponse:
    return render(request, "web/dashboard/offline.html")
