"""Pages of the conference: records (see urls.py)."""

from __future__ import annotations

from django.urls import URLPattern, path

from danchu.conferences import records_views as views

urlpatterns: list[URLPattern] = [
    path("<int:pk>/records/", views.records_page, name="conference_records"),
    path("<int:pk>/records/secretary/", views.secretary_set, name="conference_secretary"),
    path("<int:pk>/records/proceedings/", views.proceedings_write, name="conference_proceedings"),
    path(
        "<int:pk>/records/resolution/",
        views.resolution_draft,
        name="conference_resolution_draft",
    ),
    path(
        "<int:pk>/records/resolution/adopt/",
        views.resolution_adopt,
        name="conference_resolution_adopt",
    ),
    path(
        "<int:pk>/records/resolution/adopted/",
        views.resolution_adopted,
        name="conference_resolution_adopted",
    ),
    path("<int:pk>/minutes/", views.minutes_view, name="conference_minutes"),
    path("<int:pk>/minutes.docx", views.minutes_docx, name="conference_minutes_docx"),
    path("<int:pk>/resolution/", views.resolution_view, name="conference_resolution"),
    path("<int:pk>/resolution.docx", views.resolution_docx, name="conference_resolution_docx"),
    path("reviews/<int:pk>/report/", views.review_report, name="resolution_review_report"),
]
