from django.urls import path

from danchu.audit import views

urlpatterns = [
    path("checkpoints/", views.checkpoints, name="audit_checkpoints"),
    path("checkpoints.json", views.checkpoints_json, name="audit_checkpoints_json"),
]
