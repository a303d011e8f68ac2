"""PostgreSQL plans the ledger guards' queries for each call, not once per connection.

PL/pgSQL caches a generic plan per connection; one made while the books were small stays in use
as they grow. Posting one entry on a single connection took 6.1 ms at 400 entries and 9.1 ms at
15,200 with the cached plans (the audit chain guard the largest part, identity 0009), 5.4 and
6.3 ms with every guard planned per call. SQLite plans each trigger statement when it runs.
"""

from django.db import migrations

from bahi.core.migration_sql import plan_per_call

FUNCTIONS = (
    "ledger_entry_inserted",
    "ledger_entry_updated",
    "ledger_entry_deleted",
    "ledger_line_inserted",
    "ledger_line_changed",
)


class Migration(migrations.Migration):
    dependencies = [("ledger", "0005_party_master")]

    operations = [plan_per_call(*FUNCTIONS)]
