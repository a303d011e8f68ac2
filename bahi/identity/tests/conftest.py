from datetime import date

import pytest

from bahi.identity.services import create_company


@pytest.fixture
def company(admin_user):
    """A bare company: no chart of accounts and so no edit-log record yet, so the audit tests
    start from an empty chain (the root conftest's company comes with its books)."""
    return create_company(
        owner=admin_user,
        legal_name="Sharma Traders Pvt Ltd",
        state_code="27",
        books_begin_date=date(2024, 4, 1),
    )


QUEUED: list[dict[str, object]] = []


def record_email(**message: object) -> None:
    """Stands in for the outbox in tests that only read what was queued."""
    QUEUED.append(message)


@pytest.fixture
def queued_emails(settings):
    """The emails the identity app queued during the test (subject, to, body_text ...)."""
    settings.BAHI_QUEUE_EMAIL = "bahi.identity.tests.conftest.record_email"
    QUEUED.clear()
    yield QUEUED
    QUEUED.clear()


@pytest.fixture
def fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
