"""Admins' pages: members and roles, API keys, security events, audit trail. Viewers and
accountants get 403; another company's rows are 404."""

from datetime import date

import pytest

from bahi.identity.audit import record_change
from bahi.identity.models import ApiKey, AuditRecord, Membership, SecurityEvent, User
from bahi.identity.security_log import record_security_event
from bahi.identity.services import add_member, create_company

pytestmark = pytest.mark.django_db

ADMIN_PAGES = [
    ("get", "/accounts/members/"),
    ("post", "/accounts/members/invite/"),
    ("get", "/accounts/api-keys/"),
    ("post", "/accounts/api-keys/new/"),
    ("get", "/accounts/security-events/"),
    ("get", "/accounts/audit/"),
    ("get", "/accounts/audit.csv"),
]


@pytest.fixture
def member(company):
    def make(name: str, role: str) -> User:
        user = User.objects.create_user(name, f"{name}@example.in", "x" * 16)
        add_member(company=company, user=user, role=role)
        return user

    return make


@pytest.fixture
def other_company(db):
    owner = User.objects.create_user("verma", "verma@example.in", "x" * 16)
    return create_company(
        owner=owner, legal_name="Verma Exports", state_code="07", books_begin_date=date(2024, 4, 1)
    )


@pytest.mark.parametrize("role", ["viewer", "accountant"])
@pytest.mark.parametrize(("method", "path"), ADMIN_PAGES)
def test_only_admins_open_the_admin_pages(client, member, role, method, path):
    client.force_login(member("clerk", role))
    response = getattr(client, method)(
        path, {"email": "x@example.in", "role": "admin", "name": "k"}
    )
    assert response.status_code == 403
    assert not ApiKey.objects.exists()


@pytest.mark.parametrize(("method", "path"), ADMIN_PAGES)
def test_signed_out_visitors_are_sent_to_sign_in(client, method, path):
    response = getattr(client, method)(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_refused_admin_page_is_a_security_event(client, company, member):
    clerk = member("clerk", "viewer")
    client.force_login(clerk)
    client.get("/accounts/members/", REMOTE_ADDR="198.51.100.4")
    event = SecurityEvent.objects.get(kind="permission_denied")
    assert (event.user_id, event.company_id, event.ip) == (clerk.pk, company.pk, "198.51.100.4")
    assert event.details == {"action": "manage_company", "role": "viewer"}


def test_the_members_page_lists_members_and_open_invitations(client, company, admin_user, member):
    member("clerk", "accountant")
    client.force_login(admin_user)
    page = client.get("/accounts/members/").content.decode()
    assert "owner@example.in" in page
    assert "clerk@example.in" in page


def test_an_admin_changes_a_role_on_the_record(client, company, admin_user, member):
    clerk = member("clerk", "viewer")
    membership = Membership.objects.get(user=clerk)
    client.force_login(admin_user)
    response = client.post(f"/accounts/members/{membership.pk}/role/", {"role": "accountant"})
    assert response.status_code == 303
    assert Membership.objects.get(pk=membership.pk).role == "accountant"
    record = AuditRecord.objects.get(object_type="membership")
    assert (record.action, record.before["role"], record.after["role"]) == (
        "update",
        "viewer",
        "accountant",
    )
    event = SecurityEvent.objects.get(kind="role_changed")
    assert (event.user_id, event.company_id) == (clerk.pk, company.pk)
    assert event.details == {"by": admin_user.pk, "from": "viewer", "to": "accountant"}


def test_the_last_admin_cannot_be_demoted_or_removed(client, company, admin_user):
    mine = Membership.objects.get(user=admin_user)
    client.force_login(admin_user)
    client.post(f"/accounts/members/{mine.pk}/role/", {"role": "viewer"})
    client.post(f"/accounts/members/{mine.pk}/remove/")
    assert Membership.objects.get(pk=mine.pk).role == "admin"
    assert not AuditRecord.objects.filter(object_type="membership").exists()
    page = client.get("/accounts/members/").content.decode()
    assert "is the only admin of Sharma Traders Pvt Ltd" in page


def test_an_admin_removes_a_member_on_the_record(client, company, admin_user, member):
    clerk = member("clerk", "accountant")
    membership = Membership.objects.get(user=clerk)
    client.force_login(admin_user)
    assert client.post(f"/accounts/members/{membership.pk}/remove/").status_code == 303
    assert not Membership.objects.filter(pk=membership.pk).exists()
    record = AuditRecord.objects.get(object_type="membership")
    assert (record.action, record.before["email"], record.after) == (
        "delete",
        "clerk@example.in",
        None,
    )
    assert SecurityEvent.objects.filter(kind="member_removed", user=clerk).count() == 1


def test_another_companys_member_is_not_found(client, admin_user, company, other_company):
    theirs = Membership.objects.get(company=other_company)
    client.force_login(admin_user)
    assert (
        client.post(f"/accounts/members/{theirs.pk}/role/", {"role": "viewer"}).status_code == 404
    )
    assert client.post(f"/accounts/members/{theirs.pk}/remove/").status_code == 404
    assert Membership.objects.get(pk=theirs.pk).role == "admin"


def test_an_api_key_is_shown_once_and_revoked(client, company, admin_user, other_company):
    client.force_login(admin_user)
    created = client.post("/accounts/api-keys/new/", {"name": "Tally", "role": "viewer"})
    assert created.status_code == 201
    assert created["Cache-Control"] == "no-store"
    key = ApiKey.objects.get()
    page = created.content.decode()
    assert f"bahi_{key.prefix}_" in page
    listing = client.get("/accounts/api-keys/").content.decode()
    assert f"bahi_{key.prefix}_…" in listing
    assert page.split('id="new-api-key">')[1].split("<")[0] not in listing
    assert client.post(f"/accounts/api-keys/{key.pk}/revoke/").status_code == 303
    assert ApiKey.objects.get().revoked_at is not None


def test_another_companys_api_key_cannot_be_revoked(client, company, admin_user, other_company):
    from bahi.identity.api_keys import create_api_key

    owner = User.objects.get(username="verma")
    theirs = create_api_key(company=other_company, actor=owner, name="x", role="viewer").key
    client.force_login(admin_user)
    assert client.post(f"/accounts/api-keys/{theirs.pk}/revoke/").status_code == 404
    assert ApiKey.objects.get(pk=theirs.pk).revoked_at is None


def test_an_api_key_with_a_bad_expiry_is_refused(client, company, admin_user):
    client.force_login(admin_user)
    response = client.post(
        "/accounts/api-keys/new/", {"name": "Tally", "role": "viewer", "expires_on": "2001-01-01"}
    )
    assert response.status_code == 422
    assert "the expiry must be in the future" in response.content.decode()
    assert not ApiKey.objects.exists()


def test_admins_see_unread_alerts_until_they_open_the_events(client, company, admin_user, member):
    clerk = member("clerk", "viewer")
    record_security_event(kind="login_locked", user=clerk, ip="192.0.2.1")
    record_security_event(kind="login_failed", user=clerk, ip="192.0.2.1")  # not an alert
    record_security_event(kind="login_locked", user=None, ip="192.0.2.2")  # no one of ours
    client.force_login(admin_user)
    assert "1 new" in client.get("/accounts/members/").content.decode()
    events = client.get("/accounts/security-events/").content.decode()
    assert events.count("login_locked") == 1
    assert "login_failed" in events
    assert "1 new" not in client.get("/accounts/members/").content.decode()


def test_another_companys_security_events_are_not_shown(client, company, admin_user, other_company):
    outsider = User.objects.get(username="verma")
    record_security_event(kind="login_locked", user=outsider, ip="192.0.2.99")
    client.force_login(admin_user)
    assert "192.0.2.99" not in client.get("/accounts/security-events/").content.decode()


def test_the_audit_trail_filters_pages_and_exports(client, company, admin_user, other_company):
    for n in range(55):
        record_change(
            company=company, actor=admin_user, action="create", object_type="party", object_id=n
        )
    record_change(
        company=company,
        actor=admin_user,
        action="update",
        object_type="account",
        object_id=1,
        after={"name": "=HYPERLINK(1)"},
    )
    record_change(
        company=other_company, actor=None, action="create", object_type="party", object_id=999
    )
    client.force_login(admin_user)
    first = client.get("/accounts/audit/?object_type=party").content.decode()
    assert "Page 1 of 2" in first
    assert "party 54" in first
    assert "party 999" not in first
    second = client.get("/accounts/audit/?object_type=party&page=2").content.decode()
    assert "party 0<" in second or "party 0\n" in second or "party 0 " in second
    csv_text = b"".join(client.get("/accounts/audit.csv?action=update").streaming_content).decode()
    lines = csv_text.strip().splitlines()
    assert lines[0].startswith("sequence,recorded_at,actor_id")
    assert len(lines) == 2
    assert "'=HYPERLINK" not in csv_text  # JSON text starts with "{", not a formula
    assert ",account,1," in lines[1]
    exported = SecurityEvent.objects.get(kind="audit_exported")
    assert (exported.user_id, exported.company_id, exported.details) == (
        admin_user.pk,
        company.pk,
        {"filter": "action=update"},
    )
    assert "owner@example.in" in first  # who made the change


def test_a_bad_audit_filter_is_422(client, company, admin_user):
    client.force_login(admin_user)
    assert client.get("/accounts/audit/?from_date=yesterday").status_code == 422


def test_an_admin_chooses_the_roles_that_need_two_factor(client, company, admin_user):
    client.force_login(admin_user)
    response = client.post("/accounts/members/require-2fa/", {"roles": ["viewer", "admin"]})
    assert response.status_code == 303
    company.refresh_from_db()
    assert company.require_2fa_roles == ["admin", "viewer"]
    record = AuditRecord.objects.get(object_type="company_setting")
    assert (record.object_id, record.before, record.after) == (
        "require_2fa_roles",
        ["admin", "accountant"],
        ["admin", "viewer"],
    )


def test_an_unknown_role_changes_no_setting(client, company, admin_user):
    client.force_login(admin_user)
    client.post("/accounts/members/require-2fa/", {"roles": ["owner"]})
    company.refresh_from_db()
    assert company.require_2fa_roles == ["admin", "accountant"]
    assert not AuditRecord.objects.exists()


def test_an_accountant_cannot_change_the_two_factor_setting(client, company, member):
    client.force_login(member("clerk", "accountant"))
    assert client.post("/accounts/members/require-2fa/", {"roles": []}).status_code == 403
    company.refresh_from_db()
    assert company.require_2fa_roles == ["admin", "accountant"]
