"""What the compliance pages and the province's home page share: the dashboard's context."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone

from danchu.compliance import charts, permissions, queries
from danchu.organizations.models import EMPLOYER_KINDS, Unit
from danchu.people.models import AnyUser, User
from danchu.people.permissions import Action, can
from danchu.people.queries import supervised_roots


def dashboard_context(user: AnyUser, unit: Unit, year: int) -> dict[str, object]:
    """What the dashboard shows (also the province's home page)."""
    board = queries.dashboard(unit, year)
    own = unit.kind in EMPLOYER_KINDS
    return {
        "board": board,
        "unit": unit,
        "year": year,
        "years": list(range(year - 4, year + 2)),
        "bars": charts.coverage(board.indicators),
        "trend": charts.trend(board.trend),
        "ancestors": [u for u in queries.ancestors(unit) if permissions.can_view(user, u)],
        "due_next": queries.due_next(unit) if own else [],
        "own_score": queries.unit_score(unit, year) if own else None,
        "can_offline": own and can(user, Action.MANAGE_CONFERENCES, unit),
    }


def user(request: HttpRequest) -> User:
    """The signed-in user (the views are behind login_required)."""
    assert isinstance(request.user, User)
    return request.user


def home_board(user: AnyUser) -> dict[str, object] | None:
    """The dashboard of the top unit a supervisor oversees, this year (the province's home
    page); None for everyone else."""
    roots = supervised_roots(user)
    if not roots:
        return None
    return dashboard_context(user, roots[0], timezone.localdate().year)
