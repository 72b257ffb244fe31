"""Staff import URLs, mounted by people/urls.py under units/<int:unit_id>/import/."""

from django.urls import path

from danchu.people.staff_import import views

urlpatterns = [
    path("", views.staff_import, name="staff_import"),
    path("template.<str:fmt>", views.staff_import_template, name="staff_import_template"),
    path("jobs/<int:job_id>/", views.staff_import_job, name="staff_import_job"),
]
