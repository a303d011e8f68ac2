"""Load data/rates_v1.json. A released data file is never edited: later data comes as rates_v2.json
with its own migration, which closes superseded rows (valid_to) and adds new ones."""

from django.db import migrations

DATA_FILE = "rates_v1.json"


def load(apps, schema_editor):
    from bahi.gst.rates_file import read_rates_file
    from bahi.gst.services import load_rates

    version, rows = read_rates_file(DATA_FILE)
    load_rates(rows=rows, data_version=version, rate_model=apps.get_model("gst", "GstRate"))


def unload(apps, schema_editor):
    apps.get_model("gst", "GstRate").objects.filter(data_version="rates_v1").delete()


class Migration(migrations.Migration):
    dependencies = [("gst", "0002_rate_guards")]

    operations = [migrations.RunPython(load, unload)]
