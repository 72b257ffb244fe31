"""Pages of the conference: the People's Inspection Board (see urls.py, board_views.py)."""

from __future__ import annotations

from django.urls import URLPattern, path

from danchu.conferences import board_views

urlpatterns: list[URLPattern] = [
    path("<int:pk>/board/", board_views.conference_board, name="conference_board"),
    path(
        "<int:pk>/board/recognise/",
        board_views.conference_board_recognise,
        name="conference_board_recognise",
    ),
    path(
        "<int:pk>/board/recognised/",
        board_views.conference_board_recognised,
        name="conference_board_recognised",
    ),
]
