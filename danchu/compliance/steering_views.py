"""The steering committee pages: the list, setting one up, its page (members now and before,
every decision), consolidating it, and dissolving it (check page, then confirmation)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_safe

from danchu.compliance import pages, permissions, queries, steering
from danchu.compliance.forms import CommitteeForm, ConsolidateForm, DissolveForm
from danchu.compliance.models import SteeringCommittee
from danchu.core import pending
from danchu.core.outcomes import attempt
from danchu.core.pagination import paginate

FIELDS = {
    "required": "name",
    "future_date": "signed_on",
    "before_established": "signed_on",
    "no_members": "members",
    "not_steered": "steers",
    "member_twice": "members",
}


def _committee(request: HttpRequest, pk: int) -> SteeringCommittee:
    item = queries.committee(request.user, pk)
    if item is None:
        raise Http404
    return item


@login_required
@require_safe
def committee_list(request: HttpRequest) -> HttpResponse:
    page = paginate(request, queries.committees(request.user))
    may_set_up = bool(queries.steerable_units(request.user))
    return render(request, "compliance/committees.html", {"page": page, "may_set_up": may_set_up})


@login_required
@require_http_methods(["GET", "POST"])
def committee_new(request: HttpRequest) -> HttpResponse:
    """Set up a committee: pick the organisation (?unit=), then its decision and members."""
    units = queries.steerable_units(request.user)
    chosen = next((u for u in units if str(u.pk) == request.GET.get("unit", "")), None)
    if chosen is None:
        if request.method == "POST" or "unit" in request.GET:  # one the user may not steer
            raise Http404
        return render(request, "compliance/committee_unit.html", {"units": units})
    people, agencies = queries.members_to_choose(chosen), queries.agencies_under(chosen)
    form = CommitteeForm(request.POST or None, people=people, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = attempt(
            request,
            lambda: steering.establish_committee(
                actor=pages.user(request),
                unit=chosen,
                name=data["name"],
                decision_number=data["decision_number"],
                signed_on=data["signed_on"],
                members=form.seats(),
                steers=[a for a in agencies if a.pk in data["steers"]],
            ),
            success=_("The steering committee is set up."),
            form=form,
            fields=FIELDS,
        )
        if done.ok and done.value is not None:
            return redirect("committee_detail", done.value.pk)
    return render(request, "compliance/committee_new.html", {"unit": chosen, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def committee_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The committee; its manager consolidates it here (members join or leave by a decision)."""
    item = _committee(request, pk)
    detail = queries.committee_detail(item)
    may_manage = permissions.can_manage(request.user, item) and item.active
    form = None
    if may_manage:
        people = queries.members_to_choose(item.unit)
        form = ConsolidateForm(request.POST or None, people=people, current=detail["current"])
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            done = attempt(
                request,
                lambda: steering.consolidate_committee(
                    actor=pages.user(request),
                    committee=item,
                    decision_number=data["decision_number"],
                    signed_on=data["signed_on"],
                    add=[(p, data["role"]) for p in data["add"]],
                    remove=data["remove"],
                    note=data["note"],
                ),
                success=_("The decision is recorded."),
                form=form,
                fields={"not_a_member": "remove", "already_member": "add", **FIELDS},
            )
            if done.ok:
                return redirect("committee_detail", item.pk)
    elif request.method == "POST":
        raise Http404
    return render(
        request,
        "compliance/committee.html",
        {"item": item, "form": form, "may_manage": may_manage, **detail},
    )


def _act(item: SteeringCommittee) -> str:
    return f"steering.dissolve.{item.pk}"


@login_required
@require_http_methods(["GET", "POST"])
def committee_dissolve(request: HttpRequest, pk: int) -> HttpResponse:
    """Dissolve: the reason (GET, refilled by ?answers=), the check page (POST), the act (POST
    with `confirm`)."""
    item = _committee(request, pk)
    if not permissions.can_manage(request.user, item) or not item.active:
        raise Http404
    token = request.POST.get("confirm")
    if token:
        kept = pending.answers(request, _act(item), token)
        if kept is None:
            messages.error(request, _("These answers are no longer kept: fill in the form again."))
            return redirect("committee_dissolve", item.pk)
        form = DissolveForm(kept.data)
        if form.is_valid():
            data = form.cleaned_data
            done = attempt(
                request,
                lambda: steering.dissolve_committee(
                    actor=pages.user(request),
                    committee=item,
                    reason=data["reason"],
                    decision_number=data["decision_number"],
                    signed_on=data["signed_on"],
                ),
                success=_("The steering committee is dissolved."),
                form=form,
                fields={
                    "required": "reason",
                    **{k: v for k, v in FIELDS.items() if k != "required"},
                },
            )
            if done.ok:
                pending.drop(request, token)
                return redirect("committee_detail", item.pk)
        return render(request, "compliance/dissolve.html", {"item": item, "form": form})
    if request.method == "GET":
        kept = pending.answers(request, _act(item), request.GET.get("answers"))
        form = DissolveForm(kept.data if kept else None)
        return render(request, "compliance/dissolve.html", {"item": item, "form": form})
    form = DissolveForm(request.POST)
    if not form.is_valid():
        return render(request, "compliance/dissolve.html", {"item": item, "form": form})
    kept = pending.keep(request, _act(item), request.POST)
    change = f"{reverse('committee_dissolve', args=[item.pk])}?answers={kept.token}"
    data = form.cleaned_data
    day = formats.date_format(data["signed_on"], "SHORT_DATE_FORMAT")
    facts = [
        _("The committee of %(unit)s is dissolved from %(day)s; every seat on it ends that day.")
        % {"unit": item.unit.name, "day": day},
        _("The organisation then counts as having no committee until a new one is set up."),
    ]
    rows = [
        {"key": _("Reason"), "value": data["reason"], "url": f"{change}#id_reason"},
        {"key": _("Decision number"), "value": data["decision_number"], "url": change},
        {"key": _("Decision date"), "value": day, "url": f"{change}#id_signed_on"},
    ]
    return render(
        request,
        "check_page.html",
        {
            "heading": _("Dissolve %(name)s?") % {"name": item.name},
            "facts": facts,
            "cannot_undo": [
                _("A dissolved committee cannot come back: a new one needs a new decision.")
            ],
            "rows": rows,
            "action": reverse("committee_dissolve", args=[item.pk]),
            "token": kept.token,
            "button": _("Dissolve the committee"),
            "back": reverse("committee_detail", args=[item.pk]),
        },
    )
