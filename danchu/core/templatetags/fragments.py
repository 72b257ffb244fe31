"""`{% language_fragment "includes/x.html" %}`: a part of every page that shows no data (links,
labels), rendered once per language and template version (danchu.core.fragments)."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from danchu.core.fragments import render_cached

register = template.Library()


@register.simple_tag
def language_fragment(name: str) -> SafeString:
    return render_cached(name, [None], identity=lambda _: ())[0]
