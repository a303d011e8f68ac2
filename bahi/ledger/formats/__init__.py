"""Moving books in and out of Bahi: CSV, hledger/ledger journals and Beancount files.

`import_books` posts a whole file in one transaction (creating missing accounts and parties);
`export_books` streams the posted books out. See docs/formats.md for the formats.
"""

from bahi.ledger.formats.common import Format
from bahi.ledger.formats.errors import AlreadyImported, ImportFailed, UnknownFormat
from bahi.ledger.formats.exporter import ExportSummary, export_books
from bahi.ledger.formats.importer import (
    ImportProgress,
    ImportSummary,
    detect_format,
    import_books,
)
from bahi.ledger.formats.names import build_path_balances

__all__ = [
    "AlreadyImported",
    "ExportSummary",
    "Format",
    "ImportFailed",
    "ImportProgress",
    "ImportSummary",
    "UnknownFormat",
    "build_path_balances",
    "detect_format",
    "export_books",
    "import_books",
]
