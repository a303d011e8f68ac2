"""The company a signed-in user is working in: `request.company`, `request.membership`.

The chosen company's id lives in the session (`SESSION_COMPANY_KEY`); it is honoured only while
the user is still a member, so a removed member loses access at the next request. With nothing
chosen, the user's first company (by name) is used. Anonymous users and users without a company
get `None` for both (one query per signed-in request; none for anonymous or API-key requests).
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from bahi.identity.models import Membership

SESSION_COMPANY_KEY = "bahi_company_id"


def current_membership(request: HttpRequest) -> Membership | None:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    memberships = Membership.objects.select_related("company").filter(user=user)
    chosen = request.session.get(SESSION_COMPANY_KEY)
    if chosen is not None:
        membership = memberships.filter(company_id=chosen).first()
        if membership is not None:
            return membership
    return memberships.order_by("company__legal_name", "company_id").first()


def select_company(request: HttpRequest, company_id: int) -> Membership | None:
    """Switches the session to `company_id` if the user is a member; returns the membership."""
    if not request.user.is_authenticated:
        return None
    membership = (
        Membership.objects.select_related("company")
        .filter(user_id=request.user.pk, company_id=company_id)
        .first()
    )
    if membership is not None:
        request.session[SESSION_COMPANY_KEY] = membership.company_id
    return membership


class CurrentCompanyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        membership = current_membership(request)
        request.membership = membership  # type: ignore[attr-defined]
        request.company = membership.company if membership else None  # type: ignore[attr-defined]
        return self.get_response(request)
