"""Realistic books of an Indian trading company, generated deterministically.

Pure: no ORM. `generate_entries` takes the ids of a chart built by `bahi.demo.chart` and yields
`EntryInput`s lazily, in ascending date order, so a million entries stream in flat memory. All
randomness comes from one `random.Random(seed)`: the same seed gives the same books.

GST is computed per item line with `round_money` (CGST and SGST each carry half the rate, so they
are always equal); TDS on the taxable value; invoice totals are optionally rounded to the rupee
through the Round off ledger, as Indian invoices are.
"""

import random
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from bahi.core.fiscal import fiscal_year_of
from bahi.core.money import ZERO, from_paise, round_money
from bahi.demo.data import PRICE_BANDS, SERVICE_RATE
from bahi.ledger.types import EntryInput, LineInput

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class ExpenseLedger:
    account_id: int
    low_paise: int
    high_paise: int
    gst_rate: Decimal | None
    cash_share: float


@dataclass(frozen=True)
class PartyRef:
    party_id: int
    name: str
    is_inter_state: bool
    tds_rate: Decimal = ZERO  # percent deducted at payment (suppliers) or by the customer


@dataclass(frozen=True)
class GstAccounts:
    cgst: int
    sgst: int
    igst: int


@dataclass(frozen=True)
class DemoChart:
    """The account and party ids the generator posts to."""

    books_begin_date: date
    fy_start_month: int
    cash_id: int
    bank_ids: tuple[int, ...]
    capital_id: int
    debtors_id: int
    creditors_id: int
    sales_ids: dict[tuple[Decimal, bool], int]  # (rate, inter-state) -> ledger
    services_sales_id: int
    purchase_ids: dict[tuple[Decimal, bool], int]
    output_gst: GstAccounts
    input_gst: GstAccounts
    tds_payable_id: int
    tds_receivable_id: int
    round_off_id: int
    salaries_id: int
    bank_charges_id: int
    expenses: tuple[ExpenseLedger, ...]
    customers: tuple[PartyRef, ...]
    suppliers: tuple[PartyRef, ...]


@dataclass(frozen=True)
class OpenItem:
    """An unpaid invoice or bill."""

    party: PartyRef
    number: str
    total: Decimal
    taxable: Decimal
    due_date: date


# Share of each kind of voucher, in entries per hundred; salaries come on top, once a month.
KIND_WEIGHTS: tuple[tuple[str, int], ...] = (
    ("sale", 30),
    ("service_sale", 3),
    ("purchase", 14),
    ("receipt", 40),
    ("payment", 18),
    ("expense", 9),
    ("bank_charges", 2),
    ("contra", 2),
)
FALLBACK_WEIGHTS = tuple(
    (kind, weight) for kind, weight in KIND_WEIGHTS if kind not in {"receipt", "payment"}
)
BANK_WEIGHTS = (6, 3, 2, 1, 1)
ROUND_OFF_SHARE = 0.3
ITEM_COUNTS = (1, 1, 1, 1, 1, 2, 2, 3)  # item lines per invoice, at different GST rates
CAPITAL = Decimal("2500000.00")
MONTHLY_GROSS_SALARY = 420000_00  # paise
SALARY_TDS_RATE = Decimal("8")
PETTY_CASH_FLOOR = 15000_00  # paise: below this, cash is drawn from the bank
PURCHASE_SCALE = Decimal("1.95")  # bills are bigger and fewer than invoices
# A trader buys what it sells: purchases are steered to this share of sales so far (goods at a
# ~4% gross margin), which keeps the demo's profit near a real trader's few per cent.
PURCHASES_PER_SALES = Decimal("0.96")
CREDIT_DAYS = timedelta(days=30)  # customers pay, and suppliers are paid, a month after billing


def dr(account_id: int, amount: Decimal, party_id: int | None = None) -> LineInput:
    return LineInput(account_id=account_id, debit=amount, party_id=party_id)


def cr(account_id: int, amount: Decimal, party_id: int | None = None) -> LineInput:
    return LineInput(account_id=account_id, credit=amount, party_id=party_id)


def split_gst(taxable: Decimal, rate: Decimal, *, inter_state: bool) -> tuple[Decimal, Decimal]:
    """(CGST = SGST each, IGST) for one line: each component rounded to paise on its own."""
    if inter_state:
        return ZERO, round_money(taxable * rate / HUNDRED)
    return round_money(taxable * rate / 2 / HUNDRED), ZERO


def round_to_rupee(amount: Decimal) -> Decimal:
    """The invoice total rounded to whole rupees, half up."""
    return round_money(amount / HUNDRED) * HUNDRED


def entry_dates(begin: date, years: int, count: int) -> Iterator[date]:
    """`count` dates spread evenly, in ascending order, over `years` years from `begin`."""
    end = begin.replace(year=begin.year + years)
    days = (end - begin).days
    for index in range(count):
        yield begin + timedelta(days=index * days // count)


def generate_entries(
    chart: DemoChart, *, count: int, years: int = 3, seed: int = 1
) -> Iterator[EntryInput]:
    """`count` balanced entries over `years` years from the books' beginning, oldest first."""
    if count < 1 or years < 1:
        raise ValueError("count and years must be positive")
    books = _Books(chart, random.Random(seed))  # noqa: S311  (reproducible, not secret)
    previous_month: tuple[int, int] | None = None
    for index, day in enumerate(entry_dates(chart.books_begin_date, years, count)):
        month = (day.year, day.month)
        if month != previous_month and previous_month is not None:
            books.close_month(previous_month)
        if index == 0:
            entry = books.capital(day)
        elif books.month_end:
            entry = books.month_end.popleft()(day)
        else:
            entry = books.next_entry(day)
        books.track_gst(entry)
        previous_month = month
        yield entry


@dataclass
class _Books:
    """The running state the entries depend on: open invoices and bills, cash in hand."""

    chart: DemoChart
    rng: random.Random
    open_invoices: deque[OpenItem] = field(default_factory=deque)
    open_bills: deque[OpenItem] = field(default_factory=deque)
    counters: dict[tuple[str, str], int] = field(default_factory=dict)
    cash_paise: int = 0
    tds_deducted: Decimal = ZERO  # this month's, deposited by the 7th of the next
    month_end: deque[Callable[[date], EntryInput]] = field(default_factory=deque)
    gst_balances: dict[int, Decimal] = field(default_factory=dict)  # debit minus credit
    settlement_queued: bool = False
    bank_balances: dict[int, Decimal] = field(default_factory=dict)
    goods_sold: Decimal = ZERO  # taxable value of goods invoiced so far
    goods_bought: Decimal = ZERO  # taxable value of goods billed by suppliers so far

    def close_month(self, month: tuple[int, int]) -> None:
        """Salaries for the month just ended, then the TDS deducted in it, are paid next, then
        the month's GST is set off against input credit and the rest paid (GSTR-3B)."""
        self.month_end.append(lambda day: self.salary(day, month))
        self.month_end.append(self.tds_deposit)
        if self._gst_due() and not self.settlement_queued:
            self.settlement_queued = True
            self.month_end.append(self.gst_settlement)

    def track_gst(self, entry: EntryInput) -> None:
        """Keep the GST and bank balances the month-end and payment vouchers depend on."""
        gst_ids = {*vars(self.chart.output_gst).values(), *vars(self.chart.input_gst).values()}
        for line in entry.lines:
            if line.account_id in gst_ids:
                balance = self.gst_balances.get(line.account_id, ZERO)
                self.gst_balances[line.account_id] = balance + line.debit - line.credit
            elif line.account_id in self.chart.bank_ids:
                balance = self.bank_balances.get(line.account_id, ZERO)
                self.bank_balances[line.account_id] = balance + line.debit - line.credit

    def _gst_due(self) -> bool:
        return any(self.gst_balances.get(i, ZERO) < 0 for i in vars(self.chart.output_gst).values())

    def gst_settlement(self, day: date) -> EntryInput:
        """Output tax is cleared: input credit is used head by head as sections 49 and 49A of
        the CGST Act order it (IGST credit first, against IGST, then CGST, then SGST; CGST and
        SGST credit against their own head, then IGST, never each other), the rest is paid from
        the bank, and unused credit carries forward."""
        self.settlement_queued = False
        out, inp = self.chart.output_gst, self.chart.input_gst
        due = {
            head: max(-self.gst_balances.get(getattr(out, head), ZERO), ZERO)
            for head in ("igst", "cgst", "sgst")
        }
        lines = [dr(getattr(out, head), amount) for head, amount in due.items() if amount > 0]
        order = {
            "igst": ("igst", "cgst", "sgst"),
            "cgst": ("cgst", "igst"),
            "sgst": ("sgst", "igst"),
        }
        for credit_head, against in order.items():
            available = max(self.gst_balances.get(getattr(inp, credit_head), ZERO), ZERO)
            used = ZERO
            for head in against:
                take = min(available - used, due[head])
                due[head] -= take
                used += take
            if used > 0:
                lines.append(cr(getattr(inp, credit_head), used))
        cash = sum(due.values(), ZERO)
        if cash > 0:
            lines.append(cr(self.paying_bank(), cash))
        return EntryInput(
            entry_date=day,
            lines=tuple(lines),
            narration="GST for the month set off against input credit, balance paid (PMT-06)",
            series="PMT",
        )

    def next_entry(self, day: date) -> EntryInput:
        kinds, weights = zip(*KIND_WEIGHTS, strict=True)
        kind = self.rng.choices(kinds, weights)[0]
        if kind == "receipt" and self.open_invoices and self.open_invoices[0].due_date <= day:
            return self.receipt(day)
        if kind == "payment" and self.open_bills and self.open_bills[0].due_date <= day:
            return self.payment(day)
        if kind in {"receipt", "payment"}:  # nothing due yet: something else happens
            kind = self.rng.choices(*zip(*FALLBACK_WEIGHTS, strict=True))[0]
        maker: Callable[[date], EntryInput] = getattr(self, kind)
        return maker(day)

    # --- helpers ---------------------------------------------------------------------------

    def number(self, prefix: str, day: date) -> str:
        year = fiscal_year_of(day, start_month=self.chart.fy_start_month).label
        key = (prefix, year)
        self.counters[key] = self.counters.get(key, 0) + 1
        return f"{prefix}/{year}/{self.counters[key]:05d}"

    def bank(self) -> int:
        """The bank a customer pays into: the main accounts more often."""
        banks = self.chart.bank_ids
        return self.rng.choices(banks, BANK_WEIGHTS[: len(banks)])[0]

    def paying_bank(self) -> int:
        """The bank a payment is made from: the one with the most money, as a cashier would."""
        return max(self.chart.bank_ids, key=lambda bank: self.bank_balances.get(bank, ZERO))

    def amount(self, low_paise: int, high_paise: int) -> Decimal:
        return from_paise(self.rng.randint(low_paise, high_paise))

    def items(self) -> list[tuple[Decimal, Decimal]]:
        """(GST rate, taxable value) of one to three item lines at different rates."""
        rates = sorted(self.rng.sample(sorted(PRICE_BANDS), self.rng.choice(ITEM_COUNTS)))
        lines = []
        for rate in rates:
            low, high = PRICE_BANDS[rate]
            quantity = self.rng.randint(1, 40)
            lines.append((rate, self.amount(low * 100, high * 100) * quantity))
        return lines

    # --- vouchers ----------------------------------------------------------------------------

    def capital(self, day: date) -> EntryInput:
        return EntryInput(
            entry_date=day,
            lines=(dr(self.chart.bank_ids[0], CAPITAL), cr(self.chart.capital_id, CAPITAL)),
            narration="Capital introduced by the promoters",
            series="JV",
        )

    def sale(self, day: date) -> EntryInput:
        party = self.rng.choice(self.chart.customers)
        ledgers = self.chart.sales_ids
        items = [
            (ledgers[(rate, party.is_inter_state)], rate, value) for rate, value in self.items()
        ]
        return self._invoice(day, party, items, prefix="SI")

    def service_sale(self, day: date) -> EntryInput:
        party = self.rng.choice(self.chart.customers)
        value = self.amount(5000_00, 180000_00)
        items = [(self.chart.services_sales_id, SERVICE_RATE, value)]
        return self._invoice(day, party, items, prefix="SV")

    def _restock_factor(self, planned: Decimal) -> Decimal:
        """How much of a planned purchase to buy so purchases follow sales (between 0.3 and 3)."""
        wanted = self.goods_sold * PURCHASES_PER_SALES - self.goods_bought
        if planned <= 0 or wanted <= 0:
            return Decimal("0.3")
        return min(max(wanted / planned, Decimal("0.3")), Decimal(3))

    def _invoice(
        self, day: date, party: PartyRef, items: list[tuple[int, Decimal, Decimal]], prefix: str
    ) -> EntryInput:
        number = self.number(prefix, day)
        credits, taxable = self._taxed_lines(items, party, self.chart.output_gst, credit=True)
        if prefix == "SI":
            self.goods_sold += taxable
        total = sum((line.credit for line in credits), ZERO)
        billed, round_lines = self._round_off(total, payable=False)
        lines = (dr(self.chart.debtors_id, billed, party.party_id), *credits, *round_lines)
        self.open_invoices.append(OpenItem(party, number, billed, taxable, day + CREDIT_DAYS))
        return EntryInput(
            entry_date=day,
            lines=lines,
            narration=f"Sales invoice {number}, {party.name}",
            series="SALES",
        )

    def purchase(self, day: date) -> EntryInput:
        party = self.rng.choice(self.chart.suppliers)
        ledgers = self.chart.purchase_ids
        raw = [(rate, value * PURCHASE_SCALE) for rate, value in self.items()]
        factor = self._restock_factor(sum((value for _, value in raw), ZERO))
        items = [
            (ledgers[(rate, party.is_inter_state)], rate, round_money(value * factor))
            for rate, value in raw
        ]
        debits, taxable = self._taxed_lines(items, party, self.chart.input_gst, credit=False)
        self.goods_bought += taxable
        total = sum((line.debit for line in debits), ZERO)
        billed, round_lines = self._round_off(total, payable=True)
        bill = f"{party.name.split()[0][:3].upper()}/{self.rng.randint(100, 9999)}"
        lines = (*debits, *round_lines, cr(self.chart.creditors_id, billed, party.party_id))
        self.open_bills.append(OpenItem(party, bill, billed, taxable, day + CREDIT_DAYS))
        return EntryInput(
            entry_date=day,
            lines=lines,
            narration=f"Purchase bill {bill}, {party.name}",
            series="PURCH",
        )

    def _taxed_lines(
        self,
        items: list[tuple[int, Decimal, Decimal]],
        party: PartyRef,
        gst: GstAccounts,
        *,
        credit: bool,
    ) -> tuple[list[LineInput], Decimal]:
        """Item lines then CGST, SGST or IGST lines; GST per item line, then summed."""
        side = cr if credit else dr
        lines, half_total, igst_total, taxable = [], ZERO, ZERO, ZERO
        for account_id, rate, value in items:
            half, igst = split_gst(value, rate, inter_state=party.is_inter_state)
            half_total += half
            igst_total += igst
            taxable += value
            lines.append(side(account_id, value))
        if half_total:
            lines += [side(gst.cgst, half_total), side(gst.sgst, half_total)]
        if igst_total:
            lines.append(side(gst.igst, igst_total))
        return lines, taxable

    def _round_off(self, total: Decimal, *, payable: bool) -> tuple[Decimal, list[LineInput]]:
        """The amount billed and the Round off line that makes it whole rupees (sometimes)."""
        if self.rng.random() >= ROUND_OFF_SHARE:
            return total, []
        rounded = round_to_rupee(total)
        difference = rounded - total
        if not difference:
            return total, []
        # A sale rounded up owes the customer's extra paise to Round off as income (credit).
        income = (difference > 0) != payable
        side = cr if income else dr
        return rounded, [side(self.chart.round_off_id, abs(difference))]

    def receipt(self, day: date) -> EntryInput:
        invoice = self.open_invoices.popleft()
        party, bank = invoice.party, self.bank()
        tds = round_money(invoice.taxable * party.tds_rate / HUNDRED)
        lines = [dr(bank, invoice.total - tds)]
        if tds:
            lines.append(dr(self.chart.tds_receivable_id, tds))
        lines.append(cr(self.chart.debtors_id, invoice.total, party.party_id))
        return EntryInput(
            entry_date=day,
            lines=tuple(lines),
            narration=f"Received from {party.name} against {invoice.number}",
            series="RCPT",
        )

    def payment(self, day: date) -> EntryInput:
        bill = self.open_bills.popleft()
        party = bill.party
        tds = round_money(bill.taxable * party.tds_rate / HUNDRED)
        lines = [dr(self.chart.creditors_id, bill.total, party.party_id)]
        lines.append(cr(self.paying_bank(), bill.total - tds))
        if tds:
            lines.append(cr(self.chart.tds_payable_id, tds))
            self.tds_deducted += tds
        return EntryInput(
            entry_date=day,
            lines=tuple(lines),
            narration=f"Paid {party.name} against bill {bill.number}, TDS deducted",
            series="PMT",
        )

    def expense(self, day: date) -> EntryInput:
        ledger = self.rng.choice(self.chart.expenses)
        value = self.amount(ledger.low_paise, ledger.high_paise)
        lines = [dr(ledger.account_id, value)]
        total = value
        if ledger.gst_rate:
            half, _ = split_gst(value, ledger.gst_rate, inter_state=False)
            lines += [dr(self.chart.input_gst.cgst, half), dr(self.chart.input_gst.sgst, half)]
            total += half + half
        paid_in_cash = self.rng.random() < ledger.cash_share and self.cash_paise >= total * HUNDRED
        if paid_in_cash:
            self.cash_paise -= int(total * HUNDRED)
        lines.append(cr(self.chart.cash_id if paid_in_cash else self.paying_bank(), total))
        return EntryInput(
            entry_date=day,
            lines=tuple(lines),
            narration=f"Expense paid {'in cash' if paid_in_cash else 'by bank'}",
            series="PMT",
        )

    def bank_charges(self, day: date) -> EntryInput:
        value = self.amount(50_00, 2500_00)
        half, _ = split_gst(value, Decimal(18), inter_state=False)
        bank = self.bank()
        lines = (
            dr(self.chart.bank_charges_id, value),
            dr(self.chart.input_gst.cgst, half),
            dr(self.chart.input_gst.sgst, half),
            cr(bank, value + half + half),
        )
        return EntryInput(
            entry_date=day, lines=lines, narration="Bank charges with GST", series="JV"
        )

    def contra(self, day: date) -> EntryInput:
        if self.cash_paise < PETTY_CASH_FLOOR or self.rng.random() < 0.5:
            value = from_paise(self.rng.randint(200, 1000) * 100_00)
            self.cash_paise += int(value * HUNDRED)
            return EntryInput(
                entry_date=day,
                lines=(dr(self.chart.cash_id, value), cr(self.paying_bank(), value)),
                narration="Cash withdrawn for petty expenses",
                series="CONTRA",
            )
        # Funds move from the fullest account to the emptiest, as a treasurer would.
        source = self.paying_bank()
        target = min(self.chart.bank_ids, key=lambda bank: self.bank_balances.get(bank, ZERO))
        if source == target:
            target = next(bank for bank in self.chart.bank_ids if bank != source)
        value = from_paise(self.rng.randint(1, 50) * 10000_00)
        return EntryInput(
            entry_date=day,
            lines=(dr(target, value), cr(source, value)),
            narration="Funds transferred between bank accounts",
            series="CONTRA",
        )

    def salary(self, day: date, month: tuple[int, int]) -> EntryInput:
        gross = from_paise(MONTHLY_GROSS_SALARY + self.rng.randint(-25000, 25000) * 100)
        tds = round_money(gross * SALARY_TDS_RATE / HUNDRED)
        name = date(month[0], month[1], 1).strftime("%B %Y")
        self.tds_deducted += tds
        return EntryInput(
            entry_date=day,
            lines=(
                dr(self.chart.salaries_id, gross),
                cr(self.paying_bank(), gross - tds),
                cr(self.chart.tds_payable_id, tds),
            ),
            narration=f"Salaries for {name}, TDS under section 192 deducted",
            series="JV",
        )

    def tds_deposit(self, day: date) -> EntryInput:
        """TDS deducted up to now goes to the government (challan ITNS 281); the salaries
        entry just before adds its own TDS, so the deposit is never empty."""
        amount, self.tds_deducted = self.tds_deducted, ZERO
        return EntryInput(
            entry_date=day,
            lines=(dr(self.chart.tds_payable_id, amount), cr(self.paying_bank(), amount)),
            narration="TDS deposited, challan ITNS 281",
            series="PMT",
        )


__all__ = ["DemoChart", "ExpenseLedger", "GstAccounts", "PartyRef", "generate_entries"]
