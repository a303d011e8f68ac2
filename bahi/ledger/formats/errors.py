"""Errors of importing and exporting books."""

from bahi.core.errors import DomainError


class ImportFailed(DomainError):
    """A file could not be imported; nothing was written. The message reads
    `FILE:LINE: REASON`, and `details` carries file, line and reason separately."""

    code = "import_failed"

    @classmethod
    def at(cls, source_name: str, line: int, reason: str) -> "ImportFailed":
        return cls(
            f"{source_name}:{line}: {reason}",
            details={"file": source_name, "line": line, "reason": reason},
        )


class AlreadyImported(ImportFailed):
    code = "already_imported"


class UnknownFormat(DomainError):
    code = "unknown_format"
