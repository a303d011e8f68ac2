from datetime import date

from django.db import transaction

from bahi.identity.models import Company, Membership, Role, User


@transaction.atomic
def create_company(
    *,
    owner: User,
    legal_name: str,
    state_code: str,
    books_begin_date: date,
    gstin: str = "",
    pan: str = "",
    fy_start_month: int = 4,
) -> Company:
    """Create a company with its owner as admin. The ledger adds the chart of accounts."""
    company = Company.objects.create(
        legal_name=legal_name,
        state_code=state_code,
        books_begin_date=books_begin_date,
        gstin=gstin.upper(),
        pan=pan.upper(),
        fy_start_month=fy_start_month,
    )
    Membership.objects.create(user=owner, company=company, role=Role.ADMIN)
    return company


def add_member(*, company: Company, user: User, role: str) -> Membership:
    membership, _ = Membership.objects.update_or_create(
        company=company, user=user, defaults={"role": role}
    )
    return membership
