# Adds the reason for closing a consultation early (Law 10/2022/QH15 art. 55; issue 10).
# Nullable: SQLite adds it with ALTER TABLE ADD COLUMN, keeping the triggers on the table.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('consultations', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='consultation',
            name='early_close_reason',
            field=models.TextField(blank=True, max_length=2000, null=True, verbose_name='reason for closing early'),
        ),
        migrations.AlterField(
            model_name='consultation',
            name='topic',
            field=models.CharField(choices=[('policy_implementation', 'Carrying out Party and State policies'), ('work_plan', 'Annual work plan'), ('emulation', 'Emulation and commendation movement'), ('review_reports', 'Interim and final review reports'), ('organisation_methods', 'Measures to improve organisation and working methods; to prevent corruption, waste, bureaucracy, and causing trouble for or harassing the people'), ('recruitment_plan', 'Recruitment, training, elections and appointments'), ('staff_benefits', 'Staff rights and benefits'), ('democracy_regulation', "The unit's democracy regulation"), ('internal_spending', 'Internal spending regulation'), ('internal_rules', 'Other internal rules and regulations'), ('other', "Other matters required by law or the unit's regulation")], max_length=40, verbose_name='topic'),
        ),
    ]
