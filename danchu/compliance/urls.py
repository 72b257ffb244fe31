from django.urls import path

from danchu.compliance import steering_views, views

urlpatterns = [
    path("", views.start, name="compliance_start"),
    path("units/<int:pk>/", views.unit_dashboard, name="compliance_unit"),
    path("units/<int:pk>/obligations/", views.unit_obligations, name="compliance_obligations"),
    path("units/<int:pk>/report/", views.report_page, name="compliance_report"),
    path("units/<int:pk>/report.docx", views.report_docx, name="compliance_report_docx"),
    path("units/<int:pk>/report.xlsx", views.report_xlsx, name="compliance_report_xlsx"),
    path("units/<int:pk>/dashboard.xlsx", views.dashboard_xlsx, name="compliance_dashboard_xlsx"),
    path("units/<int:pk>/evidence.zip", views.evidence_zip, name="compliance_evidence_zip"),
    path("units/<int:pk>/offline/", views.offline_new, name="compliance_offline_new"),
    path("offline/<int:pk>/evidence", views.offline_evidence, name="compliance_offline_evidence"),
    path("steering/", steering_views.committee_list, name="committee_list"),
    path("steering/new/", steering_views.committee_new, name="committee_new"),
    path("steering/<int:pk>/", steering_views.committee_detail, name="committee_detail"),
    path(
        "steering/<int:pk>/dissolve/", steering_views.committee_dissolve, name="committee_dissolve"
    ),
]
