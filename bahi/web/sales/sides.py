"""The two sides of the sales pages: what each lists, which payment settles it, and the owned
objects a posted form may name (another company's ids answer 404, never a form error)."""

from dataclasses import dataclass

from django.db.models import Q
from django.http import Http404
from django.urls import reverse

from bahi.gst.states import get_state
from bahi.identity.models import Company
from bahi.inventory.models import Item
from bahi.invoicing.models import Document, DocumentKind, DocumentStatus, PaymentKind
from bahi.ledger.models import Account, GstTreatment, Party


@dataclass(frozen=True)
class Side:
    slug: str  # "sales" or "purchases", as in the URLs
    title: str
    kinds: tuple[str, ...]
    payment_kind: str
    payment_title: str
    party_flag: str  # Party field that marks the side's parties
    name: str  # URL name prefix: sales:{name}-list, sales:{name}-create
    payment_name: str  # sales:{payment_name}-list, sales:{payment_name}-create

    @property
    def list_url(self) -> str:
        return reverse(f"sales:{self.name}-list")

    @property
    def create_url(self) -> str:
        return reverse(f"sales:{self.name}-create")

    @property
    def payments_url(self) -> str:
        return reverse(f"sales:{self.payment_name}-list")

    @property
    def payment_create_url(self) -> str:
        return reverse(f"sales:{self.payment_name}-create")

    @property
    def kind_choices(self) -> list[tuple[str, str]]:
        return [(kind, DocumentKind(kind).label) for kind in self.kinds]


SIDES = {
    "sales": Side(
        "sales",
        "Sales",
        (
            DocumentKind.SALES_INVOICE,
            DocumentKind.BILL_OF_SUPPLY,
            DocumentKind.CREDIT_NOTE,
            DocumentKind.DEBIT_NOTE,
        ),
        PaymentKind.RECEIPT,
        "Receipts",
        "is_customer",
        "sales",
        "receipt",
    ),
    "purchases": Side(
        "purchases",
        "Purchases",
        (DocumentKind.PURCHASE_BILL, DocumentKind.PURCHASE_DEBIT_NOTE),
        PaymentKind.PAYMENT,
        "Payments",
        "is_supplier",
        "purchase",
        "payment",
    ),
}


def side_of(slug: str) -> Side:
    side = SIDES.get(slug)
    if side is None:
        raise Http404("no such side")
    return side


def side_of_kind(kind: str) -> Side:
    return SIDES["sales"] if kind in SIDES["sales"].kinds else SIDES["purchases"]


def list_parties(*, company: Company, side: Side) -> list[Party]:
    """The side's active parties (a party marked neither customer nor supplier too)."""
    parties = Party.objects.filter(company=company, is_active=True)
    marked = Q(**{side.party_flag: True}) | Q(is_customer=False, is_supplier=False)
    return list(parties.filter(marked).order_by("name"))


def party_label(party: Party) -> str:
    """'Pune Hardware · Registered, regular · Maharashtra (27)': the picker shows the party's
    GST treatment and state."""
    state_code = party.state_code or party.gstin[:2]
    state = get_state(state_code) if state_code else None
    where = f"{state.name} ({state_code})" if state else "state not given"
    return f"{party.name} · {GstTreatment(party.gst_treatment).label} · {where}"


def list_money_accounts(*, company: Company) -> list[Account]:
    """Cash and bank ledgers a payment may go through."""
    accounts = Account.objects.filter(company=company, is_group=False, is_active=True)
    money = (
        Q(system_role__in=["cash", "bank"])
        | Q(parent__system_role="bank_accounts")
        | Q(parent__schedule_iii="CA_CASH")
    )
    return list(accounts.filter(money).order_by("code"))


def list_items(*, company: Company) -> list[Item]:
    return list(Item.objects.filter(company=company, is_active=True).order_by("name"))


def list_adjustable(*, company: Company, side: Side) -> list[Document]:
    """Issued invoices and bills of the side that a credit or debit note may adjust."""
    documents = Document.objects.filter(
        company=company,
        kind__in=[DocumentKind.SALES_INVOICE, DocumentKind.PURCHASE_BILL],
        status=DocumentStatus.ISSUED,
    ).filter(kind__in=side.kinds)
    return list(documents.order_by("-document_date", "-id")[:500])


def _ids(values: list[str]) -> set[int]:
    return {int(value) for value in values if value.strip().isdigit()}


def ensure_owned(company: Company, data: dict[str, list[str]]) -> None:
    """404 when a posted party, item, money account or document id is not the company's (a
    tampered form, or a page of another company): never a hint that the id exists."""
    checks = (
        (Party, ("party",)),
        (Item, tuple(key for key in data if key.endswith("-item"))),
        (Account, ("bank_account",)),
        (Document, ("against_document",)),
    )
    allocated = _ids([key.removeprefix("allocate-") for key in data if key.startswith("allocate-")])
    for model, keys in checks:
        ids = _ids([value for key in keys for value in data.get(key, [])])
        if model is Document:
            ids |= allocated
        found = model.objects.filter(company=company, pk__in=ids).count() if ids else 0
        if found != len(ids):
            raise Http404("no such object")
