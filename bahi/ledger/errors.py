from bahi.core.errors import DomainError


class UnbalancedEntry(DomainError):
    code = "unbalanced_entry"


class TooFewLines(DomainError):
    code = "too_few_lines"


class InvalidLineAmount(DomainError):
    code = "invalid_line_amount"


class UnknownAccount(DomainError):
    code = "unknown_account"


class AccountNotPostable(DomainError):
    code = "account_not_postable"


class InactiveAccount(DomainError):
    code = "inactive_account"


class PartyRequired(DomainError):
    code = "party_required"


class UnknownParty(DomainError):
    code = "unknown_party"


class PeriodLocked(DomainError):
    code = "period_locked"


class DateOutsideBooks(DomainError):
    code = "date_outside_books"


class EntryNotFound(DomainError):
    code = "entry_not_found"


class EntryNotPosted(DomainError):
    code = "entry_not_posted"


class EntryAlreadyReversed(DomainError):
    code = "entry_already_reversed"


class DuplicateAccount(DomainError):
    code = "duplicate_account"


class IdempotencyConflict(DomainError):
    code = "idempotency_conflict"


class SourceAlreadyPosted(DomainError):
    code = "source_already_posted"


class EntryNotDraft(DomainError):
    """The entry is posted: it can only be reversed, never edited, deleted or posted again."""

    code = "entry_not_draft"


class AccountInUse(DomainError):
    """The account has entries or accounts under it: the change would rewrite past reports."""

    code = "account_in_use"
