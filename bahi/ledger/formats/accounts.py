"""Map the account names of an imported file onto the company's chart, creating what is missing.

A name is a code of the chart (CSV) or a path `Root:Group:...:Ledger`. The root is one of
Assets, Liabilities, Equity, Income (or Revenue) and Expenses and stands for the chart's root
group of that nature (codes 1000-5000 in the default chart). Each further component is matched
to a child by name (exactly, else loosely: `Sundry-debtors` is `Sundry debtors`) or created:
as a group if the file uses it as a parent, else as a ledger, with the code `<parent code>.<n>`
and the parent's Schedule III line (under a root: a line guessed from the name). A path that
ends at a group posts to a ledger of the same name under it. A path that continues one
component past an existing ledger names a party of that ledger (Bahi exports party lines so).
"""

from collections import defaultdict
from dataclasses import dataclass

from bahi.identity.models import Company
from bahi.ledger.formats.common import AccountDeclaration, ensure_length, match_key
from bahi.ledger.formats.names import NATURE_ROOTS
from bahi.ledger.models import Account, Party
from bahi.ledger.schedule_iii import DEFAULT_BY_NATURE

ROOT_ALIASES = {
    **{match_key(name): nature for nature, name in NATURE_ROOTS.items()},
    "asset": "asset",
    "liability": "liability",
    "revenue": "income",
    "revenues": "income",
    "incomes": "income",
    "expense": "expense",
}

# (nature, words in the name, Schedule III line) for accounts created directly under a root.
SCHEDULE_HINTS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("asset", ("bank", "cash"), "CA_CASH"),
    ("asset", ("receivable", "debtor"), "CA_TRADE_RECEIVABLES"),
    ("asset", ("inventor", "stock"), "CA_INVENTORIES"),
    ("asset", ("fixed", "equipment", "machinery", "furniture", "vehicle", "building"), "NCA_PPE"),
    ("asset", ("investment",), "CA_INVESTMENTS"),
    ("asset", ("deposit", "advance", "loan", "prepaid"), "CA_LOANS"),
    ("liability", ("payable", "creditor"), "CL_TRADE_PAYABLES"),
    ("liability", ("loan", "borrowing", "overdraft", "credit card", "creditcard"), "CL_BORROWINGS"),
    ("liability", ("provision",), "CL_PROVISIONS"),
    ("equity", ("capital", "share"), "EQ_SHARE_CAPITAL"),
    ("income", ("sales", "revenue", "fees", "service"), "PL_REVENUE"),
    ("expense", ("salar", "wage", "payroll", "staff", "employee"), "PL_EMPLOYEE"),
    ("expense", ("interest", "bank charge", "finance"), "PL_FINANCE"),
    ("expense", ("depreciation", "amortis", "amortiz"), "PL_DEPRECIATION"),
    ("expense", ("purchase", "cost of goods", "cogs"), "PL_PURCHASES"),
    ("expense", ("income tax", "tax expense"), "PL_TAX"),
)


def guess_schedule_iii(name: str, nature: str) -> str:
    lowered = name.lower()
    for hint_nature, words, line in SCHEDULE_HINTS:
        if hint_nature == nature and any(word in lowered for word in words):
            return line
    return DEFAULT_BY_NATURE[nature]


Ref = tuple[str, str]  # (account name as the file writes it, party named alongside it)


@dataclass(frozen=True)
class Resolved:
    account_id: int
    party_id: int | None


class AccountPlan:
    """Pass one of an import collects every account name and party; `apply` then resolves them
    all at once, knowing which paths are parents of others."""

    def __init__(self) -> None:
        self.first_line: dict[Ref, int] = {}
        self.aliases: dict[str, tuple[str, str]] = {}

    def note(self, account: str, party: str, line: int) -> None:
        self.first_line.setdefault((account, party), line)

    def declare(self, declaration: AccountDeclaration) -> None:
        if declaration.path:
            self.aliases[declaration.account] = (declaration.path, declaration.party)
        self.note(declaration.account, "", declaration.line)

    def target(self, ref: Ref) -> Ref:
        """The (path or code, party) a file's name stands for, after Beancount metadata."""
        account, party = ref
        alias_path, alias_party = self.aliases.get(account, (account, ""))
        return alias_path, party or alias_party


class ChartBuilder:
    """Resolves names against one company's chart, creating groups, ledgers and parties.
    Runs inside the import's transaction: a failed import leaves no account behind."""

    def __init__(self, company: Company, parents: set[str]) -> None:
        self.company = company
        self.parents = parents
        accounts = list(Account.objects.filter(company=company))
        self.by_id = {account.id: account for account in accounts}
        self.by_code = {account.code: account for account in accounts}
        self.children: dict[int | None, list[Account]] = defaultdict(list)
        for account in accounts:
            self.children[account.parent_id].append(account)
        self.existing_ids = set(self.by_id)
        self.parties = dict(Party.objects.filter(company=company).values_list("name", "id"))
        self.party_keys = _unique_keys(self.parties)
        self.accounts_created = 0
        self.parties_created = 0

    def resolve(self, path: str, party: str) -> Resolved:
        """Raises ValueError with the reason."""
        if ":" not in path and path in self.by_code:
            account = self.by_code[path]
            if account.is_group:
                raise ValueError(
                    f"account {path} {account.name} is a group: name one of its ledgers"
                )
            return self._leaf(account, party)
        components = [component.strip() for component in path.split(":")]
        if not all(components):
            raise ValueError(f"account {path!r} has an empty component")
        node = self._root(components[0], path)
        for index in range(1, len(components)):
            if not node.is_group:
                return self._past_ledger(node, components[index:], party, path)
            node = self._child(node, components[index], ":".join(components[: index + 1]))
        return self._leaf(node, party)

    def _root(self, name: str, path: str) -> Account:
        nature = ROOT_ALIASES.get(match_key(name))
        roots = [account for account in self.children[None] if account.nature == nature]
        if nature is None or not roots:
            hint = "a code of the chart or a path under Assets, Liabilities, Equity, Income"
            raise ValueError(f"unknown account {path!r}: give {hint} or Expenses")
        named = [root for root in roots if match_key(root.name) == match_key(name)]
        return min(named or roots, key=lambda root: root.code)

    def _child(self, node: Account, name: str, prefix: str) -> Account:
        siblings = self.children[node.id]
        exact = [child for child in siblings if child.name == name]
        loose = [child for child in siblings if match_key(child.name) == match_key(name)]
        if exact or len(loose) == 1:
            return (exact or loose)[0]
        return self._create(node, name, is_group=prefix in self.parents)

    def _leaf(self, node: Account, party: str) -> Resolved:
        if node.is_group:
            node = self._child(node, node.name, "")
            if node.is_group:
                raise ValueError(f"{node.name} is a group: name one of its ledgers")
        return Resolved(node.id, self._party(party, node) if party else None)

    def _past_ledger(self, ledger: Account, rest: list[str], party: str, path: str) -> Resolved:
        if ledger.id in self.existing_ids and len(rest) == 1 and not party:
            return Resolved(ledger.id, self._party(rest[0], ledger))
        raise ValueError(
            f"account {path!r}: {ledger.name} is a ledger of the chart and cannot have "
            f"sub-account {rest[0]!r}"
        )

    def _create(self, parent: Account, name: str, *, is_group: bool) -> Account:
        ensure_length(name, 200, f"account name {name!r}")
        schedule_iii = parent.schedule_iii or guess_schedule_iii(name, parent.nature)
        account = Account.objects.create(
            company=self.company,
            parent=parent,
            code=self._new_code(parent),
            name=name,
            nature=parent.nature,
            is_group=is_group,
            schedule_iii=schedule_iii,
        )
        self.by_id[account.id] = account
        self.by_code[account.code] = account
        self.children[parent.id].append(account)
        self.accounts_created += 1
        return account

    def _new_code(self, parent: Account) -> str:
        number = 1
        while f"{parent.code}.{number}" in self.by_code:
            number += 1
        code = f"{parent.code}.{number}"
        if len(code) > 40:  # deep nesting: fall back to a flat sequence
            number = len(self.by_code) + 1
            while f"IMP{number}" in self.by_code:
                number += 1
            code = f"IMP{number}"
        return code

    def _party(self, name: str, ledger: Account) -> int:
        known = self.parties.get(name) or self.party_keys.get(match_key(name))
        if known is not None:
            return known
        ensure_length(name, 200, f"party name {name!r}")
        party = Party.objects.create(
            company=self.company,
            name=name,
            is_customer=ledger.system_role == "sundry_debtors",
            is_supplier=ledger.system_role == "sundry_creditors",
        )
        self.parties[name] = party.id
        self.parties_created += 1
        return party.id


def _unique_keys(names: dict[str, int]) -> dict[str, int]:
    """Loose keys that stand for exactly one name."""
    by_key: dict[str, list[int]] = defaultdict(list)
    for name, party_id in names.items():
        by_key[match_key(name)].append(party_id)
    return {key: ids[0] for key, ids in by_key.items() if len(ids) == 1}


def parent_paths(paths: set[str]) -> set[str]:
    """Every proper prefix of every path: the components the file uses as groups."""
    parents = set()
    for path in paths:
        components = path.split(":")
        for end in range(1, len(components)):
            parents.add(":".join(component.strip() for component in components[:end]))
    return parents
