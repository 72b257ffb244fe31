from django.db import models

from danchu.core.fields import BinaryCharField


class Generation(models.Model):
    """The current token of a group of tables, or of one row's dependents (`ack:<person id>`):
    written only by database triggers (see `danchu.core.cached_reads`)."""

    name = models.CharField(max_length=100, primary_key=True)
    value = models.BigIntegerField()

    class Meta:
        db_table = "core_generation"

    def __str__(self) -> str:
        return f"{self.name}={self.value}"


class ScopedGeneration(models.Model):
    """How often the rows of a group that belong to one unit have been written: one counter per
    (group, unit), written only by database triggers (see `danchu.core.cached_reads`). A reader
    of a subtree sums the counters in its path range, so writes in different units touch
    different rows and a write leaves the readers of other subtrees alone."""

    name = models.CharField(max_length=50)  # the group's
    unit_id = models.BigIntegerField()
    unit_path = BinaryCharField(max_length=255)
    counter = models.BigIntegerField(default=0)

    class Meta:
        db_table = "core_scopedgeneration"
        constraints = [
            models.UniqueConstraint(fields=["name", "unit_id"], name="core_scopedgeneration_unit")
        ]
        indexes = [
            models.Index(fields=["name", "unit_path", "counter"], name="core_scopedgen_path")
        ]

    def __str__(self) -> str:
        return f"{self.name}@{self.unit_path}={self.counter}"


class IdempotencyKey(models.Model):
    """A submission's one-time key (a form's, an API `Idempotency-Key`): claimed before the view
    runs, marked `written` in the transaction of the write it protects, then given the response a
    repeat receives (danchu.core.idempotency). Rows expire after a day."""

    owner = models.CharField(max_length=80)  # `user:<id>` or `token:<sha-256 of the token>`
    key = models.CharField(max_length=255)
    method = models.CharField(max_length=8)
    path = models.TextField()
    fingerprint = models.CharField(max_length=64)  # sha-256 of the request's content
    status = models.PositiveSmallIntegerField()  # 0 until the response is stored
    headers = models.JSONField(default=dict)  # Content-Type, Location, HX-* only
    body = models.BinaryField(blank=True, default=b"")
    nonce = models.CharField(max_length=32)  # the claiming request's; a takeover changes it
    written = models.BooleanField(default=False)  # set in the transaction of the write
    claimed_at = models.DateTimeField()
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        db_table = "core_idempotencykey"
        constraints = [
            models.UniqueConstraint(fields=["owner", "key"], name="core_idempotencykey_owner_key")
        ]

    def __str__(self) -> str:
        return f"{self.owner}:{self.key}"
