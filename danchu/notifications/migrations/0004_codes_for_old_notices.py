"""Old notices keep their stored text (`message`); the two whose text had no parameters get
their code, so they too are shown in each reader's language. Old notices were e-mailed when they
were sent, so the daily digest must not send them again."""

from django.db import migrations
from django.db.models import F

WITHOUT_PARAMETERS = ["disclosures.answer", "disclosures.information_answer"]


def forward(apps, schema_editor):
    Notification = apps.get_model("notifications", "Notification")
    for kind in WITHOUT_PARAMETERS:
        Notification.objects.filter(code="", kind=kind).update(code=kind)
    Notification.objects.filter(emailed_at__isnull=True).update(emailed_at=F("created_at"))


class Migration(migrations.Migration):
    dependencies = [("notifications", "0003_message_codes_and_digest")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
