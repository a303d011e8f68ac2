"""The GST registers, HSN summary and party statement as plain data for the edges: typed rows a
caller prints as a table or CSV (bahi.reports.export's Tabular), and JSON-ready dicts (ISO
dates, decimal strings)."""

from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from bahi.core.money import from_paise
from bahi.invoicing.models import SupplyKind
from bahi.reports.export import AMOUNT, BALANCE, DATE, Column, Tabular, Value, to_json
from bahi.reports.types import (
    HsnRow,
    HsnSummary,
    PartyStatement,
    RegisterAmounts,
    RegisterRow,
    RegisterTotals,
)

REGISTER_COLUMNS = (
    Column("date", DATE),
    Column("number"),
    Column("kind"),
    Column("party"),
    Column("gstin"),
    Column("place_of_supply"),
    Column("supply_type"),
    Column("reverse_charge"),
    Column("against"),
    Column("taxable_value", AMOUNT),
    Column("cgst", AMOUNT),
    Column("sgst_utgst", AMOUNT),
    Column("igst", AMOUNT),
    Column("cess", AMOUNT),
    Column("round_off", AMOUNT),
    Column("total", AMOUNT),
    Column("status"),
)


def plain_decimal(value: Decimal) -> str:
    """Decimal('18.0000') -> '18', Decimal('10.500') -> '10.5' (never exponent notation)."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _amounts(amounts: RegisterAmounts) -> tuple[Decimal, ...]:
    return tuple(
        from_paise(paise)
        for paise in (
            amounts.taxable_paise,
            amounts.cgst_paise,
            amounts.sgst_paise,
            amounts.igst_paise,
            amounts.cess_paise,
            amounts.round_off_paise,
            amounts.total_paise,
        )
    )


def register_values(row: RegisterRow) -> tuple[Value, ...]:
    """One register row in REGISTER_COLUMNS order."""
    return (
        row.document_date,
        row.document_number,
        row.kind_label,
        row.party_name,
        row.gstin,
        row.place_of_supply,
        str(SupplyKind(row.supply_type).label),
        "Y" if row.reverse_charge else "N",
        row.against_number,
        *_amounts(row.amounts),
        row.status,
    )


def register_total_rows(totals: RegisterTotals) -> list[tuple[Value, ...]]:
    """A subtotal per kind of document, then the period's total (cancelled ones only counted)."""
    blank: tuple[Value, ...] = ("",) * 6
    rows: list[tuple[Value, ...]] = [
        (None, "", f"{total.kind_label} ({total.documents})", *blank, *_amounts(total.amounts), "")
        for total in totals.by_kind
    ]
    label = f"Total ({totals.documents} documents, {totals.cancelled} cancelled)"
    rows.append((None, "", label, *blank, *_amounts(totals.amounts), ""))
    return rows


def register_table(title: str, rows: Iterable[RegisterRow], totals: RegisterTotals) -> Tabular:
    values: list[tuple[Value, ...]] = []
    kinds: list[str] = []
    for row in rows:
        values.append(register_values(row))
        kinds.append("cancelled" if row.status == "cancelled" else "line")
    subtotals = register_total_rows(totals)
    kinds += ["account"] * (len(subtotals) - 1) + ["total"]
    return Tabular(title, REGISTER_COLUMNS, values + subtotals, kinds)


def register_json_rows(rows: Iterable[RegisterRow]) -> Iterator[dict[str, Any]]:
    return (to_json(row) for row in rows)


# --- HSN summary -------------------------------------------------------------------------------

HSN_COLUMNS = (
    Column("section"),
    Column("hsn"),
    Column("description"),
    Column("uqc"),
    Column("rate_percent"),
    Column("quantity"),
    Column("taxable_value", AMOUNT),
    Column("igst", AMOUNT),
    Column("cgst", AMOUNT),
    Column("sgst_utgst", AMOUNT),
    Column("cess", AMOUNT),
)
SECTION_NAMES = {"b2b": "B2B", "b2c": "B2C", "all": ""}


def _hsn_amounts(row: HsnRow) -> tuple[Decimal, ...]:
    heads = (row.taxable_paise, row.igst_paise, row.cgst_paise, row.sgst_paise, row.cess_paise)
    return tuple(from_paise(paise) for paise in heads)


def hsn_table(summary: HsnSummary) -> Tabular:
    rows: list[tuple[Value, ...]] = [
        (
            SECTION_NAMES[row.section],
            row.hsn_code,
            row.description,
            row.uqc,
            plain_decimal(row.rate_percent),
            plain_decimal(row.quantity),
            *_hsn_amounts(row),
        )
        for row in summary.rows
    ]
    columns = zip(*map(_hsn_amounts, summary.rows), strict=True)
    totals = [sum(column, Decimal(0)) for column in columns] or [Decimal(0)] * 5
    rows.append(("", "", "Total", "", "", "", *totals))
    kinds = ["line"] * len(summary.rows) + ["total"]
    title = f"HSN summary (GSTR-1 Table 12) {summary.date_from} to {summary.date_to}"
    return Tabular(title, HSN_COLUMNS, rows, kinds)


def hsn_json(summary: HsnSummary) -> dict[str, Any]:
    data = to_json(summary)
    for row, source in zip(data["rows"], summary.rows, strict=True):
        row["rate_percent"] = plain_decimal(source.rate_percent)
        row["quantity"] = plain_decimal(source.quantity)
        del row["quantity_milli"]
    return data


# --- party statement ---------------------------------------------------------------------------

STATEMENT_COLUMNS = (
    Column("date", DATE),
    Column("voucher"),
    Column("particulars"),
    Column("document"),
    Column("due_date", DATE),
    Column("reference"),
    Column("debit", AMOUNT),
    Column("credit", AMOUNT),
    Column("balance", BALANCE),
)


def statement_table(report: PartyStatement) -> Tabular:
    def edge(day: Any, label: str, paise: int) -> tuple[Value, ...]:
        return (day, "", label, "", None, "", None, None, from_paise(paise))

    rows = [edge(report.date_from, "Opening balance", report.opening_paise)]
    for line in report.lines:
        rows.append(
            (
                line.entry_date,
                line.voucher_number,
                line.particulars,
                line.document_number,
                line.due_date,
                line.reference,
                from_paise(line.debit_paise) if line.debit_paise else None,
                from_paise(line.credit_paise) if line.credit_paise else None,
                from_paise(line.balance_paise),
            )
        )
    rows.append(edge(report.date_to, "Closing balance", report.closing_paise))
    kinds = ["total", *(["line"] * len(report.lines)), "total"]
    name = f"{report.party_name} ({report.gstin})" if report.gstin else report.party_name
    title = f"Statement of {name}, {report.side}, {report.date_from} to {report.date_to}"
    return Tabular(title, STATEMENT_COLUMNS, rows, kinds)
