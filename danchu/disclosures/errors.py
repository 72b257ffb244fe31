from django.utils.translation import gettext_lazy as _

from danchu.core.errors import DomainError, InvalidInput


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
