"""In-app notices (with an e-mail copy at once or in the daily digest), and each person's
digest preference and the digests already sent."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from danchu.notifications import messages


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="notifications"
    )
    kind = models.CharField(max_length=64)
    # What the notice says, as a code of `messages.MESSAGES` and its parameters, rendered in the
    # reader's language when shown. `message` is the text of rows written before codes existed.
    code = models.CharField(max_length=64, blank=True, default="")
    params = models.JSONField(default=dict, blank=True)
    message = models.CharField(_("message"), max_length=500, blank=True, default="")
    # What the notice is about ("disclosure:12"): acting on it there marks the notice read.
    about = models.CharField(max_length=64, blank=True, default="")
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at", "-created_at"]),
            models.Index(fields=["about", "recipient"]),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        """The notice in the active language (the reader's)."""
        return messages.render(self.code, self.params, fallback=self.message)


class DigestPreference(models.Model):
    """Only stored once a person changes it: without a row the daily digest is on."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_preference"
    )
    daily_digest = models.BooleanField(_("daily e-mail digest"), default=True)

    def __str__(self) -> str:
        return f"{self.user_id}: digest {'on' if self.daily_digest else 'off'}"


class DigestSent(models.Model):
    """One digest per person and day: the record that makes the daily command idempotent."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digests_sent"
    )
    day = models.DateField()
    count = models.PositiveIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="one_digest_per_user_and_day")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.count} on {self.day}"
