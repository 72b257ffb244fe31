"""Rendered HTML of unchanging records, cached: one cache round trip for a whole list.

A published record never changes (it is superseded or withdrawn instead), so the HTML of its
card in a list is the same for every reader in one language. Lists render each card once,
keep it in the cache, and fetch a page's cards with one `get_many`, instead of running the
template for every row on every view. What differs per reader (read or unread, say) stays
outside the fragment, in the list template.

A key is made of the template's own text, the active language and what the caller names as
the record's identity and every mutable value the card shows (a unit's name, say), so an edited
template or a renamed unit never serves a stale card. Since a key names its content exactly,
each process also keeps the most recent fragments in memory, in front of the shared cache.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from functools import cache as memoize
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
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


def render_cached(
    template: str,
    objects: Iterable[T],
    *,
    identity: Callable[[T], Sequence[Any]],
    name: str = "item",
    timeout: int = DAY,
) -> list[SafeString]:
    """The HTML of `template` rendered with each object as `name`, in order."""
    items = list(objects)
    language = get_language() or ""
    keys = [_key(template, language, identity(item)) for item in items]
    found = recent.get_many(keys)
    absent = [key for key in keys if key not in found]
    if absent:
        shared: dict[str, str] = cache.get_many(absent)
        recent.set_many(shared)
        found.update(shared)
    compiled = get_template(template)
    missing: dict[str, str] = {}
    html: list[SafeString] = []
    for key, item in zip(keys, items, strict=True):
        text = found.get(key)
        if text is None:
            text = missing[key] = compiled.render({name: item})
        html.append(mark_safe(text))  # noqa: S308 — rendered by the autoescaping engine
    if missing:
        cache.set_many(missing, timeout)
        recent.set_many(missing)
    return html


def join_cached(
    template: str, objects: Iterable[T], *, identity: Callable[[T], Sequence[Any]]
) -> SafeString:
    """`render_cached`, joined into one piece of HTML: a list's rows in one template variable
    instead of a loop over the rows ("" for no objects)."""
    return mark_safe("".join(render_cached(template, objects, identity=identity)))  # noqa: S308


def attach_cached(
    template: str,
    objects: Iterable[T],
    *,
    identity: Callable[[T], Sequence[Any]],
    attribute: str = "html",
    name: str = "item",
) -> list[T]:
    """`render_cached`, with each object's HTML set on it as `attribute`; returns the objects."""
    items = list(objects)
    for item, text in zip(
        items, render_cached(template, items, identity=identity, name=name), strict=True
    ):
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
    return render_cached(FILTER_FIELDS, [form], identity=form_identity, name="form")[0]
