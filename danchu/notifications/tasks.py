from django.core.mail import send_mail
from django.utils import timezone, translation
from django_tasks import task

from danchu.core.links import site_url
from danchu.notifications.messages import language_of
from danchu.notifications.models import Notification


def address_of(user: object) -> str:
    """The person's e-mail address: the account's, else the staff record's ("" when none)."""
    return getattr(user, "email", "") or getattr(getattr(user, "person", None), "email", "") or ""


@task()
def send_notification_email(notification_id: int) -> None:
    """The e-mail copy of an in-app notice, in the recipient's language (skipped without an
    address)."""
    notice = Notification.objects.select_related("recipient__person").get(pk=notification_id)
    address = address_of(notice.recipient)
    if not address:
        return
    with translation.override(language_of(notice.recipient)):
        text = notice.text
    body = f"{text}\n\n{site_url(notice.url)}"
    send_mail(text[:120], body, None, [address], fail_silently=False)
    Notification.objects.filter(pk=notice.pk).update(emailed_at=timezone.now())
