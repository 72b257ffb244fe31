"""Pages of consultations (tham gia ý kiến, Law 10/2022/QH15 arts. 53–55).

Thin: fetch through a query function (what is not visible is 404), validate a form, make one
service call, render or redirect.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from danchu.consultations import adoption, permissions, queries, services
from danchu.consultations.diff import Para, diff_versions, summary, to_html
from danchu.consultations.forms import (
    AdoptForm,
    ConsultationForm,
    DispositionForm,
    OpinionForm,
    UnionOpinionForm,
    VersionForm,
)
from danchu.consultations.models import Consultation, ConsultationChannel, Decision, Opinion, Status
from danchu.consultations.report import synthesis_facts
from danchu.consultations.synthesis_doc import render_html
from danchu.core.errors import DomainError
from danchu.core.fragments import attach_cached
from danchu.core.htmx import render_page
from danchu.core.pagination import paginate
from danchu.organizations.models import Unit
from danchu.people import queries as people_queries
from danchu.people.permissions import Action

PAGE_SIZE = 25
PARAGRAPH = "consultations/includes/paragraph.html"
OPINIONS_PAGE = 100


def _get(request: HttpRequest, pk: int) -> Consultation:
    return get_object_or_404(queries.visible_consultations(request.user), pk=pk)


def _managed(request: HttpRequest, pk: int) -> Consultation:
    consultation = _get(request, pk)
    if not permissions.can_manage(request.user, consultation):
        raise Http404
    return consultation


def _refused(request: HttpRequest, error: DomainError) -> None:
    messages.error(request, str(error.message))


@require_GET
@login_required
def consultation_list(request: HttpRequest) -> HttpResponse:
    items = queries.visible_consultations(request.user).order_by("-opens_at", "-pk")
    page = paginate(request, items, per_page=PAGE_SIZE)
    now = timezone.now()
    for item in page.object_list:
        item.current_phase = Status(item.phase(now=now)).label
    managed = people_queries.visible_units(request.user, Action.MANAGE_CONSULTATIONS)
    context = {"page": page, "can_open": managed.exists()}
    return render_page(request, "consultations/list.html", context, partial="results")


@require_http_methods(["GET", "POST"])
@login_required
def consultation_new(request: HttpRequest) -> HttpResponse:
    units = list(
        people_queries.visible_units(request.user, Action.MANAGE_CONSULTATIONS).order_by("path")
    )
    if not units:
        raise Http404
    unit = _chosen(request, units)
    audience = Unit.objects.under(unit, include_self=False).order_by("path")
    data = (request.POST, request.FILES) if request.method == "POST" else ()
    owners = queries.possible_owners(unit)
    form = ConsultationForm(
        *data, units=units, audience=audience, owners=owners, initial={"unit": unit.pk}
    )
    if request.method == "POST" and form.is_valid():
        fields = {key: form.cleaned_data[key] for key in FORM_FIELDS}
        try:
            consultation = services.open_consultation(
                actor=request.user, unit=unit, draft=form.draft(), source=form.source, **fields
            )
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("The consultation has been created."))
            return redirect("consultation_detail", consultation.pk)
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
    consultation = _get(request, pk)
    user = request.user
    versions = list(consultation.versions.all())  # in number order: the last is the current one
    version = versions[-1]
    paragraphs = list(queries.paragraphs_of(version))
    counts, shown = queries.opinion_preview(queries.opinions_for(user, consultation))
    can_comment = permissions.can_give_opinion(user, consultation)
    can_read = permissions.can_read_opinions(user, consultation)
    base = _paragraph_base(consultation)
    for paragraph in paragraphs:
        paragraph.shown_opinions = shown.get(paragraph.pk, []) if can_read else []  # type: ignore[attr-defined]
        paragraph.opinion_count = counts.get(paragraph.pk, 0) if can_read else 0  # type: ignore[attr-defined]
        paragraph.can_comment = can_comment  # type: ignore[attr-defined]
        paragraph.panel_url = f"{base}{paragraph.number}/"  # type: ignore[attr-defined]
    stances, mine = queries.stance_counts(version), queries.stances_of(user, version)
    for paragraph in paragraphs:
        paragraph.stance_counts = stances.get(paragraph.pk, {})  # type: ignore[attr-defined]
        paragraph.my_stance = mine.get(paragraph.pk, "")  # type: ignore[attr-defined]
    attach_cached(PARAGRAPH, paragraphs, identity=_paragraph_identity)
    is_head = permissions.can_manage(user, consultation)
    phase = consultation.phase(now=timezone.now())
    context = {
        "consultation": consultation,
        "phase": phase,
        "phase_label": Status(phase).label,
        "channel_labels": [ConsultationChannel(code).label for code in consultation.channels],
        "version": version,
        "versions": versions,
        "paragraphs": paragraphs,
        "general_opinions": shown.get(None, []),
        "general_url": f"{base}0/",
        "general_count": counts.get(None, 0),
        "can_give_opinion": can_comment,
        "can_read_opinions": can_read,
        "speaks_for_union": permissions.speaks_for_union(user, consultation),
        "is_head": is_head,
        "union_opinions": list(consultation.union_opinions.all()),
        "opinion_form": OpinionForm(),
        "union_form": UnionOpinionForm(),
        "problems": adoption.problems_before_synthesis(consultation) if is_head else [],
    }
    return render_page(request, "consultations/detail.html", context)


def _paragraph_identity(paragraph: Any) -> tuple[Any, ...]:
    """A paragraph's text never changes; what is shown around it does."""
    opinions = tuple(
        (o.pk, o.author_label, o.decision, o.explanation) for o in paragraph.shown_opinions
    )
    stances = tuple(sorted(paragraph.stance_counts.items()))
    return (paragraph.pk, paragraph.can_comment, paragraph.opinion_count, paragraph.panel_url,
            opinions, stances, paragraph.my_stance)  # fmt: skip


def _labelled(opinions: list[Opinion]) -> list[Opinion]:
    for opinion in opinions:
        opinion.author_label = queries.author_label(opinion)  # type: ignore[attr-defined]
    return opinions


def _paragraph_base(consultation: Consultation) -> str:
    return reverse("consultation_paragraph", args=[consultation.pk, 0]).removesuffix("0/")


@require_GET
@login_required
def paragraph_opinions(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """Every opinion the user may read on one paragraph (0: on the whole draft)."""
    consultation = _get(request, pk)
    opinions = queries.opinions_for(request.user, consultation)  # own only, if the plan says so
    paragraph = None
    if number:
        version = queries.latest_version(consultation)
        paragraph = get_object_or_404(version.paragraphs, number=number)
        opinions = opinions.filter(paragraph=paragraph)
    else:
        opinions = opinions.filter(paragraph__isnull=True)
    page = paginate(request, queries.with_authors(opinions), per_page=OPINIONS_PAGE)
    page.object_list = _labelled(list(page.object_list))
    context = {
        "consultation": consultation,
        "paragraph": paragraph,
        "page": page,
        "can_give_opinion": permissions.can_give_opinion(request.user, consultation),
    }
    return render_page(request, "consultations/paragraph.html", context, partial="panel")


@require_POST
@login_required
def opinion_give(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _get(request, pk)
    form = OpinionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write your opinion."))
        return redirect("consultation_detail", pk)
    paragraph = None
    if form.cleaned_data["paragraph"]:
        version = queries.latest_version(consultation)
        paragraph = get_object_or_404(
            queries.paragraphs_of(version), pk=form.cleaned_data["paragraph"]
        )
    try:
        services.give_opinion(
            actor=request.user,
            consultation=consultation,
            paragraph=paragraph,
            text=form.cleaned_data["text"],
            via_union=form.cleaned_data["via_union"],
        )
    except DomainError as error:
        _refused(request, error)
    else:
        messages.success(request, _("Thank you: your opinion has been recorded."))
    anchor = f"#p{paragraph.number}" if paragraph else "#general"
    return redirect(reverse("consultation_detail", args=[pk]) + anchor)


@require_POST
@login_required
def paragraph_stance(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """Agree or disagree with a paragraph (a second choice replaces the first)."""
    consultation = _get(request, pk)
    paragraph = get_object_or_404(queries.latest_version(consultation).paragraphs, number=number)
    try:
        services.set_stance(
            actor=request.user, paragraph=paragraph, stance=request.POST.get("stance", "")
        )
    except DomainError as error:
        _refused(request, error)
    except PermissionDenied:
        raise Http404 from None
    return redirect(reverse("consultation_detail", args=[pk]) + f"#p{number}")


@require_POST
@login_required
def union_opinion(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _get(request, pk)
    form = UnionOpinionForm(request.POST)
    if form.is_valid():
        try:
            services.record_union_opinion(
                actor=request.user, consultation=consultation, text=form.cleaned_data["text"]
            )
        except DomainError as error:
            _refused(request, error)
        else:
            messages.success(request, _("The union committee's opinion has been recorded."))
    return redirect("consultation_detail", pk)


@require_POST
@login_required
def consultation_close(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _managed(request, pk)
    try:
        services.close_consultation(actor=request.user, consultation=consultation)
    except DomainError as error:
        _refused(request, error)
    return redirect("consultation_detail", pk)


@require_http_methods(["GET", "POST"])
@login_required
def opinion_dispositions(request: HttpRequest, pk: int) -> HttpResponse:
    """The head answers every opinion: accepted, partly accepted or not, with a reason."""
    consultation = _managed(request, pk)
    if request.method == "POST":
        opinion = get_object_or_404(consultation.opinions, pk=request.POST.get("opinion"))
        form = DispositionForm(request.POST)
        if form.is_valid():
            try:
                services.dispose_opinion(actor=request.user, opinion=opinion, **form.cleaned_data)
            except DomainError as error:
                _refused(request, error)
        else:
            messages.error(request, _("Choose a decision for the opinion."))
        return redirect(f"{request.path}#o{opinion.pk}")
    opinions = _labelled(list(queries.with_authors(consultation.opinions.all())))
    context = {
        "consultation": consultation,
        "opinions": opinions,
        "problems": adoption.problems_before_synthesis(consultation),
        "counts": queries.decision_counts(consultation),
        "decisions": Decision.choices,
        "adopt_form": AdoptForm(),
    }
    return render_page(request, "consultations/dispositions.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def version_new(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _managed(request, pk)
    data = (request.POST, request.FILES) if request.method == "POST" else ()
    form = VersionForm(*data)
    if request.method == "POST" and form.is_valid():
        try:
            services.publish_version(
                actor=request.user,
                consultation=consultation,
                draft=form.draft(),
                note=form.cleaned_data["note"],
                source=form.source,
            )
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("The revised draft has been published."))
            return redirect("consultation_diff", pk)
    context = {"consultation": consultation, "form": form}
    return render_page(request, "consultations/version_new.html", context)


@require_GET
@login_required
def consultation_diff(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _get(request, pk)
    versions = list(consultation.versions.all())
    latest = versions[-1].number
    old = _number(request.GET.get("from"), max(latest - 1, 1), latest)
    new = _number(request.GET.get("to"), latest, latest)
    old_version, new_version = versions[old - 1], versions[new - 1]
    changes = diff_versions(_paras(old_version), _paras(new_version))
    context = {
        "consultation": consultation,
        "versions": versions,
        "old": old_version,
        "new": new_version,
        "diff_html": to_html(changes),
        "summary": summary(changes),
        "answers": _answers(new_version),
        "linkable": _linkable(consultation, changes)
        if permissions.can_manage(request.user, consultation)
        else [],
    }
    return render_page(request, "consultations/diff.html", context)


def _number(value: str | None, default: int, latest: int) -> int:
    try:
        number = int(value or default)
    except ValueError:
        raise Http404 from None
    if not 1 <= number <= latest:
        raise Http404
    return number


def _paras(version: Any) -> list[Para]:
    return [Para(key=p.key, ref=p.ref, text=p.text) for p in queries.paragraphs_of(version)]


def _answers(version: Any) -> list[tuple[Any, list[Opinion]]]:
    rows = []
    for paragraph in queries.paragraphs_of(version).prefetch_related("answers"):
        answered = list(paragraph.answers.all())
        if answered:
            rows.append((paragraph, answered))
    return rows


def _linkable(consultation: Consultation, changes: list[Any]) -> list[dict[str, Any]]:
    """For the head: each changed or added paragraph, with the opinions given on its earlier
    versions (same key) or on the whole draft, to say which ones it answers."""
    keys = [c.new.key for c in changes if c.op in ("changed", "added") and c.new is not None]
    if not keys:
        return []
    latest = queries.latest_version(consultation)
    paragraphs = {p.key: p for p in latest.paragraphs.filter(key__in=keys)}
    candidates = list(
        queries.with_authors(
            consultation.opinions.filter(Q(paragraph__key__in=keys) | Q(paragraph__isnull=True))
        )
    )
    rows = []
    for key in keys:
        paragraph = paragraphs.get(key)
        if paragraph is None:
            continue
        mine = [o for o in candidates if o.paragraph is None or o.paragraph.key == key]
        linked = set(paragraph.answers.values_list("pk", flat=True))
        rows.append({"paragraph": paragraph, "opinions": mine, "linked": linked})
    return rows


@require_POST
@login_required
def answers_link(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    consultation = _managed(request, pk)
    paragraph = get_object_or_404(queries.latest_version(consultation).paragraphs, number=number)
    ids = [int(value) for value in request.POST.getlist("opinions") if value.isdigit()]
    try:
        services.link_answers(actor=request.user, paragraph=paragraph, opinion_ids=ids)
    except DomainError as error:
        _refused(request, error)
    else:
        messages.success(request, _("The answered opinions have been recorded."))
    return redirect(reverse("consultation_diff", args=[pk]) + f"#answer-{number}")


@require_POST
@login_required
def synthesis_publish(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _managed(request, pk)
    try:
        adoption.publish_synthesis(actor=request.user, consultation=consultation)
    except DomainError as error:
        _refused(request, error)
        return redirect("consultation_dispositions", pk)
    messages.success(request, _("The synthesis has been published and disclosed to staff."))
    return redirect("consultation_synthesis", pk)


@require_GET
@login_required
def synthesis_view(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _get(request, pk)
    synthesis = getattr(consultation, "synthesis", None)
    if synthesis is None:
        raise Http404
    facts = synthesis_facts(consultation, number=synthesis.number, signer=synthesis.published_by)
    context = {"consultation": consultation, "synthesis": synthesis, "report": render_html(facts)}
    return render_page(request, "consultations/synthesis.html", context)


@require_GET
@login_required
def synthesis_docx(request: HttpRequest, pk: int) -> FileResponse:
    consultation = _get(request, pk)
    synthesis = getattr(consultation, "synthesis", None)
    if synthesis is None:
        raise Http404
    return FileResponse(
        synthesis.document.open("rb"),
        as_attachment=True,
        filename=f"bao-cao-tong-hop-y-kien-{consultation.pk}.docx",
    )


@require_POST
@login_required
def regulation_adopt(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _managed(request, pk)
    form = AdoptForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the document number and the dates (dd/mm/yyyy)."))
        return redirect("consultation_dispositions", pk)
    try:
        regulation = adoption.adopt_regulation(
            actor=request.user, consultation=consultation, **form.cleaned_data
        )
    except DomainError as error:
        _refused(request, error)
        return redirect("consultation_dispositions", pk)
    messages.success(request, _("The regulation has been adopted."))
    return redirect("regulation_detail", regulation.pk)
