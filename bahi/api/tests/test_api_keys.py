"""API keys on the REST API: a key acts in its own company only, within its role."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from bahi.identity.api_keys import create_api_key, revoke_api_key
from bahi.identity.models import ApiKey
from bahi.identity.services import add_member

pytestmark = pytest.mark.django_db
API = "/api/v1"


def bearer(secret: str) -> Client:
    """A client as a real integrator is: no session, and CSRF enforced as over real HTTP (the
    test client skips it by default)."""
    return Client(
        headers={"Authorization": f"Bearer {secret}"},
        REMOTE_ADDR="198.51.100.4",
        enforce_csrf_checks=True,
    )


def key_of(company, admin_user, role: str = "viewer", **kwargs) -> str:
    return create_api_key(company=company, actor=admin_user, name="k", role=role, **kwargs).secret


def test_a_viewer_key_reads_its_company(company, admin_user):
    response = bearer(key_of(company, admin_user)).get(f"{API}/companies/{company.id}")
    assert response.status_code == 200
    assert (response.json()["id"], response.json()["role"]) == (company.id, "viewer")


def test_a_viewer_key_may_not_post(company, admin_user):
    client = bearer(key_of(company, admin_user))
    response = client.post(
        f"{API}/companies/{company.id}/parties", {"name": "Mehta"}, content_type="application/json"
    )
    assert response.status_code == 403


def test_an_accountant_key_posts_without_a_csrf_token(company, admin_user):
    client = bearer(key_of(company, admin_user, role="accountant"))
    response = client.post(
        f"{API}/companies/{company.id}/parties", {"name": "Mehta"}, content_type="application/json"
    )
    assert response.status_code == 201, response.content


def test_a_session_post_without_a_csrf_token_is_still_refused(company, admin_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)

    response = client.post(
        f"{API}/companies/{company.id}/parties", {"name": "Mehta"}, content_type="application/json"
    )

    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_a_key_of_company_a_finds_nothing_of_company_b(company, admin_user, other_company):
    client = bearer(key_of(company, admin_user, role="admin"))
    assert client.get(f"{API}/companies/{other_company.id}").status_code == 404
    # even when its creator is also a member of company B
    add_member(company=other_company, user=admin_user, role="admin")
    assert client.get(f"{API}/companies/{other_company.id}/accounts").status_code == 404


def test_revoked_expired_and_unknown_keys_get_401(company, admin_user):
    revoked = create_api_key(company=company, actor=admin_user, name="r", role="admin")
    revoke_api_key(company=company, actor=admin_user, key_id=revoked.key.pk)
    expired = key_of(company, admin_user, expires_at=timezone.now() + timedelta(hours=1))
    ApiKey.objects.filter(company=company, name="k").update(expires_at=timezone.now())
    for secret in (revoked.secret, expired, "bahi_000000000000_guess"):
        response = bearer(secret).get(f"{API}/companies/{company.id}")
        assert response.status_code == 401, secret


def test_the_last_use_is_recorded_with_the_client_ip(company, admin_user):
    bearer(key_of(company, admin_user)).get(f"{API}/companies/{company.id}")
    key = ApiKey.objects.get(company=company)
    assert key.last_used_ip == "198.51.100.4"
    assert timezone.now() - key.last_used_at < timedelta(seconds=5)


def test_a_key_lists_only_its_own_company_with_its_own_role(company, admin_user, other_company):
    add_member(company=other_company, user=admin_user, role="admin")
    listed = bearer(key_of(company, admin_user)).get(f"{API}/companies").json()
    assert [(row["id"], row["role"]) for row in listed] == [(company.id, "viewer")]
