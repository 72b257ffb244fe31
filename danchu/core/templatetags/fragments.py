"""`{% language_fragment "includes/x.html" %}`: a part of every page that shows no data (links,
labels), rendered once per language and template version (danchu.core.fragments)."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from danchu.core.fragments import render_cached

register = template.Library()


# (template, language) → HTML, for this process; a deployment (new templates) restarts it.
_rendered: dict[tuple[str, str], SafeString] = {}


@register.simple_tag
def language_fragment(name: str) -> SafeString:
    key = (name, get_language() or "")
    html = None if settings.DEBUG else _rendered.get(key)
    if html is None:
        html = _rendered[key] = render_cached(name, [None])[0]
    return html
