"""Every URL pattern of the project, with its path parameters filled from real records: the rows of
the permission matrix (test_permission_matrix.py). This module holds no tests.

A parameter the fillers below do not know raises `Unfillable`, so a new route fails the matrix
until someone says which record it takes (and adds its expected answers to permission_rules.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern

from config.tests.populated import Side, notification_of


class Unfillable(LookupError):
    """A URL parameter the matrix does not know how to fill: add it to FILLERS."""


@dataclass(frozen=True)
class Route:
    name: str  # "disclosure_detail", "api:get_disclosure", "admin:people_user_change"
    route: str  # the pattern as written, prefixes included
    params: tuple[str, ...]

    @property
    def is_admin(self) -> bool:
        return self.name.startswith("admin:") or self.route.startswith("admin/")

    @property
    def is_api(self) -> bool:
        return self.name.startswith("api:")


def routes() -> list[Route]:
    """Every pattern of the root URLconf, API and admin site included."""
    return list(_walk(get_resolver().url_patterns, "", ""))


def _walk(patterns: list[Any], prefix: str, namespace: str) -> Iterator[Route]:
    for pattern in patterns:
        route = prefix + _text(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace or ""]))
            yield from _walk(pattern.url_patterns, route, inner)
        elif isinstance(pattern, URLPattern):
            name = ":".join(filter(None, [namespace, pattern.name or ""])) or route
            yield Route(name=name, route=route, params=tuple(_PARAM.findall(route)))


_PARAM = re.compile(r"<(?:\w+:)?(\w+)>")  # <int:pk>, <id>, (?P<app_label>…)


def _text(pattern: RoutePattern | RegexPattern | Any) -> str:
    text = str(pattern)
    if isinstance(pattern, RegexPattern):
        # Admin regexes: (?P<app_label>people|…)/$ → <app_label>/
        text = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"<\1>", text).lstrip("^").rstrip("$")
        text = text.replace(">?", ">").replace("/?", "/")  # an optional part: given
    return text


# (route name or "*", parameter) → the value for one side (own unit or other unit). A name-specific
# filler wins over "*". The consultation routes of the outcome take the closed consultation.
Filler = Callable[[Side], Any]
_CLOSED = {
    "consultation_dispositions", "consultation_answers_link", "consultation_synthesis",
    "consultation_synthesis_publish", "consultation_synthesis_docx", "consultation_adopt",
    "api:publish_synthesis", "api:synthesis_docx",
}  # fmt: skip


def _pk(name: str, side: Side) -> Any:
    if name.startswith("disclosure_") or name in _DISCLOSURE_API:
        return side.disclosure.pk
    if name.startswith("consultation_") or name in _CONSULTATION_API:
        return (side.closed if name in _CLOSED else side.consultation).pk
    by_name: dict[str, Callable[[Side], Any]] = {
        "information_request_detail": lambda s: s.request.pk,
        "regulation_detail": lambda s: s.regulation.pk,
        "regulation_tag": lambda s: s.regulation.pk,
        "notification_open": lambda s: notification_of(s.staff).pk,  # the staff member's own
        "unit_detail": lambda s: s.unit.pk,
        "unit_people": lambda s: s.unit.pk,
        "person_detail": lambda s: s.staff.person_id,
        "api:get_unit": lambda s: s.unit.pk,
        "api:list_people": lambda s: s.unit.pk,
        "api:disclosure_register_file": lambda s: s.unit.pk,
        "api:dispose_opinion": lambda s: s.opinion_id,
        **dict.fromkeys(_CONFERENCE_API, lambda s: s.conference.pk),
        **dict.fromkeys(_VOTE_API, lambda s: s.vote.pk),
        **dict.fromkeys(_CONFERENCE_PAGES, lambda s: s.conference.pk),
        **dict.fromkeys(_VOTE_PAGES, lambda s: s.vote.pk),
        **dict.fromkeys(
            ["conference_request_support", "api:support_request"],
            lambda s: s.conference_request.pk,
        ),
        **dict.fromkeys(_RECORDS_CONFERENCE, lambda s: s.conference.pk),
        **dict.fromkeys(_RECORDS_REVIEW, lambda s: s.review.pk),
        **dict.fromkeys(
            ["api:bulletin", "vote_projector", "vote_projector_live", "vote_bulletin"],
            lambda s: s.closed_vote.pk,
        ),
        **dict.fromkeys(_BOARD, lambda s: s.conference.pk),
        "api:recognise_board": lambda s: s.closed_vote.pk,
        # Issue 14: a node's compliance by its unit; the steering committee; an offline record.
        **dict.fromkeys(_COMPLIANCE_UNIT, lambda s: s.unit.pk),
        **dict.fromkeys(_COMMITTEE, lambda s: s.committee.pk),
        **dict.fromkeys(
            ["compliance_offline_evidence", "api:offline_evidence"], lambda s: s.offline.pk
        ),
    }
    if name not in by_name:
        raise Unfillable(f"{name}: which record does its id name?")
    return by_name[name](side)


_DISCLOSURE_API = {
    "api:get_disclosure", "api:disclosure_attachment_file", "api:disclosure_notice_file",
    "api:acknowledge", "api:withdraw", "api:supersede",
}  # fmt: skip
_CONSULTATION_API = {
    "api:get_consultation", "api:close_consultation", "api:give_opinion", "api:list_opinions",
    "api:publish_synthesis", "api:diff", "api:synthesis_docx", "api:finish_union_preview",
    "api:open_to_staff",
}  # fmt: skip

_CONFERENCE_API = {
    "api:get_conference", "api:open_session", "api:end_session", "api:check_in",
    "api:counting_board", "api:create_vote",
}  # fmt: skip
# The People's Inspection Board's pages and nomination, by the conference's id.
_BOARD = {
    "conference_board", "conference_board_recognise", "conference_board_recognised",
    "api:nominate_board",
}  # fmt: skip
# Issue 13, the records: the minutes, the resolution and its reviews.
_RECORDS_CONFERENCE = {
    "conference_records", "conference_secretary", "conference_proceedings",
    "conference_resolution_draft", "conference_resolution_adopt", "conference_resolution_adopted",
    "conference_minutes", "conference_minutes_docx", "conference_resolution",
    "conference_resolution_docx", "api:minutes_docx", "api:resolution_docx",
    "api:draft_resolution", "api:adopt_resolution",
}  # fmt: skip
_RECORDS_REVIEW = {"resolution_review_report", "api:report_review"}
_VOTE_API = {"api:open_vote", "api:close_vote", "api:issue_tokens", "api:cast_open", "api:result"}
_CONFERENCE_PAGES = {
    "conference_prepare", "conference_invite", "conference_second_call",
    "conference_written_ballot", "conference_agree_written", "api:send_invitations",
    "api:agenda", "api:allot_delegates", "api:choose_delegates", "api:second_call",
    "api:written_ballot", "api:agree_written_ballot",
    "conference_detail", "conference_check_in", "conference_check_in_one", "conference_scan",
    "conference_quorum", "conference_me", "conference_me_remote", "conference_session_open",
    "conference_session_end", "conference_console", "conference_console_vote",
    "conference_console_board",
}  # fmt: skip
_COMPLIANCE_UNIT = {
    "compliance_unit", "compliance_obligations", "compliance_report", "compliance_report_docx",
    "compliance_report_xlsx", "compliance_dashboard_xlsx", "compliance_evidence_zip",
    "compliance_offline_new", "api:indicators", "api:children", "api:obligations",
    "api:report_docx", "api:report_xlsx", "api:dashboard_xlsx", "api:evidence_zip",
}  # fmt: skip
_COMMITTEE = {
    "committee_detail", "committee_dissolve", "api:get_committee", "api:change_members",
    "api:dissolve",
}  # fmt: skip
_VOTE_PAGES = {
    "vote_ballot", "vote_take_token", "vote_open", "vote_close", "vote_counting",
    "vote_counting_slips", "vote_counting_paper", "vote_counting_batch",
}  # fmt: skip

FILLERS: dict[tuple[str, str], Filler] = {
    ("api:cast_secret", "vote_id"): lambda s: s.vote.pk,
    ("booth", "vote_id"): lambda s: s.vote.pk,
    ("conference_check_in_one", "person"): lambda s: s.staff.person_id,
    ("*", "attachment_id"): lambda s: s.attachment_id,
    ("*", "question_id"): lambda s: s.question.pk,
    ("*", "unit_id"): lambda s: s.unit.pk,
    ("*", "job_id"): lambda s: s.job.pk,
    ("consultation_union_answer", "opinion"): lambda s: s.consultation.union_opinions.get().pk,
    ("*", "number"): lambda s: 4,  # a paragraph of both drafts ("Quy chế này quy định …")
    ("staff_import_template", "fmt"): lambda s: "xlsx",
}
# The admin site (and the task queue dashboard under it when Redis is configured): one registered
# app and the first object; nobody in the matrix is staff, so the answer never depends on them.
ADMIN_VALUES = {
    "app_label": "people", "object_id": "1", "id": "1", "content_type_id": "1", "url": "x",
    "queue_index": "0", "scheduler_index": "0", "connection_index": "0", "token": "x",
    "job_id": "x", "result_id": "x", "key": "x", "scheduler_name": "x", "cron_job_name": "x",
}  # fmt: skip


def fill(route: Route, side: Side) -> str:
    """The path of `route` with every parameter taken from `side`."""
    values = {param: _value(route, param, side) for param in route.params}
    return "/" + _PARAM.sub(lambda match: str(values[match.group(1)]), route.route)


def _value(route: Route, param: str, side: Side) -> Any:
    if route.is_admin:
        if param not in ADMIN_VALUES:
            raise Unfillable(f"{route.name}: admin parameter {param}")
        return ADMIN_VALUES[param]
    if param in {"pk", "id"}:
        return _pk(route.name, side)
    filler = FILLERS.get((route.name, param)) or FILLERS.get(("*", param))
    if filler is None:
        raise Unfillable(f"{route.name}: parameter {param}")
    return filler(side)
