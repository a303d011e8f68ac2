"""Sign-in mail end to end: what the identity pages queue reaches a real SMTP server through
`bahi worker`, once, and its link works."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.test import Client

from bahi.cli import main
from bahi.identity.models import Membership, User
from bahi.notifications.tests.smtp_server import smtp_server

__all__ = ["smtp_server"]

pytestmark = pytest.mark.django_db
PASSWORD = "a long passphrase 42"  # noqa: S105 - a test value


def _body(message) -> str:
    parts = [part for part in message.walk() if part.get_content_type() == "text/plain"]
    return str(parts[0].get_payload(decode=True).decode())


def test_an_invitation_email_reaches_the_invitee_once_and_its_link_joins_the_company(
    client, company, admin_user, smtp_server
):
    client.force_login(admin_user)
    response = client.post(
        "/accounts/members/invite/", {"email": "meera@example.in", "role": "viewer"}
    )
    assert response.status_code == 302
    assert smtp_server.messages == []  # nothing is sent from the web request

    assert main(["worker", "--max-passes", "2", "--interval", "0.01"]) == 0
    assert main(["worker", "--max-passes", "1", "--interval", "0.01"]) == 0

    [message] = smtp_server.messages
    assert message["To"] == "meera@example.in"
    assert message["Subject"] == "[Bahi] Invitation to Sharma Traders Pvt Ltd"
    [link] = re.findall(r"https?://\S+/accounts/invitation/\S+/", _body(message))
    path = "/" + link.split("/", 3)[3]
    invitee = Client()
    joined = invitee.post(path, {"password1": PASSWORD, "password2": PASSWORD})
    assert joined.status_code == 302
    meera = User.objects.get(email="meera@example.in")
    assert Membership.objects.get(user=meera, company=company).role == "viewer"


def test_a_password_reset_email_reaches_the_owner_and_the_link_sets_a_new_password(
    company, admin_user, smtp_server
):
    EmailAddress.objects.create(user=admin_user, email=admin_user.email, verified=True)
    assert (
        Client().post("/accounts/password/reset/", {"email": admin_user.email}).status_code == 302
    )
    assert main(["worker", "--max-passes", "1", "--interval", "0.01"]) == 0

    [message] = smtp_server.messages
    assert message["To"] == admin_user.email
    [link] = re.findall(r"https?://\S+/accounts/password/reset/key/\S+/", _body(message))
    browser = Client()
    form = browser.get("/" + link.split("/", 3)[3], follow=True)
    assert form.status_code == 200
    changed = browser.post(
        form.redirect_chain[-1][0], {"password1": PASSWORD, "password2": PASSWORD}
    )
    assert changed.status_code == 302
    admin_user.refresh_from_db()
    assert admin_user.check_password(PASSWORD)
