"""Pages of the conference: check-in, the tablet scanner, a participant's own page, the live
quorum, opening and ending the session."""

from __future__ import annotations

from django.urls import URLPattern, path

from danchu.conferences import attend_views as views

urlpatterns: list[URLPattern] = [
    path("<int:pk>/check-in/", views.check_in_page, name="conference_check_in"),
    path("<int:pk>/check-in/<int:person>/", views.check_in_one, name="conference_check_in_one"),
    path("<int:pk>/scan/", views.scan_page, name="conference_scan"),
    path("<int:pk>/quorum/", views.quorum_live, name="conference_quorum"),
    path("<int:pk>/me/", views.me_page, name="conference_me"),
    path("<int:pk>/me/remote/", views.me_remote, name="conference_me_remote"),
    path("<int:pk>/open/", views.session_open, name="conference_session_open"),
    path("<int:pk>/end/", views.session_end, name="conference_session_end"),
]
