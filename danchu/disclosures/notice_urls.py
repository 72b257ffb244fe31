"""Printable notices; included by danchu/disclosures/urls.py under /disclosures/."""

from django.urls import path

from danchu.disclosures import notice_views

urlpatterns = [
    path("<int:pk>/notice/", notice_views.disclosure_notice, name="disclosure_notice"),
    path(
        "<int:pk>/notice.docx",
        notice_views.disclosure_notice_docx,
        name="disclosure_notice_docx",
    ),
]
