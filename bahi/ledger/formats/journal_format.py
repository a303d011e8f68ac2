"""Plain-text accounting journals as hledger and ledger-cli read and write them.

Read: transactions (`DATE[=DATE2] [*|!] [(CODE)] DESCRIPTION`, indented postings `ACCOUNT  AMOUNT`,
at most one amount omitted), comments, `account` declarations; `commodity`, `payee`, `tag`,
`P`, `D`, `decimal-mark` and periodic (`~`) transactions are ignored. Directives that would change
what the postings mean (`alias`, `apply account`, `include`, `=` automated postings, `Y`) are
refused with the line, never half-understood. A posting comment `party: NAME` names the party.
"""

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import TextIO

from bahi.ledger.formats.common import (
    ISO_DATE,
    AccountDeclaration,
    ExportEntry,
    Item,
    ParsedEntry,
    ParsedPosting,
    Source,
    complete_postings,
    format_amount,
    journal_component,
    parse_amount,
    parse_date,
)
from bahi.ledger.formats.names import ChartNames

JOURNAL_DATES = "YYYY-MM-DD, YYYY/MM/DD or YYYY.MM.DD"
IGNORED_DIRECTIVES = frozenset(
    {"commodity", "payee", "tag", "P", "D", "decimal-mark", "N", "C", "assert", "check"}
)
UNSUPPORTED_DIRECTIVES = {
    "alias": "account aliases are not supported; rename the accounts in the file",
    "apply": "`apply` directives are not supported; write full account names",
    "end": "`apply`/`end` blocks are not supported; write full account names",
    "include": "`include` is not supported; join the files into one",
    "Y": "default years are not supported; write full dates",
    "year": "default years are not supported; write full dates",
    "bucket": "default accounts (bucket) are not supported; write every posting",
    "A": "default accounts (A) are not supported; write every posting",
}
_HEADER = re.compile(
    r"^(?P<date>[^\s=]+)(?:=\S+)?(?:\s+(?P<status>[*!]))?(?:\s+\((?P<code>[^)]*)\))?"
    r"(?:\s+(?P<description>.*))?$"
)
_PARTY_TAG = re.compile(r"(?:^|[\s,])party:\s*(?P<party>.*)$")


@dataclass
class _Transaction:
    line: int
    entry_date: date
    narration: str
    postings: list[ParsedPosting] = field(default_factory=list)


@dataclass
class _State:
    transaction: _Transaction | None = None
    skipping: bool = False  # inside a directive or periodic transaction whose lines we ignore
    in_comment_block: bool = False


class _AtLine(ValueError):
    """A reason that belongs to an earlier line (the transaction's header)."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(reason)
        self.line = line


def read_journal(source: Source) -> Iterator[Item]:
    """Yield the file's account declarations and entries, in file order."""
    state = _State()
    number = 0
    try:
        for number, raw in source.lines():  # noqa: B007
            yield from _read_line(state, number, raw)
        yield from _close(state)
    except _AtLine as error:
        raise source.error(error.line, str(error)) from error
    except ValueError as error:
        raise source.error(number, str(error)) from error


def _read_line(state: _State, number: int, raw: str) -> list[Item]:
    """Feed one line; returns the items it completes."""
    if state.in_comment_block:
        state.in_comment_block = raw.strip() != "end comment"
        return []
    if not raw.strip():
        return _close(state)
    if raw[0] in " \t":
        if not state.skipping:
            _indented(state, number, raw.strip())
        return []
    finished = _close(state)
    declaration = _top_level(state, number, raw)
    return [*finished, declaration] if declaration is not None else finished


def _close(state: _State) -> list[Item]:
    transaction, state.transaction, state.skipping = state.transaction, None, False
    if transaction is None:
        return []
    try:
        postings = complete_postings(transaction.postings)
    except ValueError as error:
        raise _AtLine(transaction.line, str(error)) from error
    return [ParsedEntry(transaction.line, transaction.entry_date, transaction.narration, postings)]


def _top_level(state: _State, number: int, raw: str) -> AccountDeclaration | None:
    first = raw[0]
    if first in ";#*%|":
        return None
    if raw.rstrip() == "comment":
        state.in_comment_block = True
    elif first.isdigit():
        state.transaction = _header(number, raw)
    elif first == "~":
        state.skipping = True
    elif first == "=":
        raise ValueError("automated postings (=) are not supported; write the postings out")
    else:
        return _directive(state, number, raw)
    return None


def _directive(state: _State, number: int, raw: str) -> AccountDeclaration | None:
    word = raw.split(maxsplit=1)[0]
    if word in UNSUPPORTED_DIRECTIVES:
        raise ValueError(UNSUPPORTED_DIRECTIVES[word])
    if word not in IGNORED_DIRECTIVES and word != "account":
        raise ValueError(f"unknown directive {word!r}")
    state.skipping = True  # the directive's indented sub-lines
    if word == "account":
        return AccountDeclaration(number, _account_name(raw[len(word) :].strip()))
    return None


def _header(number: int, raw: str) -> _Transaction:
    text = raw.split(";", 1)[0].rstrip()
    match = _HEADER.match(text)
    if match is None:
        raise ValueError(f"not a transaction header: {raw.strip()!r}")
    entry_date = parse_date(match["date"], (ISO_DATE,), JOURNAL_DATES)
    return _Transaction(number, entry_date, (match["description"] or "").strip())


def _account_name(text: str) -> str:
    """The account name ends at two spaces, a tab, or a comment."""
    return re.split(r"\s{2,}|\t|\s;", text, maxsplit=1)[0].strip()


def _indented(state: _State, number: int, text: str) -> None:
    transaction = state.transaction
    if transaction is None:
        raise ValueError("an indented line outside any transaction")
    if text[0] in ";#":
        party = _PARTY_TAG.search(text[1:])
        if party is not None and transaction.postings:
            last = transaction.postings[-1]
            transaction.postings[-1] = _with_party(last, party["party"].strip())
        return
    transaction.postings.append(_posting(number, text))


def _posting(number: int, text: str) -> ParsedPosting:
    if text[0] in "*!" and text[1:2] in (" ", "\t"):
        text = text[1:].lstrip()
    if text[0] in "([":
        raise ValueError("virtual postings ((...) or [...]) are not supported")
    account = _account_name(text)
    rest = text[len(account) :]
    amount_text, _, comment = rest.partition(";")
    amount_text = re.split(r"==?\*?", amount_text, maxsplit=1)[0].strip()  # balance assertion
    if "@" in amount_text or "{" in amount_text:
        raise ValueError("prices and costs (@, {}) are not supported: Bahi's books are INR only")
    posting = ParsedPosting(
        line=number,
        account=account,
        amount=parse_amount(amount_text) if amount_text else None,
        description=comment.strip(),
    )
    party = _PARTY_TAG.search(comment)
    if party is not None:
        posting = _with_party(posting, party["party"].strip(), comment[: party.start()].strip())
    return posting


def _with_party(
    posting: ParsedPosting, party: str, description: str | None = None
) -> ParsedPosting:
    """Bahi writes a party's line to a sub-account named after the party; that component is
    the party, not an account."""
    account = posting.account
    head, _, last = account.rpartition(":")
    if head and last == journal_component(party):
        account = head
    return ParsedPosting(
        posting.line,
        account,
        posting.amount,
        party,
        posting.description if description is None else description,
    )


# --- writing -----------------------------------------------------------------------------------


def write_journal(
    entries: Iterable[ExportEntry], names: ChartNames, out: TextIO, *, title: str
) -> int:
    """Write the entries as an hledger/ledger journal; returns the number written."""
    out.write(f"; Books of {journal_component(title)}, exported by Bahi. Amounts in INR.\n")
    count = 0
    for entry in entries:
        narration = " ".join(entry.narration.replace(";", ",").split())
        parts = [f"\n{entry.entry_date.isoformat()} ({entry.voucher}) {narration}".rstrip()]
        for line in entry.lines:
            account = names.path(line.account_id, line.party_id)
            posting = f"    {account}    INR {format_amount(line.net_paise)}"
            description = " ".join(line.description.split())
            if description:
                posting += f"  ; {description}"
            parts.append(posting)
            if line.party_id is not None:
                parts.append(f"    ; party: {names.party_name(line.party_id)}")
        out.write("\n".join(parts) + "\n")
        count += 1
    return count
