"""The browser's idempotency key for writes whose service takes none (a draft document, a
payment): the session remembers which object a key made, so the same form submitted twice (a
double click, a retry) leads to the first result instead of a second document or payment."""

from django.http import HttpRequest

SESSION_KEY = "bahi_sales_keys"
REMEMBERED = 50  # the latest keys per session; a retry comes within seconds


def made_by(request: HttpRequest, key: str | None) -> int | None:
    if key is None:
        return None
    made = request.session.get(SESSION_KEY, {}).get(key)
    return int(made) if made is not None else None


def remember(request: HttpRequest, key: str | None, object_id: int) -> None:
    if key is None:
        return
    keys = dict(request.session.get(SESSION_KEY, {}))
    keys[key] = object_id
    request.session[SESSION_KEY] = dict(list(keys.items())[-REMEMBERED:])
