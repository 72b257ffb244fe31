"""Words about uploaded files, the same on every form: their size, and what to do after a refusal.

A browser never refills a file input, so a form sent back with an error has lost its files: the
page must say so and name them (GOV.UK "File upload"), never clear them silently.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

_WHOLE = re.compile(r"[.,]0(?=\s)")


def size_text(size: int) -> str:
    """20971520 → "20 MB" (Django's "20,0 MB" without the empty decimal)."""
    return _WHOLE.sub("", str(filesizeformat(size)))


def chosen_names(files: Iterable[Any]) -> list[str]:
    """The names of the files a refused submission carried (they must be chosen again)."""
    return [str(getattr(upload, "name", "") or "") for upload in files if upload]


def choose_again(names: list[str]) -> str:
    """The note shown under a file field when the form came back with errors."""
    return _("Files are not kept when a form is sent back: choose %(names)s again.") % {
        "names": ", ".join(names)
    }
