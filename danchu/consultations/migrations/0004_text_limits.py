# The plan and a version's note get the length limits the forms and the API read from the model
# (issue 11, finding 2). A TextField's max_length is not in the database, so only the state
# changes: on SQLite an AlterField would rebuild the tables under the triggers that name them.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("consultations", "0003_opinion_random_id"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="consultation",
                    name="plan",
                    field=models.TextField(
                        blank=True,
                        max_length=20000,
                        verbose_name="plan: content, method and responsibilities",
                    ),
                ),
                migrations.AlterField(
                    model_name="draftversion",
                    name="note",
                    field=models.TextField(blank=True, max_length=2000, verbose_name="what changed"),
                ),
            ],
        ),
    ]
