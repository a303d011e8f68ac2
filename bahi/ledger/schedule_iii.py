"""The lines of Schedule III (Division I) to the Companies Act, 2013, that accounts map to."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Line:
    code: str
    title: str
    heading: str  # the statement's sub-heading this line stands under
    statement: str  # "BS" or "PL"


LINES: tuple[Line, ...] = (
    # Balance sheet: equity and liabilities
    Line("EQ_SHARE_CAPITAL", "Share capital", "Shareholders' funds", "BS"),
    Line("EQ_RESERVES", "Reserves and surplus", "Shareholders' funds", "BS"),
    Line("NCL_BORROWINGS", "Long-term borrowings", "Non-current liabilities", "BS"),
    Line("NCL_OTHER", "Other long-term liabilities", "Non-current liabilities", "BS"),
    Line("NCL_PROVISIONS", "Long-term provisions", "Non-current liabilities", "BS"),
    Line("CL_BORROWINGS", "Short-term borrowings", "Current liabilities", "BS"),
    Line("CL_TRADE_PAYABLES", "Trade payables", "Current liabilities", "BS"),
    Line("CL_OTHER", "Other current liabilities", "Current liabilities", "BS"),
    Line("CL_PROVISIONS", "Short-term provisions", "Current liabilities", "BS"),
    # Balance sheet: assets
    Line("NCA_PPE", "Property, plant and equipment", "Non-current assets", "BS"),
    Line("NCA_INTANGIBLE", "Intangible assets", "Non-current assets", "BS"),
    Line("NCA_INVESTMENTS", "Non-current investments", "Non-current assets", "BS"),
    Line("NCA_LOANS", "Long-term loans and advances", "Non-current assets", "BS"),
    Line("NCA_OTHER", "Other non-current assets", "Non-current assets", "BS"),
    Line("CA_INVESTMENTS", "Current investments", "Current assets", "BS"),
    Line("CA_INVENTORIES", "Inventories", "Current assets", "BS"),
    Line("CA_TRADE_RECEIVABLES", "Trade receivables", "Current assets", "BS"),
    Line("CA_CASH", "Cash and cash equivalents", "Current assets", "BS"),
    Line("CA_LOANS", "Short-term loans and advances", "Current assets", "BS"),
    Line("CA_OTHER", "Other current assets", "Current assets", "BS"),
    # Statement of profit and loss
    Line("PL_REVENUE", "Revenue from operations", "Income", "PL"),
    Line("PL_OTHER_INCOME", "Other income", "Income", "PL"),
    Line("PL_MATERIALS", "Cost of materials consumed", "Expenses", "PL"),
    Line("PL_PURCHASES", "Purchases of stock-in-trade", "Expenses", "PL"),
    Line(
        "PL_INVENTORY_CHANGE",
        "Changes in inventories of finished goods, work-in-progress and stock-in-trade",
        "Expenses",
        "PL",
    ),
    Line("PL_EMPLOYEE", "Employee benefits expense", "Expenses", "PL"),
    Line("PL_FINANCE", "Finance costs", "Expenses", "PL"),
    Line("PL_DEPRECIATION", "Depreciation and amortisation expense", "Expenses", "PL"),
    Line("PL_OTHER_EXPENSES", "Other expenses", "Expenses", "PL"),
    Line("PL_TAX", "Tax expense", "Tax", "PL"),
)

BY_CODE: dict[str, Line] = {line.code: line for line in LINES}

# Where an account with no mapping of its own is reported, by nature.
DEFAULT_BY_NATURE = {
    "asset": "CA_OTHER",
    "liability": "CL_OTHER",
    "equity": "EQ_RESERVES",
    "income": "PL_OTHER_INCOME",
    "expense": "PL_OTHER_EXPENSES",
}
