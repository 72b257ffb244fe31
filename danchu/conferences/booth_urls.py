"""Pages of the conference: the booth, a voter's ballot, the chair's console, the counting board."""

from __future__ import annotations

from django.urls import URLPattern, path

from danchu.conferences import booth_views as views

urlpatterns: list[URLPattern] = [
    path("booth/<int:vote_id>/", views.booth_page, name="booth"),
    path("votes/<int:pk>/", views.ballot_page, name="vote_ballot"),
    path("votes/<int:pk>/token/", views.take_token, name="vote_take_token"),
    path("votes/<int:pk>/open/", views.vote_open, name="vote_open"),
    path("votes/<int:pk>/close/", views.vote_close, name="vote_close"),
    path("votes/<int:pk>/counting/", views.counting, name="vote_counting"),
    path("votes/<int:pk>/counting/slips/", views.counting_slips, name="vote_counting_slips"),
    path("votes/<int:pk>/counting/paper/", views.counting_paper, name="vote_counting_paper"),
    path("votes/<int:pk>/counting/batches/", views.counting_batch, name="vote_counting_batch"),
    path("<int:pk>/console/", views.console, name="conference_console"),
    path("<int:pk>/console/votes/", views.console_vote, name="conference_console_vote"),
    path("<int:pk>/console/board/", views.console_board, name="conference_console_board"),
]
