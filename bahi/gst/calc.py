"""Pure GST computation: which heads apply to a supply, tax per line, document totals.

No ORM and no Django: services fetch rates and party states, then call these functions.
Rules (india-tax reference section 3):
- Same supplier state and place of supply: intra-state, CGST + SGST (UTGST in a union territory
  without a legislature), each half the rate. Different: inter-state, IGST at the full rate.
- Supplies to an SEZ and exports are zero-rated and always IGST (IGST Act s.16), even inside the
  supplier's state; under bond/LUT no tax is charged at all.
- Deemed exports are taxed like any domestic supply (the refund is claimed later).
- Each head is computed on the line's taxable value and rounded to paise half-up on its own; a
  rounded total is never split. The invoice total may be rounded to the rupee, the difference shown
  as an explicit round-off (s.170 rounds amounts payable; e-invoice RndOffAmt).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from bahi.core.money import ZERO, from_paise, round_money, to_paise
from bahi.gst.errors import InvalidGstin, InvalidSupply, UnknownStateCode
from bahi.gst.states import OTHER_COUNTRIES, STATES, StateTax
from bahi.gst.validators import gstin_error, normalise

HUNDRED = Decimal(100)


class SupplyType(StrEnum):
    REGULAR = "regular"  # taxable supply in India to a registered (B2B) or unregistered (B2C) buyer
    SEZ_WITH_PAYMENT = "sez_with_payment"  # e-invoice SEZWP
    SEZ_WITHOUT_PAYMENT = "sez_without_payment"  # SEZWOP, under bond or LUT
    EXPORT_WITH_PAYMENT = "export_with_payment"  # EXPWP
    EXPORT_WITHOUT_PAYMENT = "export_without_payment"  # EXPWOP, under bond or LUT
    DEEMED_EXPORT = "deemed_export"  # DEXP


class TaxHead(StrEnum):
    CGST = "CGST"
    SGST = "SGST"
    UTGST = "UTGST"
    IGST = "IGST"
    CESS = "CESS"


ZERO_RATED = frozenset(
    {
        SupplyType.SEZ_WITH_PAYMENT,
        SupplyType.SEZ_WITHOUT_PAYMENT,
        SupplyType.EXPORT_WITH_PAYMENT,
        SupplyType.EXPORT_WITHOUT_PAYMENT,
    }
)
WITHOUT_PAYMENT = frozenset({SupplyType.SEZ_WITHOUT_PAYMENT, SupplyType.EXPORT_WITHOUT_PAYMENT})
EXPORTS = frozenset({SupplyType.EXPORT_WITH_PAYMENT, SupplyType.EXPORT_WITHOUT_PAYMENT})


@dataclass(frozen=True, slots=True)
class Supply:
    """Who supplies where, and how: the facts that decide the tax heads."""

    supplier_state_code: str
    place_of_supply_code: str  # "96" (Other Countries) for exports
    supply_type: SupplyType = SupplyType.REGULAR
    is_reverse_charge: bool = False


@dataclass(frozen=True, slots=True)
class TaxRegime:
    """The heads a supply carries; `heads` is empty when no tax is charged (LUT/bond)."""

    heads: tuple[TaxHead, ...]
    is_intra_state: bool
    is_zero_rated: bool
    is_reverse_charge: bool
    is_igst_on_intra: bool  # e-invoice IgstOnIntra: same state, yet IGST (SEZ)

    @property
    def charges_tax(self) -> bool:
        return bool(self.heads)


@dataclass(frozen=True, slots=True)
class LineInput:
    taxable_value: Decimal  # exact rupees, after discounts
    rate_percent: Decimal  # the GST rate (IGST-equivalent), e.g. Decimal("18")
    cess_percent: Decimal = ZERO  # ad valorem compensation cess


@dataclass(frozen=True, slots=True)
class LineTax:
    taxable_value: Decimal
    rate_percent: Decimal
    cess_percent: Decimal
    cgst: Decimal
    sgst: Decimal
    utgst: Decimal
    igst: Decimal
    cess: Decimal

    @property
    def total_tax(self) -> Decimal:
        return self.cgst + self.sgst + self.utgst + self.igst + self.cess

    @property
    def line_total(self) -> Decimal:
        return self.taxable_value + self.total_tax


@dataclass(frozen=True, slots=True)
class DocumentTax:
    regime: TaxRegime
    lines: tuple[LineTax, ...]
    taxable_total: Decimal
    cgst: Decimal
    sgst: Decimal
    utgst: Decimal
    igst: Decimal
    cess: Decimal
    invoice_value: Decimal  # before rupee rounding; excludes tax payable on reverse charge
    round_off: Decimal  # rounded_total - invoice_value: more than -0.50, at most +0.50
    rounded_total: Decimal

    @property
    def tax_total(self) -> Decimal:
        return self.cgst + self.sgst + self.utgst + self.igst + self.cess

    def head_amounts(self) -> dict[TaxHead, Decimal]:
        return {
            TaxHead.CGST: self.cgst,
            TaxHead.SGST: self.sgst,
            TaxHead.UTGST: self.utgst,
            TaxHead.IGST: self.igst,
            TaxHead.CESS: self.cess,
        }


def _check_states(supply: Supply) -> None:
    supplier = STATES.get(supply.supplier_state_code)
    if supplier is None or supplier.state_tax is StateTax.NONE:
        raise UnknownStateCode(
            f"supplier state code {supply.supplier_state_code!r} is not an Indian state or UT",
            details={"field": "supplier_state_code"},
        )
    if supply.place_of_supply_code not in STATES:
        raise UnknownStateCode(
            f"place of supply {supply.place_of_supply_code!r} is not a GST state code",
            details={"field": "place_of_supply_code"},
        )
    is_abroad = supply.place_of_supply_code == OTHER_COUNTRIES
    if (supply.supply_type in EXPORTS) != is_abroad:
        wanted = "96 (Other Countries)" if supply.supply_type in EXPORTS else "an Indian state"
        raise InvalidSupply(
            f"a {supply.supply_type.value} supply needs place of supply {wanted}, "
            f"not {supply.place_of_supply_code!r}",
            details={"field": "place_of_supply_code"},
        )


def decide_tax_regime(supply: Supply) -> TaxRegime:
    """The heads for `supply`. Raises UnknownStateCode, InvalidSupply (export inside India...)."""
    _check_states(supply)
    same_state = supply.supplier_state_code == supply.place_of_supply_code
    zero_rated = supply.supply_type in ZERO_RATED
    heads: tuple[TaxHead, ...]
    if supply.supply_type in WITHOUT_PAYMENT:
        heads = ()
    elif zero_rated or not same_state:
        heads = (TaxHead.IGST, TaxHead.CESS)
    elif STATES[supply.place_of_supply_code].uses_utgst:
        heads = (TaxHead.CGST, TaxHead.UTGST, TaxHead.CESS)
    else:
        heads = (TaxHead.CGST, TaxHead.SGST, TaxHead.CESS)
    return TaxRegime(
        heads=heads,
        is_intra_state=same_state and not zero_rated,
        is_zero_rated=zero_rated,
        is_reverse_charge=supply.is_reverse_charge,
        is_igst_on_intra=same_state and TaxHead.IGST in heads,
    )


def default_place_of_supply(
    *, buyer_gstin: str = "", buyer_state_code: str = "", shipping_state_code: str = ""
) -> str:
    """The place-of-supply code a sale defaults to, the way india-compliance derives it (reference
    3.1): a registered buyer's GSTIN state; else the shipping state if in India; else the buyer's
    address state ("96" for a buyer abroad). The IGST Act ss.10-13 rules are not encoded: the user
    must be able to override this default. Raises UnknownStateCode if nothing gives a known code."""
    if buyer_gstin:
        error = gstin_error(buyer_gstin)
        if error is not None:
            raise InvalidGstin(error, details={"field": "buyer_gstin"})
        return normalise(buyer_gstin)[:2]
    indian_shipping = shipping_state_code not in ("", OTHER_COUNTRIES)
    code = shipping_state_code if indian_shipping else buyer_state_code
    if code not in STATES:
        raise UnknownStateCode(
            f"buyer state code {code!r} is not a GST state code",
            details={"field": "buyer_state_code"},
        )
    return code


def _check_line(index: int, line: LineInput) -> None:
    def fail(field: str, message: str) -> InvalidSupply:
        return InvalidSupply(
            f"line {index + 1}: {message}", details={"line": index, "field": field}
        )

    if line.taxable_value < 0 or round_money(line.taxable_value) != line.taxable_value:
        raise fail("taxable_value", f"taxable value {line.taxable_value} is not exact rupees >= 0")
    if not ZERO <= line.rate_percent <= HUNDRED:
        raise fail("rate_percent", f"GST rate {line.rate_percent}% is outside 0-100%")
    if not ZERO <= line.cess_percent <= HUNDRED:
        raise fail("cess_percent", f"cess rate {line.cess_percent}% is outside 0-100%")


def compute_line_tax(regime: TaxRegime, line: LineInput) -> LineTax:
    """Each head on the line's taxable value, rounded to paise on its own (reference 3.5)."""
    value, rate = line.taxable_value, line.rate_percent
    half = round_money(value * rate / 2 / HUNDRED)
    heads = regime.heads
    return LineTax(
        taxable_value=value,
        rate_percent=rate,
        cess_percent=line.cess_percent,
        cgst=half if TaxHead.CGST in heads else ZERO,
        sgst=half if TaxHead.SGST in heads else ZERO,
        utgst=half if TaxHead.UTGST in heads else ZERO,
        igst=round_money(value * rate / HUNDRED) if TaxHead.IGST in heads else ZERO,
        cess=round_money(value * line.cess_percent / HUNDRED) if TaxHead.CESS in heads else ZERO,
    )


def round_to_rupee(amount: Decimal) -> Decimal:
    """Nearest rupee, 50 paise and more going up (CGST Act s.170), by integer arithmetic."""
    paise = to_paise(amount)
    sign = -1 if paise < 0 else 1
    return from_paise(sign * ((abs(paise) + 50) // 100) * 100)


def _total(lines: Sequence[LineTax], head: str) -> Decimal:
    return sum((getattr(line, head) for line in lines), ZERO)


def compute_document_tax(
    supply: Supply, lines: Sequence[LineInput], *, round_total: bool = True
) -> DocumentTax:
    """Taxes per line and per head and the document totals.

    Head totals are sums of line taxes (never recomputed on the total). On reverse charge the tax
    is shown but not added to the invoice value: the recipient pays it to the government.
    Raises UnknownStateCode, InvalidSupply (naming the line and field)."""
    if not lines:
        raise InvalidSupply("a document needs at least one line", details={"field": "lines"})
    for index, line in enumerate(lines):
        _check_line(index, line)
    regime = decide_tax_regime(supply)
    line_taxes = tuple(compute_line_tax(regime, line) for line in lines)
    taxable_total = _total(line_taxes, "taxable_value")
    heads = {head: _total(line_taxes, head) for head in ("cgst", "sgst", "utgst", "igst", "cess")}
    charged = ZERO if supply.is_reverse_charge else sum(heads.values(), ZERO)
    invoice_value = taxable_total + charged
    rounded_total = round_to_rupee(invoice_value) if round_total else invoice_value
    return DocumentTax(
        regime=regime,
        lines=line_taxes,
        taxable_total=taxable_total,
        invoice_value=invoice_value,
        round_off=rounded_total - invoice_value,
        rounded_total=rounded_total,
        **heads,
    )
