from django.db import models


class Generation(models.Model):
    """The current token of a group of tables, or of one row's dependents (`ack:<person id>`):
    written only by database triggers (see `danchu.core.cached_reads`)."""

    name = models.CharField(max_length=100, primary_key=True)
    value = models.BigIntegerField()

    class Meta:
        db_table = "core_generation"

    def __str__(self) -> str:
        return f"{self.name}={self.value}"
