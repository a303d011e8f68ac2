"""The report pages of the web interface (trial balance, general ledger, day book, profit and
loss, balance sheet) with their CSV and XLSX downloads. They call bahi.reports' selectors and
only shape what those return for people."""
