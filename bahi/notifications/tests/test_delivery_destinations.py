"""At delivery the host is resolved once and every address checked, and the connection goes to a
checked address (DNS rebinding cannot slip in a second answer); redirects are not followed; a
refused delivery is logged and retried on the usual backoff, then failed."""

import json
import ssl
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.db import transaction
from django.utils import timezone

from bahi.notifications import transport
from bahi.notifications.models import EventState, WebhookDelivery, WebhookEndpoint
from bahi.notifications.services import MAX_ATTEMPTS, drain_outbox, emit, register_endpoint
from bahi.notifications.tests.fake_dns import fake_dns
from bahi.notifications.tests.receiver import certificate_for, serving

__all__ = ["fake_dns"]
HINT = "(an install that posts to its own network sets BAHI_WEBHOOK_ALLOW_PRIVATE_HOSTS=1)"


def _emit(company):
    with transaction.atomic():
        return emit(company=company, kind="entry.posted", payload={"entry_id": 7})


def _register(company, actor, url):
    endpoint, _ = register_endpoint(
        company=company, actor=actor, url=url, event_kinds=["entry.posted"]
    )
    return endpoint


def _port(url):
    return urlsplit(url).port


def test_a_name_rebound_to_a_private_address_after_registration_is_not_connected_to(
    company, admin_user, receiver, fake_dns, settings
):
    settings.WEBHOOK_ALLOW_PRIVATE_HOSTS = False
    fake_dns.set("hooks.example.in", ["93.184.215.14"], ["127.0.0.1"])
    _register(company, admin_user, f"http://hooks.example.in:{_port(receiver.url)}/hooks")
    event = _emit(company)
    now = timezone.now()

    assert drain_outbox(now=now) == 1

    assert fake_dns.lookups == ["hooks.example.in", "hooks.example.in"]
    assert fake_dns.connects == []
    assert receiver.requests == []
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status_code, delivery.is_success, delivery.response_excerpt) == (
        None,
        False,
        "",
    )
    assert delivery.error == (
        f"refused, not sent: hooks.example.in resolves to a loopback address {HINT}"
    )
    event.refresh_from_db()
    assert (event.state, event.attempts) == (EventState.PENDING, 1)
    assert event.next_attempt_at == now + timedelta(seconds=30)


def test_a_refused_delivery_is_retried_on_the_backoff_then_failed(
    company, admin_user, fake_dns, settings
):
    # Registered while the install allowed private hosts, which it no longer does.
    settings.WEBHOOK_ALLOW_PRIVATE_HOSTS = True
    _register(company, admin_user, "http://169.254.169.254/latest/meta-data/")
    settings.WEBHOOK_ALLOW_PRIVATE_HOSTS = False
    event = _emit(company)
    now = timezone.now()

    for _ in range(MAX_ATTEMPTS + 2):
        drain_outbox(now=now)
        now += timedelta(hours=2)

    event.refresh_from_db()
    assert (event.state, event.attempts) == (EventState.FAILED, MAX_ATTEMPTS)
    assert fake_dns.connects == []
    errors = set(WebhookDelivery.objects.values_list("error", flat=True))
    assert errors == {f"refused, not sent: 169.254.169.254 is a link-local address {HINT}"}
    assert WebhookDelivery.objects.count() == MAX_ATTEMPTS


def test_the_connection_goes_to_the_address_that_was_checked(fake_dns, monkeypatch):
    # A rebinding server answers a public address to the check and 127.0.0.1 to any later
    # lookup: there is none, the connection goes to the address checked.
    fake_dns.set("hooks.example.in", ["93.184.215.14"], ["127.0.0.1"])

    def refuse(sock, address):
        fake_dns.connects.append(address)
        raise ConnectionRefusedError(111, "Connection refused")

    monkeypatch.setattr("socket.socket.connect", refuse)

    result = transport.post_json("http://hooks.example.in/hooks", b"{}", {})

    assert fake_dns.lookups == ["hooks.example.in"]
    assert fake_dns.connects == [("93.184.215.14", 80)]
    assert result == transport.PostResult(
        None, "", "ConnectionRefusedError: [Errno 111] Connection refused"
    )


def test_every_checked_address_is_tried_in_turn(fake_dns, receiver):
    port = _port(receiver.url)
    fake_dns.set("hooks.example.in", ["127.0.0.2", "127.0.0.1"])

    result = transport.post_json(
        f"http://hooks.example.in:{port}/hooks", b"{}", {}, allow_private=True
    )

    assert result.status_code == 200
    assert fake_dns.connects == [("127.0.0.2", port), ("127.0.0.1", port)]


def test_a_pinned_delivery_carries_the_urls_host_name(company, admin_user, receiver, fake_dns):
    fake_dns.set("hooks.example.in", ["127.0.0.1"])
    port = _port(receiver.url)
    _register(company, admin_user, f"http://hooks.example.in:{port}/hooks?company=7#x")
    event = _emit(company)

    drain_outbox()

    [request] = receiver.requests
    assert request.path == "/hooks?company=7"
    assert request.headers["Host"] == f"hooks.example.in:{port}"
    assert json.loads(request.body)["id"] == str(event.event_id)
    assert fake_dns.connects == [("127.0.0.1", port)]
    assert WebhookDelivery.objects.get().is_success


def test_a_redirect_is_not_followed_and_the_delivery_fails(company, admin_user, receiver):
    _register(company, admin_user, receiver.url)
    receiver.statuses = [302]
    event = _emit(company)

    drain_outbox()

    assert len(receiver.requests) == 1
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status_code, delivery.is_success) == (302, False)
    assert delivery.error == (
        "HTTP 302: redirect to 'http://169.254.169.254/latest/meta-data/' not followed"
    )
    event.refresh_from_db()
    assert (event.state, event.attempts) == (EventState.PENDING, 1)
    assert event.last_error == f"{receiver.url}: {delivery.error}"


def test_a_private_host_receives_deliveries_when_the_install_allows_it(
    company, admin_user, receiver, settings
):
    assert settings.WEBHOOK_ALLOW_PRIVATE_HOSTS  # the receiver fixture's opt-in
    _register(company, admin_user, receiver.url)
    _emit(company)

    drain_outbox()

    assert len(receiver.requests) == 1
    assert WebhookDelivery.objects.get().status_code == 200


@pytest.fixture
def tls_receiver(tmp_path, monkeypatch, settings):
    """A TLS receiver on 127.0.0.1 whose certificate names hooks.example.in, trusted by the
    transport; hooks.example.in resolves to it."""
    settings.WEBHOOK_ALLOW_PRIVATE_HOSTS = True
    cert_path, key_path = certificate_for("hooks.example.in", tmp_path)
    server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_context.load_cert_chain(cert_path, key_path)
    client_context = ssl.create_default_context(cafile=str(cert_path))
    monkeypatch.setattr(transport, "_tls_context", lambda: client_context)
    with serving(server_context) as state:
        yield state


def test_https_to_a_pinned_address_checks_the_certificate_for_the_name(
    company, admin_user, tls_receiver, fake_dns
):
    # Both names lead to the receiver, whose certificate names only hooks.example.in.
    fake_dns.set("hooks.example.in", ["127.0.0.1"])
    fake_dns.set("other.example.in", ["127.0.0.1"])
    port = _port(tls_receiver.url)
    _register(company, admin_user, f"https://hooks.example.in:{port}/hooks")
    _register(company, admin_user, f"https://other.example.in:{port}/hooks")
    _emit(company)

    drain_outbox()

    [request] = tls_receiver.requests
    assert request.headers["Host"] == f"hooks.example.in:{port}"
    by_url = dict(WebhookDelivery.objects.values_list("endpoint__url", "error"))
    assert by_url[f"https://hooks.example.in:{port}/hooks"] == ""
    assert by_url[f"https://other.example.in:{port}/hooks"].startswith(
        "SSLCertVerificationError: [SSL: CERTIFICATE_VERIFY_FAILED]"
    )
    assert "Hostname mismatch" in by_url[f"https://other.example.in:{port}/hooks"]
    assert WebhookEndpoint.objects.count() == 2
