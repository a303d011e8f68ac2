"""Make the bundled, current SQLite the one Python (and so Django) uses.

Debian's system SQLite (3.40) has a WAL-reset corruption bug fixed in 3.51.3. The `pysqlite3`
wheel bundles a newer SQLite; registering it as `sqlite3` before Django's SQLite backend is first
imported makes every connection use it. `bahi.core.apps` refuses to start if this did not work.
"""

import sys

MINIMUM_SQLITE = (3, 51, 3)


def install() -> None:
    if "sqlite3" in sys.modules and getattr(sys.modules["sqlite3"], "_bahi_bundled", False):
        return
    import pysqlite3
    from pysqlite3 import dbapi2

    pysqlite3._bahi_bundled = True
    sys.modules["sqlite3"] = pysqlite3
    sys.modules["sqlite3.dbapi2"] = dbapi2
