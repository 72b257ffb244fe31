"""Pages of the conference: the projector and the bulletin download (anyone with the link)."""

from __future__ import annotations

from django.urls import URLPattern, path

from danchu.conferences import projector_views

urlpatterns: list[URLPattern] = [
    path("votes/<int:pk>/projector/", projector_views.vote_projector, name="vote_projector"),
    path(
        "votes/<int:pk>/projector/live/",
        projector_views.vote_projector_live,
        name="vote_projector_live",
    ),
    path("votes/<int:pk>/bulletin.json", projector_views.vote_bulletin, name="vote_bulletin"),
]
