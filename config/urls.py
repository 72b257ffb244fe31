from django.contrib import admin
from django.urls import include, path

from config.api import api
from danchu.core.csp_reports import csp_report
from danchu.core.views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("csp-report", csp_report, name="csp_report"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("verify/", include("danchu.disclosures.verify_urls")),
    path("audit/", include("danchu.audit.urls")),
    path("disclosures/", include("danchu.disclosures.urls")),
    path("consultations/", include("danchu.consultations.urls")),
    path("conferences/", include("danchu.conferences.urls")),
    path("compliance/", include("danchu.compliance.urls")),
    path("notifications/", include("danchu.notifications.urls")),
    path("", include("danchu.home.urls")),
    path("", include("danchu.people.urls")),
]

# The site's own error pages, in the visitor's language (danchu/core/error_views.py).
handler400 = "danchu.core.error_views.bad_request"
handler403 = "danchu.core.error_views.permission_denied"
handler404 = "danchu.core.error_views.page_not_found"
handler500 = "danchu.core.error_views.server_error"
