"""The catalogue of obligations, kept as data: every installed app may ship an `obligations.json`
(a list of entries), and the entries are loaded into `ObligationRule` after each migrate and by
`manage.py load_obligations`. A new capability adds its duties by adding entries to its own file;
nothing here changes. docs/compliance.md describes the fields.

A number in an entry may name the constant that holds it (`"@danchu.conferences.rules.QUORUM"`),
so each legal number stays written once, in the rules module of the app that owns it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.apps import apps
from django.db import transaction
from django.utils.module_loading import import_string

from danchu.compliance.rules import PILLAR_CODES

FILENAME = "obligations.json"
SHAPES = ("yearly", "state", "per_event")
ANCHORS = ("year_end", "work_year_end")
OFFLINE_KIND = "compliance.offline"  # the fact an offline record emits (data: rule, record)


class CatalogueError(ValueError):
    """An entry the engine could not apply; the message says which file, entry and field."""


@dataclass(frozen=True)
class Match:
    """Which facts count: their kinds, and values their data must hold."""

    kinds: tuple[str, ...]
    where: Mapping[str, Any] = field(default_factory=dict)

    def accepts(self, kind: str, data: Mapping[str, Any]) -> bool:
        return kind in self.kinds and all(data.get(k) == v for k, v in self.where.items())


@dataclass(frozen=True)
class Rule:
    code: str
    title: Mapping[str, str]
    legal_basis: str
    pillar: str
    legal_duty: bool
    shape: str
    kinds: tuple[str, ...]
    staff_above: int | None = None
    staff_at_most: int | None = None
    # yearly
    anchor: str = "year_end"
    months_after: int = 0
    year_field: str = ""  # the fact's data names the work year it is for
    # yearly and per_event
    satisfied_by: Match | None = None
    # state
    on: Match | None = None
    off: Match | None = None
    valid_until_field: str = ""
    # per_event
    trigger: Match | None = None
    due_field: str = ""
    due_days: int = 0
    due_working_days: int = 0
    every_months: int = 0
    times: int = 1
    link: str = ""  # "target", "data:<field>" (satisfier's data names the trigger's target),
    # or "trigger:<field>" (the trigger's data names the satisfier's target)
    period_field: str = ""
    not_after_trigger: bool = False
    at_least_days: tuple[str, int] | None = (
        None  # (data field holding a date, days after the trigger)
    )

    def applies_to(self, kind: str, staff: int) -> bool:
        if kind not in self.kinds:
            return False
        if self.staff_above is not None and staff <= self.staff_above:
            return False
        return self.staff_at_most is None or staff <= self.staff_at_most

    @property
    def fact_kinds(self) -> set[str]:
        """Every fact kind the rule reads (offline records included)."""
        kinds = {OFFLINE_KIND}
        for match in (self.satisfied_by, self.on, self.off, self.trigger):
            if match is not None:
                kinds.update(match.kinds)
        return kinds


def _number(value: Any, where: str) -> int:
    if isinstance(value, str) and value.startswith("@"):
        try:
            value = import_string(value[1:])
        except ImportError as error:
            raise CatalogueError(f"{where}: no constant {value[1:]}") from error
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise CatalogueError(f"{where}: a whole number ≥ 0 is needed, not {value!r}")
    return value


def _match(value: Any, where: str) -> Match | None:
    if value is None:
        return None
    kinds = value.get("kinds") if isinstance(value, dict) else None
    if not kinds or not all(isinstance(k, str) for k in kinds):
        raise CatalogueError(f"{where}: 'kinds' must list fact kinds")
    where_ = value.get("where", {})
    if not isinstance(where_, dict):
        raise CatalogueError(f"{where}: 'where' must be an object")
    return Match(tuple(kinds), where_)


def parse(entry: Mapping[str, Any], source: str = "") -> Rule:
    """One entry of an obligations.json as the engine applies it; a clear CatalogueError for
    anything missing or unknown."""
    code = entry.get("code")
    here = f"{source} {code or '?'}"
    if not isinstance(code, str) or not code:
        raise CatalogueError(f"{here}: every entry needs a 'code'")
    title = entry.get("title")
    if not isinstance(title, dict) or not title.get("vi") or not title.get("en"):
        raise CatalogueError(f"{here}: 'title' needs 'vi' and 'en'")
    shape = entry.get("shape")
    if shape not in SHAPES:
        raise CatalogueError(f"{here}: 'shape' must be one of {', '.join(SHAPES)}")
    if entry.get("pillar") not in PILLAR_CODES:
        raise CatalogueError(f"{here}: 'pillar' must be one of {', '.join(PILLAR_CODES)}")
    applies = entry.get("applies_to") or {}
    kinds = applies.get("kinds")
    if not kinds:
        raise CatalogueError(f"{here}: 'applies_to.kinds' must name unit kinds")
    fields: dict[str, Any] = {
        "code": code,
        "title": title,
        "legal_basis": str(entry.get("legal_basis") or ""),
        "pillar": entry["pillar"],
        "legal_duty": bool(entry.get("legal_duty", True)),
        "shape": shape,
        "kinds": tuple(kinds),
    }
    for name in ("staff_above", "staff_at_most"):
        if name in applies:
            fields[name] = _number(applies[name], f"{here} applies_to.{name}")
    due = entry.get("due") or {}
    if shape == "yearly":
        anchor = due.get("anchor", "year_end")
        if anchor not in ANCHORS:
            raise CatalogueError(f"{here}: 'due.anchor' must be one of {', '.join(ANCHORS)}")
        fields["anchor"] = anchor
        fields["months_after"] = _number(due.get("months", 0), f"{here} due.months")
        fields["year_field"] = str(due.get("year_field", ""))
        fields["satisfied_by"] = _match(entry.get("satisfied_by"), f"{here} satisfied_by")
        if fields["satisfied_by"] is None:
            raise CatalogueError(f"{here}: a yearly duty needs 'satisfied_by'")
    elif shape == "state":
        fields["on"] = _match(entry.get("on"), f"{here} on")
        fields["off"] = _match(entry.get("off"), f"{here} off")
        fields["valid_until_field"] = str(entry.get("valid_until_field", ""))
        if fields["on"] is None:
            raise CatalogueError(f"{here}: a state duty needs 'on'")
    else:
        fields["trigger"] = _match(entry.get("trigger"), f"{here} trigger")
        if fields["trigger"] is None:
            raise CatalogueError(f"{here}: a per-event duty needs 'trigger'")
        fields["satisfied_by"] = _match(entry.get("satisfied_by"), f"{here} satisfied_by")
        fields["due_field"] = str(due.get("field", ""))
        for key, name in (
            ("days", "due_days"),
            ("working_days", "due_working_days"),
            ("every_months", "every_months"),
        ):
            if key in due:
                fields[name] = _number(due[key], f"{here} due.{key}")
        if "times" in due:
            fields["times"] = max(1, _number(due["times"], f"{here} due.times"))
        link = str((entry.get("satisfied_by") or {}).get("link", "target"))
        if not (link == "target" or link.startswith(("data:", "trigger:"))):
            raise CatalogueError(f"{here}: 'satisfied_by.link' is target, data:… or trigger:…")
        fields["link"] = link
        fields["period_field"] = str((entry.get("satisfied_by") or {}).get("period_field", ""))
        fields["not_after_trigger"] = bool(
            (entry.get("satisfied_by") or {}).get("not_after_trigger", False)
        )
        if "at_least_days" in entry:
            check = entry["at_least_days"]
            fields["at_least_days"] = (
                str(check["field"]),
                _number(check["days"], f"{here} at_least_days.days"),
            )
    return Rule(**fields)


def files() -> list[Path]:
    """Every installed app's obligations.json, in INSTALLED_APPS order."""
    found = (Path(config.path) / FILENAME for config in apps.get_app_configs())
    return [path for path in found if path.is_file()]


def entries() -> list[tuple[dict[str, Any], str]]:
    """Each entry with the file it came from (relative to the project)."""
    loaded: list[tuple[dict[str, Any], str]] = []
    for path in files():
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as error:
            raise CatalogueError(f"{path}: not valid JSON ({error})") from error
        if not isinstance(data, list):
            raise CatalogueError(f"{path}: a list of entries is expected")
        source = f"{path.parent.name}/{FILENAME}"
        loaded.extend((entry, source) for entry in data)
    return loaded


@transaction.atomic
def load(items: Iterable[tuple[dict[str, Any], str]] | None = None) -> list[str]:
    """Write the catalogue into ObligationRule (validated first, all or nothing); an entry no
    file holds any more is kept, inactive (obligations keep pointing at it). Returns the codes."""
    from danchu.compliance.models import ObligationRule

    items = list(entries() if items is None else items)
    rules = [(parse(entry, source), entry, source) for entry, source in items]
    codes = [rule.code for rule, _e, _s in rules]
    if len(set(codes)) != len(codes):
        raise CatalogueError(
            f"codes appear twice: {sorted({c for c in codes if codes.count(c) > 1})}"
        )
    for index, (rule, entry, source) in enumerate(rules):
        position = PILLAR_CODES.index(rule.pillar) * 1000 + index  # lists follow the pillars
        ObligationRule.objects.update_or_create(
            code=rule.code,
            defaults={
                "title_vi": rule.title["vi"],
                "title_en": rule.title["en"],
                "legal_basis": rule.legal_basis,
                "pillar": rule.pillar,
                "legal_duty": rule.legal_duty,
                "position": position,
                "spec": entry,
                "source": source,
                "active": True,
            },
        )
    ObligationRule.objects.exclude(code__in=codes).update(active=False)
    return codes
