"""A webhook URL must reach a public internet address (OWASP API7:2023, SSRF): what is refused at
registration, and why; BAHI_WEBHOOK_ALLOW_PRIVATE_HOSTS lets an install post to its own
network."""

import ipaddress

import pytest

from bahi.core.errors import InvalidInput
from bahi.notifications.destinations import non_public_kind
from bahi.notifications.errors import WebhookUrlNotPublic
from bahi.notifications.models import WebhookEndpoint
from bahi.notifications.services import register_endpoint
from bahi.notifications.tests.fake_dns import fake_dns

__all__ = ["fake_dns"]
HINT = " (an install that posts to its own network sets BAHI_WEBHOOK_ALLOW_PRIVATE_HOSTS=1)"


def _register(company, actor, url):
    return register_endpoint(company=company, actor=actor, url=url, event_kinds=["entry.posted"])


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://127.0.0.1/", "127.0.0.1 is a loopback address"),
        ("http://127.8.9.10:5432/", "127.8.9.10 is a loopback address"),
        ("http://[::1]:8000/", "::1 is a loopback address"),
        ("http://10.0.0.5/admin", "10.0.0.5 is a private address"),
        ("http://172.16.0.1/", "172.16.0.1 is a private address"),
        ("https://192.168.1.1/", "192.168.1.1 is a private address"),
        ("http://169.254.169.254/latest/", "169.254.169.254 is a link-local address"),
        ("http://[fe80::1]/", "fe80::1 is a link-local address"),
        ("http://[fe80::1%lo]/", "fe80::1%lo is fe80::1, a link-local address"),
        ("http://[fd12:3456::1]/", "fd12:3456::1 is a private address"),
        ("http://[fc00::1]/", "fc00::1 is a private address"),
        ("http://100.64.0.1/", "100.64.0.1 is an address that is not publicly routable"),
        ("http://0.0.0.0:8000/", "0.0.0.0 is an unspecified address"),
        ("http://[::]/", ":: is an unspecified address"),
        ("http://224.0.0.1/", "224.0.0.1 is a multicast address"),
        ("http://[ff02::1]/", "ff02::1 is a multicast address"),
        ("http://240.0.0.1/", "240.0.0.1 is a private address"),
        ("http://255.255.255.255/", "255.255.255.255 is a private address"),
        ("http://192.0.2.10/", "192.0.2.10 is a private address"),
        (
            "http://[::ffff:127.0.0.1]/",
            "::ffff:127.0.0.1 is ::ffff:7f00:1, a loopback address (IPv4 127.0.0.1 inside IPv6)",
        ),
        (
            "http://[::ffff:a9fe:a9fe]/",
            "::ffff:a9fe:a9fe is a link-local address (IPv4 169.254.169.254 inside IPv6)",
        ),
        (
            "http://[2002:a00:1::]/",
            "2002:a00:1:: is a private address (IPv4 10.0.0.1 inside IPv6)",
        ),
        ("http://2130706433/", "2130706433 is 127.0.0.1, a loopback address"),
        ("http://0x7f.1/", "0x7f.1 is 127.0.0.1, a loopback address"),
        ("http://0x7f000001:8080/", "0x7f000001 is 127.0.0.1, a loopback address"),
        ("http://0177.0.0.1/", "0177.0.0.1 is 127.0.0.1, a loopback address"),
        ("http://127.1/", "127.1 is 127.0.0.1, a loopback address"),
        (
            "http://0251.0376.0251.0376/",
            "0251.0376.0251.0376 is 169.254.169.254, a link-local address",
        ),
        ("http://localhost/", "localhost names this machine (localhost)"),
        ("http://LOCALHOST:8000/hooks", "localhost names this machine (localhost)"),
        ("http://localhost./", "localhost. names this machine (localhost)"),
        ("https://api.localhost/", "api.localhost names this machine (localhost)"),
        ("http://user@127.0.0.1/", "127.0.0.1 is a loopback address"),
    ],
)
def test_a_url_to_a_non_public_host_is_refused_with_the_reason(
    company, admin_user, fake_dns, url, reason
):
    with pytest.raises(WebhookUrlNotPublic) as refused:
        _register(company, admin_user, url)

    assert refused.value.message == (
        f"webhook URL must reach a public internet address: {reason}{HINT}"
    )
    assert refused.value.details == {"field": "url"}
    assert fake_dns.connects == []
    assert not WebhookEndpoint.objects.exists()


def test_a_name_that_resolves_to_a_loopback_address_is_refused(company, admin_user, fake_dns):
    fake_dns.set("hooks.example.in", ["127.0.0.1"])

    with pytest.raises(WebhookUrlNotPublic) as refused:
        _register(company, admin_user, "https://hooks.example.in/in")

    assert refused.value.message == (
        "webhook URL must reach a public internet address: hooks.example.in resolves to a "
        f"loopback address{HINT}"
    )
    assert fake_dns.lookups == ["hooks.example.in"]
    assert not WebhookEndpoint.objects.exists()


def test_a_name_with_one_private_address_among_public_ones_is_refused(
    company, admin_user, fake_dns
):
    # Every delivery would be refused too: a connection may go to any of the addresses.
    fake_dns.set("hooks.example.in", ["93.184.215.14", "2606:2800:21f:cb07::1", "10.1.2.3"])

    with pytest.raises(WebhookUrlNotPublic, match="resolves to a private address"):
        _register(company, admin_user, "https://hooks.example.in/in")

    assert not WebhookEndpoint.objects.exists()


def test_the_real_localhost_name_is_refused_without_a_lookup(company, admin_user, fake_dns):
    with pytest.raises(WebhookUrlNotPublic, match="localhost names this machine"):
        _register(company, admin_user, "http://localhost:5432/")

    assert fake_dns.lookups == []


def test_a_name_with_public_addresses_is_registered(company, admin_user, fake_dns):
    fake_dns.set("hooks.example.in", ["93.184.215.14", "2606:2800:21f:cb07::1"])

    endpoint, _ = _register(company, admin_user, "https://hooks.example.in/in")

    assert WebhookEndpoint.objects.get().url == endpoint.url == "https://hooks.example.in/in"


@pytest.mark.parametrize("url", ["https://8.8.8.8/hooks", "http://[2606:4700:4700::1111]:8443/"])
def test_a_public_ip_literal_is_registered(company, admin_user, fake_dns, url):
    _register(company, admin_user, url)

    assert WebhookEndpoint.objects.get().url == url
    assert fake_dns.connects == []


def test_a_name_that_does_not_resolve_yet_is_registered_and_checked_at_delivery(
    company, admin_user, fake_dns
):
    _register(company, admin_user, "https://hooks.example.in/in")

    assert fake_dns.lookups == ["hooks.example.in"]  # which does not exist (yet)
    assert WebhookEndpoint.objects.count() == 1


@pytest.mark.parametrize(
    "url", ["http://10.0.0.5/admin", "http://127.0.0.1:8000/", "http://localhost/", "http://lan/"]
)
def test_an_install_that_allows_private_hosts_registers_them(
    company, admin_user, fake_dns, settings, url
):
    settings.WEBHOOK_ALLOW_PRIVATE_HOSTS = True
    fake_dns.set("lan", ["192.168.1.20"])

    _register(company, admin_user, url)

    assert WebhookEndpoint.objects.get().url == url


def test_a_port_out_of_range_is_a_malformed_url(company, admin_user):
    with pytest.raises(InvalidInput, match="webhook URL must be") as refused:
        _register(company, admin_user, "https://hooks.example.in:99999/")

    assert refused.value.details == {"field": "url"}


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("8.8.8.8", ""),
        ("2606:4700:4700::1111", ""),
        ("::ffff:8.8.8.8", ""),
        ("127.0.0.1", "a loopback address"),
        ("169.254.0.1", "a link-local address"),
        ("100.127.255.254", "an address that is not publicly routable"),
        ("fec0::1", "a site-local address"),
        ("2001:db8::1", "a private address"),
    ],
)
def test_each_address_is_judged_by_the_ipaddress_module(address, kind):
    assert non_public_kind(ipaddress.ip_address(address)) == kind
