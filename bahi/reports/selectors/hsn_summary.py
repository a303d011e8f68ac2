"""HSN-wise summary of outward supplies, as GSTR-1 Table 12 asks for it: per HSN/SAC code, unit
(UQC) and rate, the total quantity, taxable value and each tax head, net of credit notes.

From the May 2025 return period Table 12 has separate B2B and B2C tabs (india-tax reference
5.4, after GSTN's Phase-3 advisory; one source says April 2025, so the date is data here, not
settled law). A supply is B2B when the buyer is registered (has a GSTIN) or it is to an SEZ or a
deemed export; unregistered and overseas buyers are B2C (india-compliance's split).
"""

from datetime import date

from django.db.models import BooleanField, Case, F, Min, Q, QuerySet, Sum, Value, When

from bahi.identity.models import Company
from bahi.invoicing.calc import REDUCING_KINDS, SALES_KINDS, is_service
from bahi.invoicing.models import DocumentLine, DocumentStatus, SupplyKind
from bahi.reports.selectors.registers import check_period
from bahi.reports.types import HsnRow, HsnSummary

SPLIT_FROM = date(2025, 5, 1)  # first return period with B2B and B2C tabs in Table 12
DESCRIPTION_LIMIT = 30  # characters the return keeps (india-compliance trims to this)
SERVICE_UQC = "NA"
# A line without a unit (written before lines carried one): GSTR-1 reports it as OTH (OTHERS).
UNKNOWN_UQC = "OTH"
B2B_SUPPLY_TYPES = (SupplyKind.SEZ_WITH_TAX, SupplyKind.SEZ_LUT, SupplyKind.DEEMED_EXPORT)
_HEADS = ("quantity_milli", "taxable_paise", "igst_paise", "cgst_paise", "sgst_paise", "cess_paise")


def _lines(company: Company, date_from: date, date_to: date) -> QuerySet[DocumentLine]:
    return DocumentLine.objects.filter(
        document__company=company,
        document__kind__in=SALES_KINDS,
        document__status=DocumentStatus.ISSUED,
        document__document_date__gte=date_from,
        document__document_date__lte=date_to,
    )


def _is_b2b() -> Case:
    # The GSTIN the document was issued to (its snapshot), not the party's GSTIN today.
    registered = ~Q(document__party_gstin="") | Q(document__supply_type__in=B2B_SUPPLY_TYPES)
    return Case(
        When(registered, then=Value(True)), default=Value(False), output_field=BooleanField()
    )


def _sign() -> Case:
    return Case(When(document__kind__in=REDUCING_KINDS, then=Value(-1)), default=Value(1))


def build_hsn_summary(*, company: Company, date_from: date, date_to: date) -> HsnSummary:
    """Table 12 for the issued sales documents dated in [date_from, date_to]: one row per
    (section, HSN code, unit, rate), credit notes subtracted, cancelled documents and drafts left
    out. Split into B2B and B2C when the period starts on or after SPLIT_FROM. One query.
    Raises InvalidReportPeriod."""
    check_period(date_from, date_to)
    is_split = date_from >= SPLIT_FROM
    keys = ["hsn_code", "unit", "gst_rate_percent"]
    lines = _lines(company, date_from, date_to).annotate(sign=_sign())
    if is_split:
        lines = lines.annotate(is_b2b=_is_b2b())
        keys.insert(0, "is_b2b")
    groups = (
        lines.values(*keys)
        .annotate(
            first_description=Min("description"),
            **{f"total_{head}": Sum(F(head) * F("sign")) for head in _HEADS},
        )
        .order_by(*(f"-{key}" if key == "is_b2b" else key for key in keys))
    )
    return HsnSummary(
        company_id=company.id,
        date_from=date_from,
        date_to=date_to,
        is_split=is_split,
        rows=tuple(_hsn_row(group, is_split) for group in groups),
    )


def _hsn_row(group: dict[str, object], is_split: bool) -> HsnRow:
    code = str(group["hsn_code"])
    section = ("b2b" if group["is_b2b"] else "b2c") if is_split else "all"
    totals = {head: int(group[f"total_{head}"] or 0) for head in _HEADS}  # type: ignore[call-overload]
    return HsnRow(
        section=section,
        hsn_code=code,
        description=str(group["first_description"]).strip()[:DESCRIPTION_LIMIT].strip(),
        uqc=SERVICE_UQC if is_service(code) else (str(group["unit"]) or UNKNOWN_UQC),
        rate_percent=group["gst_rate_percent"],  # type: ignore[arg-type]
        **totals,
    )
