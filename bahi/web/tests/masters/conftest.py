"""The books pages' members in each role and the second company, for the masters pages."""

from bahi.web.tests.books.conftest import (  # noqa: F401 - fixtures
    accountant,
    as_role,
    other_company,
    signed_in,
    viewer,
)
