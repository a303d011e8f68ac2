"""Key rotation for the two-factor secrets allauth stores (TOTP secrets, recovery-code seeds),
sealed by bahi.identity.allauth_adapters.MFAAdapter inside Authenticator.data (JSON), which
the EncryptedTextField walk of bahi.identity.fields does not see."""

from typing import Any

from allauth.mfa.models import Authenticator
from django.db import transaction

from bahi.identity import crypto

LABEL = "mfa.authenticator.data"
CONTEXT = "allauth.mfa.authenticator"
_SEALED_KEYS = ("secret", "seed")
_SEALED_LISTS = ("migrated_codes",)


def _sealed_values(data: dict[str, Any]) -> list[str]:
    values = [data[key] for key in _SEALED_KEYS if isinstance(data.get(key), str)]
    for key in _SEALED_LISTS:
        values.extend(v for v in data.get(key) or [] if isinstance(v, str))
    return values


def count_by_key() -> dict[str, int]:
    per_key: dict[str, int] = {}
    for data in Authenticator.objects.values_list("data", flat=True).iterator(chunk_size=2000):
        for sealed in _sealed_values(data or {}):
            key_id = crypto.key_id_of(sealed)
            per_key[key_id] = per_key.get(key_id, 0) + 1
    return per_key


def _reseal(value: Any, current: str) -> tuple[Any, bool]:
    if not isinstance(value, str) or crypto.key_id_of(value) == current:
        return value, False
    return crypto.seal(crypto.open_sealed(value, context=CONTEXT), context=CONTEXT), True


@transaction.atomic
def reencrypt_batch(pks: list[int]) -> int:
    """Seal again under the current key every value of these rows that is not under it."""
    current = crypto.get_keyring().current
    changed = 0
    for authenticator in Authenticator.objects.select_for_update().filter(pk__in=pks):
        data = dict(authenticator.data or {})
        touched = False
        for key in _SEALED_KEYS:
            data[key], moved = _reseal(data.get(key), current)
            touched = touched or moved
        for key in _SEALED_LISTS:
            if data.get(key):
                resealed = [_reseal(value, current) for value in data[key]]
                data[key] = [value for value, _ in resealed]
                touched = touched or any(moved for _, moved in resealed)
        if touched:
            data = {key: value for key, value in data.items() if value is not None}
            Authenticator.objects.filter(pk=authenticator.pk).update(data=data)
            changed += 1
    return changed


def reencrypt_all(batch_size: int) -> int:
    changed, last_pk = 0, 0
    while True:
        pks = list(
            Authenticator.objects.filter(pk__gt=last_pk)
            .order_by("pk")
            .values_list("pk", flat=True)[:batch_size]
        )
        if not pks:
            return changed
        changed += reencrypt_batch(pks)
        last_pk = pks[-1]
