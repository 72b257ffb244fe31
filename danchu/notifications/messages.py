"""Every notice the apps send, by code: a format string translated when the notice is shown,
so each reader sees it in their own language (STYLE.md, "Notifications").

`immediate` notices are e-mailed at once (something the person must act on, or an answer to
their own question); the others reach e-mail only through the daily digest."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Message:
    text: Promise | str
    immediate: bool


MESSAGES: dict[str, Message] = {
    "disclosures.published": Message(_("New disclosure to read: “%(title)s”"), immediate=False),
    "disclosures.corrected": Message(_("A disclosure was corrected: “%(title)s”"), immediate=False),
    "disclosures.reminder": Message(_("Please read and acknowledge: “%(title)s”"), immediate=True),
    "disclosures.question": Message(_("New question on “%(title)s”"), immediate=True),
    "disclosures.answer": Message(_("Your question has been answered"), immediate=True),
    "disclosures.information_request": Message(
        _("New information request: %(subject)s"), immediate=True
    ),
    "disclosures.information_answer": Message(
        _("Your information request was answered"), immediate=True
    ),
    "consultation.opened": Message(_("Your opinion is asked: %(title)s"), immediate=True),
    "consultation.closing": Message(
        _("Closing soon — give your opinion: %(title)s"), immediate=True
    ),
    "consultation.union_preview": Message(
        _("A draft waits for the union committee's preview: %(title)s"), immediate=True
    ),
    "consultation.closed": Message(_("Consultation closed: %(title)s"), immediate=False),
    "consultation.synthesis_published": Message(
        _("Synthesis of opinions published: %(title)s"), immediate=False
    ),
    "conference.invited": Message(_("You are invited to %(title)s on %(when)s"), immediate=True),
}

IMMEDIATE = frozenset(code for code, message in MESSAGES.items() if message.immediate)


def render(code: str, params: dict[str, Any], *, fallback: str = "") -> str:
    """The notice in the active language; a row without a known code keeps its stored text."""
    message = MESSAGES.get(code)
    if message is None:
        return fallback or code
    try:
        return str(message.text) % params
    except (KeyError, TypeError, ValueError):  # a parameter missing from an old row
        return fallback or str(message.text)


def is_immediate(code: str) -> bool:
    return code in IMMEDIATE


def language_of(user: Any) -> str:
    """The language a person's e-mails are written in. The app stores no preferred language
    per person yet, so every e-mail is in the site's language (Vietnamese)."""
    return str(settings.LANGUAGE_CODE)
