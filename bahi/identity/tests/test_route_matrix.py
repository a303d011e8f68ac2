"""Every identity page has a row here saying who may open it; a new page without a row fails.
Admin pages answer 403 to viewers and accountants, whatever the method or the id."""

import pytest
from django.urls import URLPattern, get_resolver, reverse

from bahi.identity.models import User
from bahi.identity.services import add_member

pytestmark = pytest.mark.django_db

ACCESS = {
    "identity_invitation": "anyone",  # the token is the key
    "identity_switch_company": "member",
    "identity_logout_everywhere": "member",
    "identity_members": "admin",
    "identity_invite": "admin",
    "identity_require_2fa": "admin",
    "identity_member_role": "admin",
    "identity_member_remove": "admin",
    "identity_invitation_revoke": "admin",
    "identity_api_keys": "admin",
    "identity_api_key_create": "admin",
    "identity_api_key_revoke": "admin",
    "identity_security_events": "admin",
    "identity_audit": "admin",
    "identity_audit_csv": "admin",
}


def _identity_routes() -> dict[str, URLPattern]:
    routes: dict[str, URLPattern] = {}

    def walk(patterns: list[object]) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLPattern):
                if pattern.name and pattern.name.startswith("identity_"):
                    routes[pattern.name] = pattern
            else:
                walk(pattern.url_patterns)  # type: ignore[attr-defined]

    walk(get_resolver().url_patterns)
    return routes


def _url(name: str, pattern: URLPattern) -> str:
    converters = pattern.pattern.converters  # type: ignore[attr-defined]
    args = ["1" if type(c).__name__ == "StringConverter" else 1 for c in converters.values()]
    return reverse(name, args=args)


def test_every_identity_route_has_a_row():
    assert set(_identity_routes()) == set(ACCESS)


@pytest.mark.parametrize("role", ["viewer", "accountant"])
def test_no_admin_route_opens_for_viewers_or_accountants(client, company, role):
    clerk = User.objects.create_user("clerk", "clerk@example.in", "x" * 16)
    add_member(company=company, user=clerk, role=role)
    client.force_login(clerk)
    routes = _identity_routes()
    for name, level in ACCESS.items():
        if level != "admin":
            continue
        url = _url(name, routes[name])
        assert (name, client.get(url).status_code) in {(name, 403), (name, 405)}
        assert (name, client.post(url, {"role": "admin", "name": "k"}).status_code) in {
            (name, 403),
            (name, 405),
        }
