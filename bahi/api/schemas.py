"""Request and response shapes. Money travels as decimal strings ("1234.50"), dates as ISO 8601
("2024-04-01"): a JSON number for an amount is refused (floats are not exact)."""

import hashlib
import re
from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from ninja import Schema
from pydantic import Field, PlainSerializer, PlainValidator, WithJsonSchema

from bahi.core.money import from_paise, money

MAX_AMOUNT_DIGITS = 13  # rupees before the decimal point: far above any real entry
_MONEY_IN = re.compile(rf"\d{{1,{MAX_AMOUNT_DIGITS}}}(\.\d{{1,2}})?")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
MIN_DATE = date(1900, 1, 1)
MAX_DATE = date(2999, 12, 31)
MONEY_OUT_PATTERN = r"^-?\d+\.\d{2}$"


def _parse_money(value: object) -> Decimal:
    if not isinstance(value, str):
        raise ValueError(
            'an amount is a decimal string such as "1234.50", never a JSON number '
            "(floating point is not exact)"
        )
    if not _MONEY_IN.fullmatch(value):
        raise ValueError(f'not an amount with at most two decimals such as "1234.50": {value!r}')
    return money(value)


def _parse_date(value: object) -> date:
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        raise ValueError(f"a date is an ISO 8601 string such as 2024-04-01 (got {value!r})")
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"no such date: {value!r}") from None
    if not MIN_DATE <= day <= MAX_DATE:
        raise ValueError(f"dates run from {MIN_DATE} to {MAX_DATE} (got {value})")
    return day


def _parse_text(value: object) -> str:
    """Text the databases can store: no NUL characters and no lone surrogates."""
    if not isinstance(value, str):
        raise ValueError("must be a string")
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("must be valid Unicode text") from None
    return value


MoneyIn = Annotated[
    Decimal,
    PlainValidator(_parse_money),
    PlainSerializer(lambda amount: f"{amount:.2f}", return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": rf"^\d{{1,{MAX_AMOUNT_DIGITS}}}(\.\d{{1,2}})?$",
            "examples": ["1234.50"],
        }
    ),
]
Money = Annotated[str, Field(pattern=MONEY_OUT_PATTERN, examples=["1234.50"])]
IsoDate = Annotated[
    date,
    PlainValidator(_parse_date),
    PlainSerializer(lambda day: day.isoformat(), return_type=str),
    WithJsonSchema({"type": "string", "format": "date", "examples": ["2024-04-01"]}),
]


def text(max_length: int, *, min_length: int = 0) -> object:
    """A text field of at most `max_length` characters that the databases can store."""
    schema: dict[str, object] = {"type": "string", "maxLength": max_length}
    if min_length:
        schema["minLength"] = min_length
    return Annotated[
        str,
        PlainValidator(_parse_text),
        Field(max_length=max_length, min_length=min_length),
        WithJsonSchema(schema),
    ]


Id = Annotated[int, Field(ge=1, le=2**63 - 1)]


def etag_of(out: Schema) -> str:
    """A strong ETag of what a client sees: any visible change changes it."""
    return '"' + hashlib.sha256(out.model_dump_json().encode()).hexdigest()[:40] + '"'


def rupees(paise: int) -> str:
    return str(from_paise(paise))


def maybe_rupees(paise: int | None) -> str | None:
    return None if paise is None else rupees(paise)


# --- companies, accounts, parties ---------------------------------------------------------------


class CompanyOut(Schema):
    id: int
    legal_name: str
    trade_name: str
    gstin: str
    pan: str
    state_code: str
    fy_start_month: int
    books_begin_date: IsoDate
    lock_date: IsoDate | None
    role: str


class AccountOut(Schema):
    id: int
    parent_id: int | None
    code: str
    name: str
    nature: str
    is_group: bool
    schedule_iii: str
    is_control: bool
    system_role: str
    is_active: bool


class AccountNode(AccountOut):
    children: list["AccountNode"]


class AccountIn(Schema):
    parent_id: Id
    code: text(40, min_length=1)  # type: ignore[valid-type]
    name: text(200, min_length=1)  # type: ignore[valid-type]
    is_group: bool = False
    schedule_iii: text(40) = ""  # type: ignore[valid-type]
    is_control: bool = False


GstTreatmentName = Literal[
    "regular", "composition", "unregistered", "consumer", "sez", "overseas", "deemed_export"
]
StateCode = Annotated[str, Field(pattern=r"^([0-9]{2})?$")]
_EMAIL_PART = r"[\x21-\x3f\x41-\x7e]"  # printable ASCII but '@'
EMAIL_PATTERN = rf"^({_EMAIL_PART}{{1,64}}@{_EMAIL_PART}{{1,189}})?$"
Pincode = Annotated[str, Field(pattern=r"^([0-9]{6})?$")]


class PartyOut(Schema):
    """A party's master data. The bank account number is masked: only its last 4 digits."""

    id: int
    name: str
    is_customer: bool
    is_supplier: bool
    gst_treatment: GstTreatmentName
    gstin: str
    pan: str
    state_code: str
    billing_address: str
    billing_pincode: str
    shipping_address: str
    shipping_state_code: str
    shipping_pincode: str
    credit_days: int
    credit_limit: Money | None
    email: str
    phone: str
    bank_account_number: str = Field(description="masked: '*' for all but the last 4 digits")
    bank_ifsc: str
    is_active: bool


class PartyIn(Schema):
    """Every field of the party master; a PUT replaces them all (omitted fields take these
    defaults). `gst_treatment` blank infers it: a GSTIN means regular, state 96 overseas, else
    unregistered."""

    name: text(200, min_length=1)  # type: ignore[valid-type]
    is_customer: bool = False
    is_supplier: bool = False
    gst_treatment: GstTreatmentName | None = None
    gstin: Annotated[str, Field(pattern=r"^([0-9A-Za-z]{15})?$")] = ""
    pan: Annotated[str, Field(pattern=r"^([0-9A-Za-z]{10})?$")] = ""
    state_code: StateCode = Field("", description="billing state; blank: the GSTIN's state")
    billing_address: text(500) = ""  # type: ignore[valid-type]
    billing_pincode: Pincode = ""
    shipping_address: text(500) = ""  # type: ignore[valid-type]
    shipping_state_code: StateCode = ""
    shipping_pincode: Pincode = ""
    credit_days: Annotated[int, Field(ge=0, le=365)] = 0
    credit_limit: MoneyIn | None = None
    email: Annotated[str, Field(pattern=EMAIL_PATTERN)] = ""
    phone: Annotated[str, Field(pattern=r"^[0-9+ -]{0,20}$")] = ""
    bank_account_number: Annotated[str, Field(pattern=r"^([0-9]{9,18})?$")] = ""
    bank_ifsc: Annotated[str, Field(pattern=r"^([A-Za-z0-9]{11})?$")] = ""
    is_active: bool = True


# --- journal entries -----------------------------------------------------------------------------


class LineIn(Schema):
    account_id: Id
    debit: MoneyIn = Decimal("0.00")
    credit: MoneyIn = Decimal("0.00")
    party_id: Id | None = None
    description: text(200) = ""  # type: ignore[valid-type]


class EntryIn(Schema):
    entry_date: IsoDate
    lines: list[LineIn] = Field(min_length=1, max_length=1000)
    narration: text(2000) = ""  # type: ignore[valid-type]
    series: Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{1,10}$")] = "JV"
    idempotency_key: Annotated[str, Field(pattern=r"^[\x21-\x7e]{1,64}$")] | None = None
    source_type: Annotated[str, Field(pattern=r"^[\x20-\x7e]{0,40}$")] = ""
    source_id: Annotated[str, Field(pattern=r"^[\x20-\x7e]{0,64}$")] = ""


class EntryCreateIn(EntryIn):
    post: bool = Field(False, description="true posts at once; false saves a draft")


class BulkIn(Schema):
    entries: list[EntryIn] = Field(min_length=1, max_length=10_000)


class BulkOut(Schema):
    posted: int


class ReverseIn(Schema):
    reversal_date: IsoDate
    reason: text(500) = ""  # type: ignore[valid-type]


class LineOut(Schema):
    line_no: int
    account_id: int
    account_code: str
    account_name: str
    party_id: int | None
    debit: Money
    credit: Money
    description: str


class EntryOut(Schema):
    id: int
    status: Literal["draft", "posted"]
    voucher_number: str
    series: str
    fiscal_year: str
    entry_date: IsoDate
    narration: str
    total: Money
    source_type: str
    source_id: str
    reverses_id: int | None
    reversed_by_id: int | None
    lines: list[LineOut]


class EntrySummary(Schema):
    id: int
    status: Literal["draft", "posted"]
    voucher_number: str
    entry_date: IsoDate
    narration: str
    total: Money
    reverses_id: int | None


class EntryPage(Schema):
    items: list[EntrySummary]
    next_cursor: str | None


class ProblemItem(Schema):
    path: list[str | int]
    message: str


class Problem(Schema):
    type: str
    title: str
    status: int
    detail: str
    code: str
    errors: list[ProblemItem]
