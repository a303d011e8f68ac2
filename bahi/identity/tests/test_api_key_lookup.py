"""The API key lookup that every API call makes is compiled once (bahi.core.prepared) and
returns exactly what the ORM query it was written as returns."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bahi.core.prepared import Param, PreparedQuery
from bahi.identity.api_keys import authenticate_api_key, create_api_key
from bahi.identity.models import ApiKey

BY_PREFIX = PreparedQuery(
    lambda: ApiKey.objects.select_related("user", "company").filter(prefix=Param("prefix"))[:1]
)


def _fields(instance):
    return {field.attname: getattr(instance, field.attname) for field in instance._meta.fields}


def test_the_compiled_lookup_gives_the_objects_the_orm_gives(company, admin_user):
    created = create_api_key(
        company=company,
        actor=admin_user,
        name="tally sync",
        role="accountant",
        expires_at=timezone.now() + timedelta(days=3),
    )
    prefix = created.key.prefix
    orm = ApiKey.objects.select_related("user", "company").get(prefix=prefix)
    with CaptureQueriesContext(connection) as queries:
        found = BY_PREFIX.first(prefix=prefix)
        assert found is not None
        key_fields, user_fields, company_fields = (
            _fields(found),
            _fields(found.user),
            _fields(found.company),
        )
    assert len(queries) == 1  # the user and company came with the key, nothing deferred
    assert key_fields == _fields(orm)
    assert user_fields == _fields(orm.user)
    assert company_fields == _fields(orm.company)
    assert found.expires_at is not None
    assert found.expires_at.tzinfo is not None  # the backend's converters ran
    assert found._state.adding is False
    assert found._state.db == "default"


def test_each_run_takes_its_own_values(company, admin_user):
    first = create_api_key(company=company, actor=admin_user, name="one", role="viewer").key
    second = create_api_key(company=company, actor=admin_user, name="two", role="admin").key
    assert BY_PREFIX.first(prefix=second.prefix).name == "two"
    assert BY_PREFIX.first(prefix=first.prefix).name == "one"
    assert BY_PREFIX.first(prefix="000000000000") is None


def test_values_must_match_the_markers(company):
    with pytest.raises(TypeError, match="prefix"):
        BY_PREFIX.first(name="x")


def test_authentication_uses_one_query_for_key_user_and_company(company, admin_user):
    secret = create_api_key(company=company, actor=admin_user, name="k", role="admin").secret
    assert authenticate_api_key(secret, "10.0.0.1") is not None  # first use: recorded
    with CaptureQueriesContext(connection) as queries:
        key = authenticate_api_key(secret, "10.0.0.1")
        assert key is not None
        assert key.user.is_active
        assert key.company.legal_name == "Sharma Traders Pvt Ltd"
    assert len(queries) == 1
