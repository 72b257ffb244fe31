"""The conference's pages, one module per part (each `*_urls.py` lists its own)."""

from __future__ import annotations

from django.urls import URLPattern

from danchu.conferences import (
    attend_urls,
    board_urls,
    booth_urls,
    plan_urls,
    projector_urls,
    records_urls,
)

urlpatterns: list[URLPattern] = [
    *plan_urls.urlpatterns,
    *attend_urls.urlpatterns,
    *booth_urls.urlpatterns,
    *records_urls.urlpatterns,
    *board_urls.urlpatterns,
    *projector_urls.urlpatterns,
]
