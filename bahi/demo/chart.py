"""The demo company's chart and parties, created through the ledger's services.

Adds to the default chart what a trading company in Maharashtra keeps (five bank accounts, sales
and purchase ledgers per GST rate, some fifty expense ledgers, fixed assets, loans, statutory
dues) to about two hundred accounts, and a hundred customers and suppliers with valid-format
GSTINs, some in other states. Returns the ids the generator posts to.
"""

import random
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal

from bahi.core.money import to_paise
from bahi.demo import data
from bahi.demo.generator import DemoChart, ExpenseLedger, GstAccounts, PartyRef
from bahi.demo.identifiers import make_gstin, make_pan
from bahi.identity.models import Company, User
from bahi.ledger.models import Account
from bahi.ledger.services import create_account, create_party

CUSTOMERS = 60
SUPPLIERS = 40
UNREGISTERED_SHARE = 0.15  # customers without a GSTIN (B2C)
CUSTOMER_TDS_SHARE = 0.1  # customers who deduct TDS under section 194Q when they pay


class _Codes:
    """Codes for new ledgers: the parent's code and a two-digit serial (5500 -> 550001)."""

    def __init__(self) -> None:
        self.serials: dict[str, int] = defaultdict(int)

    def next(self, parent_code: str) -> str:
        self.serials[parent_code] += 1
        return f"{parent_code}{self.serials[parent_code]:02d}"


def install_demo_chart(*, company: Company, actor: User, seed: int) -> DemoChart:
    """Create the demo ledgers and parties in `company`; call inside a transaction."""
    rng = random.Random(seed)  # noqa: S311  (reproducible demo data, not secrets)
    groups = {a.code: a for a in Account.objects.filter(company=company, is_group=True)}
    roles = dict(
        Account.objects.filter(company=company)
        .exclude(system_role="")
        .values_list("system_role", "id")
    )
    codes = _Codes()

    def add(name: str, parent_code: str) -> int:
        parent = groups[parent_code]
        account = create_account(
            company=company, actor=actor, code=codes.next(parent_code), name=name, parent=parent
        )
        return account.id

    bank_ids = tuple(add(name, "1220") for name in data.BANK_ACCOUNTS)
    sales_ids, purchase_ids = _rate_ledgers(add)
    expenses = tuple(
        ExpenseLedger(
            add(name, parent), to_paise(Decimal(low)), to_paise(Decimal(high)), rate, cash
        )
        for name, parent, low, high, rate, cash in data.EXPENSES
    )
    for name, parent_code in data.OTHER_LEDGERS:
        add(name, parent_code)
    customers, suppliers = _parties(company=company, actor=actor, rng=rng)
    return DemoChart(
        books_begin_date=company.books_begin_date,
        fy_start_month=company.fy_start_month,
        cash_id=roles["cash"],
        bank_ids=bank_ids,
        capital_id=roles["capital"],
        debtors_id=roles["sundry_debtors"],
        creditors_id=roles["sundry_creditors"],
        sales_ids=sales_ids,
        services_sales_id=roles["sales_services"],
        purchase_ids=purchase_ids,
        output_gst=GstAccounts(
            roles["gst_output_cgst"], roles["gst_output_sgst"], roles["gst_output_igst"]
        ),
        input_gst=GstAccounts(
            roles["gst_input_cgst"], roles["gst_input_sgst"], roles["gst_input_igst"]
        ),
        tds_payable_id=roles["tds_payable"],
        tds_receivable_id=roles["tds_receivable"],
        round_off_id=roles["round_off"],
        salaries_id=roles["salaries"],
        bank_charges_id=roles["bank_charges"],
        expenses=expenses,
        customers=customers,
        suppliers=suppliers,
    )


RateLedgers = dict[tuple[Decimal, bool], int]
AddLedger = Callable[[str, str], int]


def _rate_ledgers(add: AddLedger) -> tuple[RateLedgers, RateLedgers]:
    """Sales and purchase ledgers per GST rate, local and inter-state, as GSTR-1 wants them."""
    sales: RateLedgers = {}
    purchases: RateLedgers = {}
    for rate in data.GOODS_RATES:
        for inter_state, suffix in ((False, ""), (True, " (inter-state)")):
            sales[(rate, inter_state)] = add(f"Sales - goods {rate}%{suffix}", "4100")
            purchases[(rate, inter_state)] = add(f"Purchases - goods {rate}%{suffix}", "5100")
    return sales, purchases


def _parties(
    *, company: Company, actor: User, rng: random.Random
) -> tuple[tuple[PartyRef, ...], tuple[PartyRef, ...]]:
    names = _unique_names(rng, data.CUSTOMER_SUFFIXES, CUSTOMERS)
    customers = []
    for name in names:
        registered = rng.random() >= UNREGISTERED_SHARE
        deducts_tds = registered and rng.random() < CUSTOMER_TDS_SHARE
        tds_rate = Decimal("0.1") if deducts_tds else Decimal(0)
        customers.append(_party(company, actor, rng, name, registered, tds_rate, customer=True))
    suppliers = [
        _party(company, actor, rng, name, True, _supplier_tds_rate(name), customer=False)
        for name in _unique_names(rng, data.SUPPLIER_SUFFIXES, SUPPLIERS, taken=set(names))
    ]
    return tuple(customers), tuple(suppliers)


def _supplier_tds_rate(name: str) -> Decimal:
    """Section 194C for transporters and job workers (1% individuals, 2% others), else 194Q."""
    if name.endswith("Logistics"):
        return Decimal(2)
    if name.endswith("Fabricators"):
        return Decimal(1)
    return Decimal("0.1")


def _unique_names(
    rng: random.Random, suffixes: tuple[str, ...], count: int, taken: set[str] | None = None
) -> list[str]:
    seen = set(taken or ())
    names: list[str] = []
    while len(names) < count:
        name = f"{rng.choice(data.SURNAMES)} {rng.choice(suffixes)}"
        if name not in seen:
            seen.add(name)
            names.append(name)
    return names


def _party(
    company: Company,
    actor: User,
    rng: random.Random,
    name: str,
    registered: bool,
    tds_rate: Decimal,
    *,
    customer: bool,
) -> PartyRef:
    cities = [c for c in data.CITIES for _ in range(data.MAHARASHTRA_WEIGHT if c[1] == "27" else 1)]
    city, state_code = rng.choice(cities)
    holder = "C" if "Private Limited" in name or "Industries" in name else "F"
    gstin = make_gstin(state_code, make_pan(rng, name, holder)) if registered else ""
    party = create_party(
        company=company,
        actor=actor,
        name=f"{name}, {city}",
        is_customer=customer,
        is_supplier=not customer,
        gstin=gstin,
        state_code=state_code,
    )
    return PartyRef(party.id, party.name, state_code != company.state_code, tds_rate)
