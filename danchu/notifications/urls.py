from django.urls import path

from danchu.notifications import views

urlpatterns = [
    path("", views.notification_list, name="notification_list"),
    path("settings/", views.notification_settings, name="notification_settings"),
    path("read/", views.notification_mark_all_read, name="notification_mark_all_read"),
    path("<int:pk>/open/", views.notification_open, name="notification_open"),
]
