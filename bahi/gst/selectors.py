"""Reads of GST reference data."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from bahi.gst.errors import InvalidHsnCode, RateNotFound
from bahi.gst.models import GstRate


@dataclass(frozen=True, slots=True)
class ApplicableRate:
    hsn_or_sac: str  # the matching code or prefix
    rate_percent: Decimal
    cess_percent: Decimal
    valid_from: date
    valid_to: date | None
    description: str


def get_rate(hsn_code: str, on: date) -> ApplicableRate:
    """The GST rate for `hsn_code` on the supply date `on`: the longest stored code that is a
    prefix of `hsn_code` (or equal to it) and valid on that date, [valid_from, valid_to).

    Raises InvalidHsnCode for a code that is not 2-8 digits, RateNotFound if nothing matches."""
    code = hsn_code.strip()
    return get_rates([code], on)[code]


def _prefixes(code: str) -> list[str]:
    if not (code.isascii() and code.isdigit() and 2 <= len(code) <= 8):
        raise InvalidHsnCode(
            f"HSN/SAC {code!r} is not 2 to 8 digits", details={"field": "hsn_code"}
        )
    return [code[:length] for length in range(2, len(code) + 1)]


_RATE_COLUMNS = "id, hsn_or_sac, rate_percent, cess_percent, valid_from, valid_to, description"


def get_rates(hsn_codes: Iterable[str], on: date) -> dict[str, ApplicableRate]:
    """`get_rate` for several codes at once, in one query: stripped code -> its rate. Raises
    InvalidHsnCode or RateNotFound for the first code (in the order given) that has none."""
    codes = list(dict.fromkeys(code.strip() for code in hsn_codes))
    wanted = {prefix for code in codes for prefix in _prefixes(code)}
    if not wanted:
        return {}
    # Written out (every document saved runs it; the ORM compiled this OR and IN each time);
    # raw() still converts the columns as the ORM would (decimals, dates).
    placeholders = ", ".join(["%s"] * len(wanted))
    candidates = list(
        GstRate.objects.raw(
            f"SELECT {_RATE_COLUMNS} FROM {GstRate._meta.db_table} "  # noqa: S608 - ours
            f"WHERE hsn_or_sac IN ({placeholders}) AND valid_from <= %s "
            "AND (valid_to IS NULL OR valid_to > %s)",
            [*sorted(wanted), on, on],
        )
    )
    return {code: _best(code, on, candidates) for code in codes}


def _best(code: str, on: date, candidates: list[GstRate]) -> ApplicableRate:
    matching = (rate for rate in candidates if code.startswith(rate.hsn_or_sac))
    best = max(matching, key=lambda rate: len(rate.hsn_or_sac), default=None)
    if best is None:
        raise RateNotFound(
            f"no GST rate for HSN/SAC {code} on {on.isoformat()}",
            details={"hsn_code": code, "on": on.isoformat()},
        )
    return ApplicableRate(
        hsn_or_sac=best.hsn_or_sac,
        rate_percent=best.rate_percent,
        cess_percent=best.cess_percent,
        valid_from=best.valid_from,
        valid_to=best.valid_to,
        description=best.description,
    )
