"""Publishing a disclosure in two steps (issue 12): the form, a "Check your answers" page, and a
confirmation page after the act (POST-redirect-GET).

The form's POST validates everything (the files too) and keeps the answers with
danchu.core.pending: the text in the session, the checked files staged once under
MEDIA_ROOT/staging/<token>/ (see that module for why staging rather than sending the files again).
The check page says what will happen, to how many people, and what cannot be undone; "Change"
opens the form refilled (`?answers=<token>`), its staged files kept unless others are chosen.
Only the Confirm POST (one-time `{% form_key %}`: a double click publishes once) writes. A refusal
on either step shows the form with the answers as typed and the reason (docs/forms.md).
The API (`POST /api/disclosures`) stays one step.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from danchu.core import pending
from danchu.core.htmx import render_page
from danchu.core.outcomes import attempt
from danchu.disclosures import permissions, queries, services
from danchu.disclosures.forms import DisclosureForm
from danchu.disclosures.queries import rates
from danchu.organizations.models import Unit
from danchu.organizations.queries import sub_units
from danchu.people.backends import signed_in

ACT = "disclosure_publish"
FIELD_OF_ERROR = {"secret": "confidentiality"}
TEMPLATE = "disclosures/publish.html"


def _chosen_unit(request: HttpRequest, units: list[Unit], data: QueryDict | None) -> Unit:
    """The unit the answers name (404 on a GET naming one the user may not publish for), else
    the first one."""
    by_id = {str(unit.pk): unit for unit in units}
    chosen = (data.get("unit") if data is not None else None) or request.GET.get("unit")
    if chosen is None:
        return units[0]
    if chosen not in by_id and request.method == "GET":
        raise Http404
    return by_id.get(str(chosen), units[0])


def _status(form: Any) -> int:
    return getattr(form, "error_status", 422) if form.errors else 200


def _form_page(
    request: HttpRequest, form: DisclosureForm, unit: Unit, kept: pending.Pending | None
) -> HttpResponse:
    context = {"form": form, "unit": unit, "kept": kept}
    return render_page(request, TEMPLATE, context, partial="audience", status=_status(form))


@require_http_methods(["GET", "POST"])
@login_required
def disclosure_publish(request: HttpRequest) -> HttpResponse:
    units = queries.publishable_units(request.user)
    if not units:
        raise Http404
    if request.method == "POST" and request.POST.get("confirm"):
        return _confirm(request, units, request.POST["confirm"])
    token = request.POST.get("answers") or request.GET.get("answers")
    kept = pending.answers(request, ACT, token)
    if request.method == "POST":
        data: QueryDict | None = request.POST
        files = request.FILES
        if kept and kept.names and not files.getlist("attachments"):
            files = kept.files()  # the staged files, unless others were chosen
    else:
        data, files = (kept.data, kept.files()) if kept else (None, None)  # type: ignore[assignment]
    unit = _chosen_unit(request, units, data)
    form = DisclosureForm(
        data, files, units=units, audience=sub_units(unit), initial={"unit": unit.pk}
    )
    if request.method == "POST" and form.is_valid():
        checked = attempt(
            request,
            lambda: services.check_publication(
                actor=signed_in(request), unit=unit, **form.service_fields()
            ),
            form=form,
            fields=FIELD_OF_ERROR,
        )
        if not checked.ok:
            return _form_page(request, form, unit, kept)
        fresh = pending.keep(request, ACT, request.POST, form.cleaned_data["attachments"])
        return _check(request, form, unit, fresh)
    return _form_page(request, form, unit, kept)


def _confirm(request: HttpRequest, units: list[Unit], token: str) -> HttpResponse:
    kept = pending.answers(request, ACT, token)
    if kept is None:
        messages.error(request, _("These answers are no longer kept: fill in the form again."))
        return redirect("disclosure_publish")
    unit = _chosen_unit(request, units, kept.data)
    form = DisclosureForm(kept.data, kept.files(), units=units, audience=sub_units(unit))
    if form.is_valid():
        done = attempt(
            request,
            lambda: services.publish_disclosure(
                actor=signed_in(request), unit=unit, **form.service_fields()
            ),
            form=form,
            fields=FIELD_OF_ERROR,
        )
        if done.value is not None:
            pending.drop(request, token)
            return redirect("disclosure_published", done.value.pk)
    return _form_page(request, form, unit, kept)


def _people(count: int) -> str:
    return ngettext("%(count)s person", "%(count)s people", count) % {
        "count": f"{count:,}".replace(",", ".")
    }


def _unreachable(count: int) -> list[str]:
    """The audience members without an account: the app cannot notify them (issue 12)."""
    if not count:
        return []
    return [
        _(
            "%(people)s in the audience have no account: the app cannot notify them; tell them "
            "through the printed notice or a meeting."
        )
        % {"people": _people(count)}
    ]


def _check(
    request: HttpRequest, form: DisclosureForm, unit: Unit, kept: pending.Pending
) -> HttpResponse:
    data = form.cleaned_data
    chosen = list(data["audience_units"])
    count, reachable = rates.reach(queries.planned_audience(unit, chosen))
    fields = form.service_fields()
    when = fields["publish_at"]
    change = f"{reverse('disclosure_publish')}?{urlencode({'answers': kept.token})}"

    def row(name: str, value: Any) -> dict[str, Any]:
        return {"key": form.fields[name].label, "value": value, "url": f"{change}#id_{name}"}

    def choice(name: str) -> str:
        return str(dict(form.fields[name].choices).get(data[name], data[name]))  # type: ignore[attr-defined]

    audience = ", ".join(u.name for u in chosen) or _("The whole unit: %(unit)s") % {
        "unit": unit.name
    }
    channels = dict(form.fields["channels"].choices)  # type: ignore[attr-defined]
    rows = [
        row("unit", unit.name),
        row("category", choice("category")),
        row("title", data["title"]),
        row("summary", data["summary"]),
        row("body", data["body"]),
        row("document_number", data["document_number"]),
        row(
            "decision_date",
            data["decision_date"] and date_format(data["decision_date"], "SHORT_DATE_FORMAT"),
        ),
        row("late_reason", data["late_reason"]),
        row("channels", ", ".join(str(channels[c]) for c in data["channels"])),
        row("audience_units", audience),
        row("confidentiality", choice("confidentiality")),
        row(
            "timing",
            date_format(timezone.localtime(when), "SHORT_DATETIME_FORMAT")
            if when
            else choice("timing"),
        ),
        row("attachments", "\n".join(kept.names)),
    ]
    facts = [
        (
            _("“%(title)s” will be published at %(when)s.")
            % {
                "title": data["title"],
                "when": date_format(timezone.localtime(when), "SHORT_DATETIME_FORMAT"),
            }
            if when
            else _("“%(title)s” will be published now.") % {"title": data["title"]}
        ),
        _(
            "%(people)s in the audience (%(audience)s) will be notified and asked to confirm "
            "they have read it."
        )
        % {"people": _people(reachable), "audience": audience},
        *_unreachable(count - reachable),
        _("It is entered in the unit's register of disclosures."),
    ]
    context = {
        "heading": _("Check before publishing"),
        "facts": facts,
        "cannot_undo": [
            _(
                "A published record is never deleted: it can only be corrected (a new version) "
                "or withdrawn, with a reason."
            ),
            _("The people notified keep the notification."),
        ],
        "rows": rows,
        "action": reverse("disclosure_publish"),
        "token": kept.token,
        "button": _("Publish"),
        "back": change,
        "audience_count": count,
    }
    return render_page(request, "check_page.html", context)


@require_GET
@login_required
def disclosure_published(request: HttpRequest, pk: int) -> HttpResponse:
    """After publishing: what was done, its reference, and what happens next."""
    disclosure = get_object_or_404(queries.visible_disclosures(request.user), pk=pk)
    if not permissions.can_manage(request.user, disclosure):
        raise Http404
    count, reachable = rates.reach(queries.audience_people(disclosure))
    scheduled = disclosure.publish_at > timezone.now()
    when = date_format(timezone.localtime(disclosure.publish_at), "SHORT_DATETIME_FORMAT")
    steps = [
        (
            _("It becomes visible at %(when)s; then %(people)s are notified.")
            if scheduled
            else _("%(people)s are notified in the app and find it in their inbox.")
        )
        % {"when": when, "people": _people(reachable)},
        *_unreachable(count - reachable),
        _("Each of them is asked to confirm they have read it; you can follow who has."),
        _("It stays visible until %(date)s and in the register for good.")
        % {"date": date_format(disclosure.visible_until, "SHORT_DATE_FORMAT")},
    ]
    links = [
        (reverse("disclosure_detail", args=[pk]), disclosure.title),
        (reverse("disclosure_acknowledgements", args=[pk]), _("Who has read it")),
        (
            reverse("disclosure_register", args=[disclosure.unit_id]),
            _("The register of disclosures"),
        ),
        (reverse("home"), _("Home")),
    ]
    context = {
        "heading": _("Scheduled") if scheduled else _("Published"),
        "reference": f"#{disclosure.pk}",
        "reference_label": _("Reference"),
        "steps": steps,
        "links": links,
    }
    return render_page(request, "confirmation_page.html", context)
