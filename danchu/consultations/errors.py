"""Refusals of the consultation rules; each message is safe to show and translated."""

from django.utils.translation import gettext_lazy as _

from danchu.core.errors import DomainError, InvalidInput


class NotOpen(DomainError):
    code = "not_open"

    def __init__(self) -> None:
        super().__init__(_("This consultation is not open for opinions."))


class NotClosed(DomainError):
    code = "not_closed"

    def __init__(self) -> None:
        super().__init__(_("This can only be done after the consultation has closed."))


class OpinionsWithoutDisposition(DomainError):
    """Art. 55.1: the head accepts or explains every opinion before reporting."""

    code = "undisposed_opinions"

    def __init__(self, count: int) -> None:
        super().__init__(
            _("%(count)s opinion(s) still have no disposition (accepted, partly accepted or not).")
            % {"count": count}
        )


class UnionOpinionMissing(DomainError):
    """Art. 55.2: the union gives its opinion before the head issues the democracy regulation."""

    code = "union_opinion_missing"

    def __init__(self) -> None:
        super().__init__(
            _(
                "The trade union committee's opinion is required before the unit's democracy "
                "regulation can be adopted (Law 10/2022/QH15, art. 55)."
            )
        )


class WrongState(DomainError):
    code = "wrong_state"


class ReasonRequired(InvalidInput):
    """Closing before the planned end cuts the period the plan promised staff (art. 55.1 and
    the unit's democracy regulation): the head says why, and the reason is kept."""

    code = "reason_required"

    def __init__(self) -> None:
        super().__init__(_("Give the reason for closing the consultation before its planned end."))


class UnionOpinionOutdated(DomainError):
    """Art. 55.2: the union's opinion must be on the version the head adopts."""

    code = "union_opinion_outdated"

    def __init__(self, *, given_on: int, adopting: int) -> None:
        super().__init__(
            _(
                "The trade union committee gave its opinion on version %(given)s, not on "
                "version %(adopting)s being adopted (Law 10/2022/QH15, art. 55.2)."
            )
            % {"given": given_on, "adopting": adopting}
        )
