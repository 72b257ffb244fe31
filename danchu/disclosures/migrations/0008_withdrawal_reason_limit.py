# The withdrawal reason gets the length limit the form and the API read from the model (issue 11,
# finding 2). A TextField's max_length is not in the database, so only the state changes: on
# SQLite an AlterField would rebuild the table under the triggers that name it.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("disclosures", "0007_scoped_generation_triggers"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="disclosure",
                    name="withdrawal_reason",
                    field=models.TextField(
                        blank=True, max_length=2000, verbose_name="reason for the withdrawal"
                    ),
                ),
            ],
        ),
    ]
