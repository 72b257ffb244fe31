from django.urls import path

from danchu.disclosures import verify_views

urlpatterns = [
    path("", verify_views.verify, name="verify"),
]
