"""The site's own absolute address, for links that leave the browser: QR codes, printed
notices, e-mails. One place decides it: `DANCHU_SITE_URL` (production requires it; `make run`
and `make dev` set it to the address the server was started on, e.g. port 8123)."""

from __future__ import annotations

from django.conf import settings


def site_url(path: str = "") -> str:
    """`path` (an absolute path such as "/verify/?digest=…") on the site's real address."""
    base = str(settings.DANCHU_SITE_URL).rstrip("/")
    if path and not path.startswith("/"):
        path = "/" + path
    return f"{base}{path}"
