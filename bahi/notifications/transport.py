"""The HTTP POST of one webhook (standard library only): explicit timeout, no redirects
followed (a 3xx is a failed delivery), only http and https URLs."""

import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

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


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirect())


def post_json(url: str, body: bytes, headers: dict[str, str]) -> PostResult:
    """POST `body` to `url`; never raises for network or HTTP errors (they are the result)."""
    if urlsplit(url).scheme not in ALLOWED_SCHEMES:
        return PostResult(None, "", f"refused URL scheme in {url!r}")
    request = urllib.request.Request(  # noqa: S310  (the scheme is checked above)
        url, data=body, method="POST", headers={"Content-Type": "application/json", **headers}
    )
    try:
        with _OPENER.open(request, timeout=TIMEOUT_SECONDS) as response:
            return PostResult(response.status, _excerpt(response.read(EXCERPT_CHARS)), "")
    except urllib.error.HTTPError as error:
        excerpt = _excerpt(error.read(EXCERPT_CHARS))
        return PostResult(error.code, excerpt, f"HTTP {error.code}")
    except (urllib.error.URLError, OSError, ValueError) as error:
        return PostResult(None, "", f"{type(error).__name__}: {error}"[:EXCERPT_CHARS])


def _excerpt(raw: bytes) -> str:
    return raw.decode("utf-8", errors="replace")[:EXCERPT_CHARS]
