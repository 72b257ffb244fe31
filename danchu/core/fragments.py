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
- a **view** (a NamedTuple or frozen dataclass of plain values, tuples, nested views and
  records seen through `Frozen`) is keyed by all of its values, each record in it by its id and
  version: the template can see nothing that is not in the key. A list row is usually one
  view: the record, with what changes around it for this reader.

So no cached fragment can show a value its key does not name, and no reader's CSRF token is
ever inside one. Since a key names its content exactly, each process also keeps the most recent
fragments in memory, in front of the shared cache.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import pickle
from collections.abc import Callable, Iterable, Sequence
from functools import cache as memoize
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.template.loader import get_template
from django.template.loader_tags import IncludeNode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from danchu.core.recent import Recent

T = TypeVar("T")

DAY = 24 * 60 * 60
LOCAL_SIZE = 4096


recent: Recent[str] = Recent(LOCAL_SIZE)


def _source_digest(name: str) -> str:
    """The digest of the template's text and of the templates it includes by name."""
    return hashlib.sha256("\x1f".join(_sources(name, set())).encode()).hexdigest()[:12]


def _sources(name: str, seen: set[str]) -> list[str]:
    if name in seen:
        return []
    seen.add(name)
    source = getattr(get_template(name), "template", None)
    texts = [getattr(source, "source", name)]
    for node in source.nodelist.get_nodes_by_type(IncludeNode) if source is not None else ():
        included = getattr(node.template, "var", None)  # a name written in the template
        if isinstance(included, str):
            texts += _sources(included, seen)
    return texts


_template_version = memoize(_source_digest)  # templates only change with a deployment...


def _version(name: str) -> str:
    # ...except while developing, when a template edited under runserver shows at once.
    return _source_digest(name) if settings.DEBUG else _template_version(name)


def _key(template: str, language: str, identity: str) -> str:
    return f"fragment:{template}:{_version(template)}:{language}:{identity}"


def _digest(values: Any) -> str:
    """A stable name for `values` (pickle keeps types: 1 and True differ)."""
    return hashlib.sha256(pickle.dumps(values, pickle.HIGHEST_PROTOCOL)).hexdigest()[:40]


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


# Exact types a view may hold (a subclass could compute what it shows from elsewhere).
PLAIN = frozenset({str, SafeString, int, float, bool, type(None), dt.date, dt.datetime})
_view_fields: dict[type, tuple[str, ...]] = {}


def _fields_of_view(kind: type, where: str) -> tuple[str, ...]:
    names = _view_fields.get(kind)
    if names is None:
        if not dataclasses.is_dataclass(kind):
            raise TypeError(f"{where}: {kind.__name__} is not a plain value, tuple or frozen view")
        if not kind.__dataclass_params__.frozen:  # type: ignore[attr-defined]
            raise TypeError(f"{where}: {kind.__name__} is not a frozen dataclass")
        names = _view_fields[kind] = tuple(field.name for field in dataclasses.fields(kind))
    return names


def _record_key(record: models.Model) -> tuple[str, Any, Any]:
    model = type(record)
    version = getattr(model, "FRAGMENT_VERSION", None)
    if version is None or not hasattr(model, "FRAGMENT_FIELDS"):
        raise TypeError(f"{model.__name__} declares no FRAGMENT_FIELDS and FRAGMENT_VERSION")
    return (model._meta.label_lower, record.pk, getattr(record, version))


def _keyed(value: Any) -> Any:
    """What `value` is keyed by: itself if it is a value of a PLAIN type, a record seen through
    `Frozen` by its model, id and version, a tuple or a frozen dataclass by what its parts are
    keyed by. Anything else is a TypeError: a view cannot hide a mutable object or a live row."""
    kind = type(value)
    if kind in PLAIN:
        return value
    if kind is Frozen:
        return _record_key(value._record)
    if kind is tuple:
        return [_keyed(part) for part in value]
    if tuple in kind.__bases__ and hasattr(kind, "_fields"):  # a NamedTuple view
        return (kind.__qualname__, [_keyed(part) for part in value])
    names = _view_fields.get(kind) or _fields_of_view(kind, kind.__name__)
    return (kind.__qualname__, [_keyed(getattr(value, name)) for name in names])


def _explain(value: Any, where: str) -> None:
    """The TypeError of `_keyed`, with where in the view the offending value sits."""
    kind = type(value)
    if kind in PLAIN or kind is Frozen:
        return
    if kind is tuple or (tuple in kind.__bases__ and hasattr(kind, "_fields")):
        names = getattr(kind, "_fields", range(len(value)))
        for name, part in zip(names, value, strict=True):
            _explain(part, f"{where}.{name}")
        return
    for name in _fields_of_view(kind, where):
        _explain(getattr(value, name), f"{where}.{name}")


def identity(item: Any) -> tuple[str, Any]:
    """(what a fragment of `item` is keyed by, what its template sees as `item`)."""
    if item is None:  # a fragment that shows no data (danchu.core.templatetags.fragments)
        return "", None
    if isinstance(item, models.Model):
        return _digest(_record_key(item)), Frozen(item)
    # Every value it holds, each record in it by its id and version.
    try:
        return _digest(_keyed(item)), item
    except TypeError:
        _explain(item, type(item).__name__)
        raise


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
    template: str, items: Sequence[tuple[str, Any]], *, name: str, timeout: int = DAY
) -> list[SafeString]:
    language = get_language() or ""
    keys = [_key(template, language, key) for key, _item in items]
    found = recent.get_many(keys)
    absent = [key for key in keys if key not in found]
    if absent:
        shared: dict[str, str] = cache.get_many(absent)
        recent.set_many(shared)
        found.update(shared)
    missing: dict[str, str] = {}
    html: list[SafeString] = []
    for key, (_identity, item) in zip(keys, items, strict=True):
        text = found.get(key)
        if text is None:
            text = missing[key] = get_template(template).render({name: item})
        html.append(mark_safe(text))  # noqa: S308 — rendered by the autoescaping engine
    if missing:
        cache.set_many(missing, timeout)
        recent.set_many(missing)
    return html


def render_keyed(
    template: str, identity: Any, context: Callable[[], dict[str, Any]], *, timeout: int = DAY
) -> SafeString:
    """The HTML of `template`, cached under `identity`, which names everything the context can
    hold: the key of a cached read (`CachedRead.key_of`: its arguments and the current tokens
    of its groups) and the plain values shown with its result. `context()` builds the context
    from those alone, and runs only when the HTML is not in the cache."""
    key = _key(template, get_language() or "", _digest(identity))
    text = recent.get(key)
    if text is None:
        text = cache.get(key)
        if text is None:
            text = get_template(template).render(context())
            cache.set(key, text, timeout)
        recent.set_many({key: text})
    return mark_safe(text)  # noqa: S308 — rendered by the autoescaping engine


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
    raw = "\x1f".join(str(part) for part in form_identity(form))
    return _render(FILTER_FIELDS, [(hashlib.sha256(raw.encode()).hexdigest(), form)], name="form")[
        0
    ]
