from datetime import timedelta

import pytest
from django.utils import timezone

from bahi.core.errors import InvalidInput, NotFound, PermissionDenied
from bahi.identity.api_keys import (
    authenticate_api_key,
    create_api_key,
    hash_secret,
    list_api_keys,
    revoke_api_key,
)
from bahi.identity.models import ApiKey, AuditRecord, Role, SecurityEvent, User
from bahi.identity.services import add_member

pytestmark = pytest.mark.django_db


def test_the_secret_is_shown_once_and_only_its_hash_is_stored(company, admin_user):
    created = create_api_key(company=company, actor=admin_user, name="Tally sync", role="viewer")
    _, prefix, secret = created.secret.split("_", 2)
    stored = ApiKey.objects.get(pk=created.key.pk)
    assert created.secret.startswith(f"bahi_{prefix}_")
    assert (stored.prefix, len(prefix), stored.role) == (prefix, 12, "viewer")
    assert stored.secret_hash == hash_secret(secret)
    assert secret not in str(ApiKey.objects.filter(pk=stored.pk).values().get())
    assert list_api_keys(company=company) == [stored]


def test_creating_and_revoking_are_in_the_audit_trail(company, admin_user):
    created = create_api_key(company=company, actor=admin_user, name="CI", role="accountant")
    revoke_api_key(company=company, actor=admin_user, key_id=created.key.pk, ip="10.0.0.9")
    records = list(
        AuditRecord.objects.filter(company=company, object_type="api_key").order_by("sequence")
    )
    assert [(r.action, r.object_id, r.actor_id) for r in records] == [
        ("create", str(created.key.pk), admin_user.pk),
        ("revoke", str(created.key.pk), admin_user.pk),
    ]
    assert records[1].actor_ip == "10.0.0.9"
    assert records[0].after["name"] == "CI"
    assert records[0].after["role"] == "accountant"
    assert created.secret.split("_", 2)[2] not in str(records[0].after)


def test_only_admins_create_or_revoke_keys(company, admin_user):
    clerk = User.objects.create_user("clerk", "clerk@example.in", "pw")
    add_member(company=company, user=clerk, role=Role.ACCOUNTANT)
    with pytest.raises(PermissionDenied):
        create_api_key(company=company, actor=clerk, name="mine", role="viewer")
    key = create_api_key(company=company, actor=admin_user, name="k", role="viewer").key
    with pytest.raises(PermissionDenied):
        revoke_api_key(company=company, actor=clerk, key_id=key.pk)
    assert ApiKey.objects.get(pk=key.pk).revoked_at is None


def test_bad_input_is_refused_naming_the_field(company, admin_user):
    past = timezone.now() - timedelta(seconds=1)
    cases = [
        ({"name": " "}, "name"),
        ({"role": "owner"}, "role"),
        ({"expires_at": past}, "expires_at"),
    ]
    for change, field in cases:
        args = {"name": "k", "role": "viewer", **change}
        with pytest.raises(InvalidInput) as error:
            create_api_key(company=company, actor=admin_user, **args)
        assert error.value.details == {"field": field}
    assert ApiKey.objects.count() == 0


def test_a_live_key_authenticates_and_records_its_last_use(company, admin_user):
    created = create_api_key(company=company, actor=admin_user, name="k", role="viewer")
    key = authenticate_api_key(created.secret, "192.0.2.7")
    stored = ApiKey.objects.get(pk=created.key.pk)
    assert key is not None
    assert key.user == admin_user
    assert key.company_id == company.pk
    assert stored.last_used_ip == "192.0.2.7"
    assert timezone.now() - stored.last_used_at < timedelta(seconds=5)


def test_last_use_from_the_same_address_is_written_at_most_once_a_minute(company, admin_user):
    created = create_api_key(company=company, actor=admin_user, name="k", role="viewer")
    authenticate_api_key(created.secret, "192.0.2.7")
    first = ApiKey.objects.get(pk=created.key.pk).last_used_at
    authenticate_api_key(created.secret, "192.0.2.7")
    assert ApiKey.objects.get(pk=created.key.pk).last_used_at == first
    ApiKey.objects.filter(pk=created.key.pk).update(last_used_at=first - timedelta(seconds=61))
    authenticate_api_key(created.secret, "192.0.2.7")
    assert ApiKey.objects.get(pk=created.key.pk).last_used_at > first


def test_a_use_from_an_address_never_seen_for_the_key_is_a_security_event(company, admin_user):
    created = create_api_key(company=company, actor=admin_user, name="Tally", role="viewer")
    authenticate_api_key(created.secret, "192.0.2.7")
    authenticate_api_key(created.secret, "192.0.2.7")
    assert not SecurityEvent.objects.filter(kind="api_key_new_ip").exists()
    authenticate_api_key(created.secret, "198.51.100.9")
    assert ApiKey.objects.get(pk=created.key.pk).last_used_ip == "198.51.100.9"
    authenticate_api_key(created.secret, "192.0.2.7")  # seen before: no event
    [event] = SecurityEvent.objects.filter(kind="api_key_new_ip")
    assert (event.company_id, event.user_id, event.ip) == (
        company.pk,
        admin_user.pk,
        "198.51.100.9",
    )
    assert event.details == {
        "key": created.key.prefix,
        "name": "Tally",
        "previous_ip": "192.0.2.7",
    }
    assert created.secret.split("_", 2)[2] not in str(event.details)


def test_revoked_expired_wrong_and_malformed_keys_are_refused(company, admin_user):
    revoked = create_api_key(company=company, actor=admin_user, name="r", role="viewer")
    revoke_api_key(company=company, actor=admin_user, key_id=revoked.key.pk)
    expired = create_api_key(
        company=company,
        actor=admin_user,
        name="e",
        role="viewer",
        expires_at=timezone.now() + timedelta(hours=1),
    )
    ApiKey.objects.filter(pk=expired.key.pk).update(expires_at=timezone.now())
    good = create_api_key(company=company, actor=admin_user, name="g", role="viewer").secret
    wrong = good[:-4] + ("aaaa" if not good.endswith("aaaa") else "bbbb")
    for raw in (revoked.secret, expired.secret, wrong, "bahi_", "nonsense", good.replace("_", "-")):
        assert authenticate_api_key(raw, None) is None
    assert ApiKey.objects.get(pk=revoked.key.pk).last_used_at is None


def test_revoking_a_key_of_another_company_is_not_found(company, admin_user):
    with pytest.raises(NotFound):
        revoke_api_key(company=company, actor=admin_user, key_id=987654)
