"""A company's credentials for third parties (GST portal, SMS gateway, payment gateway): set and
removed by admins, on the audit trail, read by integrations. Values are encrypted at rest
(CompanySecret.value, AES-256-GCM bound to the company and name) and never written to the
trail or a log: the trail records that a credential was set, changed or removed, and by whom."""

import re

from django.db import transaction

from bahi.core.errors import InvalidInput, NotFound
from bahi.identity.audit import record_change
from bahi.identity.models import Company, CompanySecret, User
from bahi.identity.permissions import Action, ensure_can

NAME = re.compile(r"[a-z][a-z0-9_.-]{0,99}")
MAX_VALUE_CHARS = 10_000
HIDDEN = {"value": "(not recorded)"}


def _checked(name: str, value: str) -> str:
    name = name.strip()
    if not NAME.fullmatch(name):
        raise InvalidInput(
            f"a credential name is lower-case letters, digits and _ . - (got {name!r})",
            details={"field": "name"},
        )
    if not value or len(value) > MAX_VALUE_CHARS:
        raise InvalidInput(
            f"a credential holds 1 to {MAX_VALUE_CHARS} characters", details={"field": "value"}
        )
    return name


@transaction.atomic
def set_company_secret(
    *, company: Company, actor: User, name: str, value: str, ip: str | None = None
) -> CompanySecret:
    """Store or replace the credential `name` (admins only). Raises PermissionDenied,
    InvalidInput."""
    ensure_can(actor=actor, company=company, action=Action.MANAGE_COMPANY)
    name = _checked(name, value)
    secret = CompanySecret.objects.select_for_update().filter(company=company, name=name).first()
    action = "create" if secret is None else "update"
    if secret is None:
        secret = CompanySecret(company=company, name=name)
    secret.value = value
    secret.save()
    record_change(
        company=company,
        actor=actor,
        action=action,
        object_type="company_secret",
        object_id=name,
        before=None if action == "create" else HIDDEN | {"name": name},
        after=HIDDEN | {"name": name},
        ip=ip,
    )
    return secret


@transaction.atomic
def delete_company_secret(
    *, company: Company, actor: User, name: str, ip: str | None = None
) -> None:
    """Remove the credential `name` (admins only). Raises PermissionDenied, NotFound."""
    ensure_can(actor=actor, company=company, action=Action.MANAGE_COMPANY)
    deleted, _ = CompanySecret.objects.filter(company=company, name=name).delete()
    if not deleted:
        raise NotFound(f"no credential named {name!r}", code="company_secret_not_found")
    record_change(
        company=company,
        actor=actor,
        action="delete",
        object_type="company_secret",
        object_id=name,
        before=HIDDEN | {"name": name},
        ip=ip,
    )


def get_company_secret(*, company: Company, name: str) -> str | None:
    """The credential's value for an integration's client, or None when it is not set."""
    secret = CompanySecret.objects.filter(company=company, name=name).first()
    return None if secret is None else str(secret.value)
