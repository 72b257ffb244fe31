"""Rendered HTML, cached: one cache round trip for a whole list, keyed by what it shows.

Lists render each row once, keep it in the cache, and fetch a page's rows with one `get_many`,
instead of running the template for every row on every view. A fragment's key is made of the
template's own text, the active language and the object's identity, which is never named by hand:

- a **published record** (a model that declares `FRAGMENT_FIELDS` and `FRAGMENT_VERSION`) is
  keyed by its model, id and version (a disclosure's content digest) alone. Its template sees the
  record through `Frozen`, which lets it read only the declared fields, those fixed when the
  record was published; reading any other attribute fails the render. What changes (read or
  unread, the state, the read rate, the unit's current name) is rendered around the fragment, in
  the list template.
- a **view** (a frozen dataclass of plain values, nested views and tuples) is keyed by all of
  its values: the template can see nothing that is not in the key.

So no cached fragment can show a value its key does not name, and no reader's CSRF token is
ever inside one. Since a key names its content exactly, each process also keeps the most recent
fragments in memory, in front of the shared cache.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from functools import cache as memoize
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from danchu.core.recent import Recent

T = TypeVar("T")

DAY = 24 * 60 * 60
LOCAL_SIZE = 4096


recent: Recent[str] = Recent(LOCAL_SIZE)


def _source_digest(name: str) -> str:
    source = getattr(get_template(name), "template", None)
    text = getattr(source, "source", name)
    return hashlib.sha256(text.encode()).hexdigest()[:12]


_template_version = memoize(_source_digest)  # templates only change with a deployment...


def _version(name: str) -> str:
    # ...except while developing, when a template edited under runserver shows at once.
    return _source_digest(name) if settings.DEBUG else _template_version(name)


def _key(template: str, language: str, identity: Sequence[Any]) -> str:
    raw = "\x1f".join(str(part) for part in identity)
    digest = hashlib.sha256(raw.encode()).hexdigest()[:32]
    return f"fragment:{template}:{_version(template)}:{language}:{digest}"


class MutableFieldRead(Exception):
    """A cached fragment's template read a field its record does not declare unchanging."""


class Frozen:
    """A published record as its cached fragment's template sees it: only the fields its model
    declares in `FRAGMENT_FIELDS` (fixed at publication); any other attribute fails the render
    (Django's templates let this error through, where they would hide an AttributeError)."""

    __slots__ = ("_record",)

    def __init__(self, record: models.Model) -> None:
        self._record = record

    def __getattr__(self, name: str) -> Any:
        record = self._record
        if name in type(record).FRAGMENT_FIELDS:  # type: ignore[attr-defined]
            return getattr(record, name)
        raise MutableFieldRead(
            f"{type(record).__name__}.{name} is not in its FRAGMENT_FIELDS: a cached fragment "
            "shows only what is fixed when the record is published; render it around the fragment"
        )


PLAIN = (str, int, float, bool, type(None), dt.date, dt.datetime)


def _plain(value: Any, where: str) -> Any:
    """`value` itself, if it is plain (danchu.core.fragments): a value, a tuple of plain values or
    a frozen dataclass of them; a TypeError otherwise, so a view cannot hide a mutable object."""
    if isinstance(value, PLAIN):
        return value
    if isinstance(value, tuple):
        for part in value:
            _plain(part, where)
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        if not type(value).__dataclass_params__.frozen:  # type: ignore[attr-defined]
            raise TypeError(f"{where}: {type(value).__name__} is not a frozen dataclass")
        for part in dataclasses.fields(value):
            _plain(getattr(value, part.name), f"{where}.{part.name}")
        return value
    raise TypeError(f"{where}: {type(value).__name__} is not a plain value, tuple or frozen view")


def identity(item: Any) -> tuple[tuple[Any, ...], Any]:
    """(what a fragment of `item` is keyed by, what its template sees as `item`)."""
    if item is None:  # a fragment that shows no data (danchu.core.templatetags.fragments)
        return (), None
    if isinstance(item, models.Model):
        model = type(item)
        version = getattr(model, "FRAGMENT_VERSION", None)
        if version is None or not hasattr(model, "FRAGMENT_FIELDS"):
            raise TypeError(f"{model.__name__} declares no FRAGMENT_FIELDS and FRAGMENT_VERSION")
        return (model._meta.label_lower, item.pk, getattr(item, version)), Frozen(item)
    return (repr(_plain(item, type(item).__name__)),), item


def render_cached(
    template: str,
    objects: Iterable[T],
    *,
    name: str = "item",
    timeout: int = DAY,
) -> list[SafeString]:
    """The HTML of `template` rendered with each object (a published record or a view, see the
    module's docstring) as `name`, in order."""
    shown = [identity(item) for item in objects]
    return _render(template, [(key, item) for key, item in shown], name=name, timeout=timeout)


def _render(
    template: str, items: Sequence[tuple[Sequence[Any], Any]], *, name: str, timeout: int = DAY
) -> list[SafeString]:
    language = get_language() or ""
    keys = [_key(template, language, key) for key, _item in items]
    found = recent.get_many(keys)
    absent = [key for key in keys if key not in found]
    if absent:
        shared: dict[str, str] = cache.get_many(absent)
        recent.set_many(shared)
        found.update(shared)
    compiled = get_template(template)
    missing: dict[str, str] = {}
    html: list[SafeString] = []
    for key, (_identity, item) in zip(keys, items, strict=True):
        text = found.get(key)
        if text is None:
            text = missing[key] = compiled.render({name: item})
        html.append(mark_safe(text))  # noqa: S308 — rendered by the autoescaping engine
    if missing:
        cache.set_many(missing, timeout)
        recent.set_many(missing)
    return html


def join_cached(template: str, objects: Iterable[Any]) -> SafeString:
    """`render_cached`, joined into one piece of HTML ("" for no objects)."""
    return mark_safe("".join(render_cached(template, objects)))  # noqa: S308


def attach_cached(
    template: str, objects: Iterable[T], *, attribute: str = "html", name: str = "item"
) -> list[T]:
    """`render_cached`, with each object's HTML set on it as `attribute`; returns the objects."""
    items = list(objects)
    for item, text in zip(items, render_cached(template, items, name=name), strict=True):
        setattr(item, attribute, text)
    return items


FILTER_FIELDS = "includes/filter_fields.html"


def form_identity(form: Any) -> tuple[Any, ...]:
    """Everything a form's fields render from: its class, ids, and each field's value, choices,
    attributes and errors (the labels are in the language, which is part of every key)."""
    parts: list[Any] = [type(form).__module__, type(form).__qualname__, form.prefix, form.auto_id]
    for bound in form:
        field = bound.field
        parts += [bound.html_name, bound.value(), field.widget.attrs, list(bound.errors)]
        parts.append(list(getattr(field, "choices", ())))
    return tuple(parts)


def filter_fields(form: Any) -> SafeString:
    """A filter form's labelled fields, cached: the same choices and values give the same HTML
    for every reader, so a list page does not run every widget's template on every view."""
    return _render(FILTER_FIELDS, [(form_identity(form), form)], name="form")[0]
