from django.urls import path

from danchu.compliance import steering_views, views

urlpatterns = [
    path("", views.start, name="compliance_start"),
    path("units/<int:pk>/", views.unit_dashboard, name="compliance_unit"),
    path("units/<int:pk>/obligations/", views.unit_obligations, name="compliance_obligations"),
    path("units/<int:pk>/report/", views.report_page, name="compliance_report"),
    *(
        path(f"units/<int:pk>/{name}", views.download, {"name": name}, name=url_name)
        for name, url_name in (
            ("report.docx", "compliance_report_docx"),
            ("report.xlsx", "compliance_report_xlsx"),
            ("dashboard.xlsx", "compliance_dashboard_xlsx"),
            ("evidence.zip", "compliance_evidence_zip"),
        )
    ),
    path("units/<int:pk>/offline/", views.offline_new, name="compliance_offline_new"),
    path("offline/<int:pk>/evidence", views.offline_evidence, name="compliance_offline_evidence"),
    path("steering/", steering_views.committee_list, name="committee_list"),
    path("steering/new/", steering_views.committee_new, name="committee_new"),
    path("steering/<int:pk>/", steering_views.committee_detail, name="committee_detail"),
    path(
        "steering/<int:pk>/dissolve/", steering_views.committee_dissolve, name="committee_dissolve"
    ),
]
