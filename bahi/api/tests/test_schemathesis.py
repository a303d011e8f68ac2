"""Schemathesis over the OpenAPI document, in process (WSGI), logged in as the company admin:
no 5xx, and every response conforms to the documented status, content type and schema."""

import pytest

schemathesis = pytest.importorskip("schemathesis")
from django.core import signals  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.db import close_old_connections  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402

from bahi.api.tests.conftest import ApiClient  # noqa: E402

EXAMPLES_PER_OPERATION = 8  # about 20 operations: some 160 cases in well under a minute


@pytest.fixture
def keep_test_connection():
    """As Django's test client does: requests must not close the test transaction's
    connection (PostgreSQL would lose the test's data)."""
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (signals.request_started, signals.request_finished):
        signal.connect(close_old_connections)


@pytest.mark.slow
@pytest.mark.django_db
@pytest.mark.usefixtures("keep_test_connection")
def test_every_operation_answers_within_its_contract(admin_user, company):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    cookie = ApiClient(admin_user).client.cookies["sessionid"].value
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 19

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def check(case):
            if "company_id" in (case.path_parameters or {}):
                case.path_parameters["company_id"] = company.id
            case.call_and_validate(headers={"Cookie": f"sessionid={cookie}"})

        check()
