"""The REST API, version 1, mounted at /api/v1/ (config/urls.py).

OpenAPI at /api/v1/openapi.json; interactive documentation at /api/v1/docs, served entirely
from this server (the Swagger UI files shipped inside django-ninja), never from a CDN.
"""

import json
from pathlib import Path
from typing import Any

import ninja
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.urls import reverse
from ninja import NinjaAPI
from ninja.openapi.docs import DocsBase

from bahi.api import (
    accounts,
    companies,
    documents,
    entries,
    errors,
    items,
    parties,
    payments,
    reports,
    webhooks,
)
from bahi.api.auth import ApiKeyBearer, ApiKeyPrincipal, register_api_key_lookup, session_auth
from bahi.api.throttles import THROTTLES
from bahi.identity.api_keys import authenticate_api_key
from bahi.identity.permissions import MATRIX

NINJA_STATIC = Path(ninja.__file__).resolve().parent / "static" / "ninja"
DOCS_ASSETS = {
    "swagger-ui.css": "text/css",
    "swagger-ui-bundle.js": "text/javascript",
    "swagger-ui-init.js": "text/javascript",
    "favicon.png": "image/png",
}


def api_key_principal(token: str, ip: str | None) -> ApiKeyPrincipal | None:
    """A live key of bahi.identity.api_keys as the API's principal: its creator, its company,
    its role's actions."""
    key = authenticate_api_key(token, ip)
    if key is None:
        return None
    return ApiKeyPrincipal(
        user=key.user,
        company_id=key.company_id,
        actions=MATRIX[key.role],
        role=key.role,
        key_id=key.pk,
        company=key.company,
    )


register_api_key_lookup(api_key_principal)
API_AUTH = [session_auth, ApiKeyBearer()]

_DOCS_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<link rel="stylesheet" href="{assets}swagger-ui.css">
<link rel="icon" type="image/png" href="{assets}favicon.png"></head>
<body data-csrf-token="{csrf}" data-api-csrf="true">
<script type="application/json" id="swagger-settings">{settings}</script>
<div id="swagger-ui"></div>
<script src="{assets}swagger-ui-bundle.js"></script>
<script src="{assets}swagger-ui-init.js"></script>
</body></html>"""


class OfflineSwagger(DocsBase):
    """Swagger UI from django-ninja's own files, served by this API (no CDN, no INSTALLED_APPS
    entry for ninja)."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: object) -> HttpResponse:
        openapi_url = reverse(f"{api.urls_namespace}:openapi-json", kwargs=kwargs)
        settings = {"url": openapi_url, "layout": "BaseLayout", "deepLinking": True}
        assets = reverse(f"{api.urls_namespace}:docs-asset", kwargs={"name": "x"})[:-1]
        html = _DOCS_PAGE.format(
            title=api.title,
            assets=assets,
            csrf=get_token(request),
            settings=json.dumps(settings).replace("<", "\\u003c"),
        )
        return HttpResponse(html)


class BahiAPI(NinjaAPI):
    """Error responses are documented as application/problem+json, as they are sent."""

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(*args, **kwargs)
        for item in schema["paths"].values():
            for operation in item.values():
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    if int(status) >= 400 and "application/json" in content:
                        content[errors.CONTENT_TYPE] = content.pop("application/json")
        return schema


api = BahiAPI(
    title="Bahi API",
    version="1",
    description=(
        "Double-entry books for Indian businesses. Amounts are decimal strings in rupees "
        '("1234.50"), dates ISO 8601. Errors are RFC 9457 application/problem+json. Every POST '
        "accepts an Idempotency-Key header."
    ),
    urls_namespace="api-v1",
    auth=API_AUTH,
    throttle=THROTTLES,
    docs=OfflineSwagger(),
    docs_url="/docs",
    openapi_url="/openapi.json",
)
errors.install(api)
for module in (
    companies,
    accounts,
    parties,
    items,
    entries,
    reports,
    documents,
    payments,
    webhooks,
):
    api.add_router("", module.router)


@api.get("/docs/assets/{name}", auth=None, include_in_schema=False, url_name="docs-asset")
def docs_asset(request: HttpRequest, name: str) -> FileResponse:
    if name not in DOCS_ASSETS:
        raise Http404("no such asset")
    return FileResponse(open(NINJA_STATIC / name, "rb"), content_type=DOCS_ASSETS[name])  # noqa: SIM115
