"""The HTTP POST of one webhook (standard library only): explicit timeout, only http and https
URLs, only to public addresses unless allowed, no redirects followed (a 3xx is a failed
delivery: a redirect to an internal address is the classic way around an address check).

The host is resolved once and every address checked (bahi.notifications.destinations); the
connection then goes to one of exactly those addresses, while the request carries the URL's
name in its Host header and, over https, in the TLS SNI and the certificate check. A second
lookup by the HTTP library, which a rebinding DNS server could answer with 127.0.0.1, never
happens. Proxy variables (HTTP_PROXY ...) are not used: a proxy would connect where it likes.
"""

import functools
import http.client
import socket
import ssl
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit

from bahi.notifications import destinations

TIMEOUT_SECONDS = 5.0
EXCERPT_CHARS = 500
ALLOWED_SCHEMES = ("http", "https")


@dataclass(frozen=True)
class PostResult:
    status_code: int | None  # None when no HTTP answer came (refused, timeout, bad URL)
    response_excerpt: str
    error: str

    @property
    def is_success(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def post_json(
    url: str, body: bytes, headers: dict[str, str], *, allow_private: bool = False
) -> PostResult:
    """POST `body` to `url`; never raises for network or HTTP errors (they are the result).
    Without `allow_private`, a host with any non-public address is refused unconnected."""
    try:
        parts = urlsplit(url)
        host, port = parts.hostname, destinations.port_of(parts)
    except ValueError as error:
        return PostResult(None, "", f"refused URL {url!r}: {error}")
    if parts.scheme not in ALLOWED_SCHEMES or not host or port is None:
        return PostResult(None, "", f"refused URL scheme or host in {url!r}")
    try:
        addresses = destinations.resolve(host, port)
    except OSError as error:
        return PostResult(None, "", f"cannot resolve {host}: {error}"[:EXCERPT_CHARS])
    reason = "" if allow_private else destinations.refusal(host, addresses)
    if reason:
        return PostResult(None, "", f"refused, not sent: {reason} ({destinations.ALLOW_HINT})")
    try:
        return _post_pinned(parts, port, addresses, body, headers)
    except (OSError, http.client.HTTPException, ValueError) as error:
        return PostResult(None, "", f"{type(error).__name__}: {error}"[:EXCERPT_CHARS])


def _post_pinned(
    parts: SplitResult,
    port: int,
    addresses: Sequence[destinations.Resolved],
    body: bytes,
    headers: dict[str, str],
) -> PostResult:
    # The port is always given: http.client would read "::1" as host ":" and port 1.
    host = parts.hostname or ""
    connection: http.client.HTTPConnection
    if parts.scheme == "https":
        connection = _PinnedHTTPSConnection(host, port, addresses, _tls_context())
    else:
        connection = _PinnedHTTPConnection(host, port, addresses)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        connection.request(
            "POST", target, body=body, headers={"Content-Type": "application/json", **headers}
        )
        response = connection.getresponse()
        excerpt = _excerpt(response.read(EXCERPT_CHARS))
    finally:
        connection.close()
    status = response.status
    if 200 <= status < 300:
        return PostResult(status, excerpt, "")
    if 300 <= status < 400:
        location = response.getheader("Location", "")
        return PostResult(status, excerpt, f"HTTP {status}: redirect to {location!r} not followed")
    return PostResult(status, excerpt, f"HTTP {status}")


def _connect_any(addresses: Sequence[destinations.Resolved], timeout: float) -> socket.socket:
    """A TCP connection to the first of the checked addresses that answers."""
    last_error: OSError = OSError("no address to connect to")
    for item in addresses:
        sock = socket.socket(item.family, socket.SOCK_STREAM)
        try:
            sock.settimeout(timeout)
            sock.connect(item.sockaddr)
        except OSError as error:
            sock.close()
            last_error = error
        else:
            return sock
    raise last_error


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host: str, port: int, addresses: Sequence[destinations.Resolved]) -> None:
        super().__init__(host, port, timeout=TIMEOUT_SECONDS)
        self.addresses = addresses

    def connect(self) -> None:
        self.sock = _connect_any(self.addresses, TIMEOUT_SECONDS)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(
        self,
        host: str,
        port: int,
        addresses: Sequence[destinations.Resolved],
        context: ssl.SSLContext,
    ) -> None:
        super().__init__(host, port, timeout=TIMEOUT_SECONDS, context=context)
        self.addresses = addresses
        self.tls_context = context

    def connect(self) -> None:
        # SNI and the certificate check are for the URL's name, not the pinned address.
        raw = _connect_any(self.addresses, TIMEOUT_SECONDS)
        self.sock = self.tls_context.wrap_socket(raw, server_hostname=self.host)


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """The system's trusted CAs with hostname checking (made once per process)."""
    return ssl.create_default_context()


def _excerpt(raw: bytes) -> str:
    return raw.decode("utf-8", errors="replace")[:EXCERPT_CHARS]
