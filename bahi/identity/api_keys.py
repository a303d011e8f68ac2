"""API keys: per company, with a role, an optional expiry and a name.

The key is shown once, as `bahi_<prefix>_<secret>`: the prefix (12 hex characters) finds the row,
the secret (256 random bits) is stored only as its SHA-256, which is enough for a secret of that
entropy (no slow hash needed). A key acts as the admin who created it, limited to the key's
company and role; revoked and expired keys are refused. The last use (time and IP) is written at
most once a minute per key, or at once from a new address; the first use from an address never
seen for the key is a security event.
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from bahi.core.errors import InvalidInput, NotFound
from bahi.core.prepared import Param, PreparedQuery
from bahi.identity.audit import record_change
from bahi.identity.models import ApiKey, ApiKeyAddress, Company, Role, User
from bahi.identity.permissions import Action, ensure_can
from bahi.identity.security_log import Kind, record_security_event

KEY_PREFIX = "bahi"
LAST_USED_EVERY = timedelta(minutes=1)
_PREFIX_HEX_BYTES = 6


@dataclass(frozen=True)
class CreatedApiKey:
    """The stored key and its full secret text, which is never shown again."""

    key: ApiKey
    secret: str


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _audit_view(key: ApiKey) -> dict[str, object]:
    return {
        "name": key.name,
        "role": key.role,
        "prefix": key.prefix,
        "expires_at": key.expires_at.isoformat() if key.expires_at else None,
        "revoked_at": key.revoked_at.isoformat() if key.revoked_at else None,
    }


def _checked_input(name: str, role: str, expires_at: datetime | None) -> str:
    name = name.strip()
    if not name or len(name) > 100:
        raise InvalidInput(
            "an API key needs a name of 1 to 100 characters", details={"field": "name"}
        )
    if role not in Role.values:
        raise InvalidInput(f"unknown role {role!r}", details={"field": "role"})
    if expires_at is not None and expires_at <= timezone.now():
        raise InvalidInput("the expiry must be in the future", details={"field": "expires_at"})
    return name


@transaction.atomic
def create_api_key(
    *,
    company: Company,
    actor: User,
    name: str,
    role: str,
    expires_at: datetime | None = None,
    ip: str | None = None,
) -> CreatedApiKey:
    """Issue a key (admins only). The returned secret is the only time it is visible."""
    ensure_can(actor=actor, company=company, action=Action.MANAGE_COMPANY)
    name = _checked_input(name, role, expires_at)
    prefix = secrets.token_hex(_PREFIX_HEX_BYTES)
    secret = secrets.token_urlsafe(32)
    key = ApiKey.objects.create(
        company=company,
        user=actor,
        name=name,
        role=role,
        prefix=prefix,
        secret_hash=hash_secret(secret),
        expires_at=expires_at,
    )
    record_change(
        company=company,
        actor=actor,
        action="create",
        object_type="api_key",
        object_id=key.pk,
        after=_audit_view(key),
        ip=ip,
    )
    record_security_event(
        kind=Kind.API_KEY_CREATED,
        user=actor,
        ip=ip,
        company=company,
        details={"key": prefix, "name": name, "role": role},
    )
    return CreatedApiKey(key=key, secret=f"{KEY_PREFIX}_{prefix}_{secret}")


@transaction.atomic
def revoke_api_key(*, company: Company, actor: User, key_id: int, ip: str | None = None) -> ApiKey:
    """Revoke a key of this company (admins only); revoking twice changes nothing."""
    ensure_can(actor=actor, company=company, action=Action.MANAGE_COMPANY)
    key = ApiKey.objects.select_for_update().filter(company=company, pk=key_id).first()
    if key is None:
        raise NotFound(f"API key {key_id} does not exist", code="api_key_not_found")
    if key.revoked_at is not None:
        return key
    before = _audit_view(key)
    key.revoked_at = timezone.now()
    key.save(update_fields=["revoked_at"])
    record_change(
        company=company,
        actor=actor,
        action="revoke",
        object_type="api_key",
        object_id=key.pk,
        before=before,
        after=_audit_view(key),
        ip=ip,
    )
    return key


def _split(raw: str) -> tuple[str, str] | None:
    parts = raw.strip().split("_", 2)
    if len(parts) != 3 or parts[0] != KEY_PREFIX or not parts[1] or not parts[2]:
        return None
    return parts[1], parts[2]


# Every API call runs this lookup: compiled once (bahi.core.prepared), not on each request.
_KEY_BY_PREFIX = PreparedQuery(
    lambda: ApiKey.objects.select_related("user", "company").filter(prefix=Param("prefix"))[:1]
)


def authenticate_api_key(raw: str, ip: str | None = None) -> ApiKey | None:
    """The live key (with its user) that `raw` is the secret of, or None for an unknown,
    malformed, revoked or expired key. Records the use (at most once a minute)."""
    parts = _split(raw)
    if parts is None:
        return None
    prefix, secret = parts
    key = _KEY_BY_PREFIX.first(prefix=prefix)
    if key is None or not hmac.compare_digest(key.secret_hash, hash_secret(secret)):
        return None
    now = timezone.now()
    if key.revoked_at is not None or (key.expires_at is not None and key.expires_at <= now):
        return None
    if not key.user.is_active:
        return None
    _note_use(key, now, ip or "")
    return key


def _note_use(key: ApiKey, now: datetime, ip: str) -> None:
    ip = ip[:45]
    same_ip = ip == key.last_used_ip
    if same_ip and key.last_used_at is not None and now - key.last_used_at < LAST_USED_EVERY:
        return
    if not same_ip:
        _note_address(key, now, ip)
    ApiKey.objects.filter(pk=key.pk).update(last_used_at=now, last_used_ip=ip)
    key.last_used_at, key.last_used_ip = now, ip


def _note_address(key: ApiKey, now: datetime, ip: str) -> None:
    """Remember the address; the first use from one never seen for this key is a security
    event (a stolen key used elsewhere). The very first use of a key is not."""
    _, created = ApiKeyAddress.objects.get_or_create(
        key=key, ip=ip, defaults={"first_seen_at": now}
    )
    if created and key.last_used_at is not None:
        record_security_event(
            kind=Kind.API_KEY_NEW_IP,
            user=key.user,
            ip=ip,
            company=key.company,
            details={"key": key.prefix, "name": key.name, "previous_ip": key.last_used_ip},
        )


def list_api_keys(*, company: Company) -> list[ApiKey]:
    """The company's keys, newest first (secrets are never readable)."""
    return list(ApiKey.objects.filter(company=company).order_by("-created_at", "-pk"))
