"""Pages of the conference: the list and the conference's own page."""

from __future__ import annotations

from django.urls import URLPattern, path

from danchu.conferences import plan_views, prep_views

urlpatterns: list[URLPattern] = [
    path("", plan_views.conference_list, name="conference_list"),
    path("<int:pk>/", plan_views.conference_detail, name="conference_detail"),
]

urlpatterns += [
    path("new/", prep_views.plan_page, name="conference_new"),
    path("requests/", prep_views.requests_page, name="conference_requests"),
    path(
        "requests/<int:pk>/support/", prep_views.request_support, name="conference_request_support"
    ),
    path("<int:pk>/prepare/", prep_views.prepare_page, name="conference_prepare"),
    path("<int:pk>/invite/", prep_views.invite_page, name="conference_invite"),
    path("<int:pk>/second-call/", prep_views.second_call, name="conference_second_call"),
    path("<int:pk>/written-ballot/", prep_views.written_ballot, name="conference_written_ballot"),
    path(
        "<int:pk>/written-ballot/agree/", prep_views.agree_written, name="conference_agree_written"
    ),
]
