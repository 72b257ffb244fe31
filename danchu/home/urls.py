from django.urls import path

from danchu.home import views

urlpatterns = [
    path("", views.home, name="home"),
]
