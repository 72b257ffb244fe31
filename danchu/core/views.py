from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness probe, and the trivial view benchmarks compare every page with: no database."""
    return HttpResponse(b"ok", content_type="text/plain")
