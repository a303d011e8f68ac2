"""Beancount files, read line by line (Beancount's own loader holds the whole file in memory).

Read: transactions (`DATE * "Payee" "Narration"`, `txn` or `!`), postings with at most one amount
omitted, `open` directives (they create the accounts; Bahi's metadata `path:` and `party:` say
which Bahi ledger and party an account stands for), comments. `option`, `plugin`, `commodity`,
`close`, `balance`, `price`, `note`, `document`, `event`, `query`, `custom` and the tag/meta stack
directives are ignored; `pad` and `include` are refused with the line.
"""

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import TextIO

from bahi.ledger.formats.common import (
    AccountDeclaration,
    ExportEntry,
    ExportLine,
    Item,
    ParsedEntry,
    ParsedPosting,
    Source,
    complete_postings,
    format_amount,
    parse_amount,
    parse_date,
)
from bahi.ledger.formats.names import ChartNames

BEANCOUNT_DATES = "YYYY-MM-DD"
_DATE = re.compile(r"^(?P<y>\d{4})[-/](?P<m>\d{1,2})[-/](?P<d>\d{1,2})$")
IGNORED_DATED = frozenset(
    {"close", "commodity", "balance", "price", "note", "document", "event", "query", "custom"}
)
IGNORED_UNDATED = frozenset({"option", "plugin", "pushtag", "poptag", "pushmeta", "popmeta"})
_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')
_CODE = re.compile(r'(?:[^;"]|"(?:[^"\\]|\\.)*")*')
_META = re.compile(r"^(?P<key>[a-z][A-Za-z0-9_-]*):\s*(?P<value>.*)$")
_FLAGS = frozenset({"*", "!", "txn"})


@dataclass
class _Block:
    """The directive being read: a transaction, an `open`, or one whose lines are ignored."""

    line: int
    kind: str  # "txn", "open" or "ignored"
    entry_date: date | None = None
    narration: str = ""
    account: str = ""
    meta: dict[str, str] = field(default_factory=dict)
    postings: list[ParsedPosting] = field(default_factory=list)


class _AtLine(ValueError):
    def __init__(self, line: int, reason: str) -> None:
        super().__init__(reason)
        self.line = line


def read_beancount(source: Source) -> Iterator[Item]:
    """Yield the file's `open` declarations and transactions, in file order."""
    block: _Block | None = None
    number = 0
    try:
        for number, raw in source.lines():  # noqa: B007
            text = _without_comment(raw)
            if not text.strip():
                continue
            if raw[0] in " \t":
                _indented(block, number, text.strip())
                continue
            if block is not None:
                yield from _close(block)
            block = _top_level(number, text)
        if block is not None:
            yield from _close(block)
    except _AtLine as error:
        raise source.error(error.line, str(error)) from error
    except ValueError as error:
        raise source.error(number, str(error)) from error


def _without_comment(raw: str) -> str:
    """The line up to a `;` that is not inside a string."""
    if ";" not in raw:
        return raw.rstrip()
    match = _CODE.match(raw)
    return match.group(0).rstrip() if match else raw.rstrip()


def _top_level(number: int, text: str) -> _Block | None:
    if text[0] in "*#":  # org-mode headings and the like
        return None
    words = text.split(maxsplit=2)
    if words[0] in IGNORED_UNDATED:
        return _Block(number, "ignored")
    if words[0] == "include":
        raise ValueError("`include` is not supported; join the files into one")
    if not words[0][0].isdigit() or len(words) < 2:
        raise ValueError(f"not a Beancount directive: {text.strip()!r}")
    entry_date = parse_date(words[0], (_DATE,), BEANCOUNT_DATES)
    keyword, rest = words[1], words[2] if len(words) > 2 else ""
    if keyword in _FLAGS:
        return _Block(number, "txn", entry_date, narration=_narration(rest))
    if keyword == "open":
        return _Block(number, "open", entry_date, account=rest.split()[0] if rest else "")
    if keyword == "pad":
        raise ValueError("`pad` is not supported; write the padding transaction out")
    if keyword in IGNORED_DATED:
        return _Block(number, "ignored")
    raise ValueError(f"unknown directive {keyword!r}")


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r"}


def _unquote(value: str) -> str:
    """Undo C-style escapes, as Beancount does (`\\n` is a new line)."""
    return re.sub(r"\\(.)", lambda match: _ESCAPES.get(match[1], match[1]), value)


def _narration(rest: str) -> str:
    """`"Payee" "Narration"` -> 'Payee - Narration'; `"Narration"` -> 'Narration'."""
    strings = [_unquote(value) for value in _STRING.findall(rest)]
    if len(strings) > 2:
        raise ValueError("a transaction header has at most two strings: payee and narration")
    return " - ".join(value for value in strings if value)


def _indented(block: _Block | None, number: int, text: str) -> None:
    if block is None or block.kind == "ignored":
        return
    meta = _META.match(text)
    if meta is not None:
        value = meta["value"].strip()
        strings = _STRING.findall(value)
        value = _unquote(strings[0]) if strings else value
        if block.postings and block.kind == "txn":
            _set_posting_meta(block, meta["key"], value)
        else:
            block.meta[meta["key"]] = value
        return
    if block.kind != "txn":
        raise ValueError(f"unexpected line in an `open` directive: {text!r}")
    block.postings.append(_posting(number, text))


def _set_posting_meta(block: _Block, key: str, value: str) -> None:
    last = block.postings[-1]
    if key == "party":
        block.postings[-1] = ParsedPosting(
            last.line, last.account, last.amount, value, last.description
        )
    elif key == "description":
        block.postings[-1] = ParsedPosting(last.line, last.account, last.amount, last.party, value)


def _posting(number: int, text: str) -> ParsedPosting:
    words = text.split(maxsplit=1)
    if words[0] in ("*", "!") and len(words) > 1:
        words = words[1].split(maxsplit=1)
    account, amount_text = words[0], (words[1].strip() if len(words) > 1 else "")
    if "{" in amount_text or "@" in amount_text:
        raise ValueError("prices and costs (@, {}) are not supported: Bahi's books are INR only")
    return ParsedPosting(number, account, parse_amount(amount_text) if amount_text else None)


def _close(block: _Block) -> list[Item]:
    if block.kind == "open":
        meta = block.meta
        return [
            AccountDeclaration(
                block.line, block.account, meta.get("path", ""), meta.get("party", "")
            )
        ]
    if block.kind != "txn" or block.entry_date is None:
        return []
    try:
        postings = complete_postings(block.postings)
    except ValueError as error:
        raise _AtLine(block.line, str(error)) from error
    return [ParsedEntry(block.line, block.entry_date, block.narration, postings)]


# --- writing -----------------------------------------------------------------------------------


def _quote(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t") + '"'


def write_beancount(
    entries: Iterable[ExportEntry], names: ChartNames, out: TextIO, *, title: str
) -> int:
    """Write the entries as a Beancount file; returns the number written.

    Each account (and party sub-account) is opened, dated the day of its first use, just
    before the transaction that first uses it: one pass, in date order."""
    out.write(f'option "title" {_quote(title)}\noption "operating_currency" "INR"\n')
    opened: set[tuple[int, int | None]] = set()
    count = 0
    for entry in entries:
        parts = [""]
        for line in entry.lines:
            if (line.account_id, line.party_id) not in opened:
                opened.add((line.account_id, line.party_id))
                parts.append(_open(entry.entry_date, line, names))
        parts.append(f"{entry.entry_date.isoformat()} * {_quote(entry.narration)}")
        parts.append(f"  voucher: {_quote(entry.voucher)}")
        for line in entry.lines:
            account = names.path(line.account_id, line.party_id, dialect="beancount")
            parts.append(f"  {account}  {format_amount(line.net_paise)} INR")
            if line.description:
                parts.append(f"    description: {_quote(line.description)}")
        out.write("\n".join(parts) + "\n")
        count += 1
    return count


def _open(day: date, line: ExportLine, names: ChartNames) -> str:
    account = names.path(line.account_id, line.party_id, dialect="beancount")
    text = f"{day.isoformat()} open {account} INR\n  path: {_quote(names.path(line.account_id))}"
    if line.party_id is not None:
        text += f"\n  party: {_quote(names.party_name(line.party_id))}"
    return text + "\n"
