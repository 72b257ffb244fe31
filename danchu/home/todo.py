"""The home page as a task list (the GOV.UK "task list" pattern): one section per role the user
holds, each task a count with a link to where the items are, the most urgent section first."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from danchu.conferences import queries as conference_queries
from danchu.conferences import records_queries
from danchu.disclosures.rules import DUE_WORKING_DAYS
from danchu.home import queries
from danchu.home.queries import HeadTodo, StaffTodo
from danchu.people.models import AnyUser


@dataclass(frozen=True)
class Task:
    label: str  # what there is to do
    count: int
    url: str  # the list where the items are (the item itself when there is one)
    hint: str = ""  # what the count means, or what is late
    urgent: bool = False  # something is overdue or will be late
    items: tuple[tuple[str, str], ...] = ()  # (title, url) of items with no list of their own


@dataclass(frozen=True)
class Section:
    key: str  # staff | head | union
    title: str
    tasks: list[Task]

    @property
    def waiting(self) -> int:
        return sum(task.count for task in self.tasks)

    @property
    def urgent(self) -> int:
        return sum(task.count for task in self.tasks if task.urgent)


def sections(user: AnyUser) -> list[Section]:
    """Each section that applies to the user, the most urgent first (overdue items, then how
    much is waiting; the head's before staff's when equal)."""
    found: list[Section] = []
    if queries.is_head(user):
        found.append(_head(queries.head_todo(user)))
    if queries.speaks_for_union(user):
        found.append(_union(queries.union_todo(user)))
    if queries.is_staff(user):
        found.append(_staff(queries.staff_todo(user)))
    _add_review_tasks(found, user)
    _add_conference_tasks(found, user)
    return sorted(found, key=lambda section: (-section.urgent, -section.waiting))


def _one_or_list(ids: list[int], one: str, many: str) -> str:
    """The item's own page when there is one, else the list where they are."""
    return reverse(one, args=[ids[0]]) if len(ids) == 1 else reverse(many)


def _consultations(ids: list[int], one: str = "consultation_detail") -> str:
    return _one_or_list(ids, one, "consultation_list")


def _staff(todo: StaffTodo) -> Section:
    since = formats.date_format(todo.since, "SHORT_DATE_FORMAT")
    questions = todo.answered.question_items
    tasks = [
        Task(_("Disclosures you have not read"), todo.unread, reverse("disclosure_inbox")),
        Task(
            _("Consultations waiting for your opinion"),
            len(todo.awaiting_opinion),
            _consultations(todo.awaiting_opinion),
            hint=_("Open now; you have not given an opinion yet."),
        ),
        Task(
            _("Your questions answered"),
            len(questions),
            _one_or_list([pk for pk, _title in questions], "disclosure_detail", "disclosure_inbox"),
            hint=_("Since %(day)s") % {"day": since},
            items=tuple(
                (title, reverse("disclosure_detail", args=[pk]) + "#questions")
                for pk, title in questions[:5]
            ),
        ),
        Task(
            _("Your information requests answered"),
            len(todo.answered.requests),
            _one_or_list(
                todo.answered.requests, "information_request_detail", "information_request_list"
            ),
            hint=_("Since %(day)s") % {"day": since},
        ),
    ]
    return Section("staff", _("As staff"), tasks)


def _head(todo: HeadTodo) -> Section:
    scheduled, requests = todo.scheduled, todo.requests
    register = reverse("disclosure_register", args=[todo.units[0].pk]) if todo.units else ""
    tasks = []
    requests_url = _one_or_list(
        requests.ids, "information_request_detail", "information_request_list"
    )
    if todo.units:
        tasks.append(
            Task(
                _("Disclosures scheduled, not yet published"),
                len(scheduled.units),
                register,
                hint=_late_hint(scheduled.late),
                urgent=bool(scheduled.late),
            )
        )
        tasks.append(
            Task(
                _("Information requests to answer"),
                len(requests.ids),
                requests_url,
                hint=_overdue(requests.overdue),
                urgent=bool(requests.overdue),
            )
        )
    opinions = list(todo.opinions)
    tasks += [
        Task(
            _("Opinions to answer"),
            sum(todo.opinions.values()),
            _consultations(opinions, "consultation_dispositions"),
            hint=_("In consultations that have closed: accept or explain each one (art. 55)."),
            urgent=bool(opinions),
        ),
        Task(
            _("Consultations closing soon"),
            len(todo.ending),
            _consultations(todo.ending),
            hint=_("Closing by %(day)s")
            % {"day": formats.date_format(todo.ending_by, "SHORT_DATE_FORMAT")},
        ),
        Task(
            _("Consultations closed, synthesis not published"),
            len(todo.ended),
            _consultations(todo.ended),
        ),
    ]
    return Section("head", _("As head of the unit"), tasks)


def _overdue(count: int) -> str:
    if not count:
        return ""
    return ngettext("%(n)s overdue", "%(n)s overdue", count) % {"n": count}


def _late_hint(late: int) -> str:
    if not late:
        return _("Each within %(days)s working days of its decision (art. 47.2).") % {
            "days": DUE_WORKING_DAYS
        }
    return ngettext(
        "%(n)s will come out after its %(days)s-working-day deadline (art. 47.2).",
        "%(n)s will come out after their %(days)s-working-day deadline (art. 47.2).",
        late,
    ) % {"n": late, "days": DUE_WORKING_DAYS}


def _union(ids: list[int]) -> Section:
    task = Task(
        _("Drafts waiting for the union's opinion"),
        len(ids),
        _consultations(ids),
        hint=_("No union opinion on the current version yet (art. 55.2)."),
    )
    return Section("union", _("For the trade union"), [task])


def _add_review_tasks(found: list[Section], user: AnyUser) -> None:
    """Issue 13, art. 52.3: the conference resolution's six-monthly reviews, a task for the head
    and for the union (added to their sections when there are any)."""
    due = records_queries.reviews_due(user)
    if not due:
        return
    overdue = sum(review.overdue for review in due)
    first = due[0]
    task = Task(
        _("Reviews of the conference resolution to report"),
        len(due),
        reverse("conference_records", args=[first.conference_id]) + "#resolution",
        hint=_overdue(overdue)
        or _("Next due by %(day)s: report to all staff (art. 52.3).")
        % {"day": formats.date_format(first.due_on, "SHORT_DATE_FORMAT")},
        urgent=bool(overdue),
    )
    for section in found:
        if section.key in ("head", "union"):
            section.tasks.append(task)


def _add_conference_tasks(found: list[Section], user: AnyUser) -> None:
    """Issue 13, art. 51.1: the annual conference not planned yet, due within three months after
    the work year ends (a task of the head's section)."""
    head = [section for section in found if section.key == "head"]
    if not head:
        return
    due = conference_queries.annual_conferences_due(user)
    if not due:
        return
    first = due[0]
    head[0].tasks.append(
        Task(
            _("Annual staff conferences not planned yet"),
            len(due),
            reverse("conference_new"),
            hint=_("Year %(year)s of %(unit)s: to be held by %(day)s (art. 51.1).")
            % {
                "year": first.year,
                "unit": first.unit.name,
                "day": formats.date_format(first.deadline, "SHORT_DATE_FORMAT"),
            },
        )
    )
