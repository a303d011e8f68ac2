"""`bahi invoice pdf NUMBER --output FILE`: the PDF of an issued document."""

import argparse
from pathlib import Path

from bahi.cli.context import add_company_argument, resolve_company


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    invoice = subparsers.add_parser("invoice", help="sales documents")
    commands = invoice.add_subparsers(dest="invoice_command", required=True, metavar="COMMAND")
    pdf = commands.add_parser("pdf", help="write the PDF of an issued document")
    pdf.add_argument("document_number", metavar="DOCUMENT_NUMBER", help="e.g. INV/25-26/000001")
    pdf.add_argument("--output", "-o", type=Path, required=True, metavar="FILE")
    add_company_argument(pdf)
    pdf.set_defaults(handler=pdf_command)


def pdf_command(args: argparse.Namespace) -> int:
    from bahi.invoicing.pdf import render_pdf_by_number

    company = resolve_company(args)
    data = render_pdf_by_number(company=company, document_number=args.document_number)
    args.output.write_bytes(data)
    print(f"wrote {args.output} ({len(data):,} bytes)")
    return 0
