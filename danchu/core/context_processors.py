from typing import Any

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, Any]:
    return {"DANCHU_DEMO": settings.DANCHU_DEMO, "DANCHU_ENV": settings.DANCHU_ENV}
