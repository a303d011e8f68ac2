"""Sessions: company switcher, log out everywhere, 12-hour absolute and 30-minute idle expiry,
and the two-factor enrolment that some roles must complete at sign-in."""

import time
from datetime import date

import pytest
from django.conf import settings
from django.test import Client

from bahi.core.errors import PermissionDenied
from bahi.identity.middleware import SESSION_COMPANY_KEY, SESSION_STARTED_KEY
from bahi.identity.models import Company, SecurityEvent, User
from bahi.identity.permissions import Action, ensure_can
from bahi.identity.services import add_member, create_company

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"
PASSWORD = "correct horse battery"  # noqa: S105 - the fixture user's


@pytest.fixture
def second_company(admin_user) -> Company:
    return create_company(
        owner=admin_user,
        legal_name="Aarav Textiles",
        state_code="24",
        books_begin_date=date(2024, 4, 1),
    )


def test_the_switcher_shows_only_for_members_of_several_companies(client, admin_user, company):
    client.force_login(admin_user)
    assert 'name="company_id"' not in client.get("/accounts/members/").content.decode()


def test_switching_company_changes_the_pages_company(client, admin_user, company, second_company):
    client.force_login(admin_user)
    page = client.get("/accounts/members/").content.decode()
    assert 'name="company_id"' in page
    assert "Members of Aarav Textiles" in page  # first by name
    response = client.post("/accounts/switch-company/", {"company_id": company.pk})
    assert response.status_code == 302
    assert client.session[SESSION_COMPANY_KEY] == company.pk
    assert "Members of Sharma Traders Pvt Ltd" in client.get("/accounts/members/").content.decode()


def test_switching_to_a_company_one_is_not_a_member_of_is_404(client, admin_user, company):
    outsider = User.objects.create_user("verma", "verma@example.in", "x" * 16)
    theirs = create_company(
        owner=outsider,
        legal_name="Verma Exports",
        state_code="07",
        books_begin_date=date(2024, 4, 1),
    )
    client.force_login(admin_user)
    assert client.post("/accounts/switch-company/", {"company_id": theirs.pk}).status_code == 404
    assert client.post("/accounts/switch-company/", {"company_id": "x"}).status_code == 404
    assert SESSION_COMPANY_KEY not in client.session


def test_log_out_everywhere_ends_every_session(admin_user, company):
    laptop, phone = Client(), Client()
    laptop.force_login(admin_user)
    phone.force_login(admin_user)
    assert phone.get("/accounts/members/").status_code == 200
    response = laptop.post("/accounts/logout-everywhere/")
    assert response["Location"] == "/accounts/login/"
    assert "_auth_user_id" not in laptop.session
    assert phone.get("/accounts/members/").status_code == 302
    assert SecurityEvent.objects.filter(kind="logged_out_everywhere", user=admin_user).count() == 1
    fresh = Client()
    fresh.post(LOGIN, {"login": "owner@example.in", "password": PASSWORD})
    assert fresh.session["_auth_user_id"] == str(admin_user.pk)


def test_sessions_before_any_log_out_everywhere_stay_valid(admin_user):
    admin_user.refresh_from_db()
    assert admin_user.session_generation == 0
    before = admin_user.get_session_auth_hash()
    admin_user.session_generation = 1
    assert admin_user.get_session_auth_hash() != before


def test_a_session_ends_twelve_hours_after_sign_in(client, admin_user, company, fresh_cache):
    client.post(LOGIN, {"login": "owner@example.in", "password": PASSWORD})
    session = client.session
    session[SESSION_STARTED_KEY] = int(time.time()) - 12 * 3600 + 60
    session.save()
    assert client.get("/accounts/members/").status_code == 302  # enrolment, still signed in
    session = client.session
    session[SESSION_STARTED_KEY] = int(time.time()) - 12 * 3600
    session.save()
    response = client.get("/accounts/members/")
    assert response["Location"] == "/accounts/login/?next=/accounts/members/"
    assert "_auth_user_id" not in client.session
    assert SecurityEvent.objects.filter(kind="session_expired", user=admin_user).count() == 1


def test_idle_sessions_end_after_thirty_minutes():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_ABSOLUTE_SECONDS == 12 * 3600


def test_a_viewer_need_not_set_up_two_factor(client, company, fresh_cache):
    viewer = User.objects.create_user("reader", "reader@example.in", PASSWORD)
    add_member(company=company, user=viewer, role="viewer")
    client.post(LOGIN, {"login": "reader@example.in", "password": PASSWORD})
    assert client.get("/accounts/email/").status_code == 200


def test_a_company_can_drop_the_two_factor_requirement(client, admin_user, company, fresh_cache):
    Company.objects.filter(pk=company.pk).update(require_2fa_roles=[])
    client.post(LOGIN, {"login": "owner@example.in", "password": PASSWORD})
    assert client.get("/accounts/members/").status_code == 200


def test_an_admin_without_two_factor_may_still_sign_out(client, admin_user, company, fresh_cache):
    client.post(LOGIN, {"login": "owner@example.in", "password": PASSWORD})
    assert client.get("/accounts/email/")["Location"] == "/accounts/2fa/totp/activate/"
    assert client.post("/accounts/logout/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_default_requirement_covers_admins_and_accountants(company):
    assert company.require_2fa_roles == ["admin", "accountant"]


def test_a_denial_outside_a_request_is_logged_at_once(company):
    stranger = User.objects.create_user("stranger", "s@example.in", PASSWORD)
    with pytest.raises(PermissionDenied):
        ensure_can(actor=stranger, company=company, action=Action.POST_ENTRIES)
    event = SecurityEvent.objects.get(kind="permission_denied")
    assert (event.user_id, event.company_id, event.details) == (
        stranger.pk,
        company.pk,
        {"action": "post_entries", "role": None},
    )


def test_changing_the_password_ends_the_other_sessions(admin_user, company, fresh_cache):
    Company.objects.filter(pk=company.pk).update(require_2fa_roles=[])
    laptop, phone = Client(), Client()
    for device in (laptop, phone):
        device.post(LOGIN, {"login": "owner@example.in", "password": PASSWORD})
    new = "another long passphrase 77"
    response = laptop.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": new, "password2": new},
    )
    assert response.status_code == 302
    assert laptop.get("/accounts/members/").status_code == 200
    assert phone.get("/accounts/members/").status_code == 302
    assert SecurityEvent.objects.filter(kind="password_changed", user=admin_user).count() == 1


def test_an_idle_session_is_gone_after_its_expiry(client, admin_user, company):
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    client.force_login(admin_user)
    assert client.get("/accounts/members/").status_code == 200
    Session.objects.update(expire_date=timezone.now())
    assert client.get("/accounts/members/")["Location"].startswith("/accounts/login/")


def test_adding_an_email_address_queues_its_confirmation(
    client, admin_user, company, queued_emails
):
    client.force_login(admin_user)
    client.post("/accounts/email/", {"action_add": "", "email": "accounts@sharma.example.in"})
    [message] = queued_emails
    assert message["to"] == ["accounts@sharma.example.in"]
    assert "/accounts/confirm-email/" in str(message["body_text"])


def test_an_htmx_request_during_enrolment_sends_the_browser_to_set_up(
    client, admin_user, company, fresh_cache
):
    client.post(LOGIN, {"login": "owner@example.in", "password": PASSWORD})
    response = client.get("/accounts/members/", HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response["HX-Redirect"] == "/accounts/2fa/totp/activate/"
