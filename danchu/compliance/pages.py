"""What the compliance pages and the province's home page share: the dashboard's context."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from django.utils.safestring import SafeString

from danchu.compliance import charts, permissions, queries
from danchu.core.fragments import render_keyed
from danchu.organizations.models import EMPLOYER_KINDS, Unit
from danchu.people.models import AnyUser, User
from danchu.people.permissions import Action, can
from danchu.people.queries import supervised_roots

BOARD = "compliance/includes/board.html"  # the dashboard's figures, duties, trend, ranking
SUMMARY = "compliance/includes/summary.html"  # its top: the province's home page
TOOLS = "compliance/includes/tools.html"  # the year chooser and the downloads


def board_html(template: str, unit: Unit, year: int) -> SafeString:
    """The node's board rendered with `template`, cached under what it shows: the key of the
    read of its tallies (which moves with them, the catalogue and the tree) and its figures."""
    counts = queries.counts_of(unit)

    def context() -> dict[str, object]:
        board = queries.dashboard(unit, year, counts=counts)
        return {
            "board": board,
            "unit": unit,  # its name and place are in the key (the tree's token)
            "year": year,
            "bars": charts.coverage(board.indicators),
            "trend": charts.trend(board.trend),
        }

    return render_keyed(template, (queries.board_key(unit, year), counts), context)


def dashboard_context(user: AnyUser, unit: Unit, year: int) -> dict[str, object]:
    """What the dashboard shows: the board (cached), and what depends on the reader."""
    own = unit.kind in EMPLOYER_KINDS
    return {
        "board_html": board_html(BOARD, unit, year),
        "tools_html": render_keyed(
            TOOLS,
            ("tools", unit.pk, year),
            lambda: {"unit_pk": unit.pk, "year": year, "years": list(range(year - 4, year + 2))},
        ),
        "unit": unit,
        "year": year,
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
    """The top of the dashboard of the top unit a supervisor oversees, this year (the
    province's home page); None for everyone else."""
    roots = supervised_roots(user)
    if not roots:
        return None
    unit, year = roots[0], timezone.localdate().year
    return {"unit": unit, "year": year, "summary_html": board_html(SUMMARY, unit, year)}
