from bahi.reports.tests.workbook import workbook

__all__ = ["workbook"]
