from django.conf import settings
from django.core.mail import send_mail
from django_tasks import task

from danchu.notifications.models import Notification


@task()
def send_notification_email(notification_id: int) -> None:
    """The e-mail copy of an in-app notice (skipped when the person has no address)."""
    notice = Notification.objects.select_related("recipient").get(pk=notification_id)
    address = notice.recipient.email or getattr(notice.recipient.person, "email", "")
    if address:
        body = f"{notice.message}\n\n{settings.DANCHU_SITE_URL}{notice.url}"
        send_mail(notice.message[:120], body, None, [address], fail_silently=False)
