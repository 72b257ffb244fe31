"""Pages of the conference: the list and the conference's own page."""

from __future__ import annotations

from django.urls import URLPattern, path

from danchu.conferences import plan_views

urlpatterns: list[URLPattern] = [
    path("", plan_views.conference_list, name="conference_list"),
    path("<int:pk>/", plan_views.conference_detail, name="conference_detail"),
]
