from django.urls import path

from danchu.consultations import (
    confirm_views,
    downloads,
    outcome_views,
    regulation_views,
    union_views,
    views,
)

urlpatterns = [
    path("", views.consultation_list, name="consultation_list"),
    path("new/", views.consultation_new, name="consultation_new"),
    path("<int:pk>/", views.consultation_detail, name="consultation_detail"),
    path("<int:pk>/opinions/", views.opinion_give, name="consultation_opinion"),
    path(
        "<int:pk>/paragraphs/<int:number>/",
        views.paragraph_opinions,
        name="consultation_paragraph",
    ),
    path(
        "<int:pk>/paragraphs/<int:number>/stance/",
        views.paragraph_stance,
        name="consultation_stance",
    ),
    path("<int:pk>/union/", views.union_opinion, name="consultation_union_opinion"),
    path(
        "<int:pk>/union/preview-done/",
        union_views.preview_done,
        name="consultation_union_preview_done",
    ),
    path("<int:pk>/open/", union_views.open_to_staff, name="consultation_open_to_staff"),
    path(
        "<int:pk>/answers/union/<int:opinion>/",
        union_views.union_answer,
        name="consultation_union_answer",
    ),
    path("<int:pk>/close/", confirm_views.consultation_close, name="consultation_close"),
    path("<int:pk>/closed/", confirm_views.consultation_closed, name="consultation_closed"),
    path("<int:pk>/answers/", outcome_views.opinion_dispositions, name="consultation_dispositions"),
    path("<int:pk>/versions/new/", outcome_views.version_new, name="consultation_version_new"),
    path("<int:pk>/diff/", outcome_views.consultation_diff, name="consultation_diff"),
    path(
        "<int:pk>/answers/<int:number>/",
        outcome_views.answers_link,
        name="consultation_answers_link",
    ),
    path("<int:pk>/synthesis/", outcome_views.synthesis_view, name="consultation_synthesis"),
    path(
        "<int:pk>/synthesis/publish/",
        confirm_views.synthesis_publish,
        name="consultation_synthesis_publish",
    ),
    path(
        "<int:pk>/synthesis/published/",
        confirm_views.synthesis_published,
        name="consultation_synthesis_published",
    ),
    path("<int:pk>/synthesis.docx", downloads.synthesis_docx, name="consultation_synthesis_docx"),
    path("<int:pk>/adopt/", confirm_views.regulation_adopt, name="consultation_adopt"),
    path("<int:pk>/adopted/", confirm_views.regulation_adopted, name="consultation_adopted"),
    path("regulations/", regulation_views.regulation_list, name="regulation_list"),
    path("regulations/<int:pk>/", regulation_views.regulation_detail, name="regulation_detail"),
    path("regulations/<int:pk>/tag/", regulation_views.provision_tag, name="regulation_tag"),
]
