"""Template values for the nav (bahi/web/templates/web/partials/nav.html): the user's companies
for the switcher and, for admins, the number of unread security alerts. Both are computed only
if a template reads them."""

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from bahi.identity import selectors


def identity(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    membership = getattr(request, "membership", None)

    def unread() -> int:
        if membership is None or membership.role != "admin":
            return 0
        return selectors.count_unread_alerts(membership=membership)

    return {
        "identity": {
            "memberships": SimpleLazyObject(lambda: selectors.list_memberships_of(user=user)),
            "unread_alerts": unread,
        }
    }
