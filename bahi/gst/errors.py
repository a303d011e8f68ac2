"""Named GST rule failures (STYLE.md section 4): catch the specific class, never bare Exception."""

from bahi.core.errors import DomainError


class InvalidGstin(DomainError):
    code = "invalid_gstin"


class InvalidPan(DomainError):
    code = "invalid_pan"


class InvalidHsnCode(DomainError):
    code = "invalid_hsn_code"


class UnknownStateCode(DomainError):
    code = "unknown_state_code"


class InvalidSupply(DomainError):
    """The supply's facts contradict each other (e.g. an export with an Indian place of supply)."""

    code = "invalid_supply"


class RateNotFound(DomainError):
    code = "rate_not_found"


class InvalidRateData(DomainError):
    """A row of a rate file is malformed or overlaps another row of the same code."""

    code = "invalid_rate_data"


class OverlappingRate(DomainError):
    code = "overlapping_rate"
