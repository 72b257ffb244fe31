from __future__ import annotations

from typing import Any

import factory

from danchu.organizations.models import Unit, UnitKind
from danchu.organizations.tree import depth_of, path_for


class UnitFactory(factory.django.DjangoModelFactory[Unit]):
    """A unit placed in the tree (path computed after the insert, as the service does)."""

    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"Sở Thử nghiệm {n}")
    code = factory.Sequence(lambda n: f"unit-{n}")
    kind = UnitKind.STATE_AGENCY
    parent = None
    path = factory.Sequence(lambda n: f"tmp-{n}")

    @classmethod
    def _create(cls, model_class: type[Unit], *args: Any, **kwargs: Any) -> Unit:
        unit = model_class(**kwargs)
        unit.refresh_derived()
        unit.save()
        parent_path = unit.parent.path if unit.parent else ""
        unit.path = path_for(parent_path=parent_path, pk=unit.pk)
        unit.depth = depth_of(unit.path)
        unit.save(update_fields=["path", "depth"])
        return unit
