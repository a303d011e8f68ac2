"""Reading the masters pages in tests: a field's errors as rendered, the edit log's length."""

import re

from bahi.identity.models import AuditRecord, Company


def field_errors(page: str, field: str) -> list[str]:
    """The errors Django renders in the field's own error list."""
    match = re.search(rf'<ul class="errorlist" id="id_{field}_error">(.*?)</ul>', page, re.S)
    return re.findall(r"<li>(.*?)</li>", match.group(1)) if match else []


def log_length(company: Company) -> int:
    """Every change to the masters adds a record: an unchanged length means nothing changed."""
    return AuditRecord.objects.filter(company=company).count()


def row_names(page: str) -> list[str]:
    """The names in a list page's rows, in order, each linking to its own page."""
    return re.findall(r'<th scope="row"><a href="/masters/\w+/\d+/">([^<]+)</a></th>', page)
