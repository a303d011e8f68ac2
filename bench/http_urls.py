"""bench.api_http's URL conf: the app's URLs plus two bench-only views behind the same
middleware:
- /bench/hello: a plain Django view, the framework's own limit on this machine;
- /bench/durable: one durable write and nothing else (a row of the JSON body inserted in its
  own transaction, with Bahi's SQLite settings and writer lock, or PostgreSQL's defaults): the
  floor under any API write that commits once per request, before any key, check, ledger,
  audit or response is involved."""

import json

from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt

_TABLE_READY: set[str] = set()


def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"hello", content_type="text/plain")


@csrf_exempt
def durable(request: HttpRequest) -> HttpResponse:
    body = json.loads(request.body or b"{}")
    if connection.vendor not in _TABLE_READY:
        sqlite = connection.vendor == "sqlite"
        key = "id INTEGER PRIMARY KEY" if sqlite else "id bigserial PRIMARY KEY"
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE TABLE IF NOT EXISTS bench_durable ({key}, body text)")
        _TABLE_READY.add(connection.vendor)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("INSERT INTO bench_durable (body) VALUES (%s)", [json.dumps(body)])
    return HttpResponse(b'{"ok":true}', status=201, content_type="application/json")


urlpatterns = [
    path("bench/hello", hello),
    path("bench/durable", durable),
    path("", include("config.urls")),
]
