"""Pages of disclosures (công khai, Law 10/2022/QH15 arts. 46–48); information requests are in
request_views.py.

Thin: fetch through a query function (what is not visible is 404), validate a form, make one
service call, render or redirect.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.base import ContentFile
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from danchu.core.fragments import filter_fields, join_cached
from danchu.core.htmx import render_page
from danchu.core.outcomes import attempt
from danchu.core.pagination import Counted, paginate
from danchu.disclosures import asking, downloads, exports, permissions, queries, services, shown
from danchu.disclosures.forms import (
    AnswerForm,
    DisclosureForm,
    InboxFilterForm,
    QuestionForm,
    RegisterFilterForm,
    WithdrawForm,
    initial_from,
)
from danchu.disclosures.models import Attachment, Disclosure, Status
from danchu.disclosures.queries.rates import last_reminder, without_account
from danchu.organizations.models import Unit
from danchu.organizations.queries import sub_units
from danchu.people import queries as people_queries
from danchu.people.backends import signed_in

INBOX_PAGE_SIZE = 25
REGISTER_PAGE_SIZE = 50
FIELD_OF_ERROR = {"secret": "confidentiality"}


def status_of(form: Any) -> int:
    """200, or the refusal's status (409, 422), or 422 for invalid input."""
    return getattr(form, "error_status", 422) if form.errors else 200


def visible_items(request: HttpRequest) -> QuerySet[Disclosure]:
    return queries.visible_disclosures(request.user)


@require_GET
@login_required
def disclosure_inbox(request: HttpRequest) -> HttpResponse:
    """The staff inbox: what is published, unread first, filtered as asked."""
    units = queries.units_with_disclosures(request.user)
    form = InboxFilterForm(request.GET, units=units)
    items = queries.inbox(request.user, **form.filters())
    page = paginate(request, items, per_page=INBOX_PAGE_SIZE)
    cards = join_cached(shown.INBOX_CARD, shown.inbox_cards(list(page.object_list)))
    publishing = permissions.publishing_tops(request.user, queries.publishable_units(request.user))
    context = {
        "fields": filter_fields(form),
        "page": page,
        "cards": cards,
        "publishing_units": publishing,
    }
    return render_page(request, "disclosures/inbox.html", context, partial="results")


def _kept_files(attachments: Iterable[Attachment]) -> list[ContentFile[bytes]]:
    """Copies of the current version's files, to attach them to the corrected one too."""
    copies = []
    for attachment in attachments:
        with attachment.file.open("rb") as stored:
            copies.append(ContentFile(stored.read(), name=attachment.original_name))
    return copies


@require_http_methods(["GET", "POST"])
@login_required
def disclosure_supersede(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct an item: the publish form, prefilled; the result is its next version."""
    previous = get_object_or_404(visible_items(request), pk=pk)
    if not permissions.can_manage(request.user, previous):
        raise Http404
    data, files = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    form = DisclosureForm(
        data,
        files,
        units=[previous.unit],
        audience=sub_units(previous.unit),
        previous=previous,
        initial=initial_from(previous),
    )
    if form.is_valid():
        fields = form.service_fields()
        kept = _kept_files(form.cleaned_data["keep_attachments"])
        fields["attachments"] = [*kept, *fields["attachments"]]
        done = attempt(
            request,
            lambda: services.supersede_disclosure(
                actor=signed_in(request), previous=previous, **fields
            ),
            success=_("The corrected version has been published."),
            form=form,
            fields=FIELD_OF_ERROR,
        )
        if done.value is not None:
            return redirect("disclosure_detail", done.value.pk)
    context = {"form": form, "unit": previous.unit, "previous": previous}
    return render_page(request, "disclosures/publish.html", context, status=status_of(form))


def _acknowledge_context(request: HttpRequest, disclosure: Disclosure) -> dict[str, Any]:
    acknowledgement = None
    can_acknowledge = False
    if permissions.is_live(disclosure):
        acknowledgement = queries.acknowledgement_of(request.user, disclosure)
        can_acknowledge = permissions.can_acknowledge(request.user, disclosure)
    return {
        "disclosure": disclosure,
        "acknowledgement": acknowledgement,
        "can_acknowledge": can_acknowledge,
    }


def _detail_context(
    request: HttpRequest,
    disclosure: Disclosure,
    *,
    question_form: QuestionForm | None = None,
    answer_forms: dict[int, AnswerForm] | None = None,
) -> dict[str, Any]:
    user = request.user
    versions = queries.visible_versions(user, disclosure)
    can_manage = permissions.can_manage(user, disclosure)
    questions = queries.questions_of(disclosure)
    answer_forms = answer_forms or {}
    for question in questions:
        if can_manage and (question.answered_at is None or question.pk in answer_forms):
            default = AnswerForm(prefix=f"answer-{question.pk}")
            question.form = answer_forms.get(question.pk, default)  # type: ignore[attr-defined]
    return {
        **_acknowledge_context(request, disclosure),
        "state": exports.with_states([disclosure])[0].state,  # type: ignore[attr-defined]
        "versions": versions,
        "successor": next((v for v in versions if v.supersedes_id == disclosure.pk), None),
        "attachments": queries.attachments_of(disclosure),
        "audience": queries.audience_names(disclosure),
        "can_see_register": permissions.can_see_register(user, disclosure.unit),
        "questions": questions,
        "question_form": question_form or QuestionForm(),
        # The page title says "Lỗi: " when a question or an answer was refused.
        "refused": bool(question_form and question_form.errors)
        or any(form.errors for form in answer_forms.values()),
        "can_ask": permissions.can_ask(user) and disclosure.status == Status.PUBLISHED,
        "can_manage": can_manage,
        "can_change": can_manage and disclosure.status == Status.PUBLISHED,
        "can_see_acknowledgements": permissions.can_see_acknowledgements(user, disclosure),
        # A supervisor reads the item but is not the unit's staff (art. 48.4): no link to a 404.
        "can_request_information": permissions.can_request_information(user, disclosure.unit),
    }


def _detail(request: HttpRequest, pk: int) -> Disclosure:
    disclosure = queries.visible_disclosure(request.user, pk)
    if disclosure is None:
        raise Http404
    return disclosure


@require_GET
@login_required
def disclosure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    disclosure = _detail(request, pk)
    return render_page(request, "disclosures/detail.html", _detail_context(request, disclosure))


@require_GET
@login_required
def disclosure_attachment(request: HttpRequest, pk: int, attachment_id: int) -> FileResponse:
    """The file, downloaded under its original name and never rendered by the browser."""
    attachment = queries.attachment_of(_detail(request, pk), attachment_id)
    if attachment is None:
        raise Http404
    return downloads.attachment(attachment)


@require_POST
@login_required
def disclosure_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Tôi đã đọc": one record however often it is sent (htmx swaps the `acknowledge` part)."""
    disclosure = get_object_or_404(visible_items(request), pk=pk)
    services.acknowledge(actor=signed_in(request), disclosure=disclosure)
    if not request.htmx:  # type: ignore[attr-defined]
        return redirect("disclosure_detail", disclosure.pk)
    context = _acknowledge_context(request, disclosure)
    return render_page(request, "disclosures/detail.html", context, partial="acknowledge")


@require_POST
@login_required
def disclosure_ask(request: HttpRequest, pk: int) -> HttpResponse:
    disclosure = _detail(request, pk)
    form = QuestionForm(request.POST)
    if form.is_valid():
        done = attempt(
            request,
            lambda: asking.ask_question(
                actor=signed_in(request), disclosure=disclosure, **form.cleaned_data
            ),
            success=_("Your question has been sent."),
            form=form,
            fields=FIELD_OF_ERROR,
        )
        if done.ok:
            return redirect(reverse("disclosure_detail", args=[pk]) + "#questions")
    context = _detail_context(request, disclosure, question_form=form)
    return render_page(request, "disclosures/detail.html", context, status=status_of(form))


@require_POST
@login_required
def disclosure_answer(request: HttpRequest, pk: int, question_id: int) -> HttpResponse:
    disclosure = _detail(request, pk)
    question = queries.question_of(disclosure, question_id)
    if question is None:
        raise Http404
    form = AnswerForm(request.POST, prefix=f"answer-{question.pk}")
    if form.is_valid():
        done = attempt(
            request,
            lambda: asking.answer_question(
                actor=signed_in(request), question=question, **form.cleaned_data
            ),
            success=_("The answer has been published."),
            form=form,
            fields=FIELD_OF_ERROR,
        )
        if done.ok:
            return redirect(reverse("disclosure_detail", args=[pk]) + "#questions")
    context = _detail_context(request, disclosure, answer_forms={question.pk: form})
    return render_page(request, "disclosures/detail.html", context, status=status_of(form))


@require_http_methods(["GET", "POST"])
@login_required
def disclosure_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    disclosure = get_object_or_404(visible_items(request), pk=pk)
    if not permissions.can_manage(request.user, disclosure):
        raise Http404
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        done = attempt(
            request,
            lambda: services.withdraw_disclosure(
                actor=signed_in(request), disclosure=disclosure, **form.cleaned_data
            ),
            success=_("The item has been withdrawn."),
            form=form,
            fields=FIELD_OF_ERROR,
        )
        if done.ok:
            return redirect("disclosure_detail", disclosure.pk)
    context = {"disclosure": disclosure, "form": form}
    return render_page(request, "disclosures/withdraw.html", context, status=status_of(form))


@require_http_methods(["GET", "POST"])
@login_required
def disclosure_acknowledgements(request: HttpRequest, pk: int) -> HttpResponse:
    """Who has read the item, per sub-unit; POST reminds those who have not."""
    disclosure = get_object_or_404(visible_items(request), pk=pk)
    if not permissions.can_see_acknowledgements(request.user, disclosure):
        raise Http404
    status = 200
    if request.method == "POST":
        done = attempt(
            request,
            lambda: services.remind_unacknowledged(actor=signed_in(request), disclosure=disclosure),
        )
        if done.value is not None:
            message = ngettext(
                "%(count)d person was reminded.", "%(count)d people were reminded.", done.value
            )
            messages.success(request, message % {"count": done.value})
            return redirect("disclosure_acknowledgements", disclosure.pk)
        status = done.status
    context = {
        "disclosure": disclosure,
        "groups": queries.acknowledgement_report(disclosure),
        **queries.counts(disclosure),
        "can_remind": permissions.can_remind(request.user, disclosure),
        "last_reminder": last_reminder(disclosure),
        "without_account": without_account(disclosure),
    }
    template = "disclosures/acknowledgements.html"
    return render_page(request, template, context, status=status)


def _register_scope(
    request: HttpRequest, unit_id: int
) -> tuple[Unit, RegisterFilterForm, Counted[Disclosure]]:
    unit = people_queries.visible_unit(request.user, unit_id)
    if unit is None:
        raise Http404
    form = RegisterFilterForm(request.GET)
    start, end = form.period()
    return unit, form, queries.register(request.user, unit, start=start, end=end)


@require_GET
@login_required
def disclosure_register(request: HttpRequest, unit_id: int) -> HttpResponse:
    """Everything the unit disclosed in a period, in date order (the disclosure log)."""
    unit, form, items = _register_scope(request, unit_id)
    page = paginate(request, items, per_page=REGISTER_PAGE_SIZE)
    rows = shown.register_rows(exports.rated(list(page.object_list)))
    context = {
        "unit": unit,
        "fields": filter_fields(form),
        "page": page,
        "rows": join_cached(shown.REGISTER_ROW, rows),
    }
    return render_page(request, "disclosures/register.html", context)


@require_GET
@login_required
def disclosure_register_xlsx(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit, _form, items = _register_scope(request, unit_id)
    return downloads.register_xlsx(unit, items)
