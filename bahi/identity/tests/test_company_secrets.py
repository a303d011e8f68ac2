"""Third-party credentials: admins set, replace and remove them on the audit trail, which never
holds the value; the database holds only ciphertext; another company never reads them."""

import pytest
from django.db import connection

from bahi.core.errors import InvalidInput, NotFound, PermissionDenied
from bahi.identity.company_secrets import (
    delete_company_secret,
    get_company_secret,
    set_company_secret,
)
from bahi.identity.models import AuditRecord, CompanySecret, User
from bahi.identity.services import add_member, create_company

pytestmark = pytest.mark.django_db
TOKEN = "sms-token-5f1c9e"  # noqa: S105 - a test value


def _trail(company):
    return list(
        AuditRecord.objects.filter(company=company)
        .order_by("sequence")
        .values_list("action", "object_type", "object_id", "before", "after")
    )


def test_an_admin_sets_replaces_and_removes_a_credential_on_the_record(company, admin_user):
    set_company_secret(company=company, actor=admin_user, name="sms", value=TOKEN, ip="10.0.0.9")
    set_company_secret(company=company, actor=admin_user, name="sms", value="sms-token-2")
    assert get_company_secret(company=company, name="sms") == "sms-token-2"
    delete_company_secret(company=company, actor=admin_user, name="sms")

    hidden = {"name": "sms", "value": "(not recorded)"}
    assert _trail(company) == [
        ("create", "company_secret", "sms", None, hidden),
        ("update", "company_secret", "sms", hidden, hidden),
        ("delete", "company_secret", "sms", hidden, None),
    ]
    assert get_company_secret(company=company, name="sms") is None
    assert AuditRecord.objects.filter(company=company).first().actor_ip == "10.0.0.9"


def test_the_database_holds_only_ciphertext_of_a_credential(company, admin_user):
    set_company_secret(company=company, actor=admin_user, name="gst_portal", value=TOKEN)
    with connection.cursor() as cursor:
        cursor.execute("SELECT value FROM identity_companysecret")
        [(stored,)] = cursor.fetchall()
        cursor.execute("SELECT before, after FROM identity_auditrecord")
        trail = str(cursor.fetchall())
    assert TOKEN not in stored
    assert TOKEN not in trail


@pytest.mark.parametrize("role", ["viewer", "accountant"])
def test_only_admins_set_or_remove_credentials(company, admin_user, role):
    set_company_secret(company=company, actor=admin_user, name="sms", value=TOKEN)
    clerk = User.objects.create_user("clerk", "clerk@example.in", "x" * 16)
    add_member(company=company, user=clerk, role=role)
    with pytest.raises(PermissionDenied):
        set_company_secret(company=company, actor=clerk, name="sms", value="mine now")
    with pytest.raises(PermissionDenied):
        delete_company_secret(company=company, actor=clerk, name="sms")
    assert get_company_secret(company=company, name="sms") == TOKEN
    assert len(_trail(company)) == 1


def test_another_companys_credential_is_neither_read_nor_removed(company, admin_user):
    other = create_company(
        owner=admin_user,
        legal_name="Other Co",
        state_code="29",
        books_begin_date=company.books_begin_date,
    )
    set_company_secret(company=other, actor=admin_user, name="sms", value=TOKEN)
    assert get_company_secret(company=company, name="sms") is None
    with pytest.raises(NotFound):
        delete_company_secret(company=company, actor=admin_user, name="sms")
    assert get_company_secret(company=other, name="sms") == TOKEN


@pytest.mark.parametrize(
    ("name", "value", "field"),
    [
        ("SMS Token", TOKEN, "name"),
        ("", TOKEN, "name"),
        ("sms", "", "value"),
        ("sms", "x" * 10_001, "value"),
    ],
)
def test_a_bad_name_or_value_is_refused_and_nothing_is_written(
    company, admin_user, name, value, field
):
    with pytest.raises(InvalidInput) as error:
        set_company_secret(company=company, actor=admin_user, name=name, value=value)
    assert error.value.details == {"field": field}
    assert CompanySecret.objects.count() == 0
    assert _trail(company) == []
