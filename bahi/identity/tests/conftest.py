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
