"""The database refuses two rates of one HSN/SAC code whose [valid_from, valid_to) intervals overlap.

PostgreSQL: an exclusion constraint over daterange (btree_gist provides `=` on text in a GiST index).
SQLite: triggers before INSERT and UPDATE (dates are ISO text there, so they compare as dates).
"""

from django.db import migrations

from bahi.core.migration_sql import run_sql_by_vendor

OVERLAP = """
    SELECT RAISE(ABORT, 'overlapping GST rate: another row of this HSN/SAC code covers these dates')
    WHERE EXISTS (
      SELECT 1 FROM gst_gstrate AS r
      WHERE r.hsn_or_sac = NEW.hsn_or_sac AND r.id IS NOT NEW.id
        AND r.valid_from < coalesce(NEW.valid_to, '9999-12-31')
        AND NEW.valid_from < coalesce(r.valid_to, '9999-12-31'));
"""

SQLITE = [
    f"CREATE TRIGGER gst_rate_no_overlap_insert BEFORE INSERT ON gst_gstrate BEGIN {OVERLAP} END",
    f"""CREATE TRIGGER gst_rate_no_overlap_update
    BEFORE UPDATE OF hsn_or_sac, valid_from, valid_to ON gst_gstrate BEGIN {OVERLAP} END""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS gst_rate_no_overlap_insert",
    "DROP TRIGGER IF EXISTS gst_rate_no_overlap_update",
]

POSTGRESQL = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    """ALTER TABLE gst_gstrate ADD CONSTRAINT gstrate_no_overlap EXCLUDE USING gist (
         hsn_or_sac WITH =, daterange(valid_from, valid_to, '[)') WITH &&)""",
]
POSTGRESQL_REVERSE = ["ALTER TABLE gst_gstrate DROP CONSTRAINT IF EXISTS gstrate_no_overlap"]


class Migration(migrations.Migration):
    dependencies = [("gst", "0001_initial")]

    operations = [
        run_sql_by_vendor(
            {"sqlite": SQLITE, "postgresql": POSTGRESQL},
            {"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE},
        ),
    ]
