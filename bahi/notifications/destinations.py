"""Where a webhook may go (OWASP API Security Top 10 2023, API7 server-side request forgery):
only to public internet addresses, so that a company admin cannot make the server post to the
cloud metadata service (169.254.169.254), a database on 127.0.0.1 or the office LAN. An install
that really posts to its own network opts in (settings.WEBHOOK_ALLOW_PRIVATE_HOSTS). Standard
library only: the ranges are those of Python's ipaddress module, never a table of our own.

Checked twice. At registration a plainly internal URL is refused with a reason. At delivery,
since DNS may answer differently later (DNS rebinding), the host is resolved once, refused if
any of its addresses is not public, and the connection made to a checked address (see
bahi.notifications.transport), never after a second lookup.

An IP literal is what the C library makes of it, in every form it accepts (2130706433, 0x7f.1,
0177.0.0.1, 127.1): getaddrinfo parses those without a lookup, and the connection would use
the same parse, so the check sees exactly the address a connection would reach.
"""

import ipaddress
import socket
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import SplitResult

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
DEFAULT_PORTS = {"http": 80, "https": 443}
ALLOW_HINT = "an install that posts to its own network sets BAHI_WEBHOOK_ALLOW_PRIVATE_HOSTS=1"


def port_of(parts: SplitResult) -> int | None:
    """The URL's port, else its scheme's default (None for another scheme). Raises ValueError
    for a port out of range."""
    return parts.port if parts.port is not None else DEFAULT_PORTS.get(parts.scheme)


@dataclass(frozen=True)
class Resolved:
    """One address of a host, as getaddrinfo gives it (family and sockaddr for connect)."""

    family: int
    sockaddr: tuple[Any, ...]
    address: IPAddress


def resolve(host: str, port: int) -> list[Resolved]:
    """Every TCP address of `host`, a name or an IP literal. Raises OSError (socket.gaierror)
    when there is none."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    return [
        Resolved(family, sockaddr, ipaddress.ip_address(sockaddr[0]))
        for family, _, _, _, sockaddr in infos
    ]


def non_public_kind(address: IPAddress) -> str:
    """What a non-public address is ("a loopback address" ...); empty for a public unicast one.
    An IPv4 address carried in IPv6 (IPv4-mapped ::ffff:a.b.c.d, 6to4 2002::/16) is judged as
    the IPv4 address it carries."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is not None:
            kind = non_public_kind(embedded)
            return f"{kind} (IPv4 {embedded} inside IPv6)" if kind else ""
    kinds = (
        ("an unspecified address", address.is_unspecified),
        ("a loopback address", address.is_loopback),
        ("a link-local address", address.is_link_local),
        ("a multicast address", address.is_multicast),
        ("a private address", address.is_private),
        ("a reserved address", address.is_reserved),
        ("a site-local address", getattr(address, "is_site_local", False)),
        ("an address that is not publicly routable", not address.is_global),  # CGNAT
    )
    return next((kind for kind, applies in kinds if applies), "")


def is_localhost_name(host: str) -> bool:
    """localhost and every name under .localhost mean this machine (RFC 6761, section 6.3)."""
    name = host.rstrip(".").lower()
    return name == "localhost" or name.endswith(".localhost")


def _is_ip_literal(host: str) -> bool:
    try:
        socket.getaddrinfo(host, None, flags=socket.AI_NUMERICHOST)
    except OSError:
        return False
    return True


def refusal(host: str, addresses: Sequence[Resolved]) -> str:
    """Why `host` with these addresses may not receive webhooks ("" when it may). One address
    that is not public is enough: a connection may go to any of them. A name's addresses are
    not shown (they would map the internal network for whoever registers names)."""
    if is_localhost_name(host):
        return f"{host} names this machine (localhost)"
    for item in addresses:
        if kind := non_public_kind(item.address):
            if not _is_ip_literal(host):
                return f"{host} resolves to {kind}"
            return (
                f"{host} is {kind}"
                if host == str(item.address)
                else f"{host} is {item.address}, {kind}"
            )
    return ""


def registration_refusal(parts: SplitResult) -> str:
    """Why a new endpoint at this http(s) URL is refused ("" when it is not). A name that does
    not resolve now is accepted: every delivery resolves and checks it again."""
    host = parts.hostname or ""
    if is_localhost_name(host):
        return refusal(host, [])
    try:
        addresses = resolve(host, port_of(parts) or 0)
    except OSError:
        return ""
    return refusal(host, addresses)
