"""`{% form_key %}` beside `{% csrf_token %}`: the form's one-time submission key, so that a double
click or a resent form acts once (danchu.core.idempotency). A builtin: no `{% load %}` needed."""

from __future__ import annotations

import secrets

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from danchu.core.idempotency import FORM_FIELD

register = template.Library()


@register.simple_tag
def form_key() -> SafeString:
    """A new key at every rendering (no query): never inside a cached fragment."""
    return format_html(
        '<input type="hidden" name="{}" value="{}">', FORM_FIELD, secrets.token_urlsafe(24)
    )
