from bahi.reports.tests.gst_books import gst_books
from bahi.reports.tests.workbook import workbook

__all__ = ["gst_books", "workbook"]
