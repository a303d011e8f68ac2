"""Signatures of Bahi's outbound webhooks (pure: no Django, no ORM).

Header `Bahi-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`, keyed with
the endpoint's secret. A receiver verifies the raw body bytes as received (never re-serialised
JSON), refuses a timestamp older than the tolerance (replay), and then de-duplicates by the
`Bahi-Event-Id` header (= the body's "id"): a delivery may be repeated if the sender was stopped
after the receiver answered but before the answer was recorded, and the event id is the same.
"""

import hashlib
import hmac
import time

SIGNATURE_HEADER = "Bahi-Signature"
EVENT_ID_HEADER = "Bahi-Event-Id"
DEFAULT_TOLERANCE_SECONDS = 300


def compute_signature(secret: str, timestamp: int, body: bytes) -> str:
    message = str(timestamp).encode("ascii") + b"." + body
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


def signature_header(secret: str, timestamp: int, body: bytes) -> str:
    return f"t={timestamp},v1={compute_signature(secret, timestamp, body)}"


def verify_signature(
    secret: str,
    header: str,
    body: bytes,
    tolerance: int = DEFAULT_TOLERANCE_SECONDS,
    *,
    now: float | None = None,
) -> bool:
    """True when `header` signs `body` with `secret` and its timestamp is within `tolerance`
    seconds of now (either side). Any v1 value may match (several during a secret rotation)."""
    parts = [part.split("=", 1) for part in header.split(",") if "=" in part]
    timestamps = [value for key, value in parts if key.strip() == "t"]
    signatures = [value.strip() for key, value in parts if key.strip() == "v1"]
    if len(timestamps) != 1 or not timestamps[0].strip().isdigit() or not signatures:
        return False
    timestamp = int(timestamps[0])
    current = time.time() if now is None else now
    if abs(current - timestamp) > tolerance:
        return False
    expected = compute_signature(secret, timestamp, body)
    return any(hmac.compare_digest(expected, signature) for signature in signatures)
