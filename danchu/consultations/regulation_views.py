"""Regulations in force: the adopted text with its tagged provisions, and "what I must do and
may do" for the reader's role."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from danchu.consultations import adoption, pages, permissions, regulations
from danchu.consultations.forms import ProvisionForm
from danchu.consultations.models import Subject
from danchu.core.htmx import render_page
from danchu.core.outcomes import attempt


@require_GET
@login_required
def regulation_list(request: HttpRequest) -> HttpResponse:
    subject = request.GET.get("who") or permissions.subject_of(request.user)
    if subject not in Subject.values:
        subject = Subject.STAFF
    context = {
        "regulations": list(regulations.visible_regulations(request.user)),
        "duties": regulations.duties(request.user, subject=subject),
        "subject": subject,
        "subjects": Subject.choices,
    }
    return render_page(request, "consultations/regulations.html", context)


@require_GET
@login_required
def regulation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    regulation = get_object_or_404(regulations.visible_regulations(request.user), pk=pk)
    context = {
        "regulation": regulation,
        "paragraphs": regulations.tagged_paragraphs(regulation),
        "can_tag": permissions.can_manage(request.user, regulation.consultation),
        "form": ProvisionForm(),
    }
    return render_page(request, "consultations/regulation.html", context)


@require_POST
@login_required
def provision_tag(request: HttpRequest, pk: int) -> HttpResponse:
    regulation = get_object_or_404(regulations.visible_regulations(request.user), pk=pk)
    form = ProvisionForm(request.POST)
    if form.is_valid():
        paragraph = regulations.paragraph_of(regulation, form.cleaned_data["paragraph"])
        if paragraph is None:
            raise Http404
        attempt(
            request,
            lambda: adoption.tag_provision(
                actor=pages.user(request),
                regulation=regulation,
                paragraph=paragraph,
                modality=form.cleaned_data["modality"],
                subject=form.cleaned_data["subject"],
            ),
        )
    anchor = f"#p{form.data.get('paragraph', '')}"
    return redirect(reverse("regulation_detail", args=[regulation.pk]) + anchor)
