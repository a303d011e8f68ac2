"""Reports as files: CSV for other programs (the columns of `bahi report --format csv`: ISO dates,
plain decimal amounts) and XLSX for people (company and period above the table, real numbers in
Indian digit grouping, DD-MM-YYYY dates, bold totals, A4 with the column headings repeated)."""

import csv
import io
from datetime import date
from decimal import Decimal

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

from bahi.reports.export import AMOUNT, BALANCE, DATE, Tabular, Value, csv_value

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BOLD_KINDS = frozenset({"group", "heading", "total"})
HEADER_ROWS = 4  # company, report and period, blank, column headings
DATE_FORMAT = "DD-MM-YYYY"
WIDTHS = {"text": 18, DATE: 12, AMOUNT: 16, BALANCE: 18}
WIDE_TEXT = frozenset({"account", "particulars", "narration"})


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_response(table: Tabular, filename: str) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([column.name for column in table.columns])
    writer.writerows([csv_value(value) for value in row] for row in table.rows)
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    return _attachment(response, filename)


def indian_number_format(value: Decimal, kind: str = AMOUNT) -> str:
    """An Excel number format that groups this value's digits the Indian way (12,34,567.89).

    Excel's thousands separator groups by three everywhere; Indian grouping is written with
    literal commas instead, so the pattern must have exactly as many groups as the value has
    digits (a literal comma before no digit would still print): it is chosen per cell.
    Balances read 'Dr' when positive and 'Cr' (without the minus) when negative."""
    digits = len(str(abs(int(value))))
    groups = max(0, (digits - 2) // 2)  # 1,234 and 12,345: one; 1,23,456: two; ...
    pattern = "\\,".join(["##"] * groups + ["##0"]) + ".00"
    if kind == BALANCE:
        return f'{pattern} "Dr";{pattern} "Cr";0.00'
    return f"{pattern};-{pattern}"


BOLD = Font(bold=True)


def _cell(sheet: WriteOnlyWorksheet, value: Value, kind: str, bold: bool) -> object:
    """A styled cell where it needs a style (numbers, dates, bold rows); the plain value
    otherwise, which openpyxl writes several times faster."""
    if isinstance(value, Decimal):
        number_format = indian_number_format(value, kind)
    elif isinstance(value, date):
        number_format = DATE_FORMAT
    elif not bold:
        return value
    else:
        number_format = ""
    cell = WriteOnlyCell(sheet, value=value)
    if number_format:
        cell.number_format = number_format
    if bold:
        cell.font = BOLD
    return cell


def _set_up_sheet(sheet: WriteOnlyWorksheet, table: Tabular) -> None:
    for index, column in enumerate(table.columns, start=1):
        width = 40 if column.name in WIDE_TEXT else WIDTHS.get(column.kind, 18)
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = f"A{HEADER_ROWS + 1}"
    sheet.print_title_rows = f"{HEADER_ROWS}:{HEADER_ROWS}"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def xlsx_response(table: Tabular, *, company: str, heading: str, filename: str) -> HttpResponse:
    """`heading`: the report and its period as people read them ("Trial balance, 01-04-2025 to
    31-03-2026"). Written in openpyxl's write-only mode, row by row."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=heading.split(",", maxsplit=1)[0][:31])
    _set_up_sheet(sheet, table)
    sheet.append([_cell(sheet, company, "text", True)])
    sheet.append([_cell(sheet, heading, "text", True)])
    sheet.append([])
    names = [column.name.replace("_", " ").capitalize() for column in table.columns]
    sheet.append([_cell(sheet, name, "text", True) for name in names])
    for row, kind in zip(table.rows, table.row_kinds, strict=True):
        bold = kind in BOLD_KINDS
        sheet.append(
            [
                _cell(sheet, value, column.kind, bold)
                for value, column in zip(row, table.columns, strict=True)
            ]
        )
    output = io.BytesIO()
    book.save(output)
    return _attachment(HttpResponse(output.getvalue(), content_type=XLSX_TYPE), filename)
