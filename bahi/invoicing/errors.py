from bahi.core.errors import DomainError


class CreditLimitExceeded(DomainError):
    """Issuing would take what the customer owes beyond its credit limit."""

    code = "credit_limit_exceeded"
