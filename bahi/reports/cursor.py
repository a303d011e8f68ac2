"""Opaque page cursors: a tagged JSON list in URL-safe base64. Clients pass them back verbatim."""

import base64
import binascii
import json
from datetime import date

from bahi.reports.errors import InvalidCursor


def encode_cursor(kind: str, *values: int | str | None) -> str:
    raw = json.dumps([kind, *values], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, kind: str, size: int) -> list[int | str | None]:
    """The values after the tag; InvalidCursor if the string is not a cursor of this kind."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (binascii.Error, ValueError, UnicodeDecodeError) as error:
        raise InvalidCursor("the page cursor is not valid") from error
    if not isinstance(values, list) or len(values) != size + 1 or values[0] != kind:
        raise InvalidCursor(f"the page cursor is not a {kind} cursor")
    return values[1:]


def cursor_int(value: int | str | None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidCursor("the page cursor is not valid")
    return value


def cursor_date(value: int | str | None) -> date:
    if not isinstance(value, str):
        raise InvalidCursor("the page cursor is not valid")
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise InvalidCursor("the page cursor is not valid") from error
