"""Account paths of a company's chart as the exported files spell them.

Two dialects: "journal" keeps the names (hledger and ledger allow spaces; only ':' and ';' are
replaced), "beancount" sanitises them into valid Beancount names. Both root every path at
Assets/Liabilities/Equity/Income/Expenses by the account's nature, and both write a line with a
party as a sub-account of its ledger (`...:Sundry debtors:Mehta Stores`), so the party detail
survives tools that know nothing of parties.
"""

from collections import defaultdict
from typing import Literal

from django.db.models import Sum

from bahi.identity.models import Company
from bahi.ledger.formats.common import beancount_component, journal_component, match_key
from bahi.ledger.models import Account, EntryStatus, JournalLine, Party

Dialect = Literal["journal", "beancount"]

NATURE_ROOTS = {
    "asset": "Assets",
    "liability": "Liabilities",
    "equity": "Equity",
    "income": "Income",
    "expense": "Expenses",
}


class ChartNames:
    """Paths for every account of one company, unique within each dialect."""

    def __init__(self, company: Company) -> None:
        rows = Account.objects.filter(company=company).order_by("id")
        self._accounts = {
            account_id: (parent_id, name, nature)
            for account_id, parent_id, name, nature in rows.values_list(
                "id", "parent_id", "name", "nature"
            )
        }
        self._party_names: dict[int, str] = dict(
            Party.objects.filter(company=company).values_list("id", "name")
        )
        self._paths: dict[tuple[Dialect, int], str] = {}
        self._party_paths: dict[tuple[Dialect, int, int], str] = {}
        self._used: dict[tuple[Dialect, str], set[str]] = defaultdict(set)
        for account_id in self._accounts:
            self.path(account_id)
            self.path(account_id, dialect="beancount")

    def party_name(self, party_id: int | None) -> str:
        return "" if party_id is None else self._party_names[party_id]

    def path(
        self, account_id: int, party_id: int | None = None, *, dialect: Dialect = "journal"
    ) -> str:
        """`Assets:Current assets:Sundry debtors:Mehta Stores` (journal) or
        `Assets:Current-assets:Sundry-debtors:Mehta-Stores` (beancount)."""
        if party_id is not None:
            return self._party_path(account_id, party_id, dialect)
        known = self._paths.get((dialect, account_id))
        if known is not None:
            return known
        parent_id, name, nature = self._accounts[account_id]
        if parent_id is None:
            root = NATURE_ROOTS[nature]
            # A root named after its nature (the default chart's) is the tool's root itself.
            path = root if match_key(name) == match_key(root) else self._claim(root, name, dialect)
        else:
            path = self._claim(self.path(parent_id, dialect=dialect), name, dialect)
        self._paths[(dialect, account_id)] = path
        return path

    def _party_path(self, account_id: int, party_id: int, dialect: Dialect) -> str:
        key = (dialect, account_id, party_id)
        known = self._party_paths.get(key)
        if known is None:
            parent = self.path(account_id, dialect=dialect)
            name = self._party_names[party_id]
            if dialect == "journal":
                # Not made unique: the `party:` tag next to the posting names the party exactly.
                known = f"{parent}:{journal_component(name)}"
            else:
                known = self._claim(parent, name, dialect, fallback=f"P{party_id}")
            self._party_paths[key] = known
        return known

    def _claim(self, parent: str, name: str, dialect: Dialect, fallback: str = "X") -> str:
        """A component for `name` under `parent` that no sibling has taken yet."""
        used = self._used[(dialect, parent)]
        if dialect == "journal":
            base = journal_component(name)
            candidates = (base if n == 1 else f"{base} ({n})" for n in range(1, len(used) + 2))
        else:
            base = beancount_component(name) or fallback
            candidates = (base if n == 1 else f"{base}-{n}" for n in range(1, len(used) + 2))
        component = next(candidate for candidate in candidates if candidate not in used)
        used.add(component)
        return f"{parent}:{component}"


def build_path_balances(*, company: Company, dialect: Dialect = "journal") -> dict[str, int]:
    """Net posted paise (debit positive) per exported account path, zero balances left out:
    the trial balance as another tool, or a company the file was imported into, sees it."""
    names = ChartNames(company)
    sums = (
        JournalLine.objects.filter(company=company, entry__status=EntryStatus.POSTED)
        .values_list("account_id", "party_id")
        .annotate(debit=Sum("debit_paise"), credit=Sum("credit_paise"))
        .order_by()
    )
    balances: dict[str, int] = defaultdict(int)
    for account_id, party_id, debit, credit in sums:
        balances[names.path(account_id, party_id, dialect=dialect)] += int(debit) - int(credit)
    return {path: net for path, net in sorted(balances.items()) if net != 0}
