from django.utils.translation import gettext_lazy as _

from danchu.core.errors import DomainError, InvalidInput
from danchu.disclosures import rules


class SecretNotDisclosable(InvalidInput):
    """Law 10/2022/QH15 art. 46: state and work secrets are never disclosed."""

    code = "secret"

    def __init__(self) -> None:
        super().__init__(
            _(
                "Items marked state secret or work secret cannot be disclosed "
                "(Law 10/2022/QH15, art. 46)."
            )
        )


class PeriodNotOver(DomainError):
    code = "period_not_over"


class NotCurrent(DomainError):
    code = "not_current"


class SourceDateRequired(InvalidInput):
    """Law 10/2022/QH15 art. 47.2: the deadline runs from the decision or document's date, so an
    item disclosing one must give it (art. 46 categories other than clauses 1 and 12)."""

    code = "source_date_required"

    def __init__(self) -> None:
        super().__init__(
            _(
                "Give the date of the decision or document this item discloses: it must be "
                "disclosed within %(days)s working days of that date (Law 10/2022/QH15, art. 47.2)."
            )
            % {"days": rules.DUE_WORKING_DAYS},
            errors=[{"field": "decision_date", "code": "source_date_required"}],
        )


class AlreadyReminded(DomainError):
    """Reminders go at most once a day per item: a second press sends nothing."""

    code = "already_reminded"
