from django.urls import include, path

from danchu.disclosures import publish_views, request_views, views

urlpatterns = [
    path("", views.disclosure_inbox, name="disclosure_inbox"),
    path("new/", publish_views.disclosure_publish, name="disclosure_publish"),
    path("<int:pk>/published/", publish_views.disclosure_published, name="disclosure_published"),
    path("<int:pk>/", views.disclosure_detail, name="disclosure_detail"),
    path(
        "<int:pk>/attachments/<int:attachment_id>/",
        views.disclosure_attachment,
        name="disclosure_attachment",
    ),
    path("<int:pk>/acknowledge/", views.disclosure_acknowledge, name="disclosure_acknowledge"),
    path("<int:pk>/questions/", views.disclosure_ask, name="disclosure_ask"),
    path(
        "<int:pk>/questions/<int:question_id>/answer/",
        views.disclosure_answer,
        name="disclosure_answer",
    ),
    path("<int:pk>/correct/", views.disclosure_supersede, name="disclosure_supersede"),
    path("<int:pk>/withdraw/", views.disclosure_withdraw, name="disclosure_withdraw"),
    path(
        "<int:pk>/acknowledgements/",
        views.disclosure_acknowledgements,
        name="disclosure_acknowledgements",
    ),
    path("register/<int:unit_id>/", views.disclosure_register, name="disclosure_register"),
    path(
        "register/<int:unit_id>/xlsx/",
        views.disclosure_register_xlsx,
        name="disclosure_register_xlsx",
    ),
    path("requests/", request_views.information_request_list, name="information_request_list"),
    path("requests/new/", request_views.information_request_new, name="information_request_new"),
    path(
        "requests/<int:pk>/",
        request_views.information_request_detail,
        name="information_request_detail",
    ),
    # The printable notice (disclosure_notice, disclosure_notice_docx): a colleague's module.
    path("", include("danchu.disclosures.notice_urls")),
]
