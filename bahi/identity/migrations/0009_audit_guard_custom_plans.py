"""PostgreSQL plans the audit guards' lookups for each call, not once per connection.

PL/pgSQL caches a generic plan per connection. The chain head's guard looks its new record up
in identity_auditrecord; the plan cached while the trail was small stayed in use as it grew, and
each audited write took longer the more records the company had (0.37 ms per head update at
1,200 records, 2.3 ms at 20,200; 0.28 ms flat once planned per call). SQLite plans each trigger
statement when it runs: nothing to change there. A function replaced later must keep the setting
(bahi/identity/tests/test_audit_guard_plans.py checks every Bahi trigger function).
"""

from django.db import migrations

from bahi.core.migration_sql import plan_per_call

FUNCTIONS = ("identity_audit_immutable", "identity_audithead_guard", "identity_audit_no_truncate")


class Migration(migrations.Migration):
    dependencies = [("identity", "0008_company_print_details")]

    operations = [plan_per_call(*FUNCTIONS)]
