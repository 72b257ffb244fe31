from django.db import migrations

from danchu.core.text import sort_key


def fill(apps, schema_editor):
    Unit = apps.get_model("organizations", "Unit")
    units = list(Unit.objects.only("pk", "name"))
    for unit in units:
        unit.sort_key = sort_key(unit.name)
    Unit.objects.bulk_update(units, ["sort_key"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("organizations", "0003_unit_sort_key")]
    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
