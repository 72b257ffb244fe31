"""Facts: dated events that services emit for the compliance engine to score obligations."""

from __future__ import annotations

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models


class Fact(models.Model):
    """Something that happened in a unit on a day (disclosed, disclosed late, period ended...).

    Append-only and deliberately loose-coupled: no foreign keys, so any app can emit and the
    compliance app, when it lands, can read them without importing the emitters.
    """

    kind = models.CharField(max_length=64)
    unit_id = models.BigIntegerField()
    occurred_on = models.DateField()
    target_type = models.CharField(max_length=100, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    data = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            models.Index(fields=["unit_id", "kind", "occurred_on"]),
            models.Index(fields=["kind", "occurred_on"]),
            models.Index(fields=["target_type", "target_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} @ {self.unit_id} on {self.occurred_on}"
