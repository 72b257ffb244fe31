"""Pages of consultations (tham gia ý kiến, Law 10/2022/QH15 arts. 53–55): the list, planning
one, the draft with its opinions, and giving an opinion or a stance.

Thin: fetch through a query function (what is not visible is 404), validate a form, make one
service call through `attempt`, render or redirect. The head's pages after closing are in
`outcome_views.py`, downloads in `downloads.py`.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from danchu.consultations import adoption, pages, permissions, queries, services
from danchu.consultations import shown as shown_paragraphs
from danchu.consultations.forms import ConsultationForm, OpinionForm, UnionOpinionForm
from danchu.consultations.models import Consultation, ConsultationChannel, Paragraph, Status
from danchu.core.fragments import join_cached
from danchu.core.htmx import render_page
from danchu.core.outcomes import attempt
from danchu.core.pagination import paginate
from danchu.organizations.models import Unit

PAGE_SIZE = 25
DETAIL = "consultations/detail.html"
PARAGRAPH = "consultations/includes/paragraph.html"
UNION_ID = "union-%s"  # the union opinion's field is "union-text", the anchor of its form
OPINIONS_PAGE = 100


@require_GET
@login_required
def consultation_list(request: HttpRequest) -> HttpResponse:
    items = queries.consultation_list(request.user)
    page = paginate(request, items, per_page=PAGE_SIZE)
    now = timezone.now()
    for item in page.object_list:
        item.current_phase = Status(item.phase(now=now)).label
    context = {"page": page, "can_open": bool(permissions.units_to_open_in(request.user))}
    return render_page(request, "consultations/list.html", context, partial="results")


@require_http_methods(["GET", "POST"])
@login_required
def consultation_new(request: HttpRequest) -> HttpResponse:
    units = permissions.units_to_open_in(request.user)
    if not units:
        raise Http404
    unit = _chosen(request, units)
    data = (request.POST, request.FILES) if request.method == "POST" else ()
    form = ConsultationForm(
        *data,
        units=units,
        audience=queries.audience_choices(unit),
        owners=queries.possible_owners(unit),
        initial={"unit": unit.pk},
    )
    if request.method == "POST" and form.is_valid():
        fields = {key: form.cleaned_data[key] for key in FORM_FIELDS}
        outcome = attempt(
            request,
            lambda: services.open_consultation(
                actor=pages.user(request),
                unit=unit,
                draft=form.draft(),
                source=form.source,
                union_preview=not form.cleaned_data["skip_union_preview"],
                **fields,
            ),
            success=_("The consultation has been created."),
            form=form,
        )
        if outcome.value is not None:
            return redirect("consultation_detail", outcome.value.pk)
    status = 422 if form.errors else 200
    return render_page(request, "consultations/new.html", {"form": form}, status=status)


FORM_FIELDS = (
    *("topic", "title", "plan", "channels", "audience_units", "owner"),
    *("opens_at", "closes_at", "visibility", "allow_via_union"),
)


def _chosen(request: HttpRequest, units: list[Unit]) -> Unit:
    wanted = request.POST.get("unit") or request.GET.get("unit")
    by_id = {str(unit.pk): unit for unit in units}
    if wanted and wanted not in by_id:
        raise Http404
    return by_id.get(wanted or "", units[0])


@require_GET
@login_required
def consultation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = pages.visible(request, pk)
    return render_page(request, DETAIL, _detail(request, consultation))


def _detail(
    request: HttpRequest, consultation: Consultation, *, union_form: UnionOpinionForm | None = None
) -> dict[str, Any]:
    """What the consultation page shows this reader; `union_form` a refused union opinion."""
    user = request.user
    versions = queries.versions_of(consultation)
    version = versions[-1]
    paragraphs = list(queries.paragraphs_of(version))
    counts, shown = queries.opinion_preview(queries.opinions_for(user, consultation))
    can_comment = permissions.can_give_opinion(user, consultation)
    can_read = permissions.can_read_opinions(user, consultation)
    base = pages.paragraph_base(consultation)
    reading = shown_paragraphs.Reading(
        can_comment=can_comment,
        can_read=can_read,
        panel_base=base,
        counts=counts,
        shown=shown,
        stances=queries.stance_counts(version),
        mine=queries.stances_of(user, version),
    )
    views = shown_paragraphs.paragraphs_shown(paragraphs, reading)
    is_head = permissions.can_manage(user, consultation)
    phase = consultation.phase(now=timezone.now())
    return {
        "consultation": consultation,
        "phase": phase,
        "phase_label": Status(phase).label,
        "outcome": queries.outcome_of(consultation),
        "channel_labels": [ConsultationChannel(code).label for code in consultation.channels],
        "version": version,
        "versions": versions,
        "paragraphs": views,
        "draft": join_cached(PARAGRAPH, views),
        "general_opinions": shown.get(None, []),
        "general_url": f"{base}0/",
        "general_count": counts.get(None, 0),
        "can_give_opinion": can_comment,
        "can_read_opinions": can_read,
        "speaks_for_union": permissions.speaks_for_union(user, consultation),
        "is_head": is_head,
        "union_opinions": queries.union_opinions(consultation),
        "opinion_form": OpinionForm(),
        "union_form": union_form or UnionOpinionForm(auto_id=UNION_ID),
        "problems": adoption.problems_before_synthesis(consultation)
        if is_head and phase in (Status.OPEN, Status.CLOSED)
        else [],
    }


@require_GET
@login_required
def paragraph_opinions(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """Every opinion the user may read on one paragraph (0: on the whole draft)."""
    consultation = pages.visible(request, pk)
    paragraph = pages.paragraph(consultation, number) if number else None
    return _paragraph_page(request, consultation, paragraph)


def _paragraph_page(
    request: HttpRequest,
    consultation: Consultation,
    paragraph: Paragraph | None,
    *,
    refused: OpinionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """One paragraph's opinions and the form; `refused` brings back a refused opinion's text
    with the reason beside it (nothing typed is lost), even once the consultation has closed."""
    # Own only, if the plan keeps opinions for the head.
    opinions = queries.opinions_on(queries.opinions_for(request.user, consultation), paragraph)
    page = paginate(request, queries.with_authors(opinions), per_page=OPINIONS_PAGE)
    page.object_list = pages.labelled(list(page.object_list))
    can_give = permissions.can_give_opinion(request.user, consultation)
    context = {
        "consultation": consultation,
        "paragraph": paragraph,
        "page": page,
        "can_give_opinion": can_give,
        "not_open": not can_give,
        "form": refused,
    }
    return render_page(
        request, "consultations/paragraph.html", context, partial="panel", status=status
    )


@require_POST
@login_required
def opinion_give(request: HttpRequest, pk: int) -> HttpResponse:
    """Give an opinion. Refused (empty, or the consultation closed meanwhile), the paragraph's
    page comes back with the text in its field and the reason beside it; the form's address
    ends in the field's anchor, so the browser lands on it."""
    consultation = pages.visible(request, pk)
    form = OpinionForm(request.POST)
    paragraph = _paragraph_chosen(consultation, request.POST.get("paragraph", ""))
    if not form.is_valid():
        return _paragraph_page(request, consultation, paragraph, refused=form, status=422)
    via_union = form.cleaned_data["via_union"]
    outcome = attempt(
        request,
        lambda: services.give_opinion(
            actor=pages.user(request),
            consultation=consultation,
            paragraph=paragraph,
            text=form.cleaned_data["text"],
            via_union=via_union,
        ),
        success=THANKS_VIA_UNION if via_union else _("Thank you: your opinion has been recorded."),
        form=form,
        fields={"invalid": "text", "not_open": "text"},
    )
    if not outcome.ok:
        status = outcome.status
        return _paragraph_page(request, consultation, paragraph, refused=form, status=status)
    anchor = f"#p{paragraph.number}" if paragraph else "#general"
    return redirect(reverse("consultation_detail", args=[pk]) + anchor)


def _paragraph_chosen(consultation: Consultation, value: str) -> Paragraph | None:
    """The paragraph of the current version the opinion is on (empty: the whole draft)."""
    if not value.strip():
        return None
    found = queries.current_paragraph(consultation, int(value)) if value.isdigit() else None
    if found is None:
        raise Http404
    return found


THANKS_VIA_UNION = gettext_lazy(
    "Thank you: your opinion has been sent through the union. So that no one can tell "
    "when it was given, it is shown from tomorrow with the others of the day, or when "
    "the consultation closes."
)


@require_POST
@login_required
def paragraph_stance(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """Agree or disagree with a paragraph (a second choice replaces the first)."""
    paragraph = pages.paragraph(pages.visible(request, pk), number)
    stance = request.POST.get("stance", "")
    try:
        attempt(
            request,
            lambda: services.set_stance(
                actor=pages.user(request), paragraph=paragraph, stance=stance
            ),
        )
    except PermissionDenied:
        raise Http404 from None
    return redirect(reverse("consultation_detail", args=[pk]) + f"#p{number}")


@require_POST
@login_required
def union_opinion(request: HttpRequest, pk: int) -> HttpResponse:
    """The union committee's opinion; refused, the page comes back with the text kept."""
    consultation = pages.visible(request, pk)
    form = UnionOpinionForm(request.POST, auto_id=UNION_ID)
    outcome = None
    if form.is_valid():
        outcome = attempt(
            request,
            lambda: services.record_union_opinion(
                actor=pages.user(request), consultation=consultation, text=form.cleaned_data["text"]
            ),
            success=_("The union committee's opinion has been recorded."),
            form=form,
            fields={"invalid": "text"},
        )
        if outcome.ok:
            return redirect(reverse("consultation_detail", args=[pk]) + "#union-heading")
    if not permissions.speaks_for_union(request.user, consultation):
        raise Http404
    status = outcome.status if outcome is not None else 422
    context = _detail(request, consultation, union_form=form)
    return render_page(request, DETAIL, context, status=status)
