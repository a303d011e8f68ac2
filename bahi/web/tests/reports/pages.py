"""Reading report pages back in tests: rows of a table as text, links of its figures."""

import re
from html import unescape

ROW = re.compile(r"<tr\b[^>]*>(.*?)</tr>", re.S)
CELL = re.compile(r"<t[hd]\b[^>]*>(.*?)</t[hd]>", re.S)
TAG = re.compile(r"<[^>]+>")
HREF = re.compile(r'href="([^"]+)"')


def table(page: str, table_id: str) -> str:
    return page.split(f'id="{table_id}"', 1)[1].split("</table>", 1)[0]


def text(html: str) -> str:
    return " ".join(unescape(TAG.sub(" ", html)).split())


def rows(page: str, table_id: str) -> list[list[str]]:
    """Each row of the table as the text of its cells."""
    return [
        [text(cell) for cell in CELL.findall(row)] for row in ROW.findall(table(page, table_id))
    ]


def row_of(page: str, table_id: str, label: str) -> list[str]:
    """The cells of the one row whose first cell is `label`."""
    found = [cells for cells in rows(page, table_id) if cells and cells[0] == label]
    assert len(found) == 1, (label, found)
    return found[0]


def links(page: str, table_id: str, label: str) -> list[str]:
    """The link of each cell of the row whose first cell is `label` (None: no link)."""
    for row in ROW.findall(table(page, table_id)):
        cells = CELL.findall(row)
        if cells and text(cells[0]) == label:
            return [unescape(m[0]) if (m := HREF.findall(cell)) else None for cell in cells[1:]]
    raise AssertionError(f"no row {label!r}")
