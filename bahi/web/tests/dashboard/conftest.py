"""A small trading year for the dashboard: the company (root conftest) is in Maharashtra and its
books begin on 1 Apr 2024; the dashboard is read as of 30 Jun 2024."""

from collections.abc import Callable

import pytest
from django.core.cache import cache

from bahi.ledger.models import Party
from bahi.ledger.services import create_party
from bahi.web.tests.dashboard.sample_books import post_sample_books


@pytest.fixture(autouse=True)
def _empty_cache():
    """The ageing caches sums per company id; test databases reuse ids."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def party(company, admin_user) -> Callable[..., Party]:
    def make(name: str, **kwargs: object) -> Party:
        return create_party(company=company, actor=admin_user, name=name, **kwargs)  # type: ignore[arg-type]

    return make


@pytest.fixture
def books(post, party) -> dict[str, object]:
    return post_sample_books(post, party)
