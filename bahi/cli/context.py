"""What every command needs: the company it acts on and the user it acts as."""

import argparse

from bahi.core.errors import DomainError
from bahi.identity.models import Company, Membership, Role, User


def add_company_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--company",
        type=int,
        default=None,
        help="company id (default: the only company, or the first one)",
    )


def resolve_company(args: argparse.Namespace) -> Company:
    companies = Company.objects.order_by("id")
    if args.company is not None:
        companies = companies.filter(id=args.company)
    company = companies.first()
    if company is None:
        raise DomainError(
            "no company found: run `bahi init` or `bahi demo` first", code="no_company"
        )
    return company


def company_admin(company: Company) -> User:
    """The CLI acts as the company's first admin: whoever runs it has the database itself."""
    membership = (
        Membership.objects.filter(company=company, role=Role.ADMIN)
        .select_related("user")
        .order_by("id")
        .first()
    )
    if membership is None:
        raise DomainError(f"{company} has no admin", code="no_admin")
    return membership.user
