"""Reading and checking a versioned GST rate file (data/rates_v*.json). Pure: no ORM.

Every problem is reported with the row number (1-based, as in the file's "rates" list) and field.
"""

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from bahi.gst.errors import InvalidRateData, OverlappingRate

DATA_DIR = Path(__file__).resolve().parent / "data"
FIELDS = ("hsn_or_sac", "rate_percent", "cess_percent", "valid_from", "valid_to", "description")
HUNDRED = Decimal(100)
RATE_EXPONENT = -4  # DecimalField(decimal_places=4)


@dataclass(frozen=True, slots=True)
class RateRow:
    hsn_or_sac: str
    rate_percent: Decimal
    cess_percent: Decimal
    valid_from: date
    valid_to: date | None  # first day no longer valid; None = open-ended
    description: str
    source: str = ""

    def overlaps(self, other: "RateRow") -> bool:
        """Half-open intervals [from, to) of the same code share at least one day."""
        return (
            self.hsn_or_sac == other.hsn_or_sac
            and (other.valid_to is None or self.valid_from < other.valid_to)
            and (self.valid_to is None or other.valid_from < self.valid_to)
        )

    def label(self) -> str:
        until = self.valid_to.isoformat() if self.valid_to else "open"
        return f"{self.hsn_or_sac} [{self.valid_from.isoformat()}, {until})"


def _fail(number: int, field: str, message: str) -> InvalidRateData:
    return InvalidRateData(f"rate row {number}, {field}: {message}", details={"row": number})


def _percent(number: int, field: str, raw: Any) -> Decimal:
    try:
        value = Decimal(str(raw)) if isinstance(raw, str | int) else None
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or not 0 <= value <= HUNDRED:
        raise _fail(number, field, f"{raw!r} is not a percentage from 0 to 100 (write it as text)")
    if value.as_tuple().exponent < RATE_EXPONENT:  # type: ignore[operator]
        raise _fail(number, field, f"{raw!r} has more than 4 decimal places")
    return value


def _date(number: int, field: str, raw: Any) -> date:
    try:
        return date.fromisoformat(raw)
    except (TypeError, ValueError):
        raise _fail(number, field, f"{raw!r} is not a date YYYY-MM-DD") from None


def parse_row(number: int, raw: Mapping[str, Any]) -> RateRow:
    missing = [field for field in FIELDS if field not in raw]
    if missing:
        raise _fail(number, missing[0], "missing")
    code = str(raw["hsn_or_sac"]).strip()
    if not (code.isascii() and code.isdigit() and 2 <= len(code) <= 8):
        raise _fail(number, "hsn_or_sac", f"{code!r} is not 2 to 8 digits")
    valid_from = _date(number, "valid_from", raw["valid_from"])
    valid_to = None if raw["valid_to"] is None else _date(number, "valid_to", raw["valid_to"])
    if valid_to is not None and valid_to <= valid_from:
        raise _fail(number, "valid_to", f"{valid_to} is not after valid_from {valid_from}")
    description = str(raw["description"]).strip()
    if not description:
        raise _fail(number, "description", "empty")
    return RateRow(
        hsn_or_sac=code,
        rate_percent=_percent(number, "rate_percent", raw["rate_percent"]),
        cess_percent=_percent(number, "cess_percent", raw["cess_percent"]),
        valid_from=valid_from,
        valid_to=valid_to,
        description=description,
        source=str(raw.get("source", "")).strip(),
    )


def check_no_overlap(rows: Sequence[RateRow], existing: Iterable[RateRow] = ()) -> None:
    """Raises OverlappingRate naming both rows if two intervals of one code share a day."""
    seen: dict[str, list[RateRow]] = {}
    for row in existing:
        seen.setdefault(row.hsn_or_sac, []).append(row)
    for number, row in enumerate(rows, start=1):
        clash = next((other for other in seen.get(row.hsn_or_sac, []) if row.overlaps(other)), None)
        if clash is not None:
            raise OverlappingRate(
                f"rate row {number}: {row.label()} overlaps {clash.label()}",
                details={"row": number},
            )
        seen.setdefault(row.hsn_or_sac, []).append(row)


def parse_rates(document: Mapping[str, Any]) -> tuple[str, tuple[RateRow, ...]]:
    """(version, rows) of a rate document; raises InvalidRateData or OverlappingRate."""
    version = document.get("version")
    raw_rows = document.get("rates")
    if not isinstance(version, str) or not version:
        raise InvalidRateData("the rate file has no 'version'")
    if not isinstance(raw_rows, list) or not raw_rows:
        raise InvalidRateData("the rate file has no 'rates' list")
    rows = tuple(parse_row(number, raw) for number, raw in enumerate(raw_rows, start=1))
    check_no_overlap(rows)
    return version, rows


def read_rates_file(name: str) -> tuple[str, tuple[RateRow, ...]]:
    """Parse data/<name> (e.g. "rates_v1.json")."""
    with (DATA_DIR / name).open(encoding="utf-8") as handle:
        return parse_rates(json.load(handle))
