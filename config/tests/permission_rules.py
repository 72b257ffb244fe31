"""The expected answers of the permission matrix (test_permission_matrix.py), derived from the
permission rules (danchu/people/permissions.py and each app's permissions.py). This module holds
no tests.

`ALLOWED[(route, method)]` is who may do it on the agency's own records (roles in
config/tests/matrix.py). The rules for everything else hold for every route:
- anything of the other agency: nobody (no one in the matrix works in it or supervises it);
- anonymous: nobody, except the PUBLIC routes;
- a route or method missing from the table fails the test: say who may use it.

"May" means the request gets past the permission check: it may still be refused for its state
(409) or its input (422), but never with 401/403/404/405 or a redirect to the login page. Every
other role must get one of those, and nothing may change.
"""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from config.tests.populated import BASE, Side
from danchu.conferences.attendance import personal_code
from danchu.consultations import queries as consultation_queries

STAFF = frozenset({"head", "staff", "union"})  # work in the agency
VIEWERS = STAFF | {"supervisor"}  # VIEW_UNIT: the agency's people, and the supervisor above it
SIGNED_IN = VIEWERS | {"citizen", "bare"}
EVERYONE = SIGNED_IN | {"anonymous"}
HEAD = frozenset({"head"})  # head: publish, manage consultations and people (ROLE_GRANTS)
NOBODY: frozenset[str] = frozenset()
SUPERVISOR = frozenset({"supervisor"})
COMPLIANCE = frozenset({"head", "supervisor"})  # VIEW_COMPLIANCE: the head's unit, the one above

# Reachable without logging in: health check, language switch, logging in and out, the API's
# document and token endpoint, checking a printed notice (verify), the signed audit checkpoints
# (published so that anyone can keep copies, issue 11.8) and the browsers' CSP reports.
CHECKPOINTS = frozenset({"audit_checkpoints", "audit_checkpoints_json", "api:checkpoints"})
PUBLIC = frozenset({
    "healthz", "set_language", "login", "logout", "verify", "admin:login", "admin:logout",
    "api:openapi-json", "api:openapi-view", "api:obtain_token", "api:verify", "csp_report",
    *CHECKPOINTS,
})  # fmt: skip


def _table() -> dict[tuple[str, str], frozenset[str]]:
    get: dict[str, frozenset[str]] = {
        # The public ones, and pages every account has (lists filtered to what it may see).
        **dict.fromkeys(PUBLIC - {"logout", "api:obtain_token", "csp_report"}, EVERYONE),
        "api:api-root": NOBODY,  # django-ninja's root: no page (404)
        **dict.fromkeys(["home", "disclosure_inbox", "information_request_list",
                         "consultation_list", "regulation_list", "notification_list",
                         "notification_settings",
                         "unit_list", "api:me", "api:list_units", "api:publish_disclosure"],
                        SIGNED_IN),  # api:publish_disclosure's path is also the list's
        "conference_list": SIGNED_IN,  # lists only what each may see
        **dict.fromkeys(["conference_requests", "api:plan_conference"], SIGNED_IN),  # filtered
        **dict.fromkeys(["conference_new", "conference_prepare", "conference_invite"], HEAD),
        "api:agenda": VIEWERS,
        # Reading the agency's records: its people and the supervisor above (VIEW_UNIT).
        **dict.fromkeys(["disclosure_detail", "disclosure_attachment", "disclosure_notice",
                         "disclosure_notice_docx", "disclosure_register",
                         "disclosure_register_xlsx", "consultation_detail",
                         "consultation_paragraph", "consultation_diff", "consultation_synthesis",
                         "consultation_synthesis_docx", "regulation_detail", "unit_detail",
                         "unit_people", "person_detail", "api:get_unit", "api:list_people",
                         "api:get_disclosure", "api:disclosure_attachment_file",
                         "api:disclosure_notice_file", "api:disclosure_register_file",
                         "api:get_consultation", "api:give_opinion", "api:diff",
                         "api:synthesis_docx", "api:get_conference", "api:result"],
                        VIEWERS),  # api:give_opinion's path lists them
        # Issue 13: a closed vote's bulletin is public to anyone with the link.
        **dict.fromkeys(["api:bulletin", "vote_projector", "vote_projector_live",
                         "vote_bulletin", "booth"], EVERYONE),
        # Issue 13's pages: the conference is read by whoever reads the unit; the door by the
        # head's side and the union; a participant's own page by participants; the console
        # and the close check by the chair; the counting page by the counting board (union).
        **dict.fromkeys(["conference_detail", "conference_quorum", "vote_ballot"], VIEWERS),
        **dict.fromkeys(["conference_check_in", "conference_scan"], frozenset({"head", "union"})),
        "conference_me": STAFF,
        **dict.fromkeys(["conference_console", "vote_close", "conference_session_end"], HEAD),
        "vote_counting": frozenset({"union"}),
        # Issue 13: the board section is read by the unit's people and the supervisor above; the
        # recognition and its confirmation are the union's.
        "conference_board": VIEWERS,
        **dict.fromkeys(["conference_board_recognise", "conference_board_recognised"],
                        frozenset({"union"})),
        # Asking a unit for information is for its own staff (art. 48.4), not for a supervisor.
        "information_request_new": STAFF,
        # A request is read by its author and whoever answers it (the head).
        "information_request_detail": frozenset({"head", "staff"}),
        # Who has read an item: publishers and the roles of ACKNOWLEDGEMENT_READERS.
        "disclosure_acknowledgements": frozenset({"head", "supervisor"}),
        # The head's pages: publish, correct, withdraw, plan, answer, import staff.
        **dict.fromkeys(["disclosure_publish", "disclosure_supersede", "disclosure_withdraw",
                         "consultation_new", "consultation_dispositions",
                         "consultation_version_new", "staff_import", "staff_import_template",
                         "staff_import_job"], HEAD),
        # The head's forms and confirmation pages of the two-step acts (issue 12).
        **dict.fromkeys(["consultation_close", "consultation_adopt", "consultation_closed",
                         "consultation_synthesis_published", "consultation_adopted",
                         "disclosure_published"], HEAD),
        # Issue 13, the records: the minutes and the resolution are read by whoever reads the
        # unit (and fetched with the bearer token); the adoption's confirmation is the head's.
        **dict.fromkeys(["conference_records", "conference_minutes", "conference_minutes_docx",
                         "conference_resolution", "conference_resolution_docx",
                         "api:minutes_docx", "api:resolution_docx"], VIEWERS),
        "conference_resolution_adopted": HEAD,
        # Issue 14: a unit's compliance is seen by its head and the supervisors above it
        # (VIEW_COMPLIANCE); the steering committee of the party unit above the agency by the
        # supervisor there (the head's reach is the agency); lists are filtered.
        **dict.fromkeys(["compliance_start", "compliance_unit", "compliance_obligations",
                         "compliance_report", "compliance_report_docx", "compliance_report_xlsx",
                         "compliance_dashboard_xlsx", "compliance_evidence_zip",
                         "compliance_offline_new", "compliance_offline_evidence",
                         "api:indicators", "api:children", "api:obligations", "api:report_docx",
                         "api:report_xlsx", "api:dashboard_xlsx", "api:evidence_zip",
                         "api:offline_evidence"], COMPLIANCE),
        # api:establish's path is also the list's (filtered).
        **dict.fromkeys(["committee_list", "api:establish"], SIGNED_IN),
        # Setting one up for the party unit named in ?unit= (the supervisor there); a committee is
        # seen above it and by the head of the agency it steers.
        **dict.fromkeys(["committee_new", "committee_dissolve"], SUPERVISOR),
        **dict.fromkeys(["committee_detail", "api:get_committee"], COMPLIANCE),
    }  # fmt: skip
    post: dict[str, frozenset[str]] = {
        **dict.fromkeys(PUBLIC - {"admin:login", "admin:logout", "api:verify", *CHECKPOINTS},
                        EVERYONE),
        "notification_mark_all_read": SIGNED_IN,  # one's own notifications
        "notification_settings": SIGNED_IN,  # one's own daily digest choice
        "notification_open": frozenset({"staff"}),  # the staff member's own notification
        # Art. 47: "tôi đã đọc" is for the people the item addresses (those working in it).
        **dict.fromkeys(["disclosure_acknowledge", "api:acknowledge"], STAFF),
        "disclosure_ask": VIEWERS,  # whoever reads the item and has a name (can_ask)
        "information_request_new": STAFF,  # art. 48.4: the unit's own staff
        # Arts. 53-55: the people consulted give opinions and stances; the union speaks for
        # itself; the head runs the consultation.
        **dict.fromkeys(["consultation_opinion", "consultation_stance", "api:give_opinion"],
                        STAFF),
        "consultation_union_opinion": frozenset({"union"}),
        # Issue 12: the union finishes its preview; the head opens the draft to staff after it
        # and answers the union's opinion as every other (art. 55).
        **dict.fromkeys(["consultation_union_preview_done", "api:finish_union_preview"],
                        frozenset({"union"})),
        **dict.fromkeys(["consultation_open_to_staff", "consultation_union_answer",
                         "api:open_to_staff"], HEAD),
        **dict.fromkeys(["disclosure_publish", "disclosure_answer", "disclosure_supersede",
                         "disclosure_withdraw", "disclosure_acknowledgements",
                         "information_request_detail", "consultation_new", "consultation_close",
                         "consultation_dispositions", "consultation_version_new",
                         "consultation_answers_link", "consultation_synthesis_publish",
                         "consultation_adopt", "regulation_tag", "staff_import",
                         "api:publish_disclosure", "api:withdraw",
                         "api:supersede", "api:open_consultation",
                         "api:open_consultation_from_docx", "api:close_consultation",
                         "api:dispose_opinion", "api:publish_synthesis"], HEAD),
        # Issue 13, the conference: the head plans and chairs it (art. 51.1); the head's side or
        # the union checks people in; the counting board (the union chair in this world) issues
        # ballots; present voters vote by name; the booth takes a token and no login.
        **dict.fromkeys(["api:plan_conference", "api:open_session", "api:end_session",
                         "api:counting_board", "api:create_vote", "api:open_vote",
                         "api:close_vote"], HEAD),
        "api:check_in": frozenset({"head", "union"}),
        "api:issue_tokens": frozenset({"union"}),
        "api:cast_open": STAFF,
        "api:cast_secret": EVERYONE,
        "booth": EVERYONE,
        # Preparing (the head), asking for an extraordinary conference (anyone who works in a
        # unit, art. 50.1; signed by the unit's staff), a second call and the written ballot.
        **dict.fromkeys(["conference_new", "conference_prepare", "conference_invite",
                         "conference_second_call", "conference_written_ballot",
                         "api:send_invitations", "api:agenda", "api:allot_delegates",
                         "api:choose_delegates", "api:second_call", "api:written_ballot"], HEAD),
        "conference_requests": SIGNED_IN,
        **dict.fromkeys(["conference_request_support", "api:support_request", "api:open_request"],
                        STAFF),
        **dict.fromkeys(["conference_agree_written", "api:agree_written_ballot"],
                        frozenset({"union"})),
        **dict.fromkeys(["conference_check_in_one", "conference_scan"],
                        frozenset({"head", "union"})),
        **dict.fromkeys(["conference_me_remote", "vote_ballot", "vote_take_token"], STAFF),
        **dict.fromkeys(["conference_session_open", "conference_session_end",
                         "conference_console_vote", "conference_console_board", "vote_open",
                         "vote_close"], HEAD),
        **dict.fromkeys(["vote_counting_slips", "vote_counting_paper", "vote_counting_batch"],
                        frozenset({"union"})),
        # Issue 13, the People's Inspection Board: the union executive committee nominates its
        # candidates and recognises the result (Law 10/2022 art. 60.1, D59 art. 21.1).
        **dict.fromkeys(["conference_board", "conference_board_recognise",
                         "api:nominate_board", "api:recognise_board"], frozenset({"union"})),
        # Issue 13, the records: the chair (the head) names the secretary, who writes the
        # proceedings with the head's side; the head drafts, adopts and reports (art. 52.3).
        **dict.fromkeys(["conference_secretary", "conference_proceedings",
                         "conference_resolution_draft", "conference_resolution_adopt",
                         "resolution_review_report", "api:draft_resolution",
                         "api:adopt_resolution", "api:report_review"], HEAD),
        # Issue 14: the review's focus (who sees the node and steers it or runs its
        # conference); paper records (the head); the steering committee (the supervisor above).
        "compliance_report": COMPLIANCE,
        "compliance_offline_new": HEAD,
        **dict.fromkeys(["committee_new", "committee_detail", "committee_dissolve",
                         "api:establish", "api:change_members", "api:dissolve"], SUPERVISOR),
    }  # fmt: skip
    table = {(name, "GET"): roles for name, roles in get.items()}
    return table | {(name, "POST"): roles for name, roles in post.items()}


ALLOWED = _table()


class Unlisted(KeyError):
    """A route the table does not know: add who may use it."""


def allowed(name: str, method: str, *, admin: bool) -> frozenset[str]:
    """Who may, on the agency's own records. Only the admin site's login page opens to anyone:
    nobody in the matrix is staff. A route listed for the other method only: nobody (405)."""
    if admin:  # logging out of the admin site sends anyone to its index (and so to its login)
        return EVERYONE if name in {"admin:login", "admin:logout"} else NOBODY
    if (name, method) in ALLOWED:
        return ALLOWED[name, method]
    if (name, "POST" if method == "GET" else "GET") in ALLOWED:
        return NOBODY
    raise Unlisted(name)


# Routes anyone with the link may use on any unit's records (the booth takes a token of that
# vote; a closed vote's bulletin is published): the other agency's answer like the own one's.
BY_LINK = frozenset({
    "api:cast_secret", "api:bulletin", "vote_projector", "vote_projector_live", "vote_bulletin",
    "booth",
})  # fmt: skip


# Bodies that pass each write's validation, so that the permission check is what answers.
# A route with a body that names a unit (and no id in its path) is tried with both units.
def _docx() -> SimpleUploadedFile:
    from danchu.consultations.tests.test_draft_docx import draft_docx

    return SimpleUploadedFile("du-thao.docx", draft_docx())


def _consultation(side: Side, **extra: Any) -> dict[str, Any]:
    return {
        "unit_id": side.unit.pk, "topic": "work_plan", "title": "Kế hoạch năm",
        "opens_at": BASE.isoformat(), "closes_at": BASE.replace(day=20).isoformat(), **extra,
    }  # fmt: skip


def _tag(side: Side) -> dict[str, Any]:
    paragraph = consultation_queries.latest_version(side.closed).paragraphs.first()
    assert paragraph is not None
    return {"paragraph": paragraph.pk, "modality": "must", "subject": "staff"}


DISCLOSURE_JSON = {"category": "other", "title": "Thông báo", "body": "Nội dung."}
BODIES: dict[str, Any] = {
    "conference_secretary": lambda s: {"secretary-person_id": str(s.staff.person_id)},
    "conference_proceedings": lambda s: {"proceedings-text": "Khai mạc."},
    "conference_resolution_draft": lambda s: {"resolution-text": "Điều 1. Thông qua."},
    "resolution_review_report": lambda s: {"report-report": "Đã thực hiện."},
    "api:draft_resolution": lambda s: {"text": "Điều 1. Thông qua."},
    "api:report_review": lambda s: {"report": "Đã thực hiện."},
    "disclosure_ask": lambda s: {"body": "Khi nào thực hiện?"},
    "disclosure_answer": lambda s: {f"answer-{s.question.pk}-answer": "Từ tháng sau."},
    "disclosure_withdraw": lambda s: {"reason": "Đăng nhầm."},
    "information_request_new": lambda s: {"reason": "not_disclosed", "subject": "Quỹ phúc lợi"},
    "information_request_detail": lambda s: {"answer": "Đã cung cấp."},
    "consultation_opinion": lambda s: {"text": "Đề nghị sửa."},
    "consultation_stance": lambda s: {"stance": "agree"},
    "consultation_union_opinion": lambda s: {"text": "Công đoàn đồng ý."},
    "consultation_close": lambda s: {"reason": "Đã đủ ý kiến."},
    "consultation_dispositions": lambda s: {"opinion": s.closed_opinion_id, "decision": "accepted"},
    "consultation_union_answer": lambda s: {"decision": "accepted"},
    "regulation_tag": _tag,
    "api:publish_disclosure": lambda s: {"unit_id": s.unit.pk, **DISCLOSURE_JSON},
    "api:withdraw": lambda s: {"reason": "Đăng nhầm."},
    "api:supersede": lambda s: DISCLOSURE_JSON,
    "api:open_consultation": lambda s: _consultation(s, paragraphs=["Điều 1. Phạm vi."]),
    "api:open_consultation_from_docx": lambda s: _consultation(s, draft=_docx()),
    "api:close_consultation": lambda s: {"reason": "Đã đủ ý kiến."},
    "api:give_opinion": lambda s: {"text": "Đề nghị sửa."},
    "api:dispose_opinion": lambda s: {"decision": "accepted", "explanation": ""},
    "api:plan_conference": lambda s: {
        "unit_id": s.unit.pk,
        "year": 2024,
        "kind": "annual",
        "scheduled_at": BASE.isoformat(),
    },
    "api:check_in": lambda s: {"person_ids": [s.staff.person_id]},
    "api:counting_board": lambda s: {"person_ids": [s.union.person_id]},
    "api:create_vote": lambda s: {"title": "Biểu quyết", "kind": "motion", "secret": False},
    "api:cast_open": lambda s: {"choices": ["agree"]},
    "api:cast_secret": lambda s: {"token": s.token, "choices": ["agree"]},
    "booth": lambda s: {"token": s.token, "answer": "agree"},
    "conference_requests": lambda s: {"proposer": "staff", "reason": "Bầu bổ sung"},
    "api:open_request": lambda s: {"unit_id": s.unit.pk, "proposer": "staff", "reason": "Họp"},
    "api:agenda": lambda s: {"title": "Bầu Ban kiểm phiếu"},
    "api:allot_delegates": lambda s: {"seats": {str(s.unit.pk): 2}},
    "api:choose_delegates": lambda s: {
        "department_id": s.unit.pk,
        "person_ids": [s.staff.person_id],
    },
    "api:second_call": lambda s: {"scheduled_at": BASE.isoformat()},
    "conference_scan": lambda s: {"code": personal_code(s.conference, s.staff.person_id)},
    "vote_ballot": lambda s: {"b-answer": "agree"},
    "conference_console_vote": lambda s: {
        "v-title": "X",
        "v-kind": "motion",
        "v-purpose": "general",
    },
    "conference_console_board": lambda s: {"c-person_ids": [str(s.union.person_id)]},
    "vote_counting_batch": lambda s: {"k-number": "1", "k-ballots": "agree"},
    "conference_board": lambda s: {"seats": 3, "candidate_ids": [s.staff.person_id]},
    "conference_board_recognise": lambda s: {},
    "api:nominate_board": lambda s: {"seats": 3, "candidate_ids": [s.staff.person_id]},
    "compliance_report": lambda s: {"focus": "Tiếp tục kiện toàn."},
    "compliance_offline_new": lambda s: {
        "rule": "annual_conference",
        "occurred_on": "01/03/2025",
        "description": "Trên giấy",
        "evidence": SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4\n%x\n", "application/pdf"),
    },
    "committee_new": lambda s: {
        "name": "Ban Chỉ đạo",
        "decision_number": "02-QĐ/ĐU",
        "signed_on": "01/03/2025",
        "head": str(s.head.person_id),
        "members": [str(s.head.person_id)],
    },
    "committee_detail": lambda s: {
        "decision_number": "03-QĐ/ĐU",
        "signed_on": "01/03/2025",
        "role": "member",
    },
    "committee_dissolve": lambda s: {"reason": "Sáp nhập", "signed_on": "01/03/2025"},
    "api:establish": lambda s: {
        "unit_id": s.party.pk,
        "name": "Ban Chỉ đạo",
        "decision_number": "02-QĐ/ĐU",
        "signed_on": "2025-03-01",
        "members": [{"person_id": s.head.person_id, "role": "head"}],
    },
    "api:change_members": lambda s: {"decision_number": "03-QĐ/ĐU", "signed_on": "2025-03-01"},
    "api:dissolve": lambda s: {"reason": "Sáp nhập"},
    "api:recognise_board": lambda s: {"roles": {str(s.staff.person_id): "chair"}},
}
# Routes without an id in their path whose body (POST) or query (`?unit=`) names the unit: tried
# with both units.
SIDED = frozenset({
    "information_request_new", "api:publish_disclosure", "api:open_consultation",
    "api:open_consultation_from_docx", "api:plan_conference", "api:open_request",
    "committee_new", "api:establish",
})  # fmt: skip
QUERIES: dict[str, Any] = {
    "information_request_new": lambda s: f"?unit={s.unit.pk}",
    "committee_new": lambda s: f"?unit={s.party.pk}",
}
# Sent as a form (multipart), not JSON.
MULTIPART = frozenset({"api:open_consultation_from_docx"})
