from django.contrib.auth import views as auth_views
from django.urls import include, path

from danchu.people import views

urlpatterns = [
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("units/", views.unit_list, name="unit_list"),
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("units/<int:pk>/people/", views.unit_people, name="unit_people"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("units/<int:unit_id>/import/", include("danchu.people.staff_import.urls")),
]
